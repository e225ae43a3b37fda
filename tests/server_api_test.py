"""The portal server end to end: the real `disrupt serve` on a loopback port
chosen by the system, against a real SQLite catalogue.

Checks the error shape, validation of bodies, parameters and headers (4xx
naming the field, never a 500), security headers, the metrics format,
sign-in, CSRF, writes and reads, keyset pagination, and need-to-know on
every path: an unreleased record of one member never appears for another
member's user in lists, search, counts, links, exports or errors.
"""
import json
import re
import shutil
import socket
import subprocess
import time

from server_common import Client, Server, check, record, run


def expect_error(status, payload, want_status, want_code, want_field=None, what=""):
    check(status == want_status, "%s: expected %d, got %d %s" % (what, want_status, status, payload[:300]))
    body = json.loads(payload)
    check(set(body) == {"error"}, "%s: error shape %s" % (what, body))
    check(body["error"]["code"] == want_code, "%s: code %s" % (what, body["error"]))
    check(isinstance(body["error"]["message"], str) and body["error"]["message"], "%s: message" % what)
    if want_field is not None:
        check(body["error"].get("field") == want_field, "%s: field %s, wanted %s" % (what, body["error"], want_field))


def test_system_routes(srv):
    status, headers, payload = srv.request("GET", "/healthz")
    check(status == 200 and json.loads(payload) == {"status": "ok"}, "healthz")
    for name, value in [("content-security-policy", None), ("x-frame-options", "DENY"),
                        ("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer")]:
        check(name in headers, "security header %s missing" % name)
        if value:
            check(headers[name] == value, "%s = %s" % (name, headers[name]))
    csp = headers["content-security-policy"]
    check("frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp, csp)
    check("strict-transport-security" not in headers, "HSTS must only be sent under TLS")
    check(re.fullmatch(r"[0-9a-f]{32}", headers.get("x-request-id", "")), "request id")
    status, _, payload = srv.request("GET", "/readyz")
    check(status == 200, "readyz %d" % status)
    status, _, payload = srv.request("GET", "/api/v1/openapi.json")
    doc = json.loads(payload)
    check(doc["openapi"].startswith("3.") and "/api/v1/entities/{id}" in doc["paths"], "openapi document")
    check("get" in doc["paths"]["/api/v1/search"], "search documented")


def test_metrics(srv):
    status, headers, payload = srv.request("GET", "/metrics")
    check(status == 200 and headers["content-type"].startswith("text/plain"), "metrics content type")
    text = payload.decode()
    # Prometheus text format: every sample line is `name{labels} value` or `name value`.
    sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? '
                        r'[-+]?([0-9.eE+-]+|Inf|NaN)$')
    families = set()
    for line in text.splitlines():
        if line.startswith("# TYPE"):
            families.add(line.split()[2])
            continue
        if line.startswith("#") or not line:
            continue
        check(sample.match(line), "not a Prometheus sample line: %r" % line)
    for f in ["disrupt_http_requests_total", "disrupt_http_request_duration_seconds",
              "disrupt_store_operation_duration_seconds", "disrupt_policy_denials_total"]:
        check(f in families, "metric family %s missing" % f)
    check('disrupt_http_requests_total{route="/healthz",method="GET",status="200"}' in text, "healthz counted")
    # The connection this request came on is open while it is answered.
    open_lines = [l for l in text.splitlines() if l.startswith("disrupt_http_connections_open ")]
    check(len(open_lines) == 1 and int(open_lines[0].split()[1]) >= 1, "open connections gauge %r" % open_lines)
    # Histogram buckets are cumulative and end with +Inf equal to _count.
    buckets = [int(float(l.rsplit(" ", 1)[1])) for l in text.splitlines()
               if l.startswith('disrupt_http_request_duration_seconds_bucket{route="/healthz"')]
    check(buckets == sorted(buckets) and buckets, "buckets cumulative")
    count = [l for l in text.splitlines() if l.startswith('disrupt_http_request_duration_seconds_count{route="/healthz"')]
    check(int(count[0].rsplit(" ", 1)[1]) == buckets[-1], "+Inf bucket equals count")


