#!/usr/bin/env bash
# make demo: a catalogue in ./data/ holding a generated regional data set,
# then the portal (or, until a portal is built, a summary of the catalogue).
set -euo pipefail
BIN="$1"; DATA="$2"; SIZE="$3"; SEED="$4"
mkdir -p "$DATA"
STORE="$DATA/catalogue.db"
if [ ! -f "$STORE" ]; then
  "$BIN" init --store "$STORE" --members datasets/bali-process-members/members.csv
  "$BIN" generate --entities "$SIZE" --seed "$SEED" --out "$DATA/generated"
  "$BIN" import --store "$STORE" --format json "$DATA/generated/records.jsonl"
fi
"$BIN" stats --store "$STORE"
