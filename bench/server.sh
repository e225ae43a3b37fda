#!/usr/bin/env bash
# Portal server benchmark: authorized entity reads per second and latency at
# 64 connections, with wrk on loopback, auditing on (every read is appended
# to the hash-chained audit log). The same run measures /healthz on the same
# server (HTTP stack only: no session, policy, store or audit) as the peer
# that bounds what the HTTP layer alone can do on this machine.
#
# The shared 2-core machine makes wall-clock rates depend on what else runs,
# so each line also gives the server's CPU time per request (user + system
# from /proc, all its threads) and the load average is printed before and
# after. The audited reads run twice, on a fresh server each time: with the
# session cache (the default) and without it (session_cache false), as the
# peer showing what the cache saves.
#
# Usage: bench/server.sh BUILD_DIR   (a Release build with the `disrupt` binary)
# Environment: SERVER_BENCH_NICE (e.g. -15: run the benchmark, server and wrk
#   at that scheduling priority, as root, so that other work on a shared
#   machine disturbs the figures less), SERVER_BENCH_SECONDS (20), SERVER_BENCH_ENTITIES (20000),
#   SERVER_BENCH_CONNECTIONS (64), SERVER_BENCH_THREADS (server worker threads, 16: the default),
#   SERVER_BENCH_PERF (a file: `perf record -g` of the server during the audited reads).
# Output: bench/results/server.txt and a summary on stdout.
set -euo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/src/cli/disrupt"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
command -v wrk >/dev/null || { echo "server.sh: wrk is not installed (scripts/install-deps.sh)"; exit 1; }
[ -x "$BIN" ] || { echo "server.sh: no binary at $BIN"; exit 1; }

if [ -n "${SERVER_BENCH_NICE:-}" ] && [ -z "${SERVER_BENCH_OWN_SESSION:-}" ]; then
  # The kernel schedules each session as a group: run in a session of our own.
  SERVER_BENCH_OWN_SESSION=1 exec setsid -w bash "$0" "$@"
fi
if [ -n "${SERVER_BENCH_NICE:-}" ]; then
  # The group's priority is what counts against other sessions' work.
  echo "$SERVER_BENCH_NICE" > /proc/self/autogroup 2>/dev/null || true
  renice -n "$SERVER_BENCH_NICE" -p $$ >/dev/null || { echo "server.sh: cannot raise the priority (root only)"; exit 1; }
fi
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

THREADS="${SERVER_BENCH_THREADS:-16}"
start_server() {  # session_cache: true or false
  rm -f "$WORK/port"
  cat > "$WORK/serve.json" <<JSON
{"store": "$STORE", "port": 0, "port_file": "$WORK/port", "demo_mode": true, "access_log": false,
 "threads": $THREADS, "rate_limit_per_second": 1000000, "rate_limit_burst": 1000000, "audit_reads": true,
 "session_cache": $1}
JSON
  "$BIN" serve --config "$WORK/serve.json" 2>>"$WORK/server.log" &
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
}
stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

run_wrk() {  # name, then wrk arguments
  local name="$1"; shift
  local before after requests
  before="$(cpu_ticks)"
  local perf_pid=""
  if [ -n "${SERVER_BENCH_PERF:-}" ] && [ "$name" = "entity read (audited)" ]; then
    perf record -F 499 -g -p "$SERVER_PID" -o "$SERVER_BENCH_PERF" -- sleep "$DURATION" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/run.txt" 2>&1
  after="$(cpu_ticks)"
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  local rps p50 p99 errors cpu
  rps="$(awk '/^Requests\/sec/ {print $2}' "$WORK/run.txt")"
  p50="$(awk '$1=="50%" {print $2}' "$WORK/run.txt")"
  p99="$(awk '$1=="99%" {print $2}' "$WORK/run.txt")"
  requests="$(awk '/requests in/ {print $1}' "$WORK/run.txt")"
  cpu="$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.3f", (n > 0 ? t / hz * 1000 / n : 0)}')"
  errors="$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/run.txt" | tr '\n' ' ')"
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   server CPU %s ms/req   %s\n' \
    "$name" "$rps" "$p50" "$p99" "$cpu" "$errors"
}

{
  echo "# Portal server, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $ENTITIES entities," \
       "$CONNECTIONS connections, ${DURATION}s each, wrk 2 threads, $THREADS server threads"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); scheduling: nice $(nice), $(cat /proc/self/autogroup 2>/dev/null)"
  start_server true
  run_wrk "healthz (HTTP stack only)" "$BASE/healthz"
  run_wrk "entity read (audited)" -s "$WORK/reads.lua" "$BASE"
  AUDITED="$(curl -s "$BASE/metrics" | awk -F' ' '/^disrupt_http_requests_total\{route="\/api\/v1\/entities\/\{id\}",method="GET",status="200"\}/ {print $2}')"
  echo "entity reads answered 200 (from /metrics): $AUDITED"
  stop_server
  start_server false
  run_wrk "entity read, no session cache" -s "$WORK/reads.lua" "$BASE"
  stop_server
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} > >(tee "$RESULTS/server.txt")
wait
