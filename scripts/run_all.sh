#!/usr/bin/env bash
# Start the action server, the Rasa server and the gateway on loopback, wait until each is healthy,
# and stop all three on Ctrl-C (or when any of them dies). `make run` calls this after set-up.
#
# Environment (all optional): BAIWEN_CACHE, RASA_MODEL (default: path in var/rasa-model),
# GATEWAY_PORT=8000, RASA_PORT=5005, ACTIONS_PORT=5055, TRACKER_DB=var/tracker.db, INTERNAL_TOKEN,
# DATABASE_URL, STAFF_TOKEN … (passed through to the gateway), RUN_LOG_DIR=var/log, SECRETS_DIR=var/secrets.
#
# Secrets: STAFF_TOKEN, INTERNAL_TOKEN (action server → gateway), RASA_TOKEN (gateway → Rasa's REST channel)
# and ACTIONS_TOKEN (Rasa → action server) come from the environment, else from .env, else from
# $SECRETS_DIR/<NAME>, generated at random on first start (mode 0600). No public default is ever used.
# Logs, secrets and the generated endpoints file are created with umask 077 (owner-only).
set -euo pipefail
umask 077
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE="${BAIWEN_CACHE:-$HOME/.cache/baiwen}"
GATEWAY_PORT="${GATEWAY_PORT:-8000}"; RASA_PORT="${RASA_PORT:-5005}"; ACTIONS_PORT="${ACTIONS_PORT:-5055}"
TRACKER_DB="${TRACKER_DB:-var/tracker.db}"
LOG_DIR="${RUN_LOG_DIR:-var/log}"
MODEL="${RASA_MODEL:-$(cat var/rasa-model 2>/dev/null || true)}"
[ -f "$MODEL" ] || { echo "找不到 Rasa 模型（$MODEL）。请先运行 make rasa-model。" >&2; exit 1; }
SECRETS_DIR="${SECRETS_DIR:-var/secrets}"
mkdir -p "$LOG_DIR" "$(dirname "$TRACKER_DB")" var/run
export PYTHONPATH="$ROOT" SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false
export GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" RASA_URL="http://127.0.0.1:$RASA_PORT"

secret() {  # NAME: from the environment, else .env, else $SECRETS_DIR/NAME (made on first start)
  local name=$1 value="${!1:-}"
  [ -n "$value" ] || [ ! -f .env ] || value="$(sed -n "s/^$name=//p" .env | tail -n 1 | tr -d "\"'")"
  if [ -z "$value" ]; then
    mkdir -p "$SECRETS_DIR"
    [ -s "$SECRETS_DIR/$name" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$SECRETS_DIR/$name"
    value="$(cat "$SECRETS_DIR/$name")"
    [ "$name" != STAFF_TOKEN ] || echo "工作人员令牌（登录 /staff 用）保存在 $(cd "$SECRETS_DIR" && pwd)/STAFF_TOKEN"
  fi
  export "$name=$value"
}
for name in STAFF_TOKEN INTERNAL_TOKEN RASA_TOKEN ACTIONS_TOKEN; do secret "$name"; done

# Endpoints: generated (owner-only) so the action endpoint carries the shared secret Rasa sends the action server.
ENDPOINTS="var/run/endpoints-$RASA_PORT.yml"
printf 'action_endpoint:\n  url: "http://127.0.0.1:%s/webhook"\n  headers:\n    X-Actions-Token: "%s"\ntracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "%s"\n' \
  "$ACTIONS_PORT" "$ACTIONS_TOKEN" "$TRACKER_DB" > "$ENDPOINTS"

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

wait_http() {  # name url seconds pid
  local name=$1 url=$2 limit=$3 pid=$4
  for ((i = 0; i < limit; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "$name 启动失败，见 $LOG_DIR/$name.log" >&2; exit 1; }
    curl -fsS -o /dev/null "$url" 2>/dev/null && { echo "$name ready: $url"; return 0; }
    sleep 1
  done
  echo "$name 在 ${limit}s 内没有就绪，见 $LOG_DIR/$name.log" >&2; exit 1
}

# actions/server.py: rasa_sdk's app on loopback that answers only calls carrying ACTIONS_TOKEN.
"$CACHE/py310/bin/python" -m actions.server --actions actions --host 127.0.0.1 -p "$ACTIONS_PORT" \
  --logging-config_file scripts/rasa_logging.yml \
  >"$LOG_DIR/actions.log" 2>&1 &
PIDS+=($!); wait_http actions "http://127.0.0.1:$ACTIONS_PORT/health" 120 "${PIDS[-1]}"

"$CACHE/py310/bin/rasa" run -i 127.0.0.1 -p "$RASA_PORT" --endpoints "$ENDPOINTS" \
  --logging-config-file scripts/rasa_logging.yml \
  --credentials bot/credentials.yml -m "$MODEL" >"$LOG_DIR/rasa.log" 2>&1 &
PIDS+=($!); wait_http rasa "http://127.0.0.1:$RASA_PORT/" 300 "${PIDS[-1]}"

# --no-proxy-headers: uvicorn must not take X-Forwarded-For from loopback; api/ratelimit.py reads it only
# from TRUSTED_PROXIES.
"$CACHE/py311/bin/python" -m uvicorn api.main:app --host 127.0.0.1 --port "$GATEWAY_PORT" --no-proxy-headers \
  >"$LOG_DIR/gateway.log" 2>&1 &
PIDS+=($!); wait_http gateway "http://127.0.0.1:$GATEWAY_PORT/health" 300 "${PIDS[-1]}"

echo "百问百答助手已启动：http://127.0.0.1:$GATEWAY_PORT/  （Ctrl-C 停止）"
wait -n "${PIDS[@]}" || true
echo "有一个服务退出了，正在停止其余服务。" >&2
