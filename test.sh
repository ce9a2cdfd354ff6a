#!/usr/bin/env bash
# The test command: every test, on both profiles.
#   1. the Debian packages whose real servers the tests start (PostgreSQL, Redis, NATS, ICU), installed when missing
#      and this shell may install them (root, or sudo without a password);
#   2. the whole solution on the embedded profile (SQLite, in-process events): unit, HTTP, architecture tests,
#      and the module tests that run against real Redis, NATS and PostgreSQL servers of their own;
#   3. the Server's HTTP, crash and outage tests again on the production profile (a PostgreSQL database, a
#      redis-server and a nats-server per test host).
# MERIDIAN_TEST_PROFILES=embedded (or production) runs one profile only; anything after -- goes to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
profiles=${MERIDIAN_TEST_PROFILES:-embedded production}
[[ ${1:-} == -- ]] && shift

have() { command -v "$1" >/dev/null || [[ -x /usr/sbin/$1 || -n $(compgen -G "/usr/lib/postgresql/*/bin/$1") ]]; }
missing=()
ldconfig -p | grep -q libicuuc || missing+=(libicu72)
have redis-server || missing+=(redis-server)
have nats-server || missing+=(nats-server)
have initdb || missing+=(postgresql)
if ((${#missing[@]})); then
  if ((EUID == 0)); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests start real servers from Debian's packages; install them first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

ran=()
status=0
if [[ $profiles == *embedded* ]]; then
  echo "== embedded profile: the whole solution (SQLite, in-process events)"
  if MERIDIAN_TEST_PROFILE=embedded dotnet test Meridian.slnx "$@"; then ran+=("embedded: passed"); else ran+=("embedded: FAILED"); status=1; fi
  build=(--no-build)
else
  build=()
fi
if [[ $profiles == *production* ]]; then
  echo "== production profile: the Server's tests on PostgreSQL, Redis and NATS JetStream"
  if MERIDIAN_TEST_PROFILE=production dotnet test tests/Meridian.Server.Tests "${build[@]}" "$@"; then
    ran+=("production: passed")
  else
    ran+=("production: FAILED")
    status=1
  fi
fi
printf '== profiles run: %s\n' "$(IFS=';'; echo "${ran[*]}")"
exit $status
