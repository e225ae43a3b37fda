#!/usr/bin/env bash
# `disrupt generate` end to end: help, refusal of bad options with a clear
# message and exit code 2, byte-identical output for a seed whatever the
# number of threads, every output file present with its header, and the
# record counts of truth/summary.json matching records.jsonl (counted here
# independently of the generator with Python's json module).
set -euo pipefail
BIN="${DISRUPT_BINARY:-}"
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
  echo "disrupt binary not built (DISRUPT_BINARY='$BIN')"
  exit 77
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

"$BIN" generate --help | grep -q -- "--entities"

rc=0
"$BIN" generate --entities 5 --out "$TMP/x" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || { echo "want exit 2 for too few entities, got $rc"; exit 1; }
grep -q -- "--entities" "$TMP/err" || { echo "error does not name --entities:"; cat "$TMP/err"; exit 1; }
rc=0
"$BIN" generate --entities many --out "$TMP/x" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || { echo "want exit 2 for a non-numeric count, got $rc"; exit 1; }
rc=0
"$BIN" generate --entities 1000 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || { echo "want exit 2 without --out, got $rc"; exit 1; }

"$BIN" generate --entities 1000 --seed 9 --out "$TMP/a" --quiet
"$BIN" generate --entities 1000 --seed 9 --out "$TMP/b" --threads 1 --quiet
"$BIN" generate --entities 1000 --seed 10 --out "$TMP/c" --quiet
for f in records.jsonl resolve_records.csv edges.csv truth/persons.csv truth/actors.csv truth/variations.csv \
         truth/networks.csv truth/organisers.csv truth/summary.json; do
  [ -s "$TMP/a/$f" ] || { echo "missing or empty: $f"; exit 1; }
  cmp -s "$TMP/a/$f" "$TMP/b/$f" || { echo "not deterministic: $f"; exit 1; }
done
if cmp -s "$TMP/a/records.jsonl" "$TMP/c/records.jsonl"; then echo "seed has no effect"; exit 1; fi

[ "$(head -1 "$TMP/a/resolve_records.csv")" = \
  "record_id,member,given_name,family_name,full_name,dob,gender,nationality,passport_no,phone,address" ]
[ "$(head -1 "$TMP/a/edges.csv")" = "source,target,weight" ]
[ "$(head -1 "$TMP/a/truth/persons.csv")" = "record_id,person_id" ]

/usr/bin/python3 - "$TMP/a" <<'PY'
import csv, json, sys
d = sys.argv[1]
summary = json.load(open(f"{d}/truth/summary.json"))
kinds = {"entity": 0, "link": 0, "event": 0}
persons = set()
with open(f"{d}/records.jsonl", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        kinds[r["kind"]] += 1
        if r["type"] == "Person":
            persons.add(r["id"])
assert kinds["entity"] == summary["entities"], (kinds, summary)
assert kinds["link"] == summary["links"], (kinds, summary)
assert kinds["event"] == summary["events"], (kinds, summary)
assert 900 <= summary["entities"] <= 1200, summary["entities"]
truth = {row["record_id"] for row in csv.DictReader(open(f"{d}/truth/persons.csv", encoding="utf-8"))}
assert truth == persons, len(truth ^ persons)
PY
echo "ok"
