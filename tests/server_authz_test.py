"""Authorization through the API, checked against an independent statement of
the need-to-know policy written here (issue 3).

Users of five members with different roles, clearances (one expired) and
compartments; 160 records with random handling (classification, releasable-to
lists of members and groups, compartments, victim records, TLP:RED, past review
dates), imported with the real `disrupt import`. Then thousands of random
(user, record, operation) cases go through the real server:
  read   GET /api/v1/entities/{id}  -> 200 when allowed, else 404 (same body as a missing id)
  write  PUT /api/v1/entities/{id}  -> 200 when allowed, else 403
and every user's complete list, export and stats are compared with the set
the statement below allows.
"""
import datetime
import http.client
import json
import random

from server_common import Server, check, record, run

LEVEL = {"UNCLASSIFIED": 0, "RESTRICTED": 1, "CONFIDENTIAL": 2, "SECRET": 3, "TOP SECRET": 4}
MEMBERS = ["AUS", "IDN", "THA", "NZL", "LKA"]
TODAY = datetime.date.today().isoformat()


def allowed(user, rec, op):
    """The policy, stated independently of src/policy (see docs/security-model.md)."""
    h = rec["handling"]
    originator = user["member"] == rec["provenance"]["originator"]
    if h["review_date"] < TODAY and not (originator and op == "write"):
        return False
    level = LEVEL[h["classification"]]
    if level > 0:
        if user["clearance"] is None:
            return False
        if user.get("expires") and user["expires"] < TODAY:
            return False
        if LEVEL[user["clearance"]] < level:
            return False
    victim = rec["properties"].get("victim") == ["true"]
    if victim and not originator and "victim_protection" not in user["roles"]:
        return False
    if not originator:
        rel = h["releasable_to"]
        if user["member"] not in rel and "ALL_MEMBERS" not in rel:
            return False
    if h.get("compartment") and h["compartment"] not in user["compartments"]:
        return False
    if op == "read":
        return True
    if op == "write":
        return originator and bool({"analyst", "member_official"} & set(user["roles"]))
    if op == "export":
        if not [r for r in user["roles"] if r != "observer"]:
            return False
        return not (h["tlp"] == "TLP:RED" and not originator)
    raise ValueError(op)


def make_users():
    users = []
    i = 0
    for member in MEMBERS:
        for roles, clearance, compartments, expires in [
                ("analyst", "SECRET", "", None),
                ("observer", "TOP_SECRET", "KESTREL", None),
                ("analyst,victim_protection", "CONFIDENTIAL", "", None),
                ("analyst", "TOP_SECRET", "KESTREL", "2020-01-01"),
                ("member_official", None, "", None)]:
            i += 1
            users.append({"id": "u%02d" % i, "member": member, "roles": roles.split(","),
                          "clearance": clearance.replace("_", " ") if clearance else None,
                          "cli_clearance": clearance, "compartments": [c for c in compartments.split(",") if c],
                          "expires": expires})
    return users


def make_records(rng):
    records = []
    for member in MEMBERS:
        for k in range(32):
            rid = "%s-R-%03d" % (member, k)
            rel = rng.sample(MEMBERS + ["ALL_MEMBERS"], rng.choice([0, 0, 1, 2, 3]))
            rel = [m for m in rel if m != member]
            r = record(rid, member, name="Name %s %d" % (member, k), releasable_to=rel,
                       classification=rng.choice(list(LEVEL)),
                       compartment="KESTREL" if rng.random() < 0.15 else None,
                       tlp=rng.choice(["TLP:AMBER", "TLP:AMBER", "TLP:RED", "TLP:GREEN"]))
            if rng.random() < 0.15:
                r["properties"]["victim"] = ["true"]
            if rng.random() < 0.08:
                r["handling"]["review_date"] = "2021-06-30"
            records.append(r)
    return records


