#!/usr/bin/python3
"""Two `disrupt serve` instances on one PostgreSQL catalogue share their state.

Starts Debian's nginx on a loopback port as a round-robin load balancer in
front of both, signs in through it and makes requests that land on both
servers in turn; then signs in on one server and carries on through the other: the session and
its CSRF token are valid on both, signing out on one ends the session on the
other, failed sign-ins spread over both servers lock the account after the
same number of failures as on one server; the portal's deconfliction and
watchlist state is shared too: a selector registered on one server raises
an alert when a matching record is imported through the other, and
encodings uploaded to different servers hit each other, each side seeing the
hit through either server. Afterwards the audit log, to which both servers
appended, verifies as one chain with `disrupt audit verify`.

Needs DISRUPT_TEST_POSTGRES (make test starts a throw-away cluster) and nginx;
exits 77 (skipped), saying why, without them. Works in a schema of its own.
"""
import csv
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import Client, Failure, Server, check, run  # noqa: E402
from server_resolution_test import wait_import  # noqa: E402


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


NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream disrupt_portal {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://disrupt_portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx in a temporary directory, round-robin over two servers."""

    def __init__(self, port_a, port_b):
        self.dir = tempfile.mkdtemp(prefix="disrupt-nginx-")
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        # As root, nginx's workers drop to nobody; otherwise they run as the caller.
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(dir=self.dir, user=user, a=port_a, b=port_b, port=self.port))
        self.proc = subprocess.Popen([shutil.which("nginx"), "-c", conf, "-p", self.dir, "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:  # waiting for the port to accept, not timing anything
            if self.proc.poll() is not None:
                raise Failure("nginx exited: " + open(os.path.join(self.dir, "error.log")).read()[-500:])
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                pass

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, hdrs, payload

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def session_reads(server):
    """How many GET /api/v1/session requests the server's access log shows."""
    n = 0
    for line in server.read_log().splitlines():
        if '"request"' in line and '"GET"' in line and "session" in line:
            n += 1
    return n


def watchlists_and_hits_are_shared(a, b):
    """Watchlists, alerts, encodings and hits written through one server are
    seen and used by the other."""
    nzl_b, nzl_a = Client(b, "nzl1"), Client(a, "nzl1")
    aus_a, aus_b = Client(a, "aus1"), Client(b, "aus1")
    idn_a, idn_b = Client(a, "idn2"), Client(b, "idn2")

    # A selector registered on B; a matching record imported through A.
    selector = nzl_b.json("POST", "/api/v1/watchlists", {"kind": "phone", "value": "+61 413 555 777"}, expect=201)
    listed = [x["id"] for x in nzl_a.json("GET", "/api/v1/watchlists")["items"]]
    check(listed == [selector["id"]], "A lists the selector registered on B: %s" % listed)
    phone = {"id": "AUS-MI-PHONE", "kind": "entity", "type": "Phone",
             "properties": {"number": ["0413 555 777"], "country": ["AUS"]},
             "provenance": {"originator": "AUS", "agency": "AFP", "reported": "2025-01-01",
                            "reliability": "B", "credibility": 2},
             "handling": {"classification": "RESTRICTED", "tlp": "TLP:AMBER", "codes": [],
                          "releasable_to": [], "originator_control": False, "review_date": "2099-01-01"}}
    wait_import(aus_a, (json.dumps(phone) + "\n").encode())
    for client, name in ((nzl_b, "B"), (nzl_a, "A")):
        alerts = client.json("GET", "/api/v1/alerts")["items"]
        check([x["selector_id"] for x in alerts] == [selector["id"]],
              "the import through A raised NZL's alert, seen on %s: %s" % (name, alerts))
        check(alerts[0]["contact"]["member"] == "AUS", "the alert names the originator: %s" % alerts[0])
        check("AUS-MI-PHONE" not in json.dumps(alerts), "a record not released to NZL is not named: %s" % alerts)

    # Encodings uploaded to different servers hit each other.
    tmp = tempfile.mkdtemp(prefix="disrupt-mi-")
    try:
        secret = os.path.join(tmp, "group.secret")
        a.run_cli(["encode", "--new-secret", secret])
        header = ["record_id", "given_name", "family_name", "full_name", "dob", "phone"]
        rows = {"AUS": [["AUS-ENC-1", "Kamal", "Perera", "", "1980-02-03", "+61 412 555 019"]],
                "IDN": [["IDN-ENC-9", "Rudi", "Hartono", "", "1971-05-06", "+61412555019"]]}
        encoded = {}
        for member, data in rows.items():
            path = os.path.join(tmp, member + ".csv")
            with open(path, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(data)
            out = os.path.join(tmp, member + ".enc")
            a.run_cli(["encode", "--records", path, "--secret", secret, "--member", member, "--out", out])
            with open(out, "rb") as f:
                encoded[member] = f.read()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    uploads = []
    for client, member in ((aus_a, "AUS"), (idn_b, "IDN")):
        status, _, payload = client.call("POST", "/api/v1/deconfliction/encodings", raw=encoded[member],
                                         headers={"Content-Type": "application/x-ndjson"})
        check(status == 201, "upload of %s: %d %s" % (member, status, payload[:300]))
        uploads.append(json.loads(payload))
    check(uploads[1]["new_hits"] == 1, "IDN's upload to B hits AUS's upload to A: %s" % uploads[1])
    for client, mine, other, name in ((aus_b, "AUS-ENC-1", "IDN", "B"), (aus_a, "AUS-ENC-1", "IDN", "A"),
                                      (idn_a, "IDN-ENC-9", "AUS", "A"), (idn_b, "IDN-ENC-9", "AUS", "B")):
        hits = client.json("GET", "/api/v1/deconfliction/hits")["items"]
        check([(h["your_record"], h["kind"], h["other_member"]["member"]) for h in hits] == [(mine, "phone", other)],
              "%s's hit seen on %s: %s" % (mine, name, hits))


def main():
    if not shutil.which("nginx"):
        print("nginx not installed (scripts/install-deps.sh installs it)")
        sys.exit(77)
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
        a.add_user("idn2", "IDN")
        a.add_user("nzl1", "NZL")
        a.start()
        b.start()

        # Through nginx: sign in once, then every request lands on either server.
        lb = Nginx(a.port, b.port)
        try:
            client = Client(lb, "aus1")
            before = (session_reads(a), session_reads(b))
            for i in range(8):
                status, _, payload = lb.request("GET", "/api/v1/session", headers={"Cookie": client.cookie})
                check(status == 200, "request %d through nginx: %d %s" % (i, status, payload[:200]))
            after = (session_reads(a), session_reads(b))
            check(after[0] > before[0] and after[1] > before[1],
                  "nginx sent requests to both servers (session reads before %s, after %s)" % (before, after))
        finally:
            lb.stop()

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

        watchlists_and_hits_are_shared(a, b)

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
