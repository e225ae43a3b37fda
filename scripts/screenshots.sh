#!/usr/bin/env bash
# make screenshots: a picture of every screen of the portal in docs/screenshots/.
#
#   bash scripts/screenshots.sh BIN [DATA_DIR]
#
# Sets up (or reuses) a demonstration catalogue in DATA_DIR (default
# build/screenshots-demo, 3,000 generated entities) with scripts/demo.sh,
# serves it on a loopback port chosen by the system, and has headless
# Chromium (playwright-core from web/node_modules) sign in as the
# demonstration administrator and capture each screen at 1366x850
# (scripts/screenshots.mjs). Needs /usr/bin/chromium and web/dist (make web).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:?usage: screenshots.sh BIN [DATA_DIR]}"
DATA="${2:-$ROOT/build/screenshots-demo}"
[ -x /usr/bin/chromium ] || { echo "screenshots: /usr/bin/chromium is missing (scripts/install-deps.sh)" >&2; exit 1; }
[ -f "$ROOT/web/dist/index.html" ] || { echo "screenshots: web/dist is missing (make web)" >&2; exit 1; }

bash "$ROOT/scripts/demo.sh" --setup-only "$BIN" "$DATA" "${SCREENSHOT_SIZE:-3000}" 2024 >/dev/null
PORT_FILE="$DATA/screenshots.port"
rm -f "$PORT_FILE"
DEMO_PORT=0 DEMO_PORT_FILE="$PORT_FILE" bash "$ROOT/scripts/demo.sh" "$BIN" "$DATA" >"$DATA/screenshots-serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  [ -s "$PORT_FILE" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$DATA/screenshots-serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$PORT_FILE" ] || { echo "screenshots: the portal did not start" >&2; exit 1; }
mkdir -p "$ROOT/docs/screenshots"
node "$ROOT/scripts/screenshots.mjs" "http://127.0.0.1:$(cat "$PORT_FILE")" "$DATA/demo-accounts.txt" "$ROOT/docs/screenshots"
