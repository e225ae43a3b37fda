#!/usr/bin/env bash
# End-to-end test of the members' portal in a real browser: Debian's Chromium,
# headless, driven by playwright-core (web/node_modules) against a real
# `disrupt serve` on loopback with generated data. The steps are in
# tests/web_e2e.mjs. Skipped (77), saying why, only when Chromium, Node.js or
# web/node_modules is missing; builds web/dist when it is absent or older than
# the sources.
set -euo pipefail
ROOT="${DISRUPT_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
if [ ! -x /usr/bin/chromium ]; then echo "skipped: /usr/bin/chromium is not installed (scripts/install-deps.sh installs it)"; exit 77; fi
if ! command -v node >/dev/null; then echo "skipped: Node.js is not installed"; exit 77; fi
if [ ! -d "$ROOT/web/node_modules/playwright-core" ]; then echo "skipped: web/node_modules is missing (make web)"; exit 77; fi
if [ ! -f "$ROOT/web/dist/index.html" ] ||
   [ -n "$(find "$ROOT/web/src" "$ROOT/web/index.html" -newer "$ROOT/web/dist/index.html" -print -quit)" ]; then
  (cd "$ROOT/web" && npm run build >/dev/null)
fi
exec node "$ROOT/tests/web_e2e.mjs"
