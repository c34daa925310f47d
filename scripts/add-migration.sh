#!/usr/bin/env bash
# Adds one EF Core migration for both database providers, from the change in the model since the last one:
#   scripts/add-migration.sh <Name>        e.g. scripts/add-migration.sh TelegramChannels
# Writes Storage/Migrations/Sqlite/<id>_<Name>.cs and Storage/Migrations/Postgres/<id>_<Name>.cs (same id on
# both, with their .Designer.cs) and updates both model snapshots; then checks that neither provider has
# model changes left. Read both generated migrations before committing them (docs/OPERATIONS.md, "Schema
# changes"). dotnet-ef runs with tools/Humas.Bot.DesignTime as its start-up project, the only project that
# references the EF design package.
set -euo pipefail
cd "$(dirname "$0")/.."

name="${1:-}"
if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
  echo "usage: scripts/add-migration.sh <Name>   (a PascalCase C# name, e.g. TelegramChannels)" >&2
  exit 2
fi

dotnet tool restore >/dev/null
ef=(dotnet ef --project src/Humas.Bot --startup-project tools/Humas.Bot.DesignTime)
# One id for both providers (read by tools/Humas.Bot.DesignTime/SharedMigrationId.cs).
export HUMAS_MIGRATION_TIMESTAMP="$(date -u +%Y%m%d%H%M%S)"

"${ef[@]}" migrations add "$name" --context SqliteHumasDbContext --output-dir Storage/Migrations/Sqlite
if ! "${ef[@]}" migrations add "$name" --context PostgresHumasDbContext --output-dir Storage/Migrations/Postgres --no-build; then
  echo "The PostgreSQL migration failed; removing the SQLite one so the two stay in step." >&2
  "${ef[@]}" migrations remove --context SqliteHumasDbContext --force
  exit 1
fi

# The new migrations are built in once, then both providers are checked.
"${ef[@]}" migrations has-pending-model-changes --context SqliteHumasDbContext
"${ef[@]}" migrations has-pending-model-changes --context PostgresHumasDbContext --no-build
echo "Added ${HUMAS_MIGRATION_TIMESTAMP}_${name} for SQLite and PostgreSQL."
