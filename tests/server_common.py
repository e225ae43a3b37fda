"""Shared harness of the portal server's integration tests (tests/server_*_test.py).

Starts the real `disrupt serve` on a loopback port chosen by the system (port 0,
read back from the port file) against a real SQLite catalogue made with the
real `disrupt init` and `disrupt user add`, and talks to it over HTTP with the
standard library only. Nothing here decides anything about the server's
answers: the tests state what they expect.
"""
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77


def binary():
    path = os.environ.get("DISRUPT_BINARY", "")
    if not path or not os.path.exists(path):
        print("DISRUPT_BINARY is not set or missing; skipping")
        sys.exit(SKIP)
    return path


def source_dir():
    return os.environ.get("DISRUPT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def record(rid, originator, kind="entity", rtype="Person", name=None, releasable_to=(), classification="RESTRICTED",
           source=None, target=None, compartment=None, orcon=False, extra_props=None, tlp="TLP:AMBER"):
    """A record in the project's JSON form (docs/data-model.md)."""
    r = {
        "id": rid, "kind": kind, "type": rtype,
        "properties": {},
        "provenance": {"originator": originator, "agency": "AG", "reported": "2024-03-01",
                       "reliability": "B", "credibility": 2},
        "handling": {"classification": classification, "tlp": tlp, "codes": [],
                     "releasable_to": list(releasable_to), "originator_control": orcon,
                     "review_date": "2099-01-01"},
    }
    if kind == "entity":
        r["properties"]["name"] = [name or rid]
    if kind == "link":
        r["source"] = source
        r["target"] = target
    if compartment:
        r["handling"]["compartment"] = compartment
    if extra_props:
        r["properties"].update(extra_props)
    return r


class Server:
    """A catalogue in a temporary directory and a `disrupt serve` over it."""

    def __init__(self, config=None, env=None):
        self.bin = binary()
        self.dir = tempfile.mkdtemp(prefix="disrupt-server-test-")
        self.store = os.path.join(self.dir, "catalogue.db")
        self.keys = {}
        for name in ("audit", "field"):
            path = os.path.join(self.dir, name + ".key")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, (secrets.token_hex(32) + "\n").encode())
            os.close(fd)
            self.keys[name] = path
        self.env = dict(os.environ)
        for k in list(self.env):
            if k.startswith("DISRUPT_") and k not in ("DISRUPT_BINARY", "DISRUPT_SOURCE_DIR"):
                del self.env[k]
        self.env["DISRUPT_AUDIT_KEY_FILE"] = self.keys["audit"]
        self.env["DISRUPT_FIELD_KEY_FILE"] = self.keys["field"]
        if env:
            self.env.update(env)
        members = os.path.join(source_dir(), "datasets", "bali-process-members", "members.csv")
        self.run_cli(["init", "--store", self.store, "--members", members], stdin="Adm1n-passphrase-long\n")
        self.config = {"store": self.store, "port": 0, "port_file": os.path.join(self.dir, "port"),
                       "demo_mode": True, "rate_limit_per_second": 100000, "rate_limit_burst": 100000}
        if config:
            self.config.update(config)
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.dir, "server.log")

    def run_cli(self, args, stdin=None, check_rc=True):
        p = subprocess.run([self.bin] + args, input=stdin, capture_output=True, text=True, env=self.env, timeout=120)
        if check_rc and p.returncode != 0:
            raise Failure("disrupt %s failed (%d): %s %s" % (args[0], p.returncode, p.stdout, p.stderr))
        return p

    def add_user(self, uid, member, roles="analyst", clearance="SECRET", password="correct-horse-battery-9",
                 totp=False, compartments=None, clearance_expires=None):
        args = ["user", "add", "--store", self.store, "--id", uid, "--member", member, "--agency", "AG",
                "--roles", roles, "--password-stdin"]
        if clearance:
            args += ["--clearance", clearance]
        if clearance_expires:
            args += ["--clearance-expires", clearance_expires]
        if compartments:
            args += ["--compartments", compartments]
        if not totp:
            args.append("--no-totp")
        out = self.run_cli(args, stdin=password + "\n").stdout
        return out

    def start(self):
        cfg = os.path.join(self.dir, "serve.json")
        with open(cfg, "w") as f:
            json.dump(self.config, f)
        if os.path.exists(self.config["port_file"]):
            os.remove(self.config["port_file"])
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.bin, "serve", "--config", cfg], env=self.env, stdout=self.log,
                                     stderr=self.log)
        deadline = time.monotonic() + 60
        while not os.path.exists(self.config["port_file"]):
            if self.proc.poll() is not None:
                raise Failure("server exited with %d: %s" % (self.proc.returncode, self.read_log()))
            if time.monotonic() > deadline:
                raise Failure("server did not start: " + self.read_log())
            time.sleep(0.02)  # waiting for a file to appear, not timing anything
        with open(self.config["port_file"]) as f:
            self.port = int(f.read().strip())
        return self

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None, headers=None, raw=None):
        """Returns (status, headers dict lower-cased, body bytes)."""
        conn = self.connect()
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, hdrs, payload


class Client:
    """A signed-in user: keeps the session cookie and CSRF token."""

    def __init__(self, server, user, password="correct-horse-battery-9", totp=None):
        self.server = server
        body = {"username": user, "password": password}
        if totp:
            body["totp"] = totp
        status, headers, payload = server.request("POST", "/api/v1/session", body=body)
        check(status == 200, "sign-in of %s: %d %s" % (user, status, payload[:300]))
        cookie = headers.get("set-cookie", "")
        self.cookie = cookie.split(";")[0]
        self.session = json.loads(payload)
        self.csrf = self.session["csrf_token"]

    def call(self, method, path, body=None, raw=None, headers=None, csrf=True):
        h = {"Cookie": self.cookie}
        if csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        if headers:
            h.update(headers)
        return self.server.request(method, path, body=body, raw=raw, headers=h)

    def json(self, method, path, body=None, expect=200):
        status, _, payload = self.call(method, path, body=body)
        check(status == expect, "%s %s: expected %d, got %d %s" % (method, path, expect, status, payload[:400]))
        return json.loads(payload) if payload else None


def run(main):
    """Runs a test's main(), printing the failure and exiting 1 on one."""
    try:
        main()
    except Failure as e:
        print("FAIL:", e)
        sys.exit(1)
    print("ok")
