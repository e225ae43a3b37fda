#!/usr/bin/env python3
"""Watchlists see every way records reach the catalogue, not only portal imports.

Against a real `disrupt serve` on a catalogue whose sensitive fields are
encrypted at rest (the test's field key):
  - a member (NZL) registers a phone, a name and a document selector through
    the API;
  - another member's records arrive through the real `disrupt import` on the
    command line while the server runs: the matching phone and name raise
    alerts for NZL (the CLI says how many), the unrelated record does not;
  - a single record written through the API (POST /api/v1/entities) that
    matches the document selector raises an alert too;
  - a member without selectors gets no alerts, and an alert on a record not
    released to the watcher names the originator but none of its content.
"""
import json
import os

from server_common import Client, Server, check, record, run


def main():
    server = Server()
    try:
        server.add_user("nzl", "NZL", roles="analyst")
        server.add_user("lka", "LKA", roles="analyst")
        server.add_user("aus", "AUS", roles="analyst")
        server.start()
        nzl, lka, aus = Client(server, "nzl"), Client(server, "lka"), Client(server, "aus")

        phone_sel = nzl.json("POST", "/api/v1/watchlists", {"kind": "phone", "value": "+61 413 555 777"}, expect=201)
        name_sel = nzl.json("POST", "/api/v1/watchlists", {"kind": "name", "value": "Farhad Jalali"}, expect=201)
        doc_sel = nzl.json("POST", "/api/v1/watchlists", {"kind": "document", "value": "N1234567"}, expect=201)

        phone = record("AUS-W-PHONE", "AUS", rtype="Phone",
                       extra_props={"number": ["0413 555 777"], "country": ["AUS"]})
        person = record("AUS-W-PERSON", "AUS", name="Farhad Jalaly", releasable_to=["NZL"])
        other = record("AUS-W-OTHER", "AUS", name="Unrelated Person", releasable_to=["NZL"])
        path = os.path.join(server.dir, "aus.jsonl")
        with open(path, "w") as f:
            for r in (phone, person, other):
                f.write(json.dumps(r) + "\n")
        out = server.run_cli(["import", "--store", server.store, "--format", "json", path])
        check("2 watchlist alert(s) raised" in out.stderr, "the CLI reports the alerts: %s" % out.stderr)

        alerts = nzl.json("GET", "/api/v1/alerts")["items"]
        by_sel = {a["selector_id"]: a for a in alerts}
        check(set(by_sel) == {phone_sel["id"], name_sel["id"]}, "a CLI import raises two alerts: %s" % alerts)
        check(by_sel[name_sel["id"]]["record"]["id"] == "AUS-W-PERSON", "the released record is shown")
        hidden = by_sel[phone_sel["id"]]
        check(hidden["record"] is None and hidden["contact"]["member"] == "AUS",
              "a record not released to NZL is only named by its originator: %s" % hidden)
        check("0413" not in json.dumps(hidden) and "AUS-W-PHONE" not in json.dumps(hidden),
              "no content of the hidden record: %s" % hidden)

        doc = record("AUS-W-DOC", "AUS", rtype="IdentityDocument", releasable_to=["NZL"],
                     extra_props={"document_type": ["passport"], "number": ["N1234567"],
                                  "issuing_country": ["IRN"], "status": ["forged"]})
        doc["properties"].pop("name", None)
        aus.json("POST", "/api/v1/entities", doc, expect=201)
        alerts = nzl.json("GET", "/api/v1/alerts")["items"]
        doc_alerts = [a for a in alerts if a["selector_id"] == doc_sel["id"]]
        check(len(doc_alerts) == 1 and doc_alerts[0]["record"]["id"] == "AUS-W-DOC",
              "a single write through the API raises an alert: %s" % alerts)

        check(lka.json("GET", "/api/v1/alerts")["items"] == [], "a member without selectors gets no alerts")
        check(server.stop() == 0, "server stopped cleanly")
    except Exception:
        if server.proc is not None:
            print(server.read_log()[-3000:])
        raise
    finally:
        server.cleanup()


if __name__ == "__main__":
    run(main)
