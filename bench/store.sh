#!/usr/bin/env bash
# Store benchmark (make bench): import and read throughput of SQLite and
# PostgreSQL on the same generated catalogue, in the same run. PostgreSQL is
# a throw-away local cluster (scripts/pg-test-cluster.sh) with fsync on, so
# that both stores make every commit durable. Usage: bench/store.sh BUILD_DIR
# [ENTITIES]. Figures go to bench/results/store.txt.
set -euo pipefail
BUILD="$1"
ENTITIES="${2:-20000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/src/cli/disrupt"
BENCH="$BUILD/bench/store_bench"
[ -x "$BENCH" ] && [ -x "$BIN" ] || { echo "store.sh: build $BENCH and $BIN first" >&2; exit 1; }
WORK="$(mktemp -d)"
STATE="$WORK/pg.state"
trap 'bash "$ROOT/scripts/pg-test-cluster.sh" stop "$STATE" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
"$BIN" generate --entities "$ENTITIES" --seed 11 --out "$WORK/gen" --quiet
PG_URI=""
if PG_URI="$(PG_TEST_FSYNC=on bash "$ROOT/scripts/pg-test-cluster.sh" start "$STATE")"; then
  PG_URI="$PG_URI&pool_size=4"
else
  echo "store.sh: PostgreSQL did not start; measuring SQLite only" >&2
  PG_URI=""
fi
mkdir -p "$ROOT/bench/results"
{
  echo "# store_bench $(date -u +%Y-%m-%dT%H:%M:%SZ), $ENTITIES generated entities, $(nproc) cores"
  "$BENCH" "$WORK/gen/records.jsonl" "$WORK/bench.db" ${PG_URI:+"$PG_URI"}
} | tee "$ROOT/bench/results/store.txt"
