#!/usr/bin/env bash
# A production-like Meridian on one machine: PostgreSQL, Redis and NATS JetStream from Debian's packages, each in
# a folder of its own under deploy/.stack/ and bound to 127.0.0.1 on fixed, uncommon ports, and the Server against
# them. Nothing here touches the packages' own services (postgresql@15-main, redis-server, nats-server) or their
# ports: this stack runs its own server processes.
#
#   deploy/local-stack.sh up [--detach] [--no-server] [--no-build] [--embedded-db]
#   deploy/local-stack.sh down [--purge]
#   deploy/local-stack.sh status
#   deploy/local-stack.sh env          eval "$(deploy/local-stack.sh env)"; dotnet run --project src/Meridian.Server
#
# deploy/README.md explains each command, the folder layout and the choices made here.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: deploy/local-stack.sh COMMAND [OPTIONS]

  up       install what is missing (Debian packages), start PostgreSQL, Redis and NATS (reusing running
           ones), create the database, run the migrations once, then run the Server in the foreground
             --detach       run the Server in the background (pid file and log in the stack folder)
             --no-server    stop after the services and the migrations (use `env` and run the Server yourself)
             --no-build     reuse the Server published by the last `up` instead of publishing it again
             --embedded-db  run the Server on SQLite in the stack folder instead of PostgreSQL (Redis and
                            NATS are still used), for a Server that predates the PostgreSQL provider
  down     stop the Server and the three services; data stays      --purge  and delete the stack folder
  status   what runs, with its pid and port (exit 3 when a service is down)
  env      print `export` lines for the Server's settings: eval "$(deploy/local-stack.sh env)"

Environment (defaults in brackets; ports are remembered by `up`, so later commands find them):
  MERIDIAN_STACK_DIR [deploy/.stack]   MERIDIAN_STACK_ENVIRONMENT [Production]
  MERIDIAN_STACK_PG_PORT [55432]  MERIDIAN_STACK_REDIS_PORT [56379]  MERIDIAN_STACK_NATS_PORT [54222]
  MERIDIAN_STACK_NATS_MONITOR_PORT [58222]  MERIDIAN_STACK_HTTP_PORT [58080]
USAGE
}

say() { printf '%s\n' "$*" >&2; }
die() {
  printf 'local-stack: %s\n' "$*" >&2
  exit 1
}

repo=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
stack=$(realpath -m -- "${MERIDIAN_STACK_DIR:-$repo/deploy/.stack}")
# Paths end up quoted inside postgresql.conf, redis.conf and nats.conf; keep them plain.
[[ $stack != *[\'\"\\]* ]] || die "MERIDIAN_STACK_DIR may not contain quotes or backslashes: $stack"

pg_dir=$stack/postgres
pg_data=$pg_dir/data
pg_sockets=$pg_dir/run
redis_dir=$stack/redis
nats_dir=$stack/nats
server_dir=$stack/server
server_app=$server_dir/app
server_pid=$server_dir/server.pid
server_log=$server_dir/server.log
secrets=$stack/secrets
marker=$stack/.meridian-stack

# The database and the role the Server logs in as. The cluster's superuser is `postgres`, reachable only through
# the Unix socket in $pg_sockets (mode 0700), never over TCP.
db_name=meridian
db_user=meridian

is_root() { [[ $(id -u) -eq 0 ]]; }

# ---------------------------------------------------------------------------------------------------------------
# Ports: an explicit MERIDIAN_STACK_*_PORT wins, then what the last `up` used (ports.env), then the default.

load_ports() {
  local -A saved=()
  local key value
  if [[ -f $stack/ports.env ]]; then
    while IFS='=' read -r key value; do
      [[ $key =~ ^[a-z_]+$ && $value =~ ^[0-9]+$ ]] && saved[$key]=$value
    done <"$stack/ports.env"
  fi
  pg_port=${MERIDIAN_STACK_PG_PORT:-${saved[pg_port]:-55432}}
  redis_port=${MERIDIAN_STACK_REDIS_PORT:-${saved[redis_port]:-56379}}
  nats_port=${MERIDIAN_STACK_NATS_PORT:-${saved[nats_port]:-54222}}
  nats_monitor_port=${MERIDIAN_STACK_NATS_MONITOR_PORT:-${saved[nats_monitor_port]:-58222}}
  http_port=${MERIDIAN_STACK_HTTP_PORT:-${saved[http_port]:-58080}}
  local port
  for port in "$pg_port" "$redis_port" "$nats_port" "$nats_monitor_port" "$http_port"; do
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1024 || port > 65535)); then
      die "not a usable port: $port"
    fi
  done
}

save_ports() {
  printf '%s\n' "pg_port=$pg_port" "redis_port=$redis_port" "nats_port=$nats_port" \
    "nats_monitor_port=$nats_monitor_port" "http_port=$http_port" >"$stack/ports.env"
}

# ---------------------------------------------------------------------------------------------------------------
# Small helpers

# Whether something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no netcat needed). The inner
# scripts are single-quoted on purpose: they expand their own arguments.
# shellcheck disable=SC2016
accepts() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null; }

