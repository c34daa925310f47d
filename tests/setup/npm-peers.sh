#!/usr/bin/env bash
# Installs the npm packages that end-to-end tests and benchmarks run as peers, exactly as locked
# (npm ci). Skipped for a folder whose lock file has not changed since its last install.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is required for the end-to-end peers (Node.js 20+)" >&2
  exit 1
fi
for dir in tests/e2e-peers benchmarks/peers/*/; do
  dir="${dir%/}"
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.humas-lock.md5"
  if [ -f "$stamp" ] && md5sum --quiet -c "$stamp" >/dev/null 2>&1; then
    continue
  fi
  echo "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  md5sum "$dir/package-lock.json" > "$stamp"
done
