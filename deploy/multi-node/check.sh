#!/usr/bin/env bash
# Checks the multi-node files with the programs that will read them, so an edit that breaks one fails here and not
# on a production host: nats-server -t, haproxy -c, redis-server and PostgreSQL started on throw-away folders and
# asked for the settings that matter, systemd-analyze verify, and a JSON parse. Placeholders and absolute paths
# (/etc/..., /var/lib/...) are pointed at a temporary folder with throw-away certificates; nothing is installed
# and nothing outside that folder is written. A program that is not installed is reported as skipped.
#
#   deploy/multi-node/check.sh            every region folder beside this script
#   deploy/multi-node/check.sh eu-central one region
set -euo pipefail

here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/meridian-multi-node-check.XXXXXX)
chmod 755 "$work"
children=()
cleanup() {
  local pid
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf -- "$work"
}
trap cleanup EXIT

failures=0
pass() { printf '  ok    %s\n' "$*"; }
skip() { printf '  skip  %s\n' "$*"; }
fail() {
  printf '  FAIL  %s\n' "$*"
  failures=$((failures + 1))
}

is_root() { [[ $(id -u) -eq 0 ]]; }
as_pg() {
  if is_root; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi
}

# A throw-away CA and one certificate for every name, for the files that refuse to load without them.
make_certs() {
  command -v openssl >/dev/null || return 1
  local tls=$work/tls
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=check-ca -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=check-node -keyout "$tls/node.key" -out "$tls/node.csr" 2>/dev/null
  openssl x509 -req -in "$tls/node.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 1 -out "$tls/node.crt" 2>/dev/null
  cat "$tls/node.crt" "$tls/node.key" >"$tls/node.pem"
  chmod 644 "$tls"/*
}

check_common() {
  printf 'common\n'
  local file
  if command -v python3 >/dev/null; then
    if python3 -m json.tool "$here/common/appsettings.Production.json" >/dev/null; then
      pass "appsettings.Production.json parses"
    else
      fail "appsettings.Production.json does not parse"
    fi
  else
    skip "appsettings.Production.json (no python3)"
  fi
  if command -v systemd-analyze >/dev/null; then
    mkdir -p "$work/units"
    for file in meridian.service meridian-migrate.service; do
      cp "$here/common/$file" "$work/units/$file"
      # verify also checks that User= exists; a host without the meridian user is not an error in the file.
      local out
      out=$(systemd-analyze verify --man=no "$work/units/$file" 2>&1 | grep -vE "User|Group|Failed to (connect|create)|bus" || true)
      if [[ -z $out ]]; then pass "$file (systemd-analyze verify)"; else fail "$file: $out"; fi
    done
  else
    skip "systemd units (no systemd-analyze)"
  fi
}

check_nats() {
  local region=$1
  local dir=$work/$region/nats node
  local bin
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  [[ -x $bin ]] || {
    skip "nats (nats-server not installed)"
    return
  }
  mkdir -p "$dir"
  for node in "$here/$region"/nats/nats-*.conf; do
    cp "$node" "$dir/"
  done
  sed -e "s#/etc/nats/tls/#$work/tls/#g" -e "s#/var/lib/nats/#$dir/#g" "$here/$region/nats/cluster.conf" >"$dir/cluster.conf"
  for node in "$dir"/nats-*.conf; do
    if out=$(MERIDIAN_NATS_PASSWORD=check "$bin" -c "$node" -t 2>&1); then
      pass "nats/$(basename "$node") (nats-server -t)"
    else
      fail "nats/$(basename "$node"): $out"
    fi
  done
}

check_redis() {
  local region=$1
  local dir=$work/$region/redis
  command -v redis-server >/dev/null || {
    skip "redis (redis-server not installed)"
    return
  }
  mkdir -p "$dir"
  sed -e 's/^requirepass .*/requirepass check/' -e 's/^masterauth .*/masterauth check/' \
    "$here/$region/redis/meridian-secrets.conf.example" >"$dir/meridian-secrets.conf"
  # The region's file as is, with its paths moved here and a Unix socket instead of 0.0.0.0:6379.
  sed -e "s#^include /etc/redis/#include $dir/#" -e "s#^dir .*#dir $dir#" -e "s#^logfile .*#logfile $dir/redis.log#" \
    -e "s#^pidfile .*#pidfile $dir/redis.pid#" -e 's/^bind .*/bind 127.0.0.1/' -e 's/^port .*/port 0/' \
    "$here/$region/redis/redis.conf" >"$dir/redis.conf"
  printf 'unixsocket %s/redis.sock\ndaemonize no\n' "$dir" >>"$dir/redis.conf"
  redis-server "$dir/redis.conf" >/dev/null 2>&1 &
  children+=($!)
  local tries=50
  until redis-cli -s "$dir/redis.sock" -a check --no-auth-warning ping >/dev/null 2>&1; do
    if ((tries-- == 0)); then
      fail "redis/redis.conf: redis-server did not start: $(tail -n 3 "$dir/redis.log" 2>/dev/null)"
      return
    fi
    sleep 0.1
  done
  local policy aof auth
  policy=$(redis-cli -s "$dir/redis.sock" -a check --no-auth-warning config get maxmemory-policy | tail -n1)
  aof=$(redis-cli -s "$dir/redis.sock" -a check --no-auth-warning config get appendonly | tail -n1)
  auth=$(redis-cli -s "$dir/redis.sock" ping 2>&1 || true)
  redis-cli -s "$dir/redis.sock" -a check --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
  if [[ $policy == noeviction && $aof == yes && $auth == *NOAUTH* ]]; then
    pass "redis/redis.conf loads: maxmemory-policy noeviction, appendonly yes, password required"
  else
    fail "redis/redis.conf: maxmemory-policy=$policy appendonly=$aof without password: $auth"
  fi
}