# Whether GET $2 on 127.0.0.1:$1 answers 200.
# shellcheck disable=SC2016
http_ok() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$1" >&3
    IFS= read -r line <&3 || exit 1
    [[ $line == HTTP/1.?" 200"* ]]' "$1" "$2" 2>/dev/null
}

# Whether pid $1 is alive and its command line contains $2 (a pid file can outlive its process, and pids are reused).
pid_is() {
  local pid=$1 pattern=$2
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

pid_from() { [[ -r $1 ]] && head -n1 -- "$1" | tr -dc '0-9'; }

# Whether pid $1 still runs. A zombie has exited: daemons are reparented to PID 1, which may reap them late
# (in a container, PID 1 is not always an init that reaps).
running() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# Waits up to $2 seconds for pid $1 to exit; 1 if it is still there.
wait_exit() {
  local pid=$1 tenths=$(($2 * 10))
  while running "$pid"; do
    ((tenths-- > 0)) || return 1
    sleep 0.1
  done
}

stop_pid() {
  local name=$1 pid=$2 grace=$3
  kill -TERM "$pid" 2>/dev/null || return 0
  if ! wait_exit "$pid" "$grace"; then
    say "$name (pid $pid) did not stop within ${grace}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_exit "$pid" 5 || true
  fi
}

# PostgreSQL refuses to run as root. As root, its programs run as the package's `postgres` user, as
# tests/Meridian.Testing/PostgresServer.cs does; otherwise as whoever runs this script.
as_pg() {
  if is_root; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

pg_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
  [[ -n $dir && -x $dir/initdb ]] || return 1
  printf '%s\n' "$dir"
}

nats_bin() {
  if command -v nats-server; then return; fi
  [[ -x /usr/sbin/nats-server ]] && printf '%s\n' /usr/sbin/nats-server
}

random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# A secret is made once, kept in $secrets (mode 0700, git-ignored with the whole stack folder), and reused.
secret() {
  local file=$secrets/$1
  if [[ ! -s $file ]]; then
    mkdir -p "$secrets"
    chmod 700 "$secrets"
    (
      umask 077
      case $1 in
        postgres-password) random_hex 24 ;;
        token-signing-key) head -c 48 /dev/urandom | base64 -w0 ;;
      esac >"$file.tmp"
      printf '\n' >>"$file.tmp"
    )
    mv -f -- "$file.tmp" "$file"
  fi
  head -n1 -- "$file"
}

# ---------------------------------------------------------------------------------------------------------------
# Packages

