#!/usr/bin/env bash
# Portal server benchmark: authorized entity reads per second and latency at
# 64 connections, with wrk on loopback, auditing on (every read is appended
# to the hash-chained audit log). The same run measures /healthz on the same
# server (HTTP stack only: no session, policy, store or audit) as the peer
# that bounds what the HTTP layer alone can do on this machine.
#
# Usage: bench/server.sh BUILD_DIR   (a Release build with the `disrupt` binary)
# Output: bench/results/server.txt and a summary on stdout.
set -euo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/src/cli/disrupt"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
command -v wrk >/dev/null || { echo "server.sh: wrk is not installed (scripts/install-deps.sh)"; exit 1; }
[ -x "$BIN" ] || { echo "server.sh: no binary at $BIN"; exit 1; }

ENTITIES="${SERVER_BENCH_ENTITIES:-20000}"
DURATION="${SERVER_BENCH_SECONDS:-20}"
CONNECTIONS="${SERVER_BENCH_CONNECTIONS:-64}"
WORK="$(mktemp -d /tmp/disrupt-server-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DISRUPT_AUDIT_KEY_FILE="$WORK/audit.key" DISRUPT_FIELD_KEY_FILE="$WORK/field.key"
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/audit.key")
(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/field.key")
STORE="$WORK/catalogue.db"
"$BIN" init --store "$STORE" --members "$ROOT/datasets/bali-process-members/members.csv" >/dev/null
echo "bench-password-1234" | "$BIN" user add --store "$STORE" --id bench --member AUS --agency AFP \
  --roles analyst --clearance SECRET --no-totp --password-stdin >/dev/null
/usr/bin/python3 - "$WORK/records.jsonl" "$ENTITIES" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({
            "id": "AUS-B-%06d" % i, "kind": "entity", "type": "Person",
            "properties": {"name": ["Person %d" % i], "nationality": ["AFG"]},
            "provenance": {"originator": "AUS", "agency": "AFP", "reported": "2024-03-01",
                           "reliability": "B", "credibility": 2},
            "handling": {"classification": "RESTRICTED", "tlp": "TLP:AMBER", "codes": [],
                         "releasable_to": ["IDN"], "originator_control": False, "review_date": "2099-01-01"}}) + "\n")
PY
"$BIN" import --store "$STORE" --format json "$WORK/records.jsonl" >/dev/null

cat > "$WORK/serve.json" <<JSON
{"store": "$STORE", "port": 0, "port_file": "$WORK/port", "demo_mode": true, "access_log": false,
 "threads": 96, "rate_limit_per_second": 1000000, "rate_limit_burst": 1000000, "audit_reads": true}
JSON
"$BIN" serve --config "$WORK/serve.json" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 600); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT="$(cat "$WORK/port")"
BASE="http://127.0.0.1:$PORT"
COOKIE="$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-1234"}' "$BASE/api/v1/session" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')"
[ -n "$COOKIE" ] || { echo "server.sh: sign-in failed"; cat "$WORK/server.log"; exit 1; }
curl -sf -H "Cookie: $COOKIE" "$BASE/api/v1/entities/AUS-B-000001" >/dev/null || { echo "server.sh: read failed"; exit 1; }

cat > "$WORK/reads.lua" <<LUA
math.randomseed(42)
request = function()
  local path = string.format("/api/v1/entities/AUS-B-%06d", math.random(0, $ENTITIES - 1))
  return wrk.format("GET", path, {["Cookie"] = "$COOKIE"})
end
LUA

run_wrk() {  # name, then wrk arguments
  local name="$1"; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt" 2>&1
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec/ {print $2}' "$WORK/$name.txt")"
  p50="$(awk '$1=="50%" {print $2}' "$WORK/$name.txt")"
  p99="$(awk '$1=="99%" {print $2}' "$WORK/$name.txt")"
  errors="$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/$name.txt" | tr '\n' ' ')"
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
}

{
  echo "# Portal server, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $ENTITIES entities," \
       "$CONNECTIONS connections, ${DURATION}s each, wrk 2 threads"
  run_wrk "healthz (HTTP stack only)" "$BASE/healthz"
  run_wrk "entity read (audited)" -s "$WORK/reads.lua" "$BASE"
  AUDITED="$(curl -s "$BASE/metrics" | awk -F' ' '/^disrupt_http_requests_total\{route="\/api\/v1\/entities\/\{id\}",method="GET",status="200"\}/ {print $2}')"
  echo "entity reads answered 200 (from /metrics): $AUDITED"
} | tee "$RESULTS/server.txt"
