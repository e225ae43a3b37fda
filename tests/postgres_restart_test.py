#!/usr/bin/python3
"""PostgreSQL restarts while the portal is answering: errors, then recovery.

Starts a throw-away PostgreSQL cluster of its own (scripts/pg-test-cluster.sh,
so that restarting it disturbs no other test), a `disrupt serve` on it, and a
client thread signing in over and over (each sign-in writes a session and an
audit entry). Meanwhile the cluster is restarted (immediate mode, as after a
crash). Checks: every answer is 200 or 503 (never a hang or a 500); sign-ins
succeed again afterwards without restarting the portal; every successful
sign-in has its audit entry; `disrupt audit verify` finds the chain intact.

Exits 77 (skipped), saying why, when PostgreSQL is not installed.
"""
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from multi_instance_test import PgServer  # noqa: E402
from server_common import Failure, check, run, source_dir  # noqa: E402


def cluster(cmd, state, *extra):
    script = os.path.join(source_dir(), "scripts", "pg-test-cluster.sh")
    return subprocess.run(["bash", script, cmd, state] + list(extra), capture_output=True, text=True, timeout=120)


def main():
    state = os.path.join(os.environ.get("TMPDIR", "/tmp"), "disrupt-restart-test-%d.state" % os.getpid())
    started = cluster("start", state)
    if started.returncode != 0:
        print("PostgreSQL did not start (not installed?): " + started.stderr.strip()[-300:])
        sys.exit(77)
    server = None
    try:
        uri = started.stdout.strip()
        server = PgServer(uri, init=True)
        server.add_user("aus1", "AUS")
        server.start()

        answers = []
        stop = threading.Event()

        def sign_in_loop():
            while not stop.is_set():
                try:
                    status, _, _ = server.request("POST", "/api/v1/session",
                                                  body={"username": "aus1", "password": "correct-horse-battery-9"})
                except OSError as e:  # the portal itself must stay up
                    status = "connection error: %s" % e
                answers.append(status)

        worker = threading.Thread(target=sign_in_loop)
        worker.start()
        try:
            while len(answers) < 5:  # some traffic before the restart
                pass
            restarted = cluster("restart", state, "immediate")
            check(restarted.returncode == 0, "cluster restart failed: " + restarted.stderr[-300:])
            mark = len(answers)
            while len(answers) < mark + 10:  # and some after it
                pass
        finally:
            stop.set()
            worker.join(timeout=120)
        check(all(a in (200, 503) for a in answers),
              "every answer is 200 or 503: %s" % sorted(set(map(str, answers))))
        check(answers[-1] == 200 and answers[-5:].count(200) == 5,
              "sign-ins succeed again after the restart: last answers %s" % answers[-5:])
        ok = answers.count(200)
        server.stop()

        env = dict(server.env)
        q = subprocess.run([server.bin, "audit", "query", "--store", uri, "--action", "auth.sign_in", "--limit",
                            "10000"], capture_output=True, text=True, env=env, timeout=120)
        check(q.returncode == 0, "audit query: %s" % q.stderr[-300:])
        allowed = sum(1 for line in q.stdout.splitlines() if "allow" in line and "aus1" in line)
        check(allowed >= ok, "every successful sign-in is audited: %d successes, %d entries" % (ok, allowed))
        verify = subprocess.run([server.bin, "audit", "verify", "--store", uri], capture_output=True, text=True,
                                env=env, timeout=120)
        check(verify.returncode == 0, "audit verify after the restart: %s %s" % (verify.stdout[-300:],
                                                                                  verify.stderr[-300:]))
        print("restart: %d answers, %d sign-ins, %d refused with 503" % (len(answers), ok, answers.count(503)))
    finally:
        if server:
            server.cleanup()
        cluster("stop", state)


if __name__ == "__main__":
    run(main)
