#!/usr/bin/env bash
# Start the action server, the Rasa server and the gateway on loopback, wait until each is healthy,
# and stop all three on Ctrl-C (or when any of them dies). `make run` calls this after set-up.
#
# Environment (all optional): BAIWEN_CACHE, RASA_MODEL (default: path in var/rasa-model),
# GATEWAY_PORT=8000, RASA_PORT=5005, ACTIONS_PORT=5055, TRACKER_DB=var/tracker.db, INTERNAL_TOKEN,
# DATABASE_URL, STAFF_TOKEN … (passed through to the gateway), RUN_LOG_DIR=var/log, SECRETS_DIR=var/secrets.
#
# Secrets (scripts/secrets.sh): STAFF_TOKEN, INTERNAL_TOKEN, RASA_TOKEN, ACTIONS_TOKEN, WECHAT_TOKEN (outside
# ENV=development) and the named staff accounts STAFF_USERS come from the environment, else from .env, else
# from $SECRETS_DIR, generated at random on first start (mode 0600). No public default is ever used.
# Logs, secrets, databases and the generated endpoints file are owner-only (umask 077, and chmod for files an
# older run left readable).
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

# shellcheck source=scripts/secrets.sh
source scripts/secrets.sh
export TRACKER_DB RUN_LOG_DIR="$LOG_DIR"  # the gateway's retention job reads both (config/settings.py)
# `>` keeps the mode of a file that exists: a log or database an older run left world-readable is fixed here.
chmod 700 "$LOG_DIR" "$SECRETS_DIR" 2>/dev/null || true
for f in "$LOG_DIR"/*.log "$TRACKER_DB" var/app.db; do [ ! -e "$f" ] || chmod go-rwx "$f"; done

# Endpoints: generated (owner-only) so the action endpoint carries the shared secret Rasa sends the action server;
# the tracker store is bot/endpoints.yml's (phone and ID numbers masked before events are stored).
ENDPOINTS="var/run/endpoints-$RASA_PORT.yml"
printf 'action_endpoint:\n  url: "http://127.0.0.1:%s/webhook"\n  headers:\n    X-Actions-Token: "%s"\ntracker_store:\n  type: bot.tracker_store.MaskingSQLTrackerStore\n  dialect: "sqlite"\n  db: "%s"\n' \
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
