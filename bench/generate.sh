#!/usr/bin/env bash
# Benchmark of `disrupt generate` (see bench/generate_bench.cc): 10 million
# entities by default (GENERATE_BENCH_ENTITIES overrides), written into the
# build directory and removed afterwards. Results: bench/results/generate.txt.
set -euo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${GENERATE_BENCH_ENTITIES:-10000000}"
OUT="$BUILD/generate-bench-out"
mkdir -p "$ROOT/bench/results"
rm -rf "$OUT"
trap 'rm -rf "$OUT"' EXIT
"$BUILD/bench/generate_bench" --entities "$N" --out "$OUT" --threads 2 | tee "$ROOT/bench/results/generate.txt"
