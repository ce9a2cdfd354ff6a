#!/usr/bin/env bash
# Adds an EF Core migration to modules for both engines: SQLite (Data/Migrations) and PostgreSQL
# (Data/PostgresMigrations). Each module has one context per engine with the same model, so a change to
# a model needs both; an architecture test fails while either engine has model changes without a migration.
#
#   scripts/add-migration.sh Orders AddGiftMessage            one module, both engines
#   scripts/add-migration.sh Orders,Carts AddChannel          several modules
#   scripts/add-migration.sh Orders Initial postgres          one engine only
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# < 2)); then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
modules=$1 name=$2 engines=${3:-both}

dotnet tool restore >/dev/null
dotnet build src/Meridian.Server -nologo -v quiet >/dev/null

add() { # module context folder [environment…]
  local module=$1 context=$2 folder=$3
  shift 3
  env "$@" dotnet dotnet-ef migrations add "$name" --no-build \
    --project "src/Modules/Meridian.$module" --startup-project src/Meridian.Server \
    --context "$context" --output-dir "$folder"
  # Migrations are the module's internals, like the rest of it.
  sed -i 's/^    public partial class /    internal partial class /' "src/Modules/Meridian.$module/$folder"/*.cs
}

for module in ${modules//,/ }; do
  if [[ $engines == both || $engines == sqlite ]]; then
    add "$module" "${module}DbContext" Data/Migrations
  fi
  if [[ $engines == both || $engines == postgres ]]; then
    # Design time never connects: the connection string only has to parse.
    add "$module" "${module}PostgresDbContext" Data/PostgresMigrations \
      Meridian__Database__Provider=postgres 'ConnectionStrings__Meridian=Host=localhost;Database=design_time'
  fi
done
