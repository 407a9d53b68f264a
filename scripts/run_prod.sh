#!/usr/bin/env bash
# The production profile on one machine (`make run-prod` / `make stop-prod`; issue 15):
#   PostgreSQL (app database + Rasa's tracker store) and Redis (Rasa's lock store, rate limits, WeChat dedupe),
#   2 action servers, 2 Rasa servers, 2 gateway workers, HAProxy in front of each kind, all on loopback and all
#   under supervisord, which restarts any of them that dies. `make run` (scripts/run_all.sh) is untouched.
#
#   scripts/run_prod.sh start    start everything in order, wait until the public port answers, return (daemon)
#   scripts/run_prod.sh stop     stop everything this profile started (supervisord and its programs), nothing else
#   scripts/run_prod.sh status   supervisorctl status
#
# Why supervisord runs everything but run_prod.sh decides the order: supervisord restarts programs but does not
# wait for readiness; the order matters once (migrations before gateways, one Rasa loading at a time on two
# cores), restarts afterwards are supervisord's.
#
# Environment (all optional): PUBLIC_PORT=8000 (HAProxy, the one public port), RASA_PORT=5005 and
# ACTIONS_PORT=5055 (HAProxy's inner front ends), GATEWAY_1_PORT/GATEWAY_2_PORT=8101/8102,
# RASA_1_PORT/RASA_2_PORT=5101/5102, ACTIONS_1_PORT/ACTIONS_2_PORT=5151/5152, PG_PORT=5433, REDIS_PORT=6380,
# RUN_DIR=var/run (pid files <name>.pid, generated configs, supervisor socket), PROD_DATA_DIR=var/prod
# (PostgreSQL cluster, Redis append-only file), RUN_LOG_DIR=var/log/prod, SECRETS_DIR=var/secrets, RASA_MODEL,
# ENV=production. Secrets as in run_all.sh (scripts/secrets.sh), plus POSTGRES_PASSWORD and REDIS_PASSWORD.
set -euo pipefail
umask 077
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE="${BAIWEN_CACHE:-$HOME/.cache/baiwen}"
abspath() { mkdir -p "$1" && (cd "$1" && pwd); }
export ROOT PY311="$CACHE/py311" PY310="$CACHE/py310"
export PUBLIC_PORT="${PUBLIC_PORT:-8000}" RASA_PORT="${RASA_PORT:-5005}" ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export GATEWAY_1_PORT="${GATEWAY_1_PORT:-8101}" GATEWAY_2_PORT="${GATEWAY_2_PORT:-8102}"
export RASA_1_PORT="${RASA_1_PORT:-5101}" RASA_2_PORT="${RASA_2_PORT:-5102}"
export ACTIONS_1_PORT="${ACTIONS_1_PORT:-5151}" ACTIONS_2_PORT="${ACTIONS_2_PORT:-5152}"
export PG_PORT="${PG_PORT:-5433}" REDIS_PORT="${REDIS_PORT:-6380}"
RUN_DIR="$(abspath "${RUN_DIR:-var/run}")"
LOG_DIR="$(abspath "${RUN_LOG_DIR:-var/log/prod}")"
DATA_DIR="$(abspath "${PROD_DATA_DIR:-var/prod}")"
export RUN_DIR LOG_DIR DATA_DIR SECRETS_DIR="${SECRETS_DIR:-var/secrets}"
CONF="$RUN_DIR/supervisord.conf"

ctl() { supervisorctl -c "$CONF" "$@"; }

supervisor_pid() {  # the pid of this profile's supervisord, empty when it is not running
  local pid
  pid="$(cat "$RUN_DIR/supervisord.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid" || true
}

stop_all() {
  local pid
  pid="$(supervisor_pid)"
  [ -n "$pid" ] || { echo "生产配置没有在运行（$RUN_DIR）。"; return 0; }
  ctl shutdown >/dev/null || kill "$pid"
  for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || { echo "生产配置已停止。"; return 0; }; sleep 1; done
  echo "supervisord ($pid) 120 s 内没有退出。" >&2
  return 1
}

