#!/usr/bin/env python3
"""Release requests, grants, agreements and retention through the real portal.

A member's analyst asks for a record they may not see; the originator's focal
point grants it and the record appears at once; revocation hides it again; a
bilateral agreement recorded by the secretariat releases it; retention review
lists and renews records past their review date; `disrupt retention sweep`
removes the lapsed ones and audits each removal.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_common import Client, Server, check, record, run  # noqa: E402


def main():
    server = Server()
    try:
        server.add_user("aus.analyst", "AUS", roles="analyst")
        server.add_user("aus.focal", "AUS", roles="member_official")
        server.add_user("aus.observer", "AUS", roles="observer")
        server.add_user("idn.analyst", "IDN", roles="analyst")
        server.add_user("rso.secretariat", "THA", roles="secretariat")
        server.start()
        aus = Client(server, "aus.analyst")
        focal = Client(server, "aus.focal")
        observer = Client(server, "aus.observer")
        idn = Client(server, "idn.analyst")
        sec = Client(server, "rso.secretariat")

        secret = record("AUS-P1", "AUS", name="Tariq Haidari")  # originator only
        lapsed = record("AUS-P2", "AUS", name="Bashir Noori", releasable_to=["ALL_MEMBERS"])
        lapsed["handling"]["review_date"] = "2020-01-01"
        old = record("AUS-P3", "AUS", name="Karim Sadiqi", releasable_to=["ALL_MEMBERS"])
        old["handling"]["review_date"] = "2019-06-30"
        for r in (secret, lapsed, old):
            aus.json("POST", "/api/v1/entities", body=r, expect=201)

        # 1. A request reveals nothing: the same answer for a record that exists and one that does not.
        status, _, _ = idn.call("GET", "/api/v1/entities/AUS-P1")
        check(status == 404, "IDN must not see AUS-P1 before a grant (got %d)" % status)
        req = idn.json("POST", "/api/v1/releases/requests",
                       body={"record_id": "AUS-P1", "originator": "AUS", "justification": "deconfliction hit 17"},
                       expect=201)
        ghost = idn.json("POST", "/api/v1/releases/requests",
                         body={"record_id": "AUS-NONE", "originator": "AUS", "justification": "hit 18"},
                         expect=201)
        check(req["state"] == "pending" and ghost["state"] == "pending", "requests start pending")
        check(set(req) == set(ghost), "the answer has the same shape whether or not the record exists")
        status, _, body = idn.call("POST", "/api/v1/releases/requests",
                                   body={"record_id": "AUS-P1", "originator": "XXX", "justification": "x"})
        check(status == 400 and json.loads(body)["error"]["field"] == "originator", "unknown originator: 400")
        status, _, _ = idn.call("POST", "/api/v1/releases/requests",
                                body={"record_id": "AUS-P1", "originator": "AUS", "justification": "again"})
        check(status == 409, "a second pending request for the same record: 409 (got %d)" % status)
        mine = idn.json("GET", "/api/v1/releases/requests")["requests"]
        check({r["record_id"] for r in mine} == {"AUS-P1", "AUS-NONE"}, "the requester sees their requests")

        # 2. Only the originator's focal point answers.
        status, _, _ = aus.call("GET", "/api/v1/releases/requests?view=incoming")
        check(status == 403, "an analyst is not a focal point (got %d)" % status)
        incoming = focal.json("GET", "/api/v1/releases/requests?view=incoming")["requests"]
        check({r["id"] for r in incoming} == {req["id"], ghost["id"]}, "the focal point sees both requests")
        status, _, _ = idn.call("POST", "/api/v1/releases/requests/%d/grant" % req["id"], body={"reason": "mine"})
        check(status == 404, "another member cannot answer (got %d)" % status)
        status, _, body = focal.call("POST", "/api/v1/releases/requests/%d/grant" % ghost["id"],
                                     body={"reason": "ok"})
        check(400 <= status < 500 and status != 404, "granting a record that is not AUS's is refused (%d)" % status)
        refused = focal.json("POST", "/api/v1/releases/requests/%d/refuse" % ghost["id"], body={"reason": "unknown"})
        check(refused["state"] == "refused", "refusal recorded")

        grant = focal.json("POST", "/api/v1/releases/requests/%d/grant" % req["id"],
                           body={"reason": "joint operation"}, expect=201)
        check(grant["grantee_kind"] == "member" and grant["grantee"] == "IDN", "granted to the requesting member")
        seen = idn.json("GET", "/api/v1/entities/AUS-P1")
        check(seen["record"]["id"] == "AUS-P1", "the grant takes effect at once")
        status, _, _ = idn.call("GET", "/api/v1/releases/grants?record=AUS-P1")
        check(status == 404, "grants of another member's record are not listed (got %d)" % status)
        grants = focal.json("GET", "/api/v1/releases/grants?record=AUS-P1")["grants"]
        check([g["id"] for g in grants] == [grant["id"]], "the originator lists the grant")
        status, _, _ = idn.call("POST", "/api/v1/releases/grants/%d/revoke" % grant["id"], body={"reason": "x"})
        check(status == 404, "only the originator revokes (got %d)" % status)
        focal.json("POST", "/api/v1/releases/grants/%d/revoke" % grant["id"], body={"reason": "operation closed"})
        status, _, _ = idn.call("GET", "/api/v1/entities/AUS-P1")
        check(status == 404, "revocation takes effect at once (got %d)" % status)

        # 3. Bilateral agreements: recorded by the secretariat, applied by the policy.
        status, _, _ = idn.call("POST", "/api/v1/agreements",
                                body={"party_a": "AUS", "party_b": "IDN", "reference": "MoU"})
        check(status == 403, "an analyst cannot record agreements (got %d)" % status)
        agreement = sec.json("POST", "/api/v1/agreements",
                             body={"party_a": "AUS", "party_b": "IDN", "a_to_b": True, "b_to_a": False,
                                   "reference": "AUS-IDN MoU 2026/4"}, expect=201)
        idn.json("GET", "/api/v1/entities/AUS-P1")
        listed = idn.json("GET", "/api/v1/agreements")["agreements"]
        check([a["id"] for a in listed] == [agreement["id"]], "agreements in force are listed")
        sec.json("POST", "/api/v1/agreements/%d/end" % agreement["id"])
        status, _, _ = idn.call("GET", "/api/v1/entities/AUS-P1")
        check(status == 404, "an ended agreement no longer releases (got %d)" % status)

        # 4. Retention review and renewal.
        status, _, _ = idn.call("GET", "/api/v1/entities/AUS-P2")
        check(status == 404, "a record past its review date is hidden from other members (got %d)" % status)
        due = aus.json("GET", "/api/v1/retention/due")["due"]
        by_id = {d["id"]: d for d in due}
        check(set(by_id) == {"AUS-P2", "AUS-P3"}, "due lists the member's lapsed records: %s" % sorted(by_id))
        check(by_id["AUS-P2"]["days_left"] < 0 and by_id["AUS-P2"]["label"] == "Bashir Noori",
              "due items carry the date and, for the cleared originator, the name")
        check(idn.json("GET", "/api/v1/retention/due")["due"] == [], "another member sees none of AUS's records")
        status, _, _ = observer.call("GET", "/api/v1/retention/due")
        check(status == 403, "observers do not review retention (got %d)" % status)
        status, _, _ = idn.call("POST", "/api/v1/retention/AUS-P2/renew", body={"review_date": "2099-12-31"})
        check(status == 404, "another member cannot renew (got %d)" % status)
        status, _, body = aus.call("POST", "/api/v1/retention/AUS-P2/renew", body={"review_date": "2001-01-01"})
        check(status == 400 and json.loads(body)["error"]["field"] == "review_date", "a past date is refused")
        renewed = aus.json("POST", "/api/v1/retention/AUS-P2/renew", body={"review_date": "2099-12-31"})
        check(renewed["version"] == 2 and renewed["review_date"] == "2099-12-31", "renewal writes a new version")
        idn.json("GET", "/api/v1/entities/AUS-P2")

        # 5. The sweep removes what was not renewed, and audits it.
        out = server.run_cli(["retention", "sweep", "--store", server.store, "--grace-days", "30", "--json"]).stdout
        removed = [r["id"] for r in json.loads(out)["removed"]]
        check(removed == ["AUS-P3"], "only the lapsed record is removed: %s" % removed)
        status, _, _ = aus.call("GET", "/api/v1/entities/AUS-P3")
        check(status == 404, "a removed record is gone for its originator too (got %d)" % status)
        trail = server.run_cli(["audit", "query", "--store", server.store, "--action", "retention", "--json"]).stdout
        entries = [json.loads(line) for line in trail.splitlines() if line.strip()]  # JSON Lines
        targets = [(e.get("target"), e.get("reason")) for e in entries]
        check(("AUS-P3", "review_date_passed") in targets, "the removal is audited: %s" % targets)
        check(("AUS-P2", "renewed") in targets, "the renewal is audited: %s" % targets)
        check("Karim" not in trail, "the audit log holds no record contents")
        verify = server.run_cli(["audit", "verify", "--store", server.store], check_rc=False)
        check(verify.returncode == 0, "the audit chain is intact: " + verify.stdout)
    finally:
        server.cleanup()


run(main)
