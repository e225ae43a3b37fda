#!/usr/bin/env bash
# Runs the libFuzzer targets (fuzz/) briefly over their seed corpus plus a
# short random exploration. Needs clang with libFuzzer (Debian's clang and
# libclang-rt-14-dev); skips (77) when they are absent. `make fuzz` runs them
# for longer (scripts/fuzz.sh).
set -euo pipefail
ROOT="${DISRUPT_SOURCE_DIR:?}"
command -v clang++ >/dev/null || { echo "clang++ missing; skipping the fuzz targets"; exit 77; }
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' > "$probe/probe.cc"
if ! clang++ -fsanitize=fuzzer "$probe/probe.cc" -o "$probe/probe" 2>/dev/null; then
  echo "clang has no libFuzzer runtime (libclang-rt-14-dev); skipping"; exit 77
fi
FUZZ_SECONDS="${FUZZ_SECONDS:-10}" bash "$ROOT/scripts/fuzz.sh"
