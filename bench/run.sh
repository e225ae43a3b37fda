#!/usr/bin/env bash
# make bench: runs every benchmark. Each bench/<area>.sh (if present) runs that
# area's comparisons against its peers (igraph, NetworkX, ...); plain
# *_bench executables run on their own. Results go to bench/results/.
set -uo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$ROOT/bench/results"
status=0
for script in "$ROOT"/bench/*.sh; do
  [ "$(basename "$script")" = "run.sh" ] && continue
  echo "== $(basename "$script")"
  bash "$script" "$ROOT/$BUILD" || status=1
done
exit $status
