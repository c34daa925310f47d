#!/usr/bin/env bash
# Runs every test of Humas Bot and ends with one plain line: "N passed, N failed".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Ingestion]
set -euo pipefail
cd "$(dirname "$0")"

results="$(pwd)/artifacts/test-results"
rm -rf "$results" artifacts/screenshots
mkdir -p "$results"

# Peers that end-to-end tests talk to are installed here, by this script, so a fresh clone needs
# nothing else. Each installer is idempotent and quick when its tool is already present.
for setup in tests/setup/*.sh; do
  [ -e "$setup" ] || continue
  echo "== $(basename "$setup")"
  bash "$setup"
done

# The suite starts throw-away PostgreSQL servers (initdb, 127.0.0.1, a free port) in this folder and stops
# them itself; the trap stops any that a killed test host left running.
export HUMAS_PG_RUN_DIR="$(mktemp -d /tmp/humas-pg-run.XXXXXX)"
chmod 755 "$HUMAS_PG_RUN_DIR"
stop_postgres() {
  for data in "$HUMAS_PG_RUN_DIR"/*/data; do
    [ -f "$data/postmaster.pid" ] || continue
    pid="$(head -n 1 "$data/postmaster.pid")"
    kill -QUIT "$pid" 2>/dev/null || true   # SIGQUIT = immediate shutdown of a postmaster we started
  done
  rm -rf "$HUMAS_PG_RUN_DIR"
}
trap stop_postgres EXIT

status=0
dotnet test Humas.Bot.sln \
  --configuration Release \
  --logger "trx;LogFilePrefix=humas" \
  --logger "console;verbosity=minimal" \
  --results-directory "$results" \
  "$@" || status=$?

# Every benchmark verb at a tiny size (benchmarks/Humas.Bot.Benchmarks `smoke`), so a benchmark that no longer
# starts fails the run; each verb counts as one test below. It checks that each verb runs and prints its JSON,
# never a timing. Only on a full run: a filtered run (extra arguments) is for quick iteration.
smoke="$results/benchmark-smoke.json"
if [ $# -eq 0 ]; then
  echo "== benchmark smoke (every verb at a tiny size)"
  smoke_status=0
  # `dotnet test` builds test projects and what they reference; the benchmark program is neither, so a clean
  # clone has no build of it until this line.
  dotnet build benchmarks/Humas.Bot.Benchmarks --configuration Release --nologo -v quiet || smoke_status=$?
  [ $smoke_status -ne 0 ] || dotnet run --configuration Release --no-build --project benchmarks/Humas.Bot.Benchmarks -- smoke > "$smoke" || smoke_status=$?
  [ $smoke_status -eq 0 ] || { echo "benchmark smoke failed (exit $smoke_status); see $smoke"; status=1; }
fi

# The summary is counted from the TRX files (and the smoke report), so a run that executed nothing shows "0 passed".
python3 - "$results" "$smoke" "$#" <<'PY'
import glob, json, os, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
if sys.argv[3] == "0":
    # A smoke run that died before printing its report counts as one failure.
    try:
        with open(sys.argv[2]) as f:
            verbs = json.load(f)["verbs"]
        passed += sum(1 for v in verbs if v["passed"])
        failed += sum(1 for v in verbs if not v["passed"])
        for v in verbs:
            if not v["passed"]:
                print(f"benchmark smoke: {v['verb']} failed: {v['error']}")
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"benchmark smoke: no report ({e})")
        failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed or passed == 0 else 0)
PY
summary=$?
if [ $status -ne 0 ] || [ $summary -ne 0 ]; then
  exit 1
fi