ensure_packages() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  nats_bin >/dev/null || missing+=(nats-server)
  ((${#missing[@]})) || return 0

  local sudo=()
  if ! is_root; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      die "missing Debian packages: ${missing[*]}. Install them, then run this again:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    fi
  fi
  say "installing ${missing[*]} (apt-get)"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages may start their own services on 5432/6379/4222; this stack neither needs nor touches them.
}

# ---------------------------------------------------------------------------------------------------------------
# The stack folder

prepare_stack() {
  if [[ -d $stack && ! -e $marker && -n $(ls -A -- "$stack") ]]; then
    die "$stack exists and is not a stack folder (no $(basename -- "$marker")); pick another MERIDIAN_STACK_DIR"
  fi
  mkdir -p -- "$stack" "$redis_dir" "$nats_dir" "$server_dir"
  [[ -e $marker ]] || echo "Made by deploy/local-stack.sh; 'down --purge' deletes this folder." >"$marker"
  # As root, PostgreSQL runs as `postgres`, which must reach its folder: traverse, not list.
  chmod 711 -- "$stack"
  chmod 700 -- "$redis_dir" "$nats_dir" "$server_dir"
}

# One up/down at a time per stack folder. Every process this script leaves running is started with 9>&-, so no
# daemon inherits the lock and holds it after the script exits.
lock_stack() {
  exec 9>"$stack/.lock"
  flock -n 9 || die "another deploy/local-stack.sh up/down is running on $stack"
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL

pg_pid() {
  local pid
  pid=$(pid_from "$pg_data/postmaster.pid" 2>/dev/null) || return 1
  pid_is "$pid" postgres && printf '%s\n' "$pid"
}

pg_running() { [[ -d $pg_data ]] && pg_pid >/dev/null; }

pg_init() {
  local bin=$1
  mkdir -p -- "$pg_dir"
  if is_root; then
    chown postgres:postgres -- "$pg_dir"
    setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$pg_dir" ||
      die "the postgres user cannot reach $pg_dir (a parent folder is closed to it); set MERIDIAN_STACK_DIR to a folder it can reach, e.g. /var/tmp/meridian-stack"
  fi
  chmod 700 -- "$pg_dir"
  as_pg mkdir -p -m 700 -- "$pg_sockets"
  say "postgresql: initdb into $pg_data (first run)"
  # trust on the Unix socket is safe here: the socket's folder is 0700, so only the cluster's own OS user (and
  # root) can reach it. TCP always asks for a password (scram-sha-256).
  (cd / && as_pg "$bin/initdb" -D "$pg_data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --data-checksums) >"$stack/initdb.log" 2>&1 ||
    die "initdb failed; see $stack/initdb.log"
  printf "\n# deploy/local-stack.sh rewrites this file on every up (port, sockets, ...).\ninclude_if_exists = 'meridian-stack.conf'\n" |
    as_pg tee -a "$pg_data/postgresql.conf" >/dev/null
}

pg_configure() {
  # Rewritten on every up, so a changed MERIDIAN_STACK_PG_PORT takes effect at the next start.
  as_pg tee "$pg_data/meridian-stack.conf" >/dev/null <<CONF
# Written by deploy/local-stack.sh; edits are overwritten on the next up.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_sockets'
unix_socket_permissions = 0700
password_encryption = scram-sha-256
# Room for a few Server processes (each pools up to 100 by default; set Maximum Pool Size lower) and psql.
max_connections = 200
shared_buffers = 128MB
# Durability stays on (unlike the tests' throw-away clusters): this stack keeps its data across restarts.
CONF
}

pg_psql() {
  local bin=$1
  shift
  (cd / && as_pg "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_sockets" -p "$pg_port" -U postgres "$@")
}

start_postgres() {
  local bin
  bin=$(pg_bin) || die "PostgreSQL is not installed (apt-get install postgresql)"
  if pg_running; then
    accepts "$pg_port" || die "postgresql runs (pid $(pg_pid)) but not on port $pg_port: it was started with other settings; run down first"
    say "postgresql: running (pid $(pg_pid)), reused"
  else
    accepts "$pg_port" && die "port $pg_port is taken by another program; set MERIDIAN_STACK_PG_PORT"
    [[ -f $pg_data/PG_VERSION ]] || pg_init "$bin"
    pg_configure
    as_pg mkdir -p -m 700 -- "$pg_sockets"
    (cd / && as_pg "$bin/pg_ctl" -D "$pg_data" -l "$pg_dir/postgres.log" -w -t 60 start >/dev/null 9>&-) ||
      die "postgresql did not start; see $pg_dir/postgres.log"
    say "postgresql: started (pid $(pg_pid)) on 127.0.0.1:$pg_port"
  fi
  # The role and database, idempotently. The password goes through stdin, never a command line that `ps` shows;
  # setting it on every up keeps the role in step with the password file even if that file was recreated.
  local password
  password=$(secret postgres-password)
  pg_psql "$bin" -d postgres <<SQL
SELECT 'CREATE ROLE $db_user LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db_user')\\gexec
ALTER ROLE $db_user WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE $db_name OWNER $db_user ENCODING ''UTF8'' TEMPLATE template0' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db_name')\\gexec
REVOKE ALL ON DATABASE $db_name FROM PUBLIC;
SQL
}

stop_postgres() {
  if ! pg_running; then
    say "postgresql: not running"
    return
  fi
  local bin pid
  pid=$(pg_pid)
  bin=$(pg_bin)
  # fast: roll back open transactions and shut down cleanly (no recovery at the next start).
  (cd / && as_pg "$bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null) || stop_pid postgresql "$pid" 30
  say "postgresql: stopped"
}

# ---------------------------------------------------------------------------------------------------------------
# Redis

redis_pid() {
  local pid
  pid=$(pid_from "$redis_dir/redis.pid" 2>/dev/null) || return 1
  pid_is "$pid" redis-server && printf '%s\n' "$pid"
}

start_redis() {
  if redis_pid >/dev/null; then
    accepts "$redis_port" || die "redis runs (pid $(redis_pid)) but not on port $redis_port: it was started with other settings; run down first"
    say "redis: running (pid $(redis_pid)), reused"
    return
  fi
  accepts "$redis_port" && die "port $redis_port is taken by another program; set MERIDIAN_STACK_REDIS_PORT"
  # AOF on: Redis holds the idempotency records (48 h) that stop a retried checkout from running twice, so a
  # restart must not forget them; everysec loses at most a second of them on a crash. noeviction, as in
  # production: a full Redis refuses writes rather than silently dropping idempotency keys.
  cat >"$redis_dir/redis.conf" <<CONF
# Written by deploy/local-stack.sh on every up; edits are overwritten.
bind 127.0.0.1
port $redis_port
protected-mode yes
daemonize yes
pidfile "$redis_dir/redis.pid"
logfile "$redis_dir/redis.log"
dir "$redis_dir"
appendonly yes
appendfsync everysec
save ""
maxmemory 256mb
maxmemory-policy noeviction
CONF
  redis-server "$redis_dir/redis.conf" 9>&- || die "redis did not start; see $redis_dir/redis.log"
  local tries=100
  until [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]]; do
    ((tries-- > 0)) || die "redis did not answer on port $redis_port; see $redis_dir/redis.log"
    sleep 0.1
  done
  say "redis: started (pid $(redis_pid)) on 127.0.0.1:$redis_port, AOF on"
}

stop_redis() {
  local pid
  if ! pid=$(redis_pid); then
    say "redis: not running"
    return
  fi
  # SIGTERM is Redis's clean shutdown: it flushes the append-only file first.
  stop_pid redis "$pid" 30
  say "redis: stopped"
}

# ---------------------------------------------------------------------------------------------------------------
# NATS

nats_pid() {
  local pid
  pid=$(pid_from "$nats_dir/nats.pid" 2>/dev/null) || return 1
  pid_is "$pid" nats-server && printf '%s\n' "$pid"
}

start_nats() {
  if nats_pid >/dev/null; then
    accepts "$nats_port" || die "nats runs (pid $(nats_pid)) but not on port $nats_port: it was started with other settings; run down first"
    say "nats: running (pid $(nats_pid)), reused"
    return
  fi
  local bin
  bin=$(nats_bin) || die "nats-server is not installed (apt-get install nats-server)"
  accepts "$nats_port" && die "port $nats_port is taken by another program; set MERIDIAN_STACK_NATS_PORT"
  accepts "$nats_monitor_port" && die "port $nats_monitor_port is taken by another program; set MERIDIAN_STACK_NATS_MONITOR_PORT"
  cat >"$nats_dir/nats.conf" <<CONF
# Written by deploy/local-stack.sh on every up; edits are overwritten.
server_name: meridian-local
listen: 127.0.0.1:$nats_port
# Monitoring (/healthz, /jsz) for status and for you; loopback only like everything else.
http: 127.0.0.1:$nats_monitor_port
pid_file: "$nats_dir/nats.pid"
log_file: "$nats_dir/nats.log"
jetstream {
  store_dir: "$nats_dir/jetstream"
  max_memory_store: 256MB
  max_file_store: 2GB
}
CONF
  "$bin" -c "$nats_dir/nats.conf" -t >/dev/null 2>&1 || die "nats.conf does not parse: $bin -c $nats_dir/nats.conf -t"
  # nats-server does not daemonize itself; setsid and nohup detach it from this terminal.
  setsid nohup "$bin" -c "$nats_dir/nats.conf" >>"$nats_dir/nats.out" 2>&1 </dev/null 9>&- &
  local tries=100
  until accepts "$nats_port" && http_ok "$nats_monitor_port" /healthz; do
    ((tries-- > 0)) || die "nats did not start on port $nats_port; see $nats_dir/nats.log"
    sleep 0.1
  done
  say "nats: started (pid $(nats_pid)) on 127.0.0.1:$nats_port, JetStream in $nats_dir/jetstream"
}

stop_nats() {
  local pid
  if ! pid=$(nats_pid); then
    say "nats: not running"
    return
  fi
  # SIGTERM is a graceful stop: JetStream flushes its store.
  stop_pid nats "$pid" 30
  say "nats: stopped"
}

# ---------------------------------------------------------------------------------------------------------------
# The Server's settings: one list, used to run the Server here and printed by `env`.

names=()
values=()
setting() {
  names+=("$1")
  values+=("$2")
}

collect_settings() {
  local database=${1:-postgres}
  names=()
  values=()
  if [[ $database == sqlite ]]; then
    setting Meridian__Database__Provider sqlite
    setting ConnectionStrings__Meridian "Data Source=$server_dir/meridian.db"
  else
    setting Meridian__Database__Provider postgres
    setting ConnectionStrings__Meridian "Host=127.0.0.1;Port=$pg_port;Database=$db_name;Username=$db_user;Password=$(secret postgres-password)"
  fi
  setting ConnectionStrings__Redis "127.0.0.1:$redis_port"
  setting ConnectionStrings__Nats "nats://127.0.0.1:$nats_port"
  # What a second replica needs to be interchangeable with the first besides the database (which holds the webhook
  # key ring): the same token key.
  setting Meridian__Customers__TokenSigningKey "$(secret token-signing-key)"
  # A stack made by an earlier version kept the webhook key ring in files here: the Server copies it into the
  # database once, so the secrets it encrypted still decrypt.
  if [[ -d $server_dir/webhooks-keys ]]; then
    setting Meridian__Webhooks__ImportKeyRingFrom "$server_dir/webhooks-keys"
  fi
  # The simulated marketplace keeps a SQLite file of its own; keep it in the stack folder, not in the build output.
  setting ConnectionStrings__MarketplaceSimulator "Data Source=$server_dir/marketplace-sim.db"
  setting Meridian__Region "${Meridian__Region:-eu-central}"
  setting Meridian__Jurisdiction "${Meridian__Jurisdiction:-EU}"
}

export_settings() {
  local i
  for i in "${!names[@]}"; do
    export "${names[i]}=${values[i]}"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# The Server

server_running_pid() {
  local pid
  pid=$(pid_from "$server_pid" 2>/dev/null) || return 1
  pid_is "$pid" Meridian.Server && printf '%s\n' "$pid"
}

publish_server() {
  command -v dotnet >/dev/null || die "dotnet is not installed (the .NET 10 SDK: https://dot.net)"
  say "server: publishing src/Meridian.Server (Release) into $server_app"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$repo/src/Meridian.Server" -c Release -o "$server_app" \
    --nologo -v quiet >"$server_dir/publish.log" 2>&1 9>&- || {
    tail -n 30 -- "$server_dir/publish.log" >&2
    die "publish failed; see $server_dir/publish.log"
  }
}

migrate() {
  local database=$1
  say "server: migrate ($database)"
  # The migrate command, as in production: once, before any replica starts (MigrateOnStartup=false below).
  if ! (cd "$server_app" && dotnet Meridian.Server.dll migrate) >"$server_dir/migrate.log" 2>&1 9>&-; then
    tail -n 12 -- "$server_dir/migrate.log" >&2
    if [[ $database == postgres ]] && grep -qi "keyword 'host' is not supported" "$server_dir/migrate.log"; then
      say "This Server reads ConnectionStrings:Meridian as SQLite: it predates the PostgreSQL provider."
      say "Until that lands, run: deploy/local-stack.sh up --embedded-db"
    fi
    die "migrate failed; see $server_dir/migrate.log"
  fi
}

start_server() {
  local database=$1 detach=$2
  printf '%s\n' "$database" >"$server_dir/database"

  local url=http://127.0.0.1:$http_port
  if [[ $detach == no ]]; then
    say "server: $url (database: $database, environment: $ASPNETCORE_ENVIRONMENT); Ctrl-C stops it, the services keep running"
    [[ $ASPNETCORE_ENVIRONMENT == Development ]] || say "server: on its first start (an empty database) it prints the store's API keys once; note them"
    printf '%s\n' "$$" >"$server_pid"
    exec 9>&- # the lock is for up/down, not for the Server's lifetime
    cd "$server_app"
    exec dotnet Meridian.Server.dll
  fi

  local log_start=0
  [[ -f $server_log ]] && log_start=$(stat -c %s -- "$server_log")
  (cd "$server_app" && exec setsid nohup dotnet Meridian.Server.dll >>"$server_log" 2>&1 </dev/null 9>&-) &
  local pid=$!
  printf '%s\n' "$pid" >"$server_pid"
  local tries=1800 # seeding the demo store on a first start takes a while on a small machine
  until http_ok "$http_port" /health/ready; do
    if ! running "$pid"; then
      tail -n 30 -- "$server_log" >&2
      die "the Server exited; see $server_log"
    fi
    ((tries-- > 0)) || die "the Server did not become ready on $url within 3 minutes; see $server_log"
    sleep 0.1
  done
  say "server: ready (pid $pid) on $url (database: $database, environment: $ASPNETCORE_ENVIRONMENT); log $server_log"
  # Only this start's part of the log: the keys are printed on the first start against an empty database.
  if tail -c +$((log_start + 1)) -- "$server_log" | grep -q "shown once"; then
    say "server: the store's API keys (and the marketplace secret) were printed once into $server_log: grep -A6 'shown once' $server_log"
    say "        the log is in the git-ignored stack folder; store the keys and delete those lines if you like"
  fi
}

stop_server() {
  local pid
  if ! pid=$(server_running_pid); then
    say "server: not running"
    rm -f -- "$server_pid"
    return
  fi
  # SIGTERM: Kestrel stops accepting, finishes in-flight requests and the background jobs stop at a safe point.
  stop_pid server "$pid" 30
  rm -f -- "$server_pid"
  say "server: stopped"
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local detach=no with_server=yes build=yes database=postgres
  while (($#)); do
    case $1 in
      --detach | -d) detach=yes ;;
      --no-server) with_server=no ;;
      --no-build) build=no ;;
      --embedded-db) database=sqlite ;;
      *) die "up: unknown option $1 (see --help)" ;;
    esac
    shift
  done

  ensure_packages
  prepare_stack
  lock_stack
  load_ports
  start_postgres
  start_redis
  start_nats
  save_ports
  [[ $with_server == yes ]] || {
    say "services up; eval \"\$($0 env)\" and run the Server or the tests yourself"
    return
  }

  local pid
  if pid=$(server_running_pid); then
    say "server: already running (pid $pid) on http://127.0.0.1:$http_port (database: $(cat "$server_dir/database" 2>/dev/null || echo '?')); down and up again to restart it"
    return
  fi
  accepts "$http_port" && die "port $http_port is taken by another program; set MERIDIAN_STACK_HTTP_PORT"
  if [[ $build == yes || ! -f $server_app/Meridian.Server.dll ]]; then
    publish_server
  fi
  collect_settings "$database"
  export_settings
  export ASPNETCORE_ENVIRONMENT=${MERIDIAN_STACK_ENVIRONMENT:-Production}
  export ASPNETCORE_URLS=http://127.0.0.1:$http_port
  export Meridian__MigrateOnStartup=false
  migrate "$database"
  start_server "$database" "$detach"
}

