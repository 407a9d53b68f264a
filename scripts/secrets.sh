# Sourced by scripts/run_all.sh (and by tests/security): every secret the stack needs, never a public default.
#
# STAFF_TOKEN, INTERNAL_TOKEN (action server → gateway), RASA_TOKEN (gateway → Rasa's REST channel),
# ACTIONS_TOKEN (Rasa → action server) and, outside ENV=development, WECHAT_TOKEN come from the environment,
# else from .env, else from $SECRETS_DIR/<NAME>, generated at random on first start (mode 0600).
# STAFF_USERS (named console accounts, api/staff_accounts.py) likewise; when none is configured,
# $SECRETS_DIR/STAFF_USERS is created with the account `admin` and a random password kept in
# $SECRETS_DIR/STAFF_PASSWORD_admin. Needs: ROOT, CACHE, SECRETS_DIR; run from $ROOT with umask 077.

configured() {  # NAME → its value from the environment, else the last NAME= line of .env, else empty
  local name=$1 value="${!1:-}"
  [ -n "$value" ] || [ ! -f .env ] || value="$(sed -n "s/^$name=//p" .env | tail -n 1 | tr -d "\"'")"
  printf '%s' "$value"
}

random_secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }

secret() {  # NAME: configured, else $SECRETS_DIR/NAME (made on first start)
  local name=$1 value
  value="$(configured "$name")"
  if [ -z "$value" ]; then
    mkdir -p "$SECRETS_DIR"
    [ -s "$SECRETS_DIR/$name" ] || random_secret > "$SECRETS_DIR/$name"
    value="$(cat "$SECRETS_DIR/$name")"
    [ "$name" != STAFF_TOKEN ] || echo "工作人员令牌（脚本和 API 用，控制台账号 api）保存在 $(cd "$SECRETS_DIR" && pwd)/STAFF_TOKEN"
    [ "$name" != WECHAT_TOKEN ] || echo "公众号服务器令牌（填到公众号后台的 Token）保存在 $(cd "$SECRETS_DIR" && pwd)/WECHAT_TOKEN"
  fi
  export "$name=$value"
}

staff_users() {  # STAFF_USERS: configured, else $SECRETS_DIR/STAFF_USERS with a first account `admin`
  local value file password
  value="$(configured STAFF_USERS)"
  if [ -z "$value" ]; then
    mkdir -p "$SECRETS_DIR"
    file="$(cd "$SECRETS_DIR" && pwd)/STAFF_USERS"
    if [ ! -s "$file" ]; then
      password="$(random_secret)" && password="${password:0:20}"
      printf '%s\n' "$password" > "$SECRETS_DIR/STAFF_PASSWORD_admin"
      printf '%s' "$password" | "$CACHE/py311/bin/python" -m api.staff_accounts add admin --users "$file" ||
        { echo "无法生成首个工作人员账号（需要 make env 建好的 py311 环境）。" >&2; return 1; }
      echo "首个工作人员账号 admin 的密码保存在 $(cd "$SECRETS_DIR" && pwd)/STAFF_PASSWORD_admin" \
           "（登录 /staff 后请另建个人账号：python -m api.staff_accounts add 姓名 --users $file）"
    fi
    value="$file"
  fi
  export STAFF_USERS="$value"
}

for name in STAFF_TOKEN INTERNAL_TOKEN RASA_TOKEN ACTIONS_TOKEN; do secret "$name"; done
# WeChat's token is the one set in the 公众号 console; development keeps the public default only there.
[ "$(configured ENV)" = "" ] || [ "$(configured ENV)" = development ] || secret WECHAT_TOKEN
staff_users
