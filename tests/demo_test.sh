#!/usr/bin/env bash
# `make demo` end to end, small: scripts/demo.sh sets up a data directory
# (keys, catalogue with a generated data set, demonstration accounts), a
# second run reuses it unchanged, and the portal it starts lets a
# demonstration account sign in and read the catalogue through the API, while
# a wrong password is refused. The server runs on a port chosen by the system
# and is stopped with SIGTERM.
set -euo pipefail

BIN="${DISRUPT_BINARY:?}"
SRC="${DISRUPT_SOURCE_DIR:?}"
[ -x "$BIN" ] || { echo "no disrupt binary"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

data="$tmp/data"
bash "$SRC/scripts/demo.sh" --setup-only "$BIN" "$data" 300 5 >"$tmp/setup1.log" 2>&1 || { cat "$tmp/setup1.log"; fail "setup"; }

# What the first run leaves behind, with private files private.
for f in catalogue.db demo-accounts.txt serve.json keys/audit.key keys/field.key generated/records.jsonl .demo-ready; do
  [ -e "$data/$f" ] || fail "missing $f"
done
for f in demo-accounts.txt keys/audit.key keys/field.key; do
  mode="$(stat -c %a "$data/$f")"
  [ "$mode" = 600 ] || fail "$f has mode $mode, want 600"
done
[ "$(stat -c %a "$data")" = 700 ] || fail "data directory is not 0700"
for login in demo.admin aus.analyst idn.analyst lka.investigator; do
  grep -q "^login: *$login\$" "$data/demo-accounts.txt" || fail "no account $login in demo-accounts.txt"
done
grep -q "^totp secret: [A-Z2-7]\{16,\}" "$data/demo-accounts.txt" || fail "no TOTP secret for the administrator"
records_in_file=$(grep -c . "$data/generated/records.jsonl")
grep -q "entities" "$tmp/setup1.log" || fail "no catalogue summary printed"

# A second run reuses everything: same accounts, same catalogue.
cp "$data/demo-accounts.txt" "$tmp/accounts.before"
bash "$SRC/scripts/demo.sh" --setup-only "$BIN" "$data" 300 5 >"$tmp/setup2.log" 2>&1 || { cat "$tmp/setup2.log"; fail "second setup"; }
grep -q "reusing" "$tmp/setup2.log" || fail "second run did not reuse the data directory"
cmp -s "$tmp/accounts.before" "$data/demo-accounts.txt" || fail "second run changed the accounts"
"$BIN" user list --store "$data/catalogue.db" >"$tmp/users.txt" 2>/dev/null
[ "$(grep -c '^[a-z]' "$tmp/users.txt")" -eq 5 ] || { cat "$tmp/users.txt"; fail "want a header and 4 users after two runs"; }

# Serve (the script execs the server, so $pid is the server) and sign in.
DEMO_PORT=0 DEMO_PORT_FILE="$tmp/port" bash "$SRC/scripts/demo.sh" "$BIN" "$data" 300 5 >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do  # waiting for the port file to appear, not timing anything
  [ -s "$tmp/port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log"; fail "server exited"; }
  sleep 0.1
done
[ -s "$tmp/port" ] || { cat "$tmp/serve.log"; fail "server did not start"; }
grep -q "demo-accounts.txt" "$tmp/serve.log" || fail "the banner does not say where the accounts are"

password="$(awk '/^login: *aus.analyst$/ {found=1} found && /^password:/ {print $2; exit}' "$data/demo-accounts.txt")"
[ -n "$password" ] || fail "no password for aus.analyst"
python3 - "$(cat "$tmp/port")" "$password" "$records_in_file" <<'PY' || fail "API sign-in"
import http.client, json, sys
port, password, records_in_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])

def call(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    return r.status, r.getheader("Set-Cookie") or "", r.read()

status, _, _ = call("POST", "/api/v1/session", {"username": "aus.analyst", "password": password + "x"})
assert status == 401, "wrong password: %d" % status
status, cookie, payload = call("POST", "/api/v1/session", {"username": "aus.analyst", "password": password})
assert status == 200, "sign-in: %d %s" % (status, payload[:300])
session = json.loads(payload)
cookie = cookie.split(";")[0]
status, _, payload = call("GET", "/api/v1/session", headers={"Cookie": cookie})
assert status == 200, "session: %d" % status
me = json.loads(payload)
assert "aus.analyst" in json.dumps(me), me
status, _, payload = call("GET", "/api/v1/entities?limit=5", headers={"Cookie": cookie})
assert status == 200, "entities: %d %s" % (status, payload[:300])
assert b'"id"' in payload, "an AUS analyst sees records of the generated data set"
print("signed in; records listed; %d records generated" % records_in_file)
PY
kill -TERM "$pid"
wait "$pid" || true
pid=""
echo "demo: OK"