def test_unauthenticated_and_routing(srv):
    status, _, payload = srv.request("GET", "/api/v1/entities")
    expect_error(status, payload, 401, "unauthenticated", what="list without session")
    status, _, payload = srv.request("GET", "/api/v1/nothing-here")
    expect_error(status, payload, 404, "not_found", what="unknown route")
    status, headers, payload = srv.request("DELETE", "/api/v1/entities")
    check(status == 405 and "GET" in headers.get("allow", ""), "405 with Allow: %d %s" % (status, headers))
    status, _, payload = srv.request("GET", "/api/v1/entities", headers={"Authorization": "Bearer nonsense"})
    expect_error(status, payload, 401, "unauthenticated", what="bad token")
    status, _, payload = srv.request("GET", "/api/v1/entities", headers={"Cookie": "disrupt_session=forged"})
    expect_error(status, payload, 401, "unauthenticated", what="forged session")


def test_sign_in(srv):
    status, _, payload = srv.request("POST", "/api/v1/session", body={"username": "aus1", "password": "wrong-password-1"})
    expect_error(status, payload, 401, "unauthenticated", what="wrong password")
    status, _, payload2 = srv.request("POST", "/api/v1/session", body={"username": "nobody", "password": "x" * 12})
    check(payload == payload2 and status == 401, "unknown user answers exactly like a wrong password")
    status, headers, payload = srv.request("POST", "/api/v1/session",
                                           body={"username": "aus1", "password": "correct-horse-battery-9"})
    check(status == 200, "sign-in %d %s" % (status, payload))
    cookie = headers["set-cookie"]
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"]:
        check(attr in cookie, "cookie attribute %s in %s" % (attr, cookie))
    check("Secure" not in cookie, "Secure only under TLS")
    check(headers.get("cache-control") == "no-store", "session answers are not cached")
    body = json.loads(payload)
    check(body["user"] == "aus1" and body["member"] == "AUS" and body["csrf_token"], "session body %s" % body)
    check(payload.find(cookie.split(";")[0].split("=", 1)[1].encode()) < 0, "session id never in the body")


def test_validation(srv, aus):
    big = b"{" + b" " * (1 << 20) + b"}"
    status, headers, payload = aus.call("POST", "/api/v1/entities", raw=big, headers={"Content-Type": "application/json"})
    expect_error(status, payload, 413, "resource_exhausted", "body", what="oversized body")
    status, _, payload = aus.call("POST", "/api/v1/entities", raw=b'{"id": ', headers={"Content-Type": "application/json"})
    expect_error(status, payload, 400, "invalid_argument", "body", what="bad JSON")
    status, _, payload = aus.call("POST", "/api/v1/entities", raw=b'{"id": "\xc3\x28"}',
                                  headers={"Content-Type": "application/json"})
    expect_error(status, payload, 400, "invalid_argument", "body", what="invalid UTF-8")
    status, _, payload = aus.call("POST", "/api/v1/entities", raw=b"[" * 100 + b"]" * 100,
                                  headers={"Content-Type": "application/json"})
    expect_error(status, payload, 400, "invalid_argument", "body", what="deep nesting")
    status, _, payload = aus.call("POST", "/api/v1/entities", raw=b"{}", headers={"Content-Type": "text/plain"})
    expect_error(status, payload, 400, "invalid_argument", "Content-Type", what="wrong media type")
    bad = record("AUS-V-1", "AUS")
    bad["provenance"]["credibility"] = "two"
    status, _, payload = aus.call("POST", "/api/v1/entities", body=bad)
    check(status == 400, "wrong type: %d %s" % (status, payload))
    check("credibility" in json.loads(payload)["error"].get("field", ""), "field names credibility: %s" % payload)
    bad = record("AUS-V-2", "AUS", extra_props={"birth_date": ["not a date"]})
    status, _, payload = aus.call("POST", "/api/v1/entities", body=bad)
    check(status == 400 and "birth_date" in json.loads(payload)["error"].get("field", ""),
          "schema validation names the property: %d %s" % (status, payload))
    for query, field in [("limit=0", "limit"), ("limit=abc", "limit"), ("bogus=1", "bogus"),
                         ("limit=1&limit=2", "limit"), ("as_of=2024-13-01", "as_of"), ("type=Nonsense", "type"),
                         ("type=%FF", "type"), ("after=%01", "after")]:
        status, _, payload = aus.call("GET", "/api/v1/entities?" + query)
        expect_error(status, payload, 400, "invalid_argument", field, what="query " + query)
    status, _, payload = aus.call("GET", "/api/v1/search")
    expect_error(status, payload, 400, "invalid_argument", "q", what="search without q")
    status, _, payload = aus.call("GET", "/api/v1/entities/%FF%FE")
    expect_error(status, payload, 400, "invalid_argument", what="non-UTF-8 path")
    # Without the CSRF header a state-changing request is refused.
    status, _, payload = aus.call("POST", "/api/v1/entities", body=record("AUS-V-3", "AUS"), csrf=False)
    expect_error(status, payload, 403, "forbidden", "X-CSRF-Token", what="missing CSRF")
    status, _, payload = aus.call("POST", "/api/v1/entities", body=record("AUS-V-3", "AUS"),
                                  headers={"X-CSRF-Token": "x" * 43})
    expect_error(status, payload, 403, "forbidden", "X-CSRF-Token", what="wrong CSRF")
    # A compressed body is refused before it is read (no decompression bombs).
    status, _, payload = aus.call("POST", "/api/v1/entities", raw=b"\x1f\x8b",
                                  headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    expect_error(status, payload, 415, "invalid_argument", "Content-Encoding", what="compressed body")


def recv_head(sock):
    """The bytes received up to the end of an answer's head (or the connection's end)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_credentials_before_body(srv):
    """A body is read only for a caller who may send it: an import announced
    without credentials is refused from its head, before its 100 MB arrive."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    s.sendall(b"POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
              b"Content-Length: 100000000\r\n\r\n")
    data = recv_head(s)
    s.close()
    check(data.startswith(b"HTTP/1.1 401"), "an import without credentials answered %r" % data[:80])


