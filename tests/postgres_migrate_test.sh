#!/usr/bin/env bash
# `disrupt migrate` between SQLite and PostgreSQL, both ways, on a generated
# regional data set: the command's own verification reports every table the
# same; independently of it, `disrupt export` of the source, the PostgreSQL
# copy and the copy brought back to SQLite are byte-identical, stats agree,
# and cross-script searches return the same hits in the same order on both
# stores. A record changed behind the store's back makes --verify-only fail
# with the data-loss exit code (8); migrating into a catalogue that already
# holds records is refused (5).
#
# The tables kept beside the catalogue move too: a portal on a protected
# SQLite catalogue signs two users in, registers a watchlist selector and
# takes two members' encodings (one hit); after the move `disrupt audit
# verify` accepts the PostgreSQL copy's chain with the signing key, a portal
# on PostgreSQL accepts the session opened on SQLite and lists the selector
# and the hit, new rows are numbered after the moved ones, and moving into
# that database again is refused (5).
#
# Needs DISRUPT_TEST_POSTGRES (make test starts a throw-away cluster); the
# test works in a schema of its own and drops it afterwards.
set -euo pipefail
BIN="${DISRUPT_BINARY:?}"
SRC="${DISRUPT_SOURCE_DIR:?}"
PG="${DISRUPT_TEST_POSTGRES:-}"
if [ -z "$PG" ]; then
  echo "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server for this run"
  exit 77
fi
WORK="$(mktemp -d)"
SCHEMA="migrate_$$"
case "$PG" in *\?*) PGS="$PG&schema=$SCHEMA" ;; *) PGS="$PG?schema=$SCHEMA" ;; esac
cleanup() {
  psql -X -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" generate --entities 1500 --seed 7 --out gen --quiet
"$BIN" init --store c.db --members "$SRC/datasets/bali-process-members/members.csv" > init.out
"$BIN" import --store c.db --format json --quiet gen/records.jsonl > import.out 2>&1 || { cat import.out; fail "import"; }
# A second import of part of the data (versions and update times are part of
# migrate's record digest).
head -50 gen/records.jsonl > again.jsonl
"$BIN" import --store c.db --format json --quiet again.jsonl > import2.out 2>&1 || { cat import2.out; fail "re-import"; }

"$BIN" migrate --from sqlite:c.db --to "$PGS" --batch 400 --json > to_pg.json 2> to_pg.err \
  || { cat to_pg.err; fail "migrate to PostgreSQL"; }
python3 - <<'PY' || fail "verification of the move to PostgreSQL: $(cat to_pg.json)"
import json
r = json.load(open("to_pg.json"))
assert r["same"], r
rows = {t["table"]: t["from_rows"] for t in r["tables"]}
assert rows["records"] > 1500 and rows["members"] >= 49 and rows["settings"] >= 1, rows
PY

# Independent of migrate's digests: exports and stats agree.
# (The first line of an export is its header, with the time it was made.)
same_records() { cmp -s <(tail -n +2 "$1") <(tail -n +2 "$2"); }
"$BIN" export --store c.db --format json --out from_sqlite.jsonl > /dev/null
"$BIN" export --store "$PGS" --format json --out from_pg.jsonl > /dev/null
same_records from_sqlite.jsonl from_pg.jsonl || fail "export from PostgreSQL differs from the SQLite original"
"$BIN" stats --store c.db --json > s1.json
"$BIN" stats --store "$PGS" --json > s2.json
cmp -s s1.json s2.json || fail "stats differ: $(diff s1.json s2.json)"

# Same hits in the same order: names taken from the data, in several scripts.
python3 - > queries.txt <<'PY'
import json
names = []
for line in open("gen/records.jsonl"):
    r = json.loads(line)
    if r.get("type") == "Person":
        names += r.get("properties", {}).get("name", [])[:1]
picked = names[::97][:12]
words = [n.split()[0] for n in picked] + [n.split()[-1][:3] for n in picked]
print("\n".join(dict.fromkeys(picked + words)))
PY
[ "$(wc -l < queries.txt)" -ge 10 ] || fail "too few queries drawn from the data"
while IFS= read -r q; do
  "$BIN" search --store c.db --json --limit 1000 "$q" > a.json
  "$BIN" search --store "$PGS" --json --limit 1000 "$q" > b.json
  cmp -s a.json b.json || fail "search '$q' differs: $(diff a.json b.json | head -5)"
done < queries.txt

# Into a catalogue that holds records: refused.
rc=0
"$BIN" migrate --from sqlite:c.db --to "$PGS" > again.out 2>&1 || rc=$?
[ "$rc" -eq 5 ] && grep -q "already holds" again.out || fail "migrating into a full catalogue: rc=$rc $(cat again.out)"

# And back to SQLite.
"$BIN" migrate --from "$PGS" --to sqlite:back.db > back.out 2>&1 || { cat back.out; fail "migrate back to SQLite"; }
"$BIN" export --store back.db --format json --out from_back.jsonl > /dev/null
same_records from_sqlite.jsonl from_back.jsonl || fail "the round trip changed records"

# A record changed behind the store's back is found.
psql -X -q "$PG" -c "UPDATE $SCHEMA.records SET body = replace(body, '\"agency\":\"', '\"agency\":\"X') \
  WHERE id = (SELECT min(id) FROM $SCHEMA.records WHERE type = 'Person')" >/dev/null
"$BIN" migrate --verify-only --from sqlite:c.db --to "$PGS" > tampered.out 2>&1 && rc=0 || rc=$?
# The record still reads back as a valid record: only the digest can tell.
if [ "$rc" -ne 8 ] || ! grep -q "records.*DIFFERENT" tampered.out; then
  fail "verification missed a changed record: rc=$rc $(cat tampered.out)"
fi
# ---- The security tables and the portal's state move with the catalogue ----
SCHEMA2="${SCHEMA}_portal"
case "$PG" in *\?*) PGP="$PG&schema=$SCHEMA2" ;; *) PGP="$PG?schema=$SCHEMA2" ;; esac
cleanup2() {
  psql -X -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA2 CASCADE" >/dev/null 2>&1 || true
  cleanup
}
trap cleanup2 EXIT
(umask 077; python3 -c 'import os; print(os.urandom(32).hex())' > audit.key)
(umask 077; python3 -c 'import os; print(os.urandom(32).hex())' > field.key)
export DISRUPT_AUDIT_KEY_FILE="$WORK/audit.key" DISRUPT_FIELD_KEY_FILE="$WORK/field.key"
echo "Adm1n-passphrase-long" | "$BIN" init --store p.db --members "$SRC/datasets/bali-process-members/members.csv" \
  > initp.out 2>&1 || { cat initp.out; fail "init of the portal catalogue"; }
