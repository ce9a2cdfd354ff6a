#!/usr/bin/env bash
# Builds the Server and the bench in Release and runs the benchmark against baselines measured in the same run.
# Bounded: the first run seeds 100,000 products (about two minutes on SQLite, six to eight on PostgreSQL on the
# shared machine), later runs reuse the database; then each scenario is 3 s warm-up + 10 s. Extra arguments go to
# the bench, e.g.
#   bench/run.sh --scenarios all                                  # add the diagnostic search variants
#   bench/run.sh --fresh --workers 32                             # reseed, more connections
#   bench/run.sh --scenarios baseline,writes,events               # add-to-cart, checkout, webhook delivery
#   bench/run.sh --profile production --scenarios baseline,search,detail,writes,events
#                                                                 # PostgreSQL, Redis, NATS (started by the bench)
# The report lands in bench/results/latest.md (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Meridian.Server/Meridian.Server.csproj -c Release -nologo -v quiet
dotnet build bench/Meridian.Bench/Meridian.Bench.csproj -c Release -nologo -v quiet

# timeout bounds the whole run even if a server hangs: 10 minutes is far above a normal run. A first production
# run that also seeds 100,000 products can need more: MERIDIAN_BENCH_TIMEOUT=1200, or seed once with a short run.
# SIGINT reaches the whole process group, so PostgreSQL, redis-server and nats-server stop with the bench.
exec timeout --signal=INT --kill-after=30 "${MERIDIAN_BENCH_TIMEOUT:-600}" \
  dotnet bench/Meridian.Bench/bin/Release/net10.0/Meridian.Bench.dll "$@"
