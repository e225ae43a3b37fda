#!/usr/bin/env bash
# Entity-resolution and deconfliction benchmarks (make bench). $1 = release
# build dir with DISRUPT_BUILD_BENCH=ON. Writes bench/results/resolve.jsonl;
# figures go to docs/performance.md ("Entity resolution and deconfliction").
#
#   1. FEBRL datasets 1, 2, 3 and 4a+4b: precision and recall (ground truth in rec_id).
#   2. 1,000,000 synthetic person records (DISRUPT_BENCH_RESOLVE_N): seconds and
#      peak memory (target: <= 30 s, <= 4 GiB), precision and recall.
#   3. `disrupt generate` data with its ground truth (DISRUPT_BENCH_GENERATE_N
#      entities): precision and recall overall, per script and per variation.
#   4. CLK matching, DISRUPT_BENCH_DICE_N encodings per side: Dice comparisons
#      per second, pruned with the best kernel, against a plain popcount loop
#      measured in the same run.
set -uo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/bench/resolve_bench"
OUT="$ROOT/bench/results/resolve.jsonl"
N="${DISRUPT_BENCH_RESOLVE_N:-1000000}"
GEN="${DISRUPT_BENCH_GENERATE_N:-100000}"
DICE="${DISRUPT_BENCH_DICE_N:-40000}"
mkdir -p "$ROOT/bench/results"
: > "$OUT"
if [ ! -x "$BIN" ]; then echo "resolve_bench not built in $BUILD" >&2; exit 1; fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
status=0

echo "-- FEBRL"
"$BIN" febrl "$ROOT/datasets/febrl" | tee -a "$OUT" || status=1

echo "-- $N synthetic records"
/usr/bin/time -f '{"bench":"scale-process","max_rss_kb":%M,"wall_seconds":%e}' \
  "$BIN" scale "$N" 2>>"$OUT" | tee -a "$OUT" || status=1

echo "-- generated data ($GEN entities)"
if [ -x "$BUILD/src/cli/disrupt" ] && "$BUILD/src/cli/disrupt" generate --entities "$GEN" --out "$TMP/gen" --quiet \
    && [ -f "$TMP/gen/resolve_records.csv" ]; then
  "$BIN" generated "$TMP/gen" | tee -a "$OUT" || status=1
else
  echo "disrupt generate unavailable: skipped" | tee -a "$OUT"
fi

echo "-- Dice, $DICE x $DICE encodings"
"$BIN" dice "$DICE" | tee -a "$OUT" || status=1
exit $status