cmd_down() {
  local purge=no
  while (($#)); do
    case $1 in
      --purge) purge=yes ;;
      *) die "down: unknown option $1 (see --help)" ;;
    esac
    shift
  done
  if [[ ! -d $stack ]]; then
    say "no stack folder at $stack: nothing runs"
    return
  fi
  [[ -e $marker ]] || die "$stack has no $(basename -- "$marker"): not a folder this script made"
  lock_stack
  load_ports
  stop_server
  stop_nats
  stop_redis
  stop_postgres
  if [[ $purge == yes ]]; then
    rm -rf -- "$stack"
    say "deleted $stack"
  else
    say "data kept in $stack (down --purge deletes it)"
  fi
}

cmd_status() {
  load_ports
  local down=0 pid bin
  printf 'stack folder %s\n' "$stack"
  if pid=$(pg_pid 2>/dev/null) && [[ -d $pg_data ]]; then
    local ready=no
    if bin=$(pg_bin) && "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then ready=yes; fi
    printf '  %-11s running  pid %-8s 127.0.0.1:%-6s accepting connections: %s, database %s\n' postgresql "$pid" "$pg_port" "$ready" "$db_name"
  else
    printf '  %-11s stopped\n' postgresql
    down=1
  fi
  if pid=$(redis_pid); then
    printf '  %-11s running  pid %-8s 127.0.0.1:%-6s %s\n' redis "$pid" "$redis_port" \
      "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null || echo 'not answering'), AOF $(redis-cli -h 127.0.0.1 -p "$redis_port" config get appendonly 2>/dev/null | tail -n1)"
  else
    printf '  %-11s stopped\n' redis
    down=1
  fi
  if pid=$(nats_pid); then
    local health=unhealthy
    http_ok "$nats_monitor_port" /healthz && health=healthy
    printf '  %-11s running  pid %-8s 127.0.0.1:%-6s %s, JetStream, monitoring http://127.0.0.1:%s\n' nats "$pid" "$nats_port" "$health" "$nats_monitor_port"
  else
    printf '  %-11s stopped\n' nats
    down=1
  fi
  if pid=$(server_running_pid); then
    local ready="not ready"
    http_ok "$http_port" /health/ready && ready=ready
    printf '  %-11s running  pid %-8s 127.0.0.1:%-6s %s, database %s\n' server "$pid" "$http_port" "$ready" "$(cat "$server_dir/database" 2>/dev/null || echo '?')"
  else
    printf '  %-11s stopped\n' server
  fi
  return $((down ? 3 : 0))
}

cmd_env() {
  [[ -s $secrets/postgres-password ]] || die "the stack was never started here ($stack): deploy/local-stack.sh up --no-server"
  load_ports
  collect_settings postgres
  echo "# Meridian local stack ($stack): eval \"\$(deploy/local-stack.sh env)\""
  local i
  for i in "${!names[@]}"; do
    printf 'export %s=%q\n' "${names[i]}" "${values[i]}"
  done
  # Not exported: ASPNETCORE_URLS (dotnet run keeps its launch profile's http://localhost:5080) and
  # Meridian__MigrateOnStartup (one process may migrate at start-up; the stack's own Server uses `migrate`).
  printf '# the stack'"'"'s own Server, when running: http://127.0.0.1:%s\n' "$http_port"
}

main() {
  local command=${1:-}
  (($#)) && shift
  case $command in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
