#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (make test) and benchmarks.
#
#   pg-test-cluster.sh start   [STATE]   create and start it (if not running); prints its URI
#   pg-test-cluster.sh uri     [STATE]   prints the URI of the running cluster
#   pg-test-cluster.sh env     [STATE]   prints "export DISRUPT_TEST_POSTGRES=URI"
#   pg-test-cluster.sh restart [STATE] [fast|immediate]
#                                        restarts the server (immediate = as after a crash)
#   pg-test-cluster.sh stop    [STATE]   stops it and removes all its files
#
# STATE is a small file remembering where the cluster lives (default
# $TMPDIR/disrupt-pg-test-UID.state); use one per build directory.
#
# The cluster runs Debian's PostgreSQL (/usr/lib/postgresql/<version>/bin) in
# a fresh directory under $TMPDIR, as an unprivileged user: the caller, or
# when the caller is root the system user disrupt-test (created if missing;
# falls back to nobody). It listens only on a Unix socket in that directory
# (mode 0700, no TCP port), trusts local connections there, and holds one
# database, disrupt_test. Data durability across power loss is not needed,
# so fsync is off (a server restart or crash still loses nothing committed);
# PG_TEST_FSYNC=on turns it on, for benchmarks that compare with SQLite's
# synchronous writes.
#
# Exit status: 0 on success; 1 with a message on stderr when PostgreSQL is
# not installed or does not start (callers then skip the PostgreSQL tests).
set -euo pipefail

cmd="${1:-}"
state="${2:-${TMPDIR:-/tmp}/disrupt-pg-test-$(id -u).state}"
db_name=disrupt_test
db_user=disrupt

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

# The OS user the server runs as.
run_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
  elif getent passwd disrupt-test >/dev/null; then
    echo disrupt-test
  elif useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin disrupt-test \
    2>/dev/null; then
    echo disrupt-test
  else
    echo nobody
  fi
}

# Runs a command as the server's user.
as_user() {
  local user="$1"
  shift
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

load_state() {
  [ -f "$state" ] || return 1
  # shellcheck disable=SC1090
  . "$state"
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]
}

uri() { echo "postgresql:///$db_name?host=$PG_DIR&user=$db_user"; }

running() {
  load_state || return 1
  as_user "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

start() {
  if running; then
    uri
    return 0
  fi
  # Leftovers of a cluster that is no longer running.
  if load_state; then stop >/dev/null 2>&1 || true; fi
  local bin user dir
  bin="$(pg_bin)" || die "PostgreSQL server binaries not found (install Debian's postgresql)"
  user="$(run_user)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/disrupt-pg.XXXXXX")"
  chmod 0700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$user" "$dir"
  mkdir -p "$(dirname "$state")"
  printf 'PG_DIR=%q\nPG_BIN=%q\nPG_USER=%q\n' "$dir" "$bin" "$user" >"$state"
  PG_DIR="$dir" PG_BIN="$bin" PG_USER="$user"
  if ! as_user "$user" "$bin/initdb" -D "$dir/data" -U "$db_user" -E UTF8 --locale=C.UTF-8 --auth=trust \
    >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2 || true
    stop >/dev/null 2>&1 || true
    die "initdb failed"
  fi
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
port = 5432
fsync = ${PG_TEST_FSYNC:-off}
full_page_writes = ${PG_TEST_FSYNC:-off}
max_connections = 200
shared_buffers = 128MB
log_min_messages = warning
EOF
  if ! as_user "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
    tail -n 20 "$dir/server.log" >&2 || true
    stop >/dev/null 2>&1 || true
    die "the server did not start"
  fi
  local psql="$bin/psql"
  [ -x "$psql" ] || psql=psql
  if ! as_user "$user" "$psql" -X -q -h "$dir" -U "$db_user" -d postgres -c "CREATE DATABASE $db_name" >/dev/null; then
    stop >/dev/null 2>&1 || true
    die "could not create the database"
  fi
  uri
}

stop() {
  load_state || {
    rm -f "$state"
    return 0
  }
  as_user "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  case "$(basename "$PG_DIR")" in
    disrupt-pg.*) rm -rf "$PG_DIR" ;;
  esac
  rm -f "$state"
}

restart() {
  running || die "no cluster running (state $state)"
  local mode="${1:-fast}"
  case "$mode" in fast | immediate) ;; *) die "restart mode must be fast or immediate" ;; esac
  as_user "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -m "$mode" -w -t 60 restart \
    >/dev/null 2>&1 || die "restart failed"
}

case "$cmd" in
  start) start ;;
  uri) running || die "no cluster running (state $state)"; uri ;;
  env) running || die "no cluster running (state $state)"; echo "export DISRUPT_TEST_POSTGRES='$(uri)'" ;;
  restart) restart "${3:-fast}" ;;
  stop) stop ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
