#!/usr/bin/env bash
# `disrupt import` and `disrupt export` end to end against a real SQLite
# catalogue: the shipped example mapping and data, every kind of bad input
# named with file:line:field, nothing of a bad batch written, --skip-bad, and
# round trips (import, export, import into a new store gives the same
# catalogue) through Disrupt JSON, the catalogue CSV and FollowTheMoney.
set -euo pipefail

BIN="${DISRUPT_BINARY:?}"
SRC="${DISRUPT_SOURCE_DIR:?}"
[ -x "$BIN" ] || { echo "no disrupt binary"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }

# ---- The worked example of docs/import-formats.md ----
"$BIN" import --store a.db --quiet "$SRC/examples/data/network.jsonl" 2>net.log || { cat net.log; fail "network import"; }
"$BIN" import --store a.db --quiet --mapping "$SRC/examples/mappings/subjects_phones_passports.json" \
  "$SRC/examples/data/subjects_phones_passports.csv" 2>subjects.log || { cat subjects.log; fail "subjects import"; }
grep -q "imported 11 records" subjects.log || { cat subjects.log; fail "want 11 records from 3 rows (3 persons, 2 phones, 2 passports, 4 links)"; }
"$BIN" import --store a.db --quiet --mapping "$SRC/examples/mappings/hawala_payments.json" \
  "$SRC/examples/data/hawala_payments.csv" 2>payments.log || { cat payments.log; fail "payments import"; }
grep -q "imported 7 records.*1 replaced by a later record" payments.log || { cat payments.log; fail "want 7 records (3 persons, 2 payments, 2 pays links; B-102 made by both rows)"; }

"$BIN" export --store a.db --format json --out a.jsonl 2>export.log || { cat export.log; fail "export"; }
python3 - <<'PY' || fail "the worked example did not give the records the documentation describes"
import json
lines = open("a.jsonl").read().splitlines()
head = json.loads(lines[0])["disrupt_export"]
recs = {r["id"]: r for r in map(json.loads, lines[1:])}
p = recs["MYS-RMP-P-0001"]
assert p["properties"]["birth_date"] == ["1979-03-14"], p
assert p["properties"]["alias"] == ["Haji Rahmat", "Noori Sahib"], p
assert p["properties"]["gender"] == ["male"] and p["properties"]["nationality"] == ["AFG"], p
assert p["properties"]["role"] == ["organiser"], p
assert p["networks"] == ["NET-0001"], p
assert p["provenance"]["reported"] == "2024-02-02" and p["provenance"]["case"] == "OP-ARUS-12", p
assert recs["MYS-RMP-P-0002"]["properties"]["birth_date"] == ["1985"]
assert recs["MYS-RMP-P-0003"]["handling"]["classification"] == "CONFIDENTIAL"
assert recs["DOC-LKA-N7654321"]["properties"]["status"] == ["forged"]
assert "PHONE-+60 12 555 0101" in recs and not any(k.startswith("DOC-MMR") for k in recs)
tx = recs["IDN-PPATK-TX-TX-88121"]
assert tx["properties"]["date"] == ["2023-11-04"] and tx["properties"]["channel"] == ["hawala"], tx
assert tx["properties"]["payer"] == ["IDN-PPATK-P-A-771"] and tx["properties"]["currency"] == ["USD"], tx
assert tx["handling"]["originator_control"] is True
# The file's marking: CONFIDENTIAL (row 3, the payments), TLP:AMBER+STRICT, releasable only to
# what every record allows: ALL_MEMBERS records and AUS/IDN/MYS records share no entry.
assert head["handling"]["classification"] == "CONFIDENTIAL", head
assert head["handling"]["tlp"] == "TLP:AMBER+STRICT", head
assert head["handling"]["releasable_to"] == [], head
assert head["handling"]["originator_control"] is True, head
assert head["records"] == {"entities": 11, "links": 6, "events": 2}, head
PY

# ---- Bad input: each kind named with file:line:field; nothing of the batch written ----
python3 - <<'PY'
import json
marks = {"provenance": {"originator": "AUS", "agency": "AFP", "reported": "2024-03-01", "reliability": "B", "credibility": 2},
         "handling": {"classification": "RESTRICTED", "tlp": "AMBER", "releasable_to": ["ALL_MEMBERS"], "review_date": "2030-01-01"}}
def rec(**kw):
    r = dict(kw); r.update(marks); return json.dumps(r, ensure_ascii=False)
