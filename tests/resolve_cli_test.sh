#!/usr/bin/env bash
# Integration test of `disrupt resolve`, `disrupt encode` and `disrupt match`
# on the real binary: CSV and JSON output, errors naming file and line, the
# decision flow with --state (not same, revoke, incremental), and the
# hit/no-hit flow between two members with nothing readable in the files.
set -euo pipefail
BIN="${DISRUPT_BINARY:?}"
SRC="${DISRUPT_SOURCE_DIR:?}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# FEBRL dataset1 in the resolve CSV form (", " separators turned into plain fields).
python3 - "$SRC/datasets/febrl/dataset1.csv" "$TMP/febrl.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), skipinitialspace=True))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["record_id", "given_name", "family_name", "dob", "address"])
    for r in rows[1:]:
        w.writerow([r[0], r[1], r[2], r[9], " ".join(r[3:9])])
PY

"$BIN" resolve --records "$TMP/febrl.csv" > "$TMP/clusters.csv"
head -1 "$TMP/clusters.csv" | grep -qx "record_id,cluster_id" || fail "header"
[ "$(wc -l < "$TMP/clusters.csv")" -eq 1001 ] || fail "one line per record"
# Precision and recall against FEBRL's truth, counted here in Python.
python3 - "$TMP/clusters.csv" <<'PY' || fail "FEBRL precision/recall below 0.95"
import csv, itertools, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
by_c, by_t = collections.defaultdict(list), collections.defaultdict(list)
for r in rows:
    by_c[r["cluster_id"]].append(r["record_id"]); by_t[r["record_id"].split("-")[1]].append(r["record_id"])
pairs = lambda g: {tuple(sorted(p)) for v in g.values() for p in itertools.combinations(v, 2)}
pred, true = pairs(by_c), pairs(by_t)
p, r = len(pred & true) / max(1, len(pred)), len(pred & true) / len(true)
print(f"precision {p:.4f} recall {r:.4f}")
sys.exit(0 if p >= 0.95 and r >= 0.95 else 1)
PY

"$BIN" resolve --records "$TMP/febrl.csv" --json --review "$TMP/review.csv" > "$TMP/out.json"
python3 - "$TMP/out.json" <<'PY' || fail "json explanations"
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["assignments"]) == 1000
link = j["clusters"][0]["links"][0]["explanation"]
total = link["prior"] + sum(f["weight"] for f in link["fields"])
assert abs(total - link["weight"]) < 1e-6, (total, link["weight"])
assert all(f["agreement"] for f in link["fields"])
assert j["model"]["comparisons"][0]["field"] == "given_name"
PY
head -1 "$TMP/review.csv" | grep -qx "a,b,probability,reason" || fail "review header"

# Bad input: the error names file, line and field.
printf 'record_id,given_name,surname\n1,a,b\n' > "$TMP/bad.csv"
if "$BIN" resolve --records "$TMP/bad.csv" 2> "$TMP/err"; then fail "bad header accepted"; fi
grep -q "bad.csv:1:surname" "$TMP/err" || fail "error does not name the column"

# Decisions with --state: not_same splits, revoked restores, new records join incrementally.
cat > "$TMP/people.csv" <<'CSV'
record_id,member,given_name,family_name,full_name,dob,gender,nationality,passport_no,phone
AUS-1,AUS,Mohammad,Rahimi,,1985-03-14,M,AFG,P1234567,0412 345 678
MYS-7,MYS,,,Muhammad Rahimi,14/03/1985,M,AFG,P1234567,
THA-3,THA,,,สมชาย ศรีสุข,1990-07-01,M,THA,,081 234 5678
AUS-2,AUS,Somchai,Srisuk,,1990-07-01,M,THA,,+66 81 234 5678
LKA-4,LKA,Nimal,Perera,,1979-11-02,M,LKA,N7654321,
CSV
"$BIN" resolve --records "$TMP/people.csv" --state "$TMP/state" > "$TMP/c1.csv"
grep -qx "MYS-7,AUS-1" "$TMP/c1.csv" || fail "Rahimi records not linked"
grep -qx "AUS-2,THA-3" "$TMP/c1.csv" || fail "Somchai across scripts not linked"
"$BIN" resolve --state "$TMP/state" --decide AUS-1,MYS-7 --verdict not_same --analyst tester > "$TMP/c2.csv"
grep -qx "MYS-7,MYS-7" "$TMP/c2.csv" || fail "not_same did not split"
"$BIN" resolve --state "$TMP/state" --decide MYS-7,AUS-1 --verdict revoked --analyst tester > "$TMP/c3.csv"
grep -qx "MYS-7,AUS-1" "$TMP/c3.csv" || fail "revoke did not restore"
[ "$(wc -l < "$TMP/state/decisions.jsonl")" -eq 2 ] || fail "decisions not kept"
printf 'record_id,member,given_name,family_name,dob,nationality\nNZL-5,NZL,Somchai,Srisuk,01/07/1990,THA\n' > "$TMP/new.csv"
"$BIN" resolve --records "$TMP/new.csv" --state "$TMP/state" > "$TMP/c4.csv"
grep -qx "NZL-5,THA-3" "$TMP/c4.csv" || fail "incremental record not linked"
[ "$(wc -l < "$TMP/c4.csv")" -eq 7 ] || fail "incremental output should list all records"

# Hit/no-hit between two members.
"$BIN" encode --new-secret "$TMP/group.secret" 2>/dev/null
[ "$(stat -c %a "$TMP/group.secret")" = "600" ] || fail "secret file readable by others"
grep -E '^(AUS|record)' "$TMP/people.csv" > "$TMP/aus.csv"
grep -E '^(MYS|THA|LKA|record)' "$TMP/people.csv" > "$TMP/other.csv"
"$BIN" encode --records "$TMP/aus.csv" --secret "$TMP/group.secret" --member AUS --out "$TMP/aus.enc" 2>/dev/null
"$BIN" encode --records "$TMP/other.csv" --secret "$TMP/group.secret" --member XXX --out "$TMP/other.enc" 2>/dev/null
for word in Rahimi Somchai 1985 412345678 P1234567; do
  if grep -qi "$word" "$TMP/aus.enc"; then fail "encoding file contains $word"; fi
done
"$BIN" match "$TMP/aus.enc" "$TMP/other.enc" > "$TMP/hits.csv"
grep -q "^AUS,AUS-1,XXX,MYS-7,passport_no,1.0000$" "$TMP/hits.csv" || fail "passport hit missing"
grep -q "^AUS,AUS-2,XXX,THA-3,phone,1.0000$" "$TMP/hits.csv" || fail "phone hit missing"
grep -q "^AUS,AUS-2,XXX,THA-3,name_dob," "$TMP/hits.csv" || fail "name hit across scripts missing"
if grep -q "LKA-4" "$TMP/hits.csv"; then fail "no-hit record reported"; fi
"$BIN" encode --new-secret "$TMP/other.secret" 2>/dev/null
"$BIN" encode --records "$TMP/other.csv" --secret "$TMP/other.secret" --member XXX --out "$TMP/wrong.enc" 2>/dev/null
if "$BIN" match "$TMP/aus.enc" "$TMP/wrong.enc" 2> "$TMP/err"; then fail "different secrets matched"; fi
grep -q "different group secret" "$TMP/err" || fail "secret mismatch not explained"
echo "ok"