class Conn:
    """One keep-alive connection per user, signed in."""

    def __init__(self, srv, user):
        self.c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        status, headers, payload = self.send("POST", "/api/v1/session", json.dumps(
            {"username": user["id"], "password": "correct-horse-battery-9"}).encode(), {"Content-Type": "application/json"})
        check(status == 200, "sign-in %s: %d %s" % (user["id"], status, payload))
        self.cookie = headers["set-cookie"].split(";")[0]
        self.csrf = json.loads(payload)["csrf_token"]

    def send(self, method, path, body=None, headers=None):
        try:
            self.c.request(method, path, body=body, headers=headers or {})
            r = self.c.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closes keep-alive connections left idle (idle_timeout_ms): reconnect once.
            self.c.close()
            self.c.request(method, path, body=body, headers=headers or {})
            r = self.c.getresponse()
        payload = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, payload

    def call(self, method, path, body=None):
        h = {"Cookie": self.cookie}
        if body is not None:
            h["Content-Type"] = "application/json"
            h["X-CSRF-Token"] = self.csrf
            body = json.dumps(body).encode()
        return self.send(method, path, body, h)


def main():
    rng = random.Random(20241129)
    users = make_users()
    records = make_records(rng)
    srv = Server()
    try:
        for u in users:
            srv.add_user(u["id"], u["member"], roles=",".join(u["roles"]), clearance=u["cli_clearance"],
                         compartments=",".join(u["compartments"]) or None, clearance_expires=u["expires"])
        path = srv.dir + "/records.jsonl"
        with open(path, "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
        srv.run_cli(["import", "--store", srv.store, "--format", "json", path])
        srv.start()
        conns = {u["id"]: Conn(srv, u) for u in users}
        by_id = {r["id"]: r for r in records}
        missing_body = None
        cases = 0
        # Random single-record cases.
        for _ in range(1500):
            u = rng.choice(users)
            r = rng.choice(records)
            op = rng.choice(["read", "read", "write"])
            conn = conns[u["id"]]
            if op == "read":
                status, _, payload = conn.call("GET", "/api/v1/entities/" + r["id"])
                want = allowed(u, r, "read")
                check(status == (200 if want else 404), "read %s by %s: got %d, policy says %s" %
                      (r["id"], u["id"], status, want))
                if want:
                    check(json.loads(payload)["record"]["id"] == r["id"], "read returns the record")
                else:
                    if missing_body is None:
                        _, _, missing_body = conn.call("GET", "/api/v1/entities/NO-SUCH-RECORD")
                    check(payload == missing_body, "a hidden record answers exactly like a missing one")
            else:
                status, _, payload = conn.call("PUT", "/api/v1/entities/" + r["id"], body=r)
                want = allowed(u, r, "write")
                check(status == (200 if want else 403), "write %s by %s: got %d %s, policy says %s" %
                      (r["id"], u["id"], status, payload[:200], want))
            cases += 1
        # Whole lists, exports and counts per user.
        for u in users:
            conn = conns[u["id"]]
            seen, after = [], None
            while True:
                status, _, payload = conn.call("GET", "/api/v1/entities?limit=37" + ("&after=" + after if after else ""))
                check(status == 200, "list by %s: %d" % (u["id"], status))
                page = json.loads(payload)
                seen += [x["id"] for x in page["items"]]
                after = page["next_after"]
                if after is None:
                    break
            want = sorted(rid for rid, r in by_id.items() if allowed(u, r, "read"))
            check(seen == want, "list of %s differs (%d vs %d; first %s vs %s): extra %s, missing %s" %
                  (u["id"], len(seen), len(want), seen[:5], want[:5], sorted(set(seen) - set(want)), sorted(set(want) - set(seen))))
            status, _, payload = conn.call("GET", "/api/v1/stats")
            check(json.loads(payload)["entities"] == len(want), "stats of %s" % u["id"])
            status, _, payload = conn.call("GET", "/api/v1/export")
            exported = sorted(json.loads(l)["id"] for l in payload.decode().splitlines() if l)
            want_export = sorted(rid for rid, r in by_id.items() if allowed(u, r, "export"))
            check(exported == want_export, "export of %s differs: extra %s, missing %s" %
                  (u["id"], sorted(set(exported) - set(want_export)), sorted(set(want_export) - set(exported))))
            cases += len(records) * 2
        print("cases checked:", cases)
        check(srv.stop() == 0, "clean exit")
    finally:
        srv.cleanup()


if __name__ == "__main__":
    run(main)
