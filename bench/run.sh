#!/usr/bin/env bash
# Builds the Server and the bench in Release and runs the catalog benchmark against a bare Kestrel
# baseline. Bounded: the first run seeds 100,000 products (about a minute or two), later runs reuse
# the database; then 3 scenarios x (3 s warm-up + 10 s). Extra arguments go to the bench, e.g.
#   bench/run.sh --scenarios all        # add the diagnostic search variants
#   bench/run.sh --fresh --workers 32   # reseed, more connections
# The report lands in bench/results/latest.md (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Meridian.Server/Meridian.Server.csproj -c Release -nologo -v quiet
dotnet build bench/Meridian.Bench/Meridian.Bench.csproj -c Release -nologo -v quiet

# timeout bounds the whole run even if a server hangs: 10 minutes is far above a normal run.
exec timeout --signal=INT --kill-after=30 600 \
  dotnet bench/Meridian.Bench/bin/Release/net10.0/Meridian.Bench.dll "$@"
