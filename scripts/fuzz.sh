#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets under fuzz/ with clang (AddressSanitizer,
# UndefinedBehaviorSanitizer, coverage) in build/fuzz and runs each for
# FUZZ_SECONDS (default 300) over a copy of its seed corpus (fuzz/corpus/<name>).
# New inputs that crash are kept in build/fuzz/crashes/. Exit 1 on any crash.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build/fuzz}"
SECONDS_EACH="${FUZZ_SECONDS:-300}"
JOBS="${JOBS:-2}"
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing (apt-get install clang libclang-rt-14-dev)"; exit 1; }
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
  -DCMAKE_CXX_FLAGS_DEBUG="" -DDISRUPT_BUILD_TESTS=OFF -DDISRUPT_BUILD_FUZZ=ON >/dev/null
targets=()
for f in "$ROOT"/fuzz/*_fuzzer.cc; do targets+=("$(basename "$f" .cc)"); done
cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]}"
mkdir -p "$BUILD/crashes"
status=0
for t in "${targets[@]}"; do
  name="${t%_fuzzer}"
  work="$(mktemp -d)"
  cp -r "$ROOT/fuzz/corpus/$name/." "$work/" 2>/dev/null || true
  echo "== $t: ${SECONDS_EACH}s"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$BUILD/fuzz/$t" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
      -artifact_prefix="$BUILD/crashes/$name-" -print_final_stats=1 "$work" 2>"$BUILD/$t.log"; then
    echo "fuzz.sh: $t found a failure; see $BUILD/$t.log and $BUILD/crashes/"
    tail -40 "$BUILD/$t.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD/$t.log" | tail -2
  fi
  rm -rf "$work"
done
exit $status
