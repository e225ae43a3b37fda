#!/usr/bin/env bash
# Import benchmark (make bench): generates a regional data set with
# `disrupt generate`, then measures the importer reading it (--parse-only) and
# importing it into a fresh SQLite catalogue, with peak memory. The peer, run
# on the same file in the same run, is a minimal Python loader (json.loads and
# sqlite3 executemany into one table, 10,000 rows per transaction, no checks),
# the floor of what a loader costs on this machine.
#
#   bash bench/import.sh BUILD_DIR      (IMPORT_BENCH_ENTITIES=N to change the size)
set -euo pipefail
BUILD="${1:?build dir}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/src/cli/disrupt"
BENCH="$BUILD/bench/import_bench"
N="${IMPORT_BENCH_ENTITIES:-1000000}"
OUT="$ROOT/bench/results/import.txt"
mkdir -p "$ROOT/bench/results"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/disrupt-import-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

"$BIN" generate --entities "$N" --seed 7 --out "$tmp/data" --quiet
records="$tmp/data/records.jsonl"
lines=$(wc -l <"$records")
size=$(du -h "$records" | cut -f1)
{
  echo "# import benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ): $lines records ($size) from disrupt generate --entities $N"
  "$BENCH" --records "$records" --parse-only
  "$BENCH" --records "$records" --store "$tmp/catalogue.db"
  /usr/bin/python3 - "$records" "$tmp/peer.db" <<'PY'
import json, resource, sqlite3, sys, time
path, db_path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(db_path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE records(id TEXT PRIMARY KEY, type TEXT, body TEXT)")
start = time.monotonic()
def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
cpu_start = cpu()
n = 0
batch = []
def flush():
    db.execute("BEGIN")
    db.executemany("INSERT OR REPLACE INTO records VALUES(?,?,?)", batch)
    db.execute("COMMIT")
    batch.clear()
with open(path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if "disrupt_export" in r:
            continue
        batch.append((r["id"], r["type"], json.dumps(r)))
        n += 1
        if len(batch) == 10000:
            flush()
if batch:
    flush()
s = time.monotonic() - start
c = cpu() - cpu_start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("mode=python_peer records=%d bad=0 seconds=%.2f records_per_s=%.0f cpu_seconds=%.2f records_per_cpu_s=%.0f "
      "peak_rss_mib=%.1f" % (n, s, n / s, c, n / c, rss))
PY
} | tee "$OUT"
