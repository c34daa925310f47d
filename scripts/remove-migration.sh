#!/usr/bin/env bash
# Removes the last migration of both database providers and restores both model snapshots from the
# migration before it: the undo of scripts/add-migration.sh, for a migration not yet committed.
#   scripts/remove-migration.sh
# --force keeps dotnet-ef from requiring a database to check that the migration was never applied: it only
# warns (with a connection error for PostgreSQL) when it cannot connect, which is expected here. A development database that already ran the migration keeps its
# changes: delete that database (data/humas.db by default) rather than reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."

# The hand-written migrations (up to ScaleOut) have no migration file of their own to remove.
for provider in Sqlite Postgres; do
  last="$(cd "src/Humas.Bot/Storage/Migrations/$provider" && ls [0-9]*.Designer.cs | sort | tail -n 1)"
  if [ "$last" = "20261122230000_ScaleOut.Designer.cs" ]; then
    echo "No generated $provider migration to remove (the last one, ScaleOut, is hand-written)." >&2
    exit 1
  fi
done

dotnet tool restore >/dev/null
ef=(dotnet ef --project src/Humas.Bot --startup-project tools/Humas.Bot.DesignTime)
"${ef[@]}" migrations remove --context SqliteHumasDbContext --force
"${ef[@]}" migrations remove --context PostgresHumasDbContext --force --no-build