lines = [
    rec(id="P1", type="Person", properties={"name": ["Good Person"]}),
    rec(id="P2", type="Person", properties={"name": ["Bad DOB"], "birth_date": ["14/03/1985"]}),
    rec(id="S1", type="Submarine", properties={"name": ["X"]}),
    json.dumps({"id": "P3", "type": "Person", "properties": {"name": ["No handling"]}, "provenance": marks["provenance"]}),
    rec(id="L1", type="associate_of", source="P1", target="GHOST"),
]
with open("bad.jsonl", "wb") as f:
    f.write(("\n".join(lines) + "\n").encode())
    f.write(rec(id="P4", type="Person", properties={"name": ["NAMEHERE"]}).encode().replace(b"NAMEHERE", b"Bad\xff") + b"\n")
PY
set +e
"$BIN" import --store b.db bad.jsonl 2>bad.log
code=$?
set -e
[ "$code" -eq 2 ] || { cat bad.log; fail "bad input should exit 2, got $code"; }
for want in "bad.jsonl:2: properties.birth_date: " "bad.jsonl:3: type: unknown schema 'Submarine'" \
            "bad.jsonl:4: handling: missing handling" \
            "bad.jsonl:5: target: dangling reference: entity 'GHOST'" \
            "bad.jsonl:6: properties.name: invalid UTF-8 at byte" "nothing of that batch was written"; do
  grep -qF "$want" bad.log || { cat bad.log; fail "missing message: $want"; }
done
"$BIN" export --store b.db --format json --out b.jsonl 2>/dev/null
[ "$(wc -l <b.jsonl)" -eq 1 ] || fail "a bad batch must write nothing (store holds $(($(wc -l <b.jsonl) - 1)) records)"

# --skip-bad: the good record is imported, the five bad lines are in the rejects file with reasons.
"$BIN" import --store b.db --quiet --skip-bad rejects.jsonl bad.jsonl 2>skip.log || { cat skip.log; fail "--skip-bad import"; }
python3 - <<'PY' || fail "rejects file"
import json
rej = [json.loads(l) for l in open("rejects.jsonl")]
assert [r["line"] for r in rej] == [2, 3, 4, 5, 6], rej
assert [r["field"] for r in rej] == ["properties.birth_date", "type", "handling", "target", "properties.name"], rej
assert all(r["reason"] and r["file"] == "bad.jsonl" for r in rej), rej
assert json.loads(rej[0]["input"])["id"] == "P2"
PY
"$BIN" export --store b.db --format json --out b.jsonl 2>/dev/null
[ "$(wc -l <b.jsonl)" -eq 2 ] || fail "with --skip-bad the good record is imported"

# Missing handling defaults for FtM name the option to give.
printf '%s\n' '{"id":"x1","schema":"Person","properties":{"name":["A B"]}}' >ftm.jsonl
set +e
"$BIN" import --store c.db ftm.jsonl 2>ftm.log
set -e
grep -qF "ftm.jsonl:1: provenance.originator: missing provenance.originator" ftm.log || { cat ftm.log; fail "FtM without defaults"; }
grep -qF -- "--originator" ftm.log || fail "the message names the option"

# ---- Round trips: import, export, import gives the same catalogue ----
for fmt in json csv ftm; do
  "$BIN" export --store a.db --format "$fmt" --out "rt.$fmt" 2>/dev/null || fail "export $fmt"
  rm -f "rt_$fmt.db"
  "$BIN" import --store "rt_$fmt.db" --quiet --format "$fmt" "rt.$fmt" 2>"rt_$fmt.log" || { cat "rt_$fmt.log"; fail "re-import $fmt"; }
  "$BIN" export --store "rt_$fmt.db" --format json --out "rt_$fmt.jsonl" 2>/dev/null
done
python3 - <<'PY' || fail "round trip changed the catalogue"
import json
def records(path):
    out = {}
    for line in open(path).read().splitlines()[1:]:
        r = json.loads(line)
        r.pop("version", None); r.pop("updated_at", None)
        out[r["id"]] = r
    return out
orig = records("a.jsonl")
for fmt in ("json", "csv"):
    assert records("rt_%s.jsonl" % fmt) == orig, fmt
# FollowTheMoney has no Phone schema: phones and the links to them are left out, the rest is the same.
ftm = records("rt_ftm.jsonl")
kept = {k: v for k, v in orig.items() if v["type"] != "Phone" and not k.endswith(tuple(
    p for p in orig if orig[p]["type"] == "Phone"))}
assert ftm == kept, sorted(set(kept) ^ set(ftm))
PY
echo PASS
