#!/usr/bin/env bash
# A production-like stack on one machine: PostgreSQL, Redis and NATS JetStream on loopback ports, each in a
# folder of its own, and the Server against them.
#
#   deploy/local-stack.sh up     install what is missing (Debian packages), start the three services, run the Server
#   deploy/local-stack.sh down   stop the services (their data stays in the folder until you delete it)
#   deploy/local-stack.sh env    print the settings the Server gets, to run it or the tests yourself
#
# The folder is $MERIDIAN_STACK_DIR or .local-stack/ in the repository (git ignores it). Ports: PostgreSQL picks
# a free one from 55432, Redis 56379, NATS 54222 (monitoring 58222). Nothing listens beyond 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-up}
stack=$(realpath -m "${MERIDIAN_STACK_DIR:-.local-stack}")
redis_port=${MERIDIAN_REDIS_PORT:-56379}
nats_port=${MERIDIAN_NATS_PORT:-54222}

install_missing() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nats-server >/dev/null || [[ -x /usr/sbin/nats-server ]] || missing+=(nats-server)
  if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    local sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

nats_bin() { command -v nats-server || echo /usr/sbin/nats-server; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "$name did not start on port $port; see $stack/$name/" >&2
  exit 1
}

start_postgres() {
  local base
  base=$(deploy/postgres.sh start "$stack/postgres")
  local admin="${base}"
  # The Server's own database; the cluster's default one stays for administration.
  local port; port=$(cat "$stack/postgres/port")
  if ! psql -h 127.0.0.1 -p "$port" -U meridian -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'meridian'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U meridian -d postgres -qc "CREATE DATABASE meridian" >/dev/null
  fi
  echo "${admin/Database=postgres/Database=meridian}" >"$stack/postgres/meridian.connection"
}

start_redis() {
  mkdir -p "$stack/redis"
  if ! alive "$stack/redis/redis.pid"; then
    # appendonly: idempotency records survive a Redis restart, as they would in production.
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$stack/redis" --appendonly yes --save "" \
      --daemonize yes --pidfile "$stack/redis/redis.pid" --logfile "$stack/redis/redis.log"
  fi
  wait_for_port "$redis_port" redis
}

start_nats() {
  mkdir -p "$stack/nats"
  if ! alive "$stack/nats/nats.pid"; then
    nohup "$(nats_bin)" -js -a 127.0.0.1 -p "$nats_port" -m $((nats_port + 4000)) -sd "$stack/nats/jetstream" \
      -P "$stack/nats/nats.pid" -l "$stack/nats/nats.log" >/dev/null 2>&1 &
  fi
  wait_for_port "$nats_port" nats
}

settings() {
  cat <<SETTINGS
Meridian__Database__Provider=postgres
ConnectionStrings__Meridian=$(cat "$stack/postgres/meridian.connection")
ConnectionStrings__Redis=127.0.0.1:$redis_port
Meridian__Events__Transport=nats
Meridian__Events__Nats__Url=nats://127.0.0.1:$nats_port
SETTINGS
}

case "$command" in
  up)
    install_missing
    mkdir -p "$stack"
    start_postgres
    start_redis
    start_nats
    settings >"$stack/server.env"
    echo "PostgreSQL, Redis and NATS are up; settings in $stack/server.env. Starting the Server (Ctrl-C stops it;" \
      "deploy/local-stack.sh down stops the services)." >&2
    set -a; source "$stack/server.env"; set +a
    exec dotnet run --project src/Meridian.Server
    ;;
  down)
    if alive "$stack/nats/nats.pid"; then kill "$(cat "$stack/nats/nats.pid")"; fi
    if alive "$stack/redis/redis.pid"; then kill "$(cat "$stack/redis/redis.pid")"; fi
    if [[ -d "$stack/postgres" ]]; then deploy/postgres.sh stop "$stack/postgres"; fi
    echo "stopped; data kept in $stack" >&2
    ;;
  env)
    [[ -f "$stack/server.env" ]] || { echo "the stack is not up: deploy/local-stack.sh up" >&2; exit 1; }
    cat "$stack/server.env"
    ;;
  *)
    echo "usage: $0 up|down|env" >&2
    exit 2
    ;;
esac