def test_raw_garbage(srv):
    """Malformed HTTP gets a 4xx in the error shape, never a crash."""
    for raw in [b"GARBAGE\r\n\r\n", b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\n\r\n",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + b"y" * 20000 + b"\r\n\r\n",
                b"POST /api/v1/session HTTP/1.1\r\nContent-Length: -5\r\n\r\n"]:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(raw)
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    break
        except socket.timeout:
            pass
        s.close()
        status = int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else 0
        check(400 <= status < 500, "garbage %r answered %r" % (raw[:40], data[:100]))
    status, _, _ = srv.request("GET", "/healthz")
    check(status == 200, "server alive after garbage")


def test_listen_queue(srv):
    """A burst of new connections (a load balancer filling its pool, many
    analysts at once) is queued by the kernel, not dropped: the listening
    socket's queue is long, not the 5 the HTTP library asks for. `ss` shows
    a listening socket's queue length in its Send-Q column."""
    ss = shutil.which("ss")
    check(ss is not None, "ss (iproute2) is not installed: scripts/install-deps.sh installs it")
    out = subprocess.run([ss, "-ltnH", "sport = :%d" % srv.port], capture_output=True, text=True).stdout.split()
    check(len(out) >= 3 and out[0] == "LISTEN", "no listening socket on port %d: %r" % (srv.port, out))
    check(int(out[2]) >= 128, "listening queue of %s connections" % out[2])
    # And the burst is served: 200 connections opened back to back, each answered.
    conns = [socket.create_connection(("127.0.0.1", srv.port), timeout=60) for _ in range(200)]
    for c in conns:
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    for c in conns:
        data = recv_head(c)
        c.close()
        check(data.startswith(b"HTTP/1.1 200"), "a connection of the burst answered %r" % data[:60])


def seed(aus, idn):
    """AUS and IDN each write records; some released to the other, some not."""
    for r in [record("AUS-P-01", "AUS", name="Ahmad Karimi", releasable_to=["IDN"]),
              record("AUS-P-02", "AUS", name="Hidden Facilitator"),  # AUS only
              record("AUS-P-03", "AUS", name="Released Boatman", releasable_to=["ALL_MEMBERS"]),
              record("AUS-P-04", "AUS", name="Top Secret Smuggler", releasable_to=["IDN"], classification="TOP SECRET")]:
        aus.json("POST", "/api/v1/entities", r, expect=201)
    for i in range(5, 16):
        aus.json("PUT", "/api/v1/entities/AUS-P-%02d" % i,
                 record("AUS-P-%02d" % i, "AUS", name="Person %d" % i, releasable_to=["IDN"] if i % 2 else []))
    # Links: one between released entities, one to the hidden entity.
    aus.json("POST", "/api/v1/links", record("AUS-L-01", "AUS", kind="link", rtype="associate_of",
                                             source="AUS-P-01", target="AUS-P-03", releasable_to=["IDN"]), expect=201)
    aus.json("POST", "/api/v1/links", record("AUS-L-02", "AUS", kind="link", rtype="associate_of",
                                             source="AUS-P-01", target="AUS-P-02", releasable_to=["IDN"]), expect=201)
    idn.json("POST", "/api/v1/entities", record("IDN-P-01", "IDN", name="Budi Santoso"), expect=201)


