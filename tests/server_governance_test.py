"""The Working Group's meetings and actions through a real `disrupt serve`
(src/server/governance_*.cc, src/governance): who may schedule and change
them, who sees them (the need-to-know policy, as for records: a hidden item
answers exactly like a missing one and is left out of lists), validation of
bad input with the field named, the owner member reporting progress, and
the audit trail."""
import json

import server_common as sc
from server_common import check


def error_field(payload):
    return json.loads(payload)["error"].get("field")


def main():
    server = sc.Server()
    try:
        server.add_user("tha.sec", "THA", roles="secretariat,analyst")
        server.add_user("aus.chair", "AUS", roles="co_chair,analyst")
        server.add_user("idn.analyst", "IDN", roles="analyst")
        server.add_user("idn.low", "IDN", roles="analyst", clearance="RESTRICTED")
        server.add_user("nzl.analyst", "NZL", roles="analyst")
        server.start()
        sec = sc.Client(server, "tha.sec")
        chair = sc.Client(server, "aus.chair")
        idn = sc.Client(server, "idn.analyst")
        idn_low = sc.Client(server, "idn.low")
        nzl = sc.Client(server, "nzl.analyst")

        # Scheduling: the secretariat and co-chairs only.
        body = {"title": "Working Group meeting", "kind": "working_group", "starts_at": "2099-03-10T02:00:00Z",
                "ends_at": "2099-03-10T09:00Z", "location": "Bangkok", "chatham_house": True,
                "agenda": "1. Regional trends\n2. Joint operations"}
        status, _, payload = idn.call("POST", "/api/v1/meetings", body=body)
        check(status == 403, "an analyst cannot schedule a meeting: %d" % status)
        status, _, payload = sec.call("POST", "/api/v1/meetings", body=body)
        check(status == 201, "the secretariat schedules a meeting: %d %s" % (status, payload[:300]))
        open_meeting = json.loads(payload)
        check(open_meeting["originator"] == "THA" and open_meeting["chatham_house"] is True, "originator and rule kept")
        check(open_meeting["starts_at"] == "2099-03-10T02:00:00Z" and open_meeting["ends_at"] == "2099-03-10T09:00:00Z",
              "times in UTC: %s %s" % (open_meeting["starts_at"], open_meeting["ends_at"]))
        check(open_meeting["handling"] == {"classification": "RESTRICTED", "tlp": "TLP:AMBER",
                                           "releasable_to": ["ALL_MEMBERS"]},
              "default marking: %s" % open_meeting["handling"])

        # A SECRET co-chairs' meeting released to AUS and IDN only.
        secret = dict(body, title="Co-chairs' planning", kind="co_chairs", starts_at="2099-02-01T01:00:00Z",
                      ends_at="2099-02-01T03:00:00Z", chatham_house=False,
                      handling={"classification": "SECRET", "tlp": "TLP:AMBER", "releasable_to": ["IDN"]})
        status, _, payload = chair.call("POST", "/api/v1/meetings", body=secret)
        check(status == 201, "a co-chair schedules a restricted meeting: %d %s" % (status, payload[:300]))
        closed_meeting = json.loads(payload)

        # Bad input: named fields, nothing written.
        for bad, field in ((dict(body, starts_at="10/03/2099"), "starts_at"),
                           (dict(body, ends_at="2099-03-09T00:00:00Z"), "ends_at"),
                           (dict(body, title=""), "title"),
                           (dict(body, kind="party"), "kind"),
                           (dict(body, chatham_house="yes"), "chatham_house"),
                           (dict(body, venue="x"), "venue"),
                           (dict(body, handling={"classification": "TOP SECRET", "tlp": "TLP:AMBER",
                                                 "releasable_to": ["NZL"]}), "handling"),
                           (dict(body, handling={"classification": "MEGA"}), "handling.classification")):
            status, _, payload = sec.call("POST", "/api/v1/meetings", body=bad)
            check(status == 400 and error_field(payload) == field,
                  "bad %s refused naming it: %d %s" % (field, status, payload[:200]))
        status, _, payload = sec.call("POST", "/api/v1/meetings", raw=b"{not json", headers={"Content-Type": "application/json"})
        check(status == 400, "a malformed body: %d" % status)

        # Who sees what.
        def listed(client):
            return [m["id"] for m in client.json("GET", "/api/v1/meetings?from=2099-01-01&to=2100-01-01")["meetings"]]
        check(listed(idn) == [closed_meeting["id"], open_meeting["id"]], "IDN sees both, by start time")
        check(listed(chair) == [closed_meeting["id"], open_meeting["id"]], "the originator sees its own")
        check(listed(nzl) == [open_meeting["id"]], "NZL does not see the meeting not released to it")
        check(listed(idn_low) == [open_meeting["id"]], "a RESTRICTED clearance does not see the SECRET meeting")
        hidden = nzl.call("GET", "/api/v1/meetings/" + closed_meeting["id"])
        missing = nzl.call("GET", "/api/v1/meetings/MTG-00000000")
        check(hidden[0] == missing[0] == 404 and json.loads(hidden[2]) == json.loads(missing[2]),
              "a hidden meeting answers exactly like a missing one: %s / %s" % (hidden[2][:120], missing[2][:120]))
        check(nzl.json("GET", "/api/v1/meetings")["meetings"] == [],
              "the default window (from yesterday, a year ahead) leaves out meetings in 2099")
        status, _, payload = idn.call("GET", "/api/v1/meetings?from=yesterday")
        check(status == 400 and error_field(payload) == "from", "a bad period is refused: %d" % status)

        # Changing a meeting: the organising member's secretariat or co-chair only.
        status, _, _ = chair.call("PUT", "/api/v1/meetings/" + open_meeting["id"], body={"location": "Bali"})
        check(status == 403, "another member's co-chair cannot change it: %d" % status)
        status, _, _ = nzl.call("PUT", "/api/v1/meetings/" + closed_meeting["id"], body={"location": "Bali"})
        check(status == 404, "a member that cannot see it cannot change it, nor learn it exists: %d" % status)
        moved = sec.json("PUT", "/api/v1/meetings/" + open_meeting["id"], body={"location": "Bali", "cancelled": False})
        check(moved["location"] == "Bali" and moved["originator"] == "THA" and moved["title"] == body["title"],
              "the change keeps what it does not name")

        # Actions: recorded by the organisers, progressed by the owner.
        status, _, _ = idn.call("POST", "/api/v1/actions", body={"title": "x", "owner": "IDN"})
        check(status == 403, "an analyst cannot record an action: %d" % status)
        action = sec.json("POST", "/api/v1/actions",
                          body={"title": "Share the route analysis", "owner": "IDN", "due": "2099-04-01",
                                "meeting_id": open_meeting["id"]}, expect=201)
        secret_action = chair.json("POST", "/api/v1/actions",
                                   body={"title": "Prepare the joint operation", "owner": "IDN", "due": "2099-02-15",
                                         "meeting_id": closed_meeting["id"],
                                         "handling": {"classification": "SECRET", "tlp": "TLP:AMBER",
                                                      "releasable_to": ["IDN"]}}, expect=201)
        status, _, payload = sec.call("POST", "/api/v1/actions", body={"title": "x", "owner": "XXX"})
        check(status == 400 and error_field(payload) == "owner", "an unknown owner member is refused")
        status, _, payload = sec.call("POST", "/api/v1/actions",
                                      body={"title": "x", "owner": "IDN", "meeting_id": closed_meeting["id"]})
        check(status == 400 and error_field(payload) == "meeting_id",
              "a meeting the recorder cannot see cannot be named: %d %s" % (status, payload[:200]))
        status, _, payload = sec.call("POST", "/api/v1/actions", body={"title": "x", "owner": "IDN", "due": "soon"})
        check(status == 400 and error_field(payload) == "due", "a bad due date is refused")

        ids = [a["id"] for a in idn.json("GET", "/api/v1/actions")["actions"]]
        check(ids == [secret_action["id"], action["id"]], "open actions by due date: %s" % ids)
        ids = [a["id"] for a in nzl.json("GET", "/api/v1/actions")["actions"]]
        check(ids == [action["id"]], "NZL sees only the action released to it")
        detail = idn.json("GET", "/api/v1/meetings/" + open_meeting["id"])
        check([a["id"] for a in detail["actions"]] == [action["id"]], "a meeting lists its actions")

        status, _, _ = nzl.call("PUT", "/api/v1/actions/" + action["id"], body={"status": "done"})
        check(status == 403, "a member that does not own the action cannot close it: %d" % status)
        status, _, payload = idn.call("PUT", "/api/v1/actions/" + action["id"], body={"title": "renamed"})
        check(status == 403, "the owner may not rewrite the action: %d %s" % (status, payload[:200]))
        status, _, payload = idn.call("PUT", "/api/v1/actions/" + action["id"], body={"status": "finished"})
        check(status == 400 and error_field(payload) == "status", "an unknown status is refused")
        progressed = idn.json("PUT", "/api/v1/actions/" + action["id"], body={"status": "done"})
        check(progressed["status"] == "done" and progressed["title"] == "Share the route analysis",
              "the owner reports the action done")
        ids = [a["id"] for a in idn.json("GET", "/api/v1/actions")["actions"]]
        check(ids == [secret_action["id"]], "a done action leaves the open list")
        ids = [a["id"] for a in idn.json("GET", "/api/v1/actions?status=all")["actions"]]
        check(set(ids) == {secret_action["id"], action["id"]}, "status=all lists it")

        # The audit trail: reads, writes and refusals, no contents.
        log = server.run_cli(["audit", "query", "--store", server.store, "--action", "governance.write"]).stdout
        for reason in ("meeting_added", "meeting_updated", "action_added", "action_done", "not_organiser", "not_owner"):
            check(reason in log, "audited: " + reason)
        log = server.run_cli(["audit", "query", "--store", server.store, "--action", "governance.read",
                              "--actor", "nzl.analyst"]).stdout
        check("not_releasable" in log and closed_meeting["id"] in log, "a refused read is audited with its reason")
        check("Co-chairs' planning" not in log and "Bangkok" not in log, "no contents in the audit log")
    finally:
        server.cleanup()


if __name__ == "__main__":
    sc.run(main)
