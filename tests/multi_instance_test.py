#!/usr/bin/python3
"""Two `disrupt serve` instances on one PostgreSQL catalogue share their state.

Signs in through one server and carries on through the other: the session and
its CSRF token are valid on both, signing out on one ends the session on the
other, failed sign-ins spread over both servers lock the account after the
same number of failures as on one server, and afterwards the audit log, to
which both servers appended, verifies as one chain with `disrupt audit verify`.

Needs DISRUPT_TEST_POSTGRES (make test starts a throw-away cluster); exits 77
(skipped), saying why, without it. Works in a schema of its own.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import Client, Failure, Server, check, run  # noqa: E402


class PgServer(Server):
    """A Server whose catalogue is `uri`; `init` only for the first one."""

    def __init__(self, uri, init, keys_from=None):
        env = {}
        original = Server.run_cli

        def run_cli(s, args, stdin=None, check_rc=True):
            if args and args[0] == "init":
                if not init:
                    return None
                args = [a if a != s.store else uri for a in args]
            return original(s, args, stdin=stdin, check_rc=check_rc)

        Server.run_cli = run_cli
        try:
            if keys_from is not None:
                env["DISRUPT_AUDIT_KEY_FILE"] = keys_from.keys["audit"]
                env["DISRUPT_FIELD_KEY_FILE"] = keys_from.keys["field"]
            Server.__init__(self, config={"store": uri}, env=env)
        finally:
            Server.run_cli = original
        self.store = uri


def main():
    base = os.environ.get("DISRUPT_TEST_POSTGRES", "")
    if not base:
        print("DISRUPT_TEST_POSTGRES not set: no PostgreSQL server for this run")
        sys.exit(77)
    uri = base + ("&" if "?" in base else "?") + "schema=multi_instance_%d" % os.getpid()
    a = PgServer(uri, init=True)
    b = PgServer(uri, init=False, keys_from=a)
    try:
        a.add_user("aus1", "AUS")
        a.add_user("idn1", "IDN")
        a.start()
        b.start()

        # A session opened on A is valid on B, with the same CSRF token.
        alice = Client(a, "aus1")
        status, _, payload = b.request("GET", "/api/v1/session", headers={"Cookie": alice.cookie})
        check(status == 200, "session from A on B: %d %s" % (status, payload[:200]))
        check(b"aus1" in payload, "B sees the user who signed in on A")
        status, _, _ = b.request("DELETE", "/api/v1/session",
                                 headers={"Cookie": alice.cookie, "X-CSRF-Token": "not-the-token"})
        check(status == 403, "B refuses a wrong CSRF token: %d" % status)
        status, _, payload = b.request("DELETE", "/api/v1/session",
                                       headers={"Cookie": alice.cookie, "X-CSRF-Token": alice.csrf})
        check(status in (200, 204), "sign-out on B with A's CSRF token: %d %s" % (status, payload[:200]))
        status, _, _ = a.request("GET", "/api/v1/session", headers={"Cookie": alice.cookie})
        check(status == 401, "signed out on B means signed out on A: %d" % status)

        # Failures alternate between the servers; the sixth locks the account.
        for i in range(6):
            server = a if i % 2 == 0 else b
            status, _, _ = server.request("POST", "/api/v1/session",
                                          body={"username": "idn1", "password": "wrong-password-%d" % i})
            check(status == 401, "failure %d answered %d" % (i + 1, status))
        for server, name in ((a, "A"), (b, "B")):
            status, _, payload = server.request("POST", "/api/v1/session",
                                                body={"username": "idn1", "password": "correct-horse-battery-9"})
            check(status == 429, "locked on %s even with the right password: %d %s" % (name, status, payload[:200]))

        a.stop()
        b.stop()
        verify = subprocess.run([a.bin, "audit", "verify", "--store", uri], capture_output=True, text=True,
                                env=dict(a.env, DISRUPT_AUDIT_KEY_FILE=a.keys["audit"]), timeout=120)
        check(verify.returncode == 0, "audit verify after two writers: %d %s %s" % (
            verify.returncode, verify.stdout[-500:], verify.stderr[-500:]))
        print("two instances share sessions, CSRF, lockouts and one audit chain")
    finally:
        for s in (a, b):
            s.cleanup()


if __name__ == "__main__":
    run(main)