def all_pages(client, path, limit):
    items, after, pages = [], None, 0
    while True:
        url = path + ("&" if "?" in path else "?") + "limit=%d" % limit + ("&after=" + after if after else "")
        page = client.json("GET", url)
        items += [r["id"] for r in page["items"]]
        pages += 1
        check(len(page["items"]) <= limit, "page larger than limit")
        after = page["next_after"]
        if after is None:
            return items, pages


def test_need_to_know(srv, aus, idn):
    aus_ids, _ = all_pages(aus, "/api/v1/entities", 4)
    check(aus_ids == sorted(aus_ids), "keyset pages in id order")
    check(set(aus_ids) == {"AUS-P-%02d" % i for i in range(1, 16)}, "AUS sees its own: %s" % aus_ids)
    check("IDN-P-01" not in aus_ids, "IDN's unreleased record is hidden from AUS")
    # What IDN may see, stated independently: released to IDN or ALL_MEMBERS, not above SECRET.
    expected_idn = {"IDN-P-01", "AUS-P-01", "AUS-P-03"} | {"AUS-P-%02d" % i for i in range(5, 16) if i % 2}
    idn_ids, pages = all_pages(idn, "/api/v1/entities", 3)
    check(set(idn_ids) == expected_idn, "IDN list: %s, expected %s" % (sorted(idn_ids), sorted(expected_idn)))
    check(len(idn_ids) == len(set(idn_ids)), "no record on two pages")
    # One record each: visible, hidden (unreleased), hidden (clearance), missing.
    status, _, visible = idn.call("GET", "/api/v1/entities/AUS-P-01")
    check(status == 200, "released record readable")
    detail = json.loads(visible)
    link_ids = [l["id"] for l in detail["links"]]
    check(link_ids == ["AUS-L-01"], "a link whose other end is hidden is hidden: %s" % link_ids)
    answers = set()
    for rid in ["AUS-P-02", "AUS-P-04", "NO-SUCH-RECORD"]:
        status, headers, payload = idn.call("GET", "/api/v1/entities/" + rid)
        check(status == 404, "%s: %d" % (rid, status))
        answers.add(payload)
    check(len(answers) == 1, "hidden and missing records answer identically: %s" % answers)
    status, _, _ = idn.call("GET", "/api/v1/links/AUS-L-02")
    check(status == 404, "link to a hidden entity is hidden")
    links, _ = all_pages(idn, "/api/v1/links", 10)
    check(links == ["AUS-L-01"], "IDN links: %s" % links)
    # Search: the hidden name is never found by IDN, found by AUS.
    hits = idn.json("GET", "/api/v1/search?q=Hidden%20Facilitator")["hits"]
    check(all(h["record"]["id"] != "AUS-P-02" for h in hits), "search leaks a hidden record")
    hits = aus.json("GET", "/api/v1/search?q=Hidden%20Facilitator")["hits"]
    check(any(h["record"]["id"] == "AUS-P-02" for h in hits), "AUS finds its own record: %s" % hits)
    hits = idn.json("GET", "/api/v1/search?q=Ahmad%20Karimi")["hits"]
    check(any(h["record"]["id"] == "AUS-P-01" for h in hits), "IDN finds a released record")
    # Counts hold only what the caller sees.
    stats = idn.json("GET", "/api/v1/stats")
    check(stats["entities"] == len(expected_idn) and stats["links"] == 1, "IDN counts %s" % stats)
    check(stats["by_originator"].get("AUS") == len(expected_idn) - 1 + 1, "IDN counts by originator (entities and the link) %s" % stats)
    # Export holds only what the caller may export.
    status, headers, payload = idn.call("GET", "/api/v1/export")
    check(status == 200 and headers["content-type"].startswith("application/x-ndjson"), "export")
    exported = {json.loads(l)["id"] for l in payload.decode().splitlines() if l}
    check(exported == expected_idn | {"AUS-L-01"}, "IDN export: %s" % sorted(exported))
    # Writes: IDN may not create records in AUS's name, nor replace AUS's records.
    status, _, payload = idn.call("POST", "/api/v1/entities", body=record("AUS-P-99", "AUS"))
    expect_error(status, payload, 403, "forbidden", what="write as another originator")
    status, _, payload = idn.call("PUT", "/api/v1/entities/AUS-P-01", body=record("AUS-P-01", "IDN"))
    check(status == 409, "replacing another member's record: %d %s" % (status, payload))
    check(b"Ahmad" not in payload, "refusal holds no record contents")
    # Denials are counted by reason.
    _, _, metrics = srv.request("GET", "/metrics")
    check(b'disrupt_policy_denials_total{reason="not_releasable"}' in metrics, "denials counted by reason")


