#!/usr/bin/env bash
# Crash safety of `disrupt import`: SIGKILL in the middle of a large import
# leaves the store holding exactly the batches committed before the kill,
# never part of a batch, and the database passes PRAGMA integrity_check. A
# second import of the same file then completes the catalogue.
#
# The kill is sent when the importer reports its fifth committed batch, while
# it is already reading and writing the sixth; no sleeps, no timing.
set -euo pipefail

BIN="${DISRUPT_BINARY:?}"
[ -x "$BIN" ] || { echo "no disrupt binary"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
total=12000
batch=500

# Persons P000000.. with full provenance and handling, one per line.
python3 - "$tmp/records.jsonl" "$total" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
marks = {"provenance": {"originator": "AUS", "agency": "AFP", "reported": "2024-03-01",
                        "reliability": "B", "credibility": 2},
         "handling": {"classification": "RESTRICTED", "tlp": "AMBER", "codes": ["crime_fighting_only"],
                      "releasable_to": ["ALL_MEMBERS"], "review_date": "2030-01-01"}}
with open(path, "w") as f:
    for i in range(n):
        r = {"id": "P%06d" % i, "type": "Person",
             "properties": {"name": ["Person number %d" % i], "nationality": ["AFG"]}}
        r.update(marks)
        f.write(json.dumps(r) + "\n")
PY

store="$tmp/catalogue.db"
mkfifo "$tmp/progress"
"$BIN" import --store "$store" --batch-size "$batch" "$tmp/records.jsonl" 2>"$tmp/progress" &
pid=$!
seen=0
while IFS= read -r line; do
  case "$line" in
    "batch "*" committed"*)
      seen=$((seen + 1))
      if [ "$seen" -ge 5 ]; then
        kill -KILL "$pid"
        break
      fi
      ;;
  esac
done <"$tmp/progress"
status=0
wait "$pid" || status=$?
if [ "$status" -ne 137 ]; then
  echo "FAIL: the import was not killed in the middle (exit $status after $seen batches)"
  exit 1
fi

python3 - "$store" "$total" "$batch" <<'PY'
import sqlite3, sys
path, total, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(path)
check = db.execute("PRAGMA integrity_check").fetchall()
assert check == [("ok",)], "integrity_check: %r" % (check,)
print("integrity_check ok")
PY

"$BIN" export --store "$store" --format json --out "$tmp/after_kill.jsonl" 2>/dev/null
python3 - "$tmp/after_kill.jsonl" "$total" "$batch" <<'PY'
import json, sys
path, total, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = open(path).read().splitlines()
assert "disrupt_export" in json.loads(lines[0]), "export header missing"
ids = sorted(json.loads(l)["id"] for l in lines[1:])
n = len(ids)
assert n % batch == 0, "store holds %d records: part of a batch was written" % n
assert 5 * batch <= n < total, "store holds %d records, want at least the 5 committed batches and not all" % n
# The batches committed are the first ones of the file, whole.
assert ids == ["P%06d" % i for i in range(n)], "the records held are not the first %d of the file" % n
print("after SIGKILL the store holds %d records = %d whole batches" % (n, n // batch))
PY

# Importing the same file again completes the catalogue (records are replaced by id).
"$BIN" import --store "$store" --batch-size "$batch" --quiet "$tmp/records.jsonl" 2>"$tmp/second.log"
"$BIN" export --store "$store" --format json --out "$tmp/after_rerun.jsonl" 2>/dev/null
count=$(($(wc -l <"$tmp/after_rerun.jsonl") - 1))
if [ "$count" -ne "$total" ]; then
  echo "FAIL: after re-running the import the store holds $count records, want $total"
  cat "$tmp/second.log"
  exit 1
fi
echo "PASS"