for u in nzl1:NZL aus1:AUS; do
  echo "correct-horse-battery-9" | "$BIN" user add --store p.db --id "${u%%:*}" --member "${u##*:}" --agency AG \
    --roles analyst --clearance SECRET --no-totp --password-stdin > /dev/null || fail "user add $u"
done
"$BIN" encode --new-secret group.secret > /dev/null
printf 'record_id,given_name,family_name,full_name,dob,phone\nNZL-1,Aroha,Ngata,,1990-09-09,+64 21 555 0100\n' > NZL.csv
printf 'record_id,given_name,family_name,full_name,dob,phone\nAUS-1,Kamal,Perera,,1980-02-03,+64215550100\n' > AUS.csv
for m in NZL AUS; do
  "$BIN" encode --records "$m.csv" --secret group.secret --member "$m" --out "$m.enc" > /dev/null || fail "encode $m"
done

# Runs `disrupt serve` on $1 and the Python in $2 against it (PORT in its environment).
with_portal() {
  cat > serve.json <<JSON
{"store": "$1", "port": 0, "port_file": "$WORK/port", "demo_mode": true,
 "rate_limit_per_second": 100000, "rate_limit_burst": 100000}
JSON
  rm -f port
  "$BIN" serve --config serve.json > serve.log 2>&1 &
  local pid=$! rc=0
  for _ in $(seq 1 600); do [ -s port ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  [ -s port ] || { cat serve.log; fail "the portal did not start on $1"; }
  PORT="$(cat port)" python3 -c "$2" || rc=$?
  kill -TERM "$pid"; wait "$pid" || true
  [ "$rc" -eq 0 ] || { tail -20 serve.log; fail "portal checks on $1"; }
}
PORTAL_COMMON='
import http.client, json, os
def call(method, path, body=None, raw=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", int(os.environ["PORT"]), timeout=60)
    h = dict(headers or {})
    if body is not None:
        raw = json.dumps(body).encode(); h["Content-Type"] = "application/json"
    c.request(method, path, body=raw, headers=h)
    r = c.getresponse(); data = r.read()
    return r.status, r.getheader("Set-Cookie") or "", data
def sign_in(user):
    st, cookie, data = call("POST", "/api/v1/session", {"username": user, "password": "correct-horse-battery-9"})
    assert st == 200, (st, data)
    return {"Cookie": cookie.split(";")[0], "X-CSRF-Token": json.loads(data)["csrf_token"]}
'
with_portal p.db "$PORTAL_COMMON"'
nzl, aus = sign_in("nzl1"), sign_in("aus1")
st, _, data = call("POST", "/api/v1/watchlists", {"kind": "phone", "value": "+64 21 555 0199"}, headers=nzl)
assert st == 201, (st, data)
for who, m in ((nzl, "NZL"), (aus, "AUS")):
    st, _, data = call("POST", "/api/v1/deconfliction/encodings", raw=open(m + ".enc", "rb").read(),
                       headers=dict(who, **{"Content-Type": "application/x-ndjson"}))
    assert st == 201, (st, data)
assert json.loads(data)["new_hits"] == 1, data
json.dump({"cookie": nzl["Cookie"], "selector": json.loads(call("GET", "/api/v1/watchlists", headers=nzl)[2])},
          open("portal.json", "w"))
'

"$BIN" migrate --from sqlite:p.db --to "$PGP" --json > portal_pg.json 2> portal_pg.err \
  || { cat portal_pg.err portal_pg.json; fail "migrate the portal catalogue to PostgreSQL"; }
python3 - <<'PY' || fail "the security tables did not all move: $(cat portal_pg.json)"
import json
r = json.load(open("portal_pg.json"))
assert r["same"] and r["audit_chain"]["intact"], r
rows = {t["table"]: (t["from_rows"], t["to_rows"]) for t in r["tables"]}
expect_at_least = {"auth_user": 2, "auth_session": 2, "audit_log": 5, "watch_selector": 1, "deconflict_upload": 2,
                   "deconflict_hit": 1}
for table, n in expect_at_least.items():
    assert rows[table][0] >= n and rows[table][0] == rows[table][1], (table, rows[table])
assert r["audit_chain"]["entries"] == rows["audit_log"][1], r["audit_chain"]
PY
# Independently of migrate's digests: the chain and its signatures, with the key.
"$BIN" audit verify --store "$PGP" > verify.out 2>&1 || { cat verify.out; fail "audit verify on the moved log"; }
# A new row is numbered after the moved ones.
max_hit="$(psql -X -q -t -A "$PG" -c "SELECT max(id) FROM $SCHEMA2.deconflict_hit")"
new_hit="$(psql -X -q -t -A "$PG" -c "INSERT INTO $SCHEMA2.deconflict_hit (member_a, ref_a, member_b, ref_b, kind, \
  strength_ppm, created_at) VALUES ('X', 'x', 'Y', 'y', 'phone', 1, 1) RETURNING id" | head -1)"
[ "$new_hit" -gt "$max_hit" ] || fail "a new hit got id $new_hit, not after $max_hit"
psql -X -q "$PG" -c "DELETE FROM $SCHEMA2.deconflict_hit WHERE member_a = 'X'" > /dev/null
with_portal "$PGP" "$PORTAL_COMMON"'
saved = json.load(open("portal.json"))
headers = {"Cookie": saved["cookie"]}
st, _, data = call("GET", "/api/v1/session", headers=headers)
assert st == 200 and b"nzl1" in data, ("the session opened on SQLite", st, data)
st, _, data = call("GET", "/api/v1/watchlists", headers=headers)
assert st == 200 and json.loads(data) == saved["selector"], ("selectors", data, saved)
st, _, data = call("GET", "/api/v1/deconfliction/hits", headers=headers)
hits = json.loads(data)["items"]
assert [(h["your_record"], h["other_member"]["member"]) for h in hits] == [("NZL-1", "AUS")], hits
'
rc=0
"$BIN" migrate --from sqlite:p.db --to "$PGP" > again2.out 2>&1 || rc=$?
[ "$rc" -eq 5 ] && grep -q "already holds" again2.out || fail "moving into a used database: rc=$rc $(cat again2.out)"

echo "postgres migrate: all checks passed"
