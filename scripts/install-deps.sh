#!/usr/bin/env bash
# Installs the Debian 12 packages Disrupt needs to build, test and run.
# Idempotent: only packages that are missing are installed. Uses sudo when
# not run as root. Pass --runtime for the packages a server needs to run
# (no compilers), otherwise everything for build, test and benchmarks.
set -euo pipefail

BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libsqlite3-dev nlohmann-json3-dev libcpp-httplib-dev libsodium-dev
  libssl-dev libicu-dev libphonenumber-dev libigraph-dev libpqxx-dev libpq-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
)
TEST_PACKAGES=(
  python3 python3-networkx python3-igraph postgresql nginx-light wrk sqlite3
  curl openssl iproute2 clang libclang-rt-14-dev chromium nodejs
)
RUNTIME_PACKAGES=(
  libsqlite3-0 libsodium23 libssl3 libicu72 libphonenumber8 libigraph3 libpqxx-6.4
)

want=()
case "${1:-}" in
  --runtime) want=("${RUNTIME_PACKAGES[@]}") ;;
  *) want=("${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# npm comes with NodeSource's nodejs; Debian's nodejs needs Debian's npm beside it.
if [ "${1:-}" != "--runtime" ] && ! command -v npm >/dev/null; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