die() {  # message: print it with the logs' tails, stop what was started, fail
  echo "$1" >&2
  for f in "$LOG_DIR"/*.log; do [ -f "$f" ] && { echo "── $f" >&2; tail -n 15 "$f" >&2; }; done
  stop_all >&2 || true
  exit 1
}

# ── configuration ──────────────────────────────────────────────────────────────────────────────────────────
pg_bin_dir() {  # initdb/postgres: PATH first, else Debian's newest /usr/lib/postgresql/<version>/bin
  local found
  found="$(command -v initdb || true)"
  if [ -n "$found" ]; then dirname "$(readlink -f "$found")"; return; fi
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$found" ] || { echo "找不到 PostgreSQL：请运行 make postgres。" >&2; exit 1; }
  echo "$found"
}

as_pg_owner() {  # PostgreSQL refuses to run as root: under root its programs run as the `postgres` user
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi
}

render() {  # template output variables…: envsubst only the named variables (the rest, e.g. Rasa's ${…}, stay)
  local template=$1 out=$2; shift 2
  envsubst "$(printf '${%s} ' "$@")" < "deploy/prod/$template" > "$out"
}

configure() {
  MODEL="${RASA_MODEL:-$(cat var/rasa-model 2>/dev/null || true)}"
  [ -f "$MODEL" ] || { echo "找不到 Rasa 模型（$MODEL）。请先运行 make rasa-model。" >&2; exit 1; }
  export RASA_MODEL="$MODEL" PG_BIN="$(pg_bin_dir)"
  export REDIS_SERVER="$(command -v redis-server)" HAPROXY="$(command -v haproxy || echo /usr/sbin/haproxy)"
  export PG_AS_OWNER=""
  [ "$(id -u)" != 0 ] || PG_AS_OWNER="setpriv --reuid=postgres --regid=postgres --init-groups"
  export ENV="${ENV:-production}" PYTHONPATH="$ROOT" SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
  export RASA_TELEMETRY_ENABLED=false RUN_LOG_DIR="$LOG_DIR"
  # shellcheck source=scripts/secrets.sh
  source scripts/secrets.sh
  secret POSTGRES_PASSWORD
  secret REDIS_PASSWORD
  export DATABASE_URL="postgresql+psycopg://baiwen:$POSTGRES_PASSWORD@127.0.0.1:$PG_PORT/baiwen"
  export REDIS_URL="redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/0"
  export RASA_URL="http://127.0.0.1:$RASA_PORT" GATEWAY_URL="http://127.0.0.1:$PUBLIC_PORT" TRUSTED_PROXIES=127.0.0.1
  # Rasa's conversations are in PostgreSQL here: the gateways' retention job (RETENTION_DAYS) purges them there.
  export TRACKER_URL="postgresql+psycopg://baiwen:$POSTGRES_PASSWORD@127.0.0.1:$PG_PORT/baiwen_tracker"
  render supervisord.conf.in "$CONF" ROOT RUN_DIR LOG_DIR DATA_DIR PG_BIN PG_PORT PG_AS_OWNER REDIS_SERVER PY310 \
    PY311 ACTIONS_1_PORT ACTIONS_2_PORT RASA_1_PORT RASA_2_PORT RASA_MODEL GATEWAY_1_PORT GATEWAY_2_PORT HAPROXY
  render haproxy.cfg.in "$RUN_DIR/haproxy.cfg" PUBLIC_PORT GATEWAY_1_PORT GATEWAY_2_PORT RASA_PORT RASA_1_PORT \
    RASA_2_PORT ACTIONS_PORT ACTIONS_1_PORT ACTIONS_2_PORT
  render redis.conf.in "$RUN_DIR/redis.conf" REDIS_PORT REDIS_PASSWORD DATA_DIR RUN_DIR
  render endpoints.yml.in "$RUN_DIR/endpoints-prod.yml" ACTIONS_PORT PG_PORT REDIS_PORT RUN_DIR
}

preflight() {  # refuse the development tokens (the gateway's and the action server's own checks) before starting
  local out
  out="$("$PY311/bin/python" -c 'from config.settings import Settings; Settings()' 2>&1)" ||
    { echo "$out" | tail -n 1 >&2; echo "生产配置拒绝启动（见上一行）。" >&2; exit 1; }
  "$PY310/bin/python" -c 'import os; from actions.config import from_env; from_env(os.environ)' >/dev/null ||
    { echo "生产配置拒绝启动：动作服务器的 INTERNAL_TOKEN。" >&2; exit 1; }
  for port in "$PUBLIC_PORT" "$RASA_PORT" "$ACTIONS_PORT" "$GATEWAY_1_PORT" "$GATEWAY_2_PORT" "$RASA_1_PORT" \
              "$RASA_2_PORT" "$ACTIONS_1_PORT" "$ACTIONS_2_PORT" "$PG_PORT" "$REDIS_PORT"; do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "端口 $port 已被占用。" >&2; exit 1; }
  done
}

# ── start ──────────────────────────────────────────────────────────────────────────────────────────────────
init_cluster() {  # a PostgreSQL cluster owned by its server user, password login on loopback only
  local pg="$DATA_DIR/pg"
  [ -f "$pg/PG_VERSION" ] && return 0
  mkdir -p "$pg" "$DATA_DIR/redis"
  chmod 711 "$DATA_DIR"  # the postgres user must reach its folder inside ours
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$pg"
  as_pg_owner test -w "$pg" || die "PostgreSQL 的用户进不了 $pg：它的上级目录需要 o+x（例如 chmod 711 var）。"
  as_pg_owner "$PG_BIN/initdb" -D "$pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
    --no-locale >"$LOG_DIR/initdb.log" 2>&1 || die "initdb 失败，见 $LOG_DIR/initdb.log"
}

create_databases() {  # role baiwen (password from secrets) owning the app database and Rasa's tracker database
  local psql=("$PG_BIN/psql" -X -q -h "$DATA_DIR/pg" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
  as_pg_owner "${psql[@]}" >/dev/null <<SQL || die "无法创建数据库。"
SELECT 'CREATE ROLE baiwen LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'baiwen') \gexec
ALTER ROLE baiwen PASSWORD '$POSTGRES_PASSWORD';
SELECT 'CREATE DATABASE baiwen OWNER baiwen' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'baiwen') \gexec
SELECT 'CREATE DATABASE baiwen_tracker OWNER baiwen'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'baiwen_tracker') \gexec
SQL
}

wait_until() {  # name seconds command…: poll until the command succeeds; fail when the program gave up or time ran out
  local name=$1 limit=$2; shift 2
  for ((i = 0; i < limit; i++)); do
    "$@" >/dev/null 2>&1 && { echo "$name ready"; return 0; }
    ctl status "$name" 2>/dev/null | grep -q FATAL && die "$name 启动失败，见 $LOG_DIR/$name.log"
    sleep 1
  done
  die "$name 在 ${limit}s 内没有就绪，见 $LOG_DIR/$name.log"
}

start_one() {  # name seconds check-command…
  local name=$1; shift
  ctl start "$name" >/dev/null || die "$name 启动失败，见 $LOG_DIR/$name.log"
  wait_until "$name" "$@"
}

gateway_ready() { curl -fsS "http://127.0.0.1:$1/health" | grep -q '"ready"'; }

start_all() {
  [ -z "$(supervisor_pid)" ] || { echo "生产配置已在运行（supervisord $(supervisor_pid)）；先 make stop-prod。" >&2; exit 1; }
  configure
  preflight
  chmod 700 "$LOG_DIR" "$RUN_DIR"
  init_cluster
  supervisord -c "$CONF" || die "supervisord 无法启动。"
  wait_until supervisord 30 ctl pid
  start_one postgres 60 "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
  start_one redis 30 env REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -p "$REDIS_PORT" ping
  create_databases
  "$PY311/bin/python" -m api.migrations >"$LOG_DIR/migrate.log" 2>&1 || die "数据库迁移失败，见 $LOG_DIR/migrate.log"
  echo "migrations done"
  start_one actions-1 120 curl -fsS "http://127.0.0.1:$ACTIONS_1_PORT/health"
  start_one actions-2 120 curl -fsS "http://127.0.0.1:$ACTIONS_2_PORT/health"
  start_one rasa-1 300 curl -fsS "http://127.0.0.1:$RASA_1_PORT/"  # one at a time: each takes a core to load
  start_one rasa-2 300 curl -fsS "http://127.0.0.1:$RASA_2_PORT/"
  ctl start gateway-1 gateway-2 >/dev/null || die "网关启动失败。"
  wait_until gateway-1 300 gateway_ready "$GATEWAY_1_PORT"
  wait_until gateway-2 300 gateway_ready "$GATEWAY_2_PORT"
  start_one haproxy 60 gateway_ready "$PUBLIC_PORT"
  echo "百问百答助手（生产配置）已启动：http://127.0.0.1:$PUBLIC_PORT/  进程：$RUN_DIR/*.pid  停止：make stop-prod"
}

case "${1:-start}" in
  start) start_all ;;
  stop) stop_all ;;
  status) ctl status ;;
  *) echo "用法：$0 start|stop|status" >&2; exit 2 ;;
esac
