#!/usr/bin/python3
"""Several portal servers on PostgreSQL against one on SQLite, in one run.

For each configuration the catalogue starts empty; the same generated records
(Persons, releasable to a second member) are imported through the portal's
API in two halves posted at once, then wrk reads random entities for a fixed
time with 64 connections, auditing on (every read appended to the audit log).
Between the two it waits until servers and PostgreSQL are idle again (an
import starts watchlist checks and an entity-resolution run in the
background) and reports that work on a line of its own:

  sqlite-1      one `disrupt serve` on a SQLite catalogue (both halves to it)
  postgres-1    one server on PostgreSQL (both halves to it); reads direct,
                then through nginx (the proxy's own cost)
  postgres-2    two servers on one PostgreSQL catalogue, one half to each;
                reads through nginx round-robin over both (as
                tests/multi_instance_test.py runs them)

For each step it reports wall time, the CPU seconds of the portal servers,
of PostgreSQL (postmaster and backends) and of nginx, and the load average,
since the machine is shared. PostgreSQL is a throw-away cluster of the
benchmark's own (scripts/pg-test-cluster.sh; fsync off unless PG_TEST_FSYNC=on
is set, as SQLite's WAL with synchronous=NORMAL does not sync each commit
either).

Usage: bench/multi_instance.py BUILD_DIR   (Release build with `disrupt`)
Environment: MI_BENCH_ENTITIES (default 20000), MI_BENCH_SECONDS (15),
MI_BENCH_CONNECTIONS (64).
"""
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENTITIES = int(os.environ.get("MI_BENCH_ENTITIES", "20000"))
SECONDS = int(os.environ.get("MI_BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("MI_BENCH_CONNECTIONS", "64"))
PASSWORD = "bench-password-1234"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    """User + system CPU seconds of the processes still alive."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / TICK


def children_of(parent):
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                out.append(int(name))
        except (OSError, IndexError, ValueError):
            pass
    return out


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bench:
    def __init__(self, build):
        self.bin = os.path.join(build, "src", "cli", "disrupt")
        self.work = tempfile.mkdtemp(prefix="disrupt-mi-bench-")
        self.pg_state = os.path.join(self.work, "pg.state")
        self.env = dict(os.environ)
        for name in ("audit", "field"):
            path = os.path.join(self.work, name + ".key")
            with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
                f.write(os.urandom(32).hex())
            self.env["DISRUPT_%s_KEY_FILE" % name.upper()] = path
        self.servers = []
        self.nginx = None
        self.pg_uri = None
        self.lines = []

    # ---- infrastructure ----
    def cli(self, args, stdin=None):
        r = subprocess.run([self.bin] + args, input=stdin, capture_output=True, text=True, env=self.env)
        if r.returncode != 0:
            raise RuntimeError("disrupt %s: %s %s" % (args[0], r.stdout[-500:], r.stderr[-500:]))
        return r.stdout

    def start_postgres(self):
        r = subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg-test-cluster.sh"), "start", self.pg_state],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("PostgreSQL did not start: " + r.stderr[-500:])
        self.pg_uri = r.stdout.strip().splitlines()[-1]
        pg_dir = dict(line.split("=", 1) for line in open(self.pg_state).read().split())["PG_DIR"]
        with open(os.path.join(pg_dir, "data", "postmaster.pid")) as f:
            self.postmaster = int(f.readline())

    def postgres_pids(self):
        return [self.postmaster] + children_of(self.postmaster) if self.pg_uri else []

    def catalogue(self, store):
        self.cli(["init", "--store", store, "--members", os.path.join(ROOT, "datasets", "bali-process-members",
                                                                       "members.csv")])
        self.cli(["user", "add", "--store", store, "--id", "bench", "--member", "AUS", "--agency", "AFP",
                  "--roles", "analyst", "--clearance", "SECRET", "--no-totp", "--password-stdin"],
                 stdin=PASSWORD + "\n")

    def serve(self, store, name):
        port_file = os.path.join(self.work, name + ".port")
        config = os.path.join(self.work, name + ".json")
        with open(config, "w") as f:
            json.dump({"store": store, "port": 0, "port_file": port_file, "demo_mode": True, "access_log": False,
                       "threads": 16, "rate_limit_per_second": 1000000, "rate_limit_burst": 1000000,
                       "audit_reads": True}, f)
        log = open(os.path.join(self.work, name + ".log"), "w")
        proc = subprocess.Popen([self.bin, "serve", "--config", config], stdout=log, stderr=log, env=self.env)
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if proc.poll() is not None:
                raise RuntimeError("server %s exited: %s" % (name, open(log.name).read()[-800:]))
            time.sleep(0.05)  # waiting for the server to listen, not timing it
        server = {"proc": proc, "port": int(open(port_file).read()), "name": name}
        self.servers.append(server)
        return server

    def stop_servers(self):
        for s in self.servers:
            s["proc"].terminate()
            s["proc"].wait(timeout=120)
        self.servers = []
        if self.nginx:
            self.nginx.terminate()
            self.nginx.wait(timeout=30)
            self.nginx = None

    def start_nginx(self, ports):
        d = os.path.join(self.work, "nginx")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        os.chmod(d, 0o755)
        port = free_port()
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        upstreams = "\n".join("        server 127.0.0.1:%d;" % p for p in ports)
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    upstream disrupt_portal {{
{upstreams}
        keepalive 32;  # idle connections nginx keeps per worker (docs/deployment.md)
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://disrupt_portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
""".format(d=d, user=user, upstreams=upstreams, port=port))
        self.nginx = subprocess.Popen([shutil.which("nginx"), "-c", conf, "-p", d, "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:  # waiting for the port, not timing anything
            if self.nginx.poll() is not None:
                raise RuntimeError("nginx exited: " + open(os.path.join(d, "error.log")).read()[-500:])
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return port
            except OSError:
                time.sleep(0.05)

    def nginx_pids(self):
        return [self.nginx.pid] + children_of(self.nginx.pid) if self.nginx else []

    def server_pids(self):
        return [s["proc"].pid for s in self.servers]

    # ---- HTTP ----
    @staticmethod
    def request(port, method, path, body=None, headers=None, raw=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        payload = resp.read()
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, hdrs, payload

    def sign_in(self, port):
        status, hdrs, payload = self.request(port, "POST", "/api/v1/session",
                                             body={"username": "bench", "password": PASSWORD})
        if status != 200:
            raise RuntimeError("sign-in: %d %s" % (status, payload[:200]))
        return {"Cookie": hdrs["set-cookie"].split(";")[0], "X-CSRF-Token": json.loads(payload)["csrf_token"]}

    def import_half(self, port, auth, body, errors):
        try:
            h = dict(auth, **{"Content-Type": "application/x-ndjson"})
            status, _, payload = self.request(port, "POST", "/api/v1/imports", raw=body, headers=h)
            if status != 202:
                raise RuntimeError("import: %d %s" % (status, payload[:200]))
            job = json.loads(payload)["id"]
            while True:
                status, _, payload = self.request(port, "GET", "/api/v1/imports/" + job, headers=auth)
                state = json.loads(payload)["state"]
                if state in ("done", "failed"):
                    break
                time.sleep(0.05)  # polling the job's state; the wall time is taken around all of it
            if state != "done":
                raise RuntimeError("import failed: %s" % payload[:300])
        except Exception as e:  # reported by the caller
            errors.append(e)

    # ---- measurements ----
    def measured(self, fn):
        """Runs fn; its result, wall seconds, CPU seconds per process group and the load average before."""
        groups = {"servers": self.server_pids(), "postgres": self.postgres_pids(), "nginx": self.nginx_pids()}
        before = {k: cpu_seconds(v) for k, v in groups.items()}
        load = loadavg()
        t0 = time.monotonic()
        result = fn()
        wall = time.monotonic() - t0
        groups = {"servers": self.server_pids(), "postgres": self.postgres_pids(), "nginx": self.nginx_pids()}
        after = {k: cpu_seconds(v) for k, v in groups.items()}
        cpu = {k: after[k] - before[k] for k in before}
        return result, wall, cpu, load

    def settle(self, config):
        """Waits until the servers and PostgreSQL are idle again, and reports the work they did
        after the import jobs ended (watchlist checks and the entity-resolution run an import
        starts), so that the reads are measured without it."""
        def busy():
            return cpu_seconds(self.server_pids()) + cpu_seconds(self.postgres_pids())

        def run():
            quiet = 0
            last = busy()
            deadline = time.monotonic() + 600
            while quiet < 2 and time.monotonic() < deadline:
                time.sleep(0.5)  # sampling CPU use until it stops, not timing anything
                now = busy()
                quiet = quiet + 1 if now - last < 0.05 else 0
                last = now
        _, wall, cpu, load = self.measured(run)
        self.report(config, "after import (resolution)", "", wall, cpu, load)

    def imports(self, config, targets, halves):
        auths = [self.sign_in(t) for t in targets]

        def run():
            errors = []
            threads = [threading.Thread(target=self.import_half, args=(targets[i % len(targets)],
                                                                       auths[i % len(targets)], halves[i], errors))
                       for i in range(len(halves))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if errors:
                raise errors[0]
        _, wall, cpu, load = self.measured(run)
        self.report(config, "import %d records" % ENTITIES, "%8.0f rec/s" % (ENTITIES / wall), wall, cpu, load)

    def reads(self, config, label, port, auth_port):
        auth = self.sign_in(auth_port)
        script = os.path.join(self.work, "reads.lua")
        with open(script, "w") as f:
            f.write("""math.randomseed(42)
request = function()
  local path = string.format("/api/v1/entities/AUS-MI-%%06d", math.random(0, %d - 1))
  return wrk.format("GET", path, {["Cookie"] = "%s"})
end
""" % (ENTITIES, auth["Cookie"]))
        status, _, payload = self.request(port, "GET", "/api/v1/entities/AUS-MI-000001", headers=auth)
        if status != 200:
            raise RuntimeError("read: %d %s" % (status, payload[:200]))

        def run():
            return subprocess.run(["wrk", "-t2", "-c%d" % CONNECTIONS, "-d%ds" % SECONDS, "--latency", "-s", script,
                                   "http://127.0.0.1:%d" % port], capture_output=True, text=True).stdout
        out, wall, cpu, load = self.measured(run)
        rps = p50 = p99 = "?"
        errors = ""
        for line in out.splitlines():
            parts = line.split()
            if line.startswith("Requests/sec"):
                rps = parts[1]
            elif parts[:1] == ["50%"]:
                p50 = parts[1]
            elif parts[:1] == ["99%"]:
                p99 = parts[1]
            elif "Non-2xx" in line or "Socket errors" in line:
                errors += line.strip() + " "
        self.report(config, label, "%8s req/s  p50 %7s  p99 %7s %s" % (rps, p50, p99, errors), wall, cpu, load)

    def report(self, config, step, figure, wall, cpu, load):
        line = "%-11s %-28s %-44s wall %6.1fs  cpu: servers %6.1fs postgres %6.1fs nginx %5.1fs  load %s" % (
            config, step, figure, wall, cpu["servers"], cpu["postgres"], cpu["nginx"], load)
        print(line, flush=True)
        self.lines.append(line)

    # ---- the run ----
    def data(self):
        rng = random.Random(7)
        given = ["Mohammad", "Ali", "Reza", "Siti", "Nuwan", "Somchai", "Farhad", "Kamal", "Aroha", "Rudi"]
        family = ["Rahimi", "Hussain", "Perera", "Srisuk", "Jalali", "Hartono", "Aminah", "Ngata", "Karimi"]
        lines = []
        for i in range(ENTITIES):
            lines.append(json.dumps({
                "id": "AUS-MI-%06d" % i, "kind": "entity", "type": "Person",
                "properties": {"name": ["%s %s %d" % (rng.choice(given), rng.choice(family), i)],
                               "nationality": ["AFG"], "birth_date": ["19%02d-%02d-%02d" % (
                                   rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28))]},
                "provenance": {"originator": "AUS", "agency": "AFP", "reported": "2024-03-01",
                               "reliability": "B", "credibility": 2},
                "handling": {"classification": "RESTRICTED", "tlp": "TLP:AMBER", "codes": [],
                             "releasable_to": ["IDN"], "originator_control": False,
                             "review_date": "2099-01-01"}}))
        half = len(lines) // 2
        return [("\n".join(lines[:half]) + "\n").encode(), ("\n".join(lines[half:]) + "\n").encode()]

    def run(self):
        halves = self.data()
        header = "# Several instances, %s, %d cores, %d entities, %d connections, %ds reads, wrk 2 threads" % (
            time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()), os.cpu_count(), ENTITIES, CONNECTIONS, SECONDS)
        print(header, flush=True)
        self.lines.append(header)

        store = os.path.join(self.work, "catalogue.db")
        self.catalogue(store)
        s = self.serve(store, "sqlite")
        self.imports("sqlite-1", [s["port"]], halves)
        self.settle("sqlite-1")
        self.reads("sqlite-1", "entity reads (direct)", s["port"], s["port"])
        self.stop_servers()

        self.start_postgres()
        fsync = os.environ.get("PG_TEST_FSYNC", "off")
        note = "# PostgreSQL 15 throw-away cluster on a Unix socket, fsync %s" % fsync
        print(note, flush=True)
        self.lines.append(note)
        uri1 = self.pg_uri + "&schema=mi_one"
        self.catalogue(uri1)
        a = self.serve(uri1, "pg-one")
        self.imports("postgres-1", [a["port"]], halves)
        self.settle("postgres-1")
        self.reads("postgres-1", "entity reads (direct)", a["port"], a["port"])
        lb = self.start_nginx([a["port"]])
        self.reads("postgres-1", "entity reads (nginx)", lb, a["port"])
        self.stop_servers()

        uri2 = self.pg_uri + "&schema=mi_two"
        self.catalogue(uri2)
        a = self.serve(uri2, "pg-a")
        b = self.serve(uri2, "pg-b")
        self.imports("postgres-2", [a["port"], b["port"]], halves)
        self.settle("postgres-2")
        lb = self.start_nginx([a["port"], b["port"]])
        self.reads("postgres-2", "entity reads (nginx, 2)", lb, a["port"])
        self.stop_servers()

        with open(os.path.join(ROOT, "bench", "results", "multi_instance.txt"), "w") as f:
            f.write("\n".join(self.lines) + "\n")

    def cleanup(self):
        try:
            self.stop_servers()
        finally:
            subprocess.run(["bash", os.path.join(ROOT, "scripts", "pg-test-cluster.sh"), "stop", self.pg_state],
                           capture_output=True)
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            print("multi_instance: %s is not installed (scripts/install-deps.sh)" % tool)
            sys.exit(1)
    bench = Bench(os.path.abspath(sys.argv[1]))
    if not os.access(bench.bin, os.X_OK):
        print("multi_instance: no binary at " + bench.bin)
        sys.exit(1)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    try:
        bench.run()
    finally:
        bench.cleanup()


if __name__ == "__main__":
    main()