def test_import(srv, aus):
    lines = [json.dumps(record("AUS-I-%03d" % i, "AUS", name="Imported %d" % i)) for i in range(40)]
    lines.insert(10, '{"id": "AUS-I-BAD", "kind": "entity"}')
    body = ("\n".join(lines) + "\n").encode()
    status, headers, payload = aus.call("POST", "/api/v1/imports", raw=body,
                                        headers={"Content-Type": "application/x-ndjson"})
    check(status == 202, "import accepted: %d %s" % (status, payload))
    job = json.loads(payload)["id"]
    deadline = time.monotonic() + 60
    while True:
        progress = aus.json("GET", "/api/v1/imports/" + job)
        if progress["state"] in ("done", "failed"):
            break
        check(time.monotonic() < deadline, "import did not finish")
        time.sleep(0.05)  # polling a background job, not timing it
    check(progress["state"] == "done", "import state %s" % progress)
    check(progress["records_written"] == 40 and progress["records_rejected"] == 1, "import counts %s" % progress)
    check(progress["errors"] and progress["errors"][0]["line"] == 11, "bad row located: %s" % progress["errors"])
    check(aus.json("GET", "/api/v1/entities/AUS-I-000")["record"]["id"] == "AUS-I-000", "imported record readable")


def test_import_is_private(srv, aus, idn):
    body = (json.dumps(record("AUS-J-1", "AUS")) + "\n").encode()
    status, _, payload = aus.call("POST", "/api/v1/imports", raw=body, headers={"Content-Type": "application/x-ndjson"})
    job = json.loads(payload)["id"]
    status, _, payload = idn.call("GET", "/api/v1/imports/" + job)
    check(status == 404, "another user's import is not found: %d" % status)
    # An import of another member's records writes nothing.
    body = (json.dumps(record("AUS-K-1", "AUS")) + "\n").encode()
    status, _, payload = idn.call("POST", "/api/v1/imports", raw=body, headers={"Content-Type": "application/x-ndjson"})
    job = json.loads(payload)["id"]
    for _ in range(1200):
        progress = idn.json("GET", "/api/v1/imports/" + job)
        if progress["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    check(progress["state"] == "failed" and progress["records_written"] == 0, "foreign import refused: %s" % progress)
    status, _, _ = aus.call("GET", "/api/v1/entities/AUS-K-1")
    check(status == 404, "nothing written by the refused import")


def test_sign_out(srv, client):
    client.json("DELETE", "/api/v1/session", expect=204)
    status, _, payload = client.call("GET", "/api/v1/entities")
    expect_error(status, payload, 401, "unauthenticated", what="after sign-out")


def main():
    srv = Server()
    try:
        srv.add_user("aus1", "AUS", clearance="TOP_SECRET")
        srv.add_user("idn1", "IDN", clearance="SECRET")
        srv.start()
        test_system_routes(srv)
        test_metrics(srv)
        test_unauthenticated_and_routing(srv)
        test_sign_in(srv)
        aus = Client(srv, "aus1")
        idn = Client(srv, "idn1")
        test_validation(srv, aus)
        test_raw_garbage(srv)
        test_credentials_before_body(srv)
        test_listen_queue(srv)
        seed(aus, idn)
        test_need_to_know(srv, aus, idn)
        test_import(srv, aus)
        test_import_is_private(srv, aus, idn)
        test_sign_out(srv, idn)
        log = srv.read_log()
        for secret in ["correct-horse-battery-9", aus.csrf, aus.cookie.split("=", 1)[1], "Ahmad", "Karimi"]:
            check(secret not in log, "the log holds a secret or record content: %r" % secret[:12])
        for line in log.splitlines():
            if line.startswith("{"):
                json.loads(line)
        rc = srv.stop()
        check(rc == 0, "clean exit on SIGTERM: %s" % rc)
    finally:
        srv.cleanup()


if __name__ == "__main__":
    run(main)
