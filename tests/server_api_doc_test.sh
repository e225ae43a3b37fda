#!/usr/bin/env bash
# docs/api.md must be what `disrupt serve --print-api-doc` prints from the
# OpenAPI document; regenerate with:  disrupt serve --print-api-doc > docs/api.md
set -euo pipefail
[ -x "${DISRUPT_BINARY:-}" ] || { echo "DISRUPT_BINARY missing; skipping"; exit 77; }
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
"$DISRUPT_BINARY" serve --print-api-doc > "$tmp"
if ! diff -u "$DISRUPT_SOURCE_DIR/docs/api.md" "$tmp"; then
  echo "docs/api.md is out of date: run 'disrupt serve --print-api-doc > docs/api.md'"
  exit 1
fi
"$DISRUPT_BINARY" serve --print-openapi | /usr/bin/python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["openapi"].startswith("3."), doc["openapi"]
for path, ops in doc["paths"].items():
    for method, op in ops.items():
        assert op["responses"], (path, method)
        for ref in json.dumps(op).split("\"$ref\": \"")[1:]:
            name = ref.split("\"")[0].rsplit("/", 1)[1]
            assert name in doc["components"]["schemas"], (path, method, name)
print("openapi ok:", len(doc["paths"]), "paths")
'
