#!/usr/bin/env bash
# PostgreSQL server binaries for the tests on PostgreSQL (the suite starts its own throw-away server with
# initdb/pg_ctl; nothing here starts a server). Installs Debian's postgresql only when no initdb is found.
set -euo pipefail

if [ -n "${HUMAS_PG_BIN:-}" ] && [ -x "$HUMAS_PG_BIN/initdb" ]; then
  echo "PostgreSQL binaries: $HUMAS_PG_BIN"; exit 0
fi
for dir in /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "PostgreSQL binaries: $dir"; exit 0
  fi
done
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  echo "PostgreSQL binaries: $(dirname "$(command -v initdb)")"; exit 0
fi

echo "PostgreSQL not found; installing Debian's postgresql"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends postgresql
# The Debian package starts a cluster of its own; the tests do not use it.
ls -d /usr/lib/postgresql/*/bin
