#!/usr/bin/env bash
# Several portal servers: import throughput and audited entity reads per
# second with one and two `disrupt serve` instances on PostgreSQL (behind
# nginx, as tests/multi_instance_test.py runs them) against one on SQLite, in
# the same run, with the CPU time of servers, PostgreSQL and nginx.
# The work is bench/multi_instance.py's; see its description.
#
# Usage: bench/multi_instance.sh BUILD_DIR   (a Release build with `disrupt`)
# Output: bench/results/multi_instance.txt and the same lines on stdout.
set -euo pipefail
exec /usr/bin/python3 "$(dirname "$0")/multi_instance.py" "$1"
