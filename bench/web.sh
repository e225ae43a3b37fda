#!/usr/bin/env bash
# Network explorer at 5,000 actors (issue 8: "a 5,000-node network view is
# interactive within 2 s"), measured in Debian's Chromium headless.
#
#   bash bench/web.sh BUILD_DIR [ACTORS]
#
# Builds a catalogue with one network of ACTORS people (default 5,000) linked
# by preferential attachment (two links per newcomer, fixed seed), serves it
# with BUILD_DIR's `disrupt serve`, opens the explorer on the network and
# reads what the page measured: the time from asking for the graph to the
# first frame, the part of it spent in the browser (building the graph and
# drawing the first WebGL frame), and the median time of a redraw (what each
# step of panning or zooming costs).
# Software rendering (no GPU in headless Chromium here): a desktop with a GPU
# draws faster. Results: bench/results/web.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$1/src/cli/disrupt"
ACTORS="${2:-5000}"
[ -x "$BIN" ] || { echo "web bench: $BIN is missing" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "web bench: skipped, /usr/bin/chromium is missing"; exit 0; }
[ -d "$ROOT/web/node_modules/playwright-core" ] && [ -f "$ROOT/web/dist/index.html" ] || { echo "web bench: skipped, run make web first"; exit 0; }
DIR="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$DIR"' EXIT
export DISRUPT_AUDIT_KEY_FILE="$DIR/audit.key" DISRUPT_FIELD_KEY_FILE="$DIR/field.key"
"$BIN" audit keygen --out "$DIR/audit.key" >/dev/null
"$BIN" audit keygen --out "$DIR/field.key" >/dev/null
"$BIN" init --store "$DIR/c.db" --members "$ROOT/datasets/bali-process-members/members.csv" >/dev/null <<<"Adm1n-passphrase-long"
/usr/bin/python3 - "$ACTORS" >"$DIR/net.jsonl" <<'PY'
import json, random, sys
n = int(sys.argv[1]); rnd = random.Random(8)
prov = {"originator": "AUS", "agency": "AFP", "reported": "2024-01-01", "reliability": "B", "credibility": 2}
hd = {"classification": "RESTRICTED", "tlp": "TLP:AMBER", "codes": [], "releasable_to": [], "originator_control": False, "review_date": "2099-01-01"}
net = "AUS-BENCH-N-1"
print(json.dumps({"id": net, "kind": "entity", "type": "Network", "properties": {"name": ["Bench network"], "network_status": ["active"]}, "provenance": prov, "handling": hd}))
countries = ["AFG", "PAK", "LKA", "MMR", "BGD", "IRN", "MYS", "THA", "IDN", "AUS", "NZL"]
for i in range(n):
    print(json.dumps({"id": f"AUS-BENCH-P-{i}", "kind": "entity", "type": "Person", "networks": [net], "properties": {"name": [f"Actor {i}"], "nationality": [rnd.choice(countries)]}, "provenance": prov, "handling": hd}))
ends = [0, 1]; links = [(0, 1)]
for i in range(2, n):
    for t in set(rnd.choice(ends) for _ in range(2)):
        links.append((i, t)); ends += [i, t]
for k, (a, b) in enumerate(links):
    print(json.dumps({"id": f"AUS-BENCH-L-{k}", "kind": "link", "type": "associate_of", "source": f"AUS-BENCH-P-{a}", "target": f"AUS-BENCH-P-{b}", "networks": [net], "properties": {}, "provenance": prov, "handling": hd}))
PY
"$BIN" import --store "$DIR/c.db" --format json --quiet "$DIR/net.jsonl"
"$BIN" user add --store "$DIR/c.db" --id bench.analyst --member AUS --agency AFP --roles analyst --clearance SECRET --no-totp --password-stdin >/dev/null <<<"correct-horse-battery-9"
cat >"$DIR/serve.json" <<JSON
{"store": "$DIR/c.db", "port": 0, "port_file": "$DIR/port", "demo_mode": true, "web_root": "$ROOT/web/dist",
 "rate_limit_per_second": 100000, "rate_limit_burst": 100000}
JSON
"$BIN" serve --config "$DIR/serve.json" >"$DIR/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do [ -s "$DIR/port" ] && break; sleep 0.1; done
mkdir -p "$ROOT/bench/results"
node "$ROOT/bench/web_explorer.mjs" "http://127.0.0.1:$(cat "$DIR/port")" AUS-BENCH-N-1 | tee "$ROOT/bench/results/web.txt"
