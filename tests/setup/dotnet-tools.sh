#!/usr/bin/env bash
# The repository's local .NET tools (.config/dotnet-tools.json): dotnet-ef, which scripts/add-migration.sh
# and the migration tests run. Restoring is quick when the tools are already in the NuGet cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore
