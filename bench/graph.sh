#!/usr/bin/env bash
# Graph analysis benchmarks against igraph (same machine, same run). Usage:
# bench/graph.sh BUILD_DIR. Writes bench/results/graph.txt; figures go to the
# "Graph analysis" section of docs/performance.md.
set -euo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/bench/graph_bench"
OUT="$ROOT/bench/results/graph.txt"
mkdir -p "$ROOT/bench/results"
{
  echo "# graph_bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # Exact betweenness, sparse 100k nodes / 1M links, 500 sources for both.
  "$BIN" betweenness 100000 1000000 500
  # 1M nodes / 10M links: load, build, PageRank, components, approximate betweenness.
  "$BIN" large 1000000 10000000
  # PageRank alone on the same size, the links read as directed (10M arcs), igraph beside it.
  "$BIN" pagerank 1000000 10000000 directed
  # The catalogue path: a generated catalogue (100,000 entities, about
  # 250,000 records) read as an analyst of one member sees it.
  CAT="$(mktemp -d)"
  "$BUILD/src/cli/disrupt" generate --entities 100000 --out "$CAT/gen" --quiet
  (cd "$ROOT" && "$BUILD/src/cli/disrupt" init --store "$CAT/cat.db" >/dev/null)
  "$BUILD/src/cli/disrupt" import --store "$CAT/cat.db" "$CAT/gen/records.jsonl" >/dev/null
  "$BIN" catalogue "$CAT/cat.db" AUS
  rm -rf "$CAT"
  echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