check_haproxy() {
  local region=$1
  local dir=$work/$region/haproxy
  command -v haproxy >/dev/null || {
    skip "haproxy (not installed: apt-get install haproxy)"
    return
  }
  [[ -f $work/tls/node.pem ]] || {
    skip "haproxy (no openssl for a test certificate)"
    return
  }
  mkdir -p "$dir"
  sed -e "s#crt /etc/haproxy/certs/[^ ]*#crt $work/tls/node.pem#" -e "s#/run/haproxy/admin.sock#$dir/admin.sock#" \
    "$here/$region/haproxy.cfg" >"$dir/haproxy.cfg"
  # The replicas' names do not resolve here; any other warning is a finding.
  if out=$(haproxy -c -f "$dir/haproxy.cfg" 2>&1) && ! grep '\[WARNING\]' <<<"$out" | grep -qv 'could not resolve address'; then
    pass "haproxy.cfg (haproxy -c)"
  else
    fail "haproxy.cfg: $out"
  fi
}

check_postgres() {
  local region=$1 bin
  local dir=$work/$region/postgres
  bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
  [[ -n $bin && -x $bin/initdb ]] || {
    skip "postgresql (not installed)"
    return
  }
  [[ -f $work/tls/node.crt ]] || {
    skip "postgresql (no openssl for a test certificate)"
    return
  }
  mkdir -p "$dir"
  is_root && chown postgres: "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null 2>&1 || {
    fail "postgresql: initdb failed"
    return
  }
  as_pg cp "$work/tls/node.crt" "$dir/server.crt"
  as_pg cp "$work/tls/node.key" "$dir/server.key"
  as_pg chmod 600 "$dir/server.key"
  # The region's files as the cluster's own: its conf.d snippet included, its pg_hba.conf in place.
  sed -e "s#/etc/postgresql/tls/#$dir/#" "$here/$region/postgresql/meridian.conf" | as_pg tee "$dir/data/meridian.conf" >/dev/null
  printf "include 'meridian.conf'\n" | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
  as_pg cp "$here/$region/postgresql/pg_hba.conf" "$dir/data/pg_hba.conf"
  # Started on a Unix socket only, with a small shared_buffers: the file's 4GB is for a database host, not this one.
  if ! (cd / && as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-c listen_addresses='' -k $dir -c shared_buffers=128MB -c effective_cache_size=1GB" start >/dev/null 2>&1); then
    fail "postgresql/meridian.conf: the server did not start: $(tail -n 3 "$dir/log")"
    return
  fi
  local settings errors
  settings=$(cd / && as_pg "$bin/psql" -X -At -h "$dir" -U postgres -d postgres -c \
    "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings where name in ('max_connections','ssl','password_encryption','synchronous_commit','wal_level')")
  errors=$(cd / && as_pg "$bin/psql" -X -At -h "$dir" -U postgres -d postgres -c "select string_agg(line_number || ': ' || error, '; ') from pg_hba_file_rules where error is not null")
  (cd / && as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1) || true
  if [[ $settings == "max_connections=200 password_encryption=scram-sha-256 ssl=on synchronous_commit=on wal_level=replica" ]]; then
    pass "postgresql/meridian.conf loads: $settings"
  else
    fail "postgresql/meridian.conf: $settings"
  fi
  if [[ -z $errors ]]; then pass "postgresql/pg_hba.conf (pg_hba_file_rules: no errors)"; else fail "postgresql/pg_hba.conf: $errors"; fi
}

check_region() {
  local region=$1
  printf '%s\n' "$region"
  [[ -d $here/$region ]] || {
    fail "no folder $here/$region"
    return
  }
  # The templates carry placeholders, never values: a filled-in secret must not get into the repository.
  local leaked
  leaked=$(cat "$here/$region"/*.example "$here/$region"/*/*.example 2>/dev/null | grep -v '^[[:space:]]*#' |
    grep -oE '(Password|PASSWORD|password|requirepass|masterauth|TokenSigningKey)[=: ]+[^;,@ ]+' | grep -v CHANGE_ME || true)
  if [[ -z $leaked ]]; then pass "secret templates hold placeholders only"; else fail "secret templates hold values: $leaked"; fi
  check_nats "$region"
  check_redis "$region"
  check_haproxy "$region"
  check_postgres "$region"
}

make_certs || true
check_common
if (($#)); then
  regions=("$@")
else
  regions=()
  for dir in "$here"/*/; do
    name=$(basename "$dir")
    [[ $name == common ]] || regions+=("$name")
  done
fi
for region in "${regions[@]}"; do
  check_region "$region"
done
if ((failures)); then
  printf '%d check(s) failed\n' "$failures"
  exit 1
fi
printf 'all checks passed\n'
