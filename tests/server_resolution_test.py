#!/usr/bin/env python3
"""Entity resolution, hit/no-hit deconfliction and watchlists through a real `disrupt serve`.

A catalogue made by the real `disrupt generate` (the same people recorded by
several members) is imported with the real `disrupt import`; then, over HTTP:
  - a resolution run finishes; each user's review queue holds only pairs whose
    two records that user can read (checked record by record through the
    catalogue API, which is not the code under test), and a pair with a record
    hidden from a user never reaches that user's queue;
  - decisions (same / not same) change the clusters, survive a server restart,
    are respected by the incremental run an import triggers, and revoking one
    restores what the model said before;
  - two members upload encodings made by the real `disrupt encode` of
    overlapping people: both get hits naming the other member and its focal
    point, with a strength and none of the other side's data; a third member
    gets nothing; a focal point releases its record through a hit and the other
    member can then read it;
  - a watchlist selector matching a later import raises an alert: with the
    record when the watcher may read it, with only the originator's focal point
    when it may not; a member without selectors gets no alerts.
"""
import csv
import json
import os
import time

from server_common import Client, Server, check, run

PASSWORD = "correct-horse-battery-9"


def wait_run(client, run_id):
    deadline = time.monotonic() + 300
    while True:
        progress = client.json("GET", "/api/v1/resolution/runs/" + run_id)
        if progress["state"] in ("done", "failed"):
            return progress
        check(time.monotonic() < deadline, "run did not finish: %s" % progress)
        time.sleep(0.05)  # polling a background job, not timing it


def start_run(client):
    status, _, payload = client.call("POST", "/api/v1/resolution/runs")
    check(status == 202, "run accepted: %d %s" % (status, payload[:300]))
    progress = wait_run(client, json.loads(payload)["id"])
    check(progress["state"] == "done", "run done: %s" % progress)
    return progress


def wait_import(client, body):
    status, _, payload = client.call("POST", "/api/v1/imports", raw=body,
                                     headers={"Content-Type": "application/x-ndjson"})
    check(status == 202, "import accepted: %d %s" % (status, payload[:300]))
    job = json.loads(payload)["id"]
    deadline = time.monotonic() + 120
    while True:
        progress = client.json("GET", "/api/v1/imports/" + job)
        if progress["state"] in ("done", "failed"):
            break
        check(time.monotonic() < deadline, "import did not finish")
        time.sleep(0.05)  # polling a background job, not timing it
    check(progress["state"] == "done", "import done: %s" % progress)


def review(client):
    items, offset = [], 0
    while offset is not None:
        page = client.json("GET", "/api/v1/resolution/review?limit=500&offset=%d" % offset)
        items += page["items"]
        offset = page["next_offset"]
    return items


def can_read(client, rid, cache):
    key = (client.cookie, rid)
    if key not in cache:
        status, _, _ = client.call("GET", "/api/v1/entities/" + rid)
        check(status in (200, 404), "entity read %s: %d" % (rid, status))
        cache[key] = status == 200
    return cache[key]


def cluster_members(client, rid):
    body = client.json("GET", "/api/v1/resolution/clusters/" + rid)
    return {m["record_id"]: m for m in body["members"]}


def same(client, a, b):
    return b in cluster_members(client, a)


def main():
    server = Server()
    try:
        tmp = server.dir
        server.run_cli(["generate", "--entities", "1500", "--seed", "3", "--out", os.path.join(tmp, "gen"), "--quiet"])
        # The generator dates reviews in the past (as old records are); the
        # portal hides records past review, so move them into the future.
        persons = {}
        with open(os.path.join(tmp, "gen", "records.jsonl")) as f, open(os.path.join(tmp, "records.jsonl"), "w") as out:
            for line in f:
                r = json.loads(line)
                r["handling"]["review_date"] = "2099-01-01"
                if r["type"] == "Person":
                    persons[r["id"]] = r
                out.write(json.dumps(r) + "\n")
        server.run_cli(["import", "--store", server.store, os.path.join(tmp, "records.jsonl")])
        for uid, member, roles in [("aus", "AUS", "analyst"), ("lka", "LKA", "analyst"), ("idn", "IDN", "analyst"),
                                   ("nzl", "NZL", "analyst"), ("ausfp", "AUS", "member_official"),
                                   ("obs", "MYS", "observer")]:
            server.add_user(uid, member, roles=roles)
        server.start()
        aus, lka, idn, nzl = (Client(server, u) for u in ("aus", "lka", "idn", "nzl"))
        ausfp, obs = Client(server, "ausfp"), Client(server, "obs")

        # ---- Runs and the review queue under need-to-know ----
        status, _, _ = obs.call("POST", "/api/v1/resolution/runs")
        check(status == 403, "an observer cannot start a run: %d" % status)
        progress = start_run(aus)
        check(progress["persons_scanned"] == len(persons), "every Person scanned: %s vs %d" % (progress, len(persons)))
        check(progress["new_records"] == len(persons), "every Person resolved on the first run: %s" % progress)
        cache = {}
        queues = {}
        for name, client in (("aus", aus), ("lka", lka), ("idn", idn)):
            queues[name] = review(client)
            for item in queues[name]:
                check(can_read(client, item["a"], cache) and can_read(client, item["b"], cache),
                      "%s's queue shows a pair it cannot read: %s %s" % (name, item["a"], item["b"]))
                fields = item["explanation"]["fields"]
                check(any(f["field"] == "family_name" for f in fields), "explanation lists the fields: %s" % item)
                check(0 <= item["probability"] < 1, "review items are uncertain: %s" % item)
        total = sum(len(q) for q in queues.values())
        check(total > 0, "some review pairs are shown")
        # Pairs one user sees that another cannot read are absent from the other's queue.
        hidden_checked = 0
        for name, client in (("aus", aus), ("lka", lka), ("idn", idn)):
            mine = {(i["a"], i["b"]) for i in queues[name]}
            for other, other_client in (("aus", aus), ("lka", lka), ("idn", idn)):
                if other == name:
                    continue
                for item in queues[other]:
                    if not (can_read(client, item["a"], cache) and can_read(client, item["b"], cache)):
                        check((item["a"], item["b"]) not in mine, "hidden pair shown to %s" % name)
                        hidden_checked += 1
        check(hidden_checked > 0, "the data set has pairs hidden from some user (need-to-know is exercised)")

        # ---- Decisions: same, persisted, respected by later runs, revocable ----
        # An uncertain pair the model left apart.
        item = next(i for i in queues["aus"] if not same(aus, i["a"], i["b"]))
        a, b = item["a"], item["b"]
        before = False
        result = aus.json("POST", "/api/v1/resolution/decisions", {"a": a, "b": b, "decision": "same",
                                                                   "note": "same passport photo"}, expect=201)
        check(result["same_entity"], "same decision merges: %s" % result)
        members = cluster_members(aus, a)
        check(any(l["with"] == b and l["decided_by_analyst"] for l in members[a]["links"]),
              "the cluster explains the analyst's link: %s" % members[a])
        status, _, _ = obs.call("POST", "/api/v1/resolution/decisions", body={"a": a, "b": b, "decision": "same"})
        check(status == 403, "an observer cannot decide: %d" % status)
        # A record the caller cannot read answers like a missing one.
        hidden = next(p for p in persons if not can_read(nzl, p, cache))
        status, _, _ = nzl.call("POST", "/api/v1/resolution/decisions",
                                body={"a": hidden, "b": "NO-SUCH-RECORD", "decision": "same"})
        check(status == 404, "decision on a hidden record: %d" % status)
        status, _, _ = nzl.call("GET", "/api/v1/resolution/clusters/" + hidden)
        check(status == 404, "cluster of a hidden record: %d" % status)
        status, _, _ = aus.call("POST", "/api/v1/resolution/decisions", body={"a": a, "b": b, "decision": "maybe"})
        check(status == 400, "unknown decision refused: %d" % status)

        # A model merge split by a not-same decision.
        merged = None
        for pid in persons:
            if not can_read(aus, pid, cache):
                continue
            ms = cluster_members(aus, pid)
            for other, m in ms.items():
                if other != pid and any(l["with"] == pid and not l["decided_by_analyst"] for l in m["links"]):
                    merged = (pid, other)
                    break
            if merged:
                break
        check(merged is not None, "some visible pair was merged by the model")
        c, d = merged
        result = aus.json("POST", "/api/v1/resolution/decisions", {"a": c, "b": d, "decision": "not_same"},
                          expect=201)
        check(not result["same_entity"], "not-same decision splits: %s" % result)

        # Restart: decisions and state persist beside the catalogue.
        server.stop()
        server.start()
        aus, ausfp, idn, nzl, lka = (Client(server, u) for u in ("aus", "ausfp", "idn", "nzl", "lka"))
        check(same(aus, a, b), "same decision survives a restart")
        check(not same(aus, c, d), "not-same decision survives a restart")

        # An import triggers an incremental run, which respects the decisions.
        new_person = dict(persons[a])
        new_person["id"] = "AUS-TEST-NEW-1"
        new_person["provenance"] = dict(new_person["provenance"], originator="AUS")
        new_person["handling"] = dict(new_person["handling"], releasable_to=[])
        wait_import(aus, (json.dumps(new_person) + "\n").encode())
        progress = start_run(aus)  # joins or follows the run the import queued
        deadline = time.monotonic() + 120
        while not cluster_members(aus, "AUS-TEST-NEW-1") or \
                not aus.json("GET", "/api/v1/resolution/clusters/AUS-TEST-NEW-1")["resolved"]:
            check(time.monotonic() < deadline, "the imported person was not resolved")
            progress = start_run(aus)
        check(same(aus, a, b) and not same(aus, c, d), "a later run keeps the decisions")

        # Revoking restores the model's verdict.
        result = aus.json("DELETE", "/api/v1/resolution/decisions/%s/%s" % (a, b))
        check(result["same_entity"] == before, "revoking same restores the model's verdict: %s" % result)
        result = aus.json("DELETE", "/api/v1/resolution/decisions/%s/%s" % (c, d))
        check(result["same_entity"], "revoking not-same restores the model's merge: %s" % result)
        status, _, _ = aus.call("DELETE", "/api/v1/resolution/decisions/%s/%s" % (c, d))
        check(status == 404, "nothing left to revoke: %d" % status)

        # ---- Hit/no-hit between members ----
        secret = os.path.join(tmp, "group.secret")
        server.run_cli(["encode", "--new-secret", secret])
        # An AUS person IDN cannot read, which a release to IDN would make readable.
        aus_hidden = next(p for p, r in persons.items()
                          if r["provenance"]["originator"] == "AUS" and not can_read(idn, p, cache)
                          and r["properties"].get("birth_date") and "compartment" not in r["handling"]
                          and r["properties"].get("victim", ["false"])[0] != "true"
                          and r["handling"]["classification"] in ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL"))
        target = persons[aus_hidden]["properties"]
        header = ["record_id", "given_name", "family_name", "full_name", "dob", "phone"]
        rows = {
            "AUS": [[aus_hidden, target.get("given_name", [""])[0], target.get("family_name", [""])[0],
                     target["name"][0], target["birth_date"][0], ""],
                    ["AUS-LOCAL-2", "Kamal", "Perera", "", "1980-02-03", "+61 412 555 019"]],
            "IDN": [["IDN-REF-77", target.get("given_name", [""])[0], target.get("family_name", [""])[0],
                     target["name"][0], target["birth_date"][0], ""],
                    ["IDN-REF-78", "Rudi", "Hartono", "", "1971-05-06", "+61412555019"]],
            "NZL": [["NZL-REF-1", "Aroha", "Ngata", "", "1990-09-09", "+64 21 555 0100"]],
        }
        encoded = {}
        for member, data in rows.items():
            path = os.path.join(tmp, member + ".csv")
            with open(path, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(data)
            out = os.path.join(tmp, member + ".enc")
            server.run_cli(["encode", "--records", path, "--secret", secret, "--member", member, "--out", out])
            with open(out, "rb") as f:
                encoded[member] = f.read()
        status, _, payload = idn.call("POST", "/api/v1/deconfliction/encodings", raw=encoded["AUS"],
                                      headers={"Content-Type": "application/x-ndjson"})
        check(status == 400, "a member cannot upload another's file: %d %s" % (status, payload[:200]))
        up = []
        for client, member in ((aus, "AUS"), (idn, "IDN"), (nzl, "NZL")):
            status, _, payload = client.call("POST", "/api/v1/deconfliction/encodings", raw=encoded[member],
                                             headers={"Content-Type": "application/x-ndjson"})
            check(status == 201, "upload %s: %d %s" % (member, status, payload[:300]))
            up.append(json.loads(payload))
        check(up[1]["new_hits"] >= 2, "IDN's upload finds the name and phone hits: %s" % up[1])
        aus_hits = aus.json("GET", "/api/v1/deconfliction/hits")["items"]
        idn_hits = idn.json("GET", "/api/v1/deconfliction/hits")["items"]
        nzl_hits = nzl.json("GET", "/api/v1/deconfliction/hits")["items"]
        check(nzl_hits == [], "no hit for a member with no overlap: %s" % nzl_hits)
        by_ref = {h["your_record"]: h for h in aus_hits}
        check(aus_hidden in by_ref and by_ref[aus_hidden]["kind"] == "name_dob", "AUS name hit: %s" % aus_hits)
        check(0.8 <= by_ref[aus_hidden]["strength"] <= 1, "strength is a Dice coefficient: %s" % by_ref[aus_hidden])
        check("AUS-LOCAL-2" in by_ref and by_ref["AUS-LOCAL-2"]["kind"] == "phone", "AUS phone hit: %s" % aus_hits)
        check(by_ref["AUS-LOCAL-2"]["strength"] == 1, "an exact key hit has strength 1")
        idn_refs = {h["your_record"] for h in idn_hits}
        check(idn_refs == {"IDN-REF-77", "IDN-REF-78"}, "IDN hits: %s" % idn_hits)
        for h in aus_hits:
            check(h["other_member"]["member"] == "IDN", "other member named: %s" % h)
            check("contact their focal point" in h["message"], "message: %s" % h)
        for h in idn_hits:
            check(h["other_member"]["member"] == "AUS", "other member named: %s" % h)
            check([fp["user_id"] for fp in h["other_member"]["focal_points"]] == ["ausfp"],
                  "AUS's focal point named: %s" % h)
        text_aus, text_idn = json.dumps(aus_hits), json.dumps(idn_hits)
        for leaked in ("IDN-REF-77", "IDN-REF-78", "Rudi", "Hartono"):
            check(leaked not in text_aus, "AUS sees none of IDN's data (%s)" % leaked)
        for leaked in (aus_hidden, "AUS-LOCAL-2", "Kamal", target["name"][0]):
            check(leaked not in text_idn, "IDN sees none of AUS's data (%s)" % leaked)

        # The originator releases its side of the hit; IDN can then read it.
        check(not can_read(idn, aus_hidden, {}), "IDN cannot read the AUS record before release")
        hit_id = by_ref[aus_hidden]["id"]
        status, _, _ = aus.call("POST", "/api/v1/releases", body={"hit_id": hit_id, "reason": "joint case"})
        check(status == 403, "an analyst is not a focal point: %d" % status)
        grant = ausfp.json("POST", "/api/v1/releases", {"hit_id": hit_id, "reason": "joint case"}, expect=201)
        check(grant["record_id"] == aus_hidden and grant["grantee"] == "IDN", "grant: %s" % grant)
        check(can_read(idn, aus_hidden, {}), "IDN reads the released record")

        # ---- Watchlists and alerts ----
        status, _, _ = nzl.call("POST", "/api/v1/watchlists", body={"kind": "phone", "value": "not a phone"})
        check(status == 400, "an unreadable selector is refused: %d" % status)
        phone_sel = nzl.json("POST", "/api/v1/watchlists", {"kind": "phone", "value": "+61 413 555 777"}, expect=201)
        name_sel = nzl.json("POST", "/api/v1/watchlists", {"kind": "name", "value": "Farhad Jalali"}, expect=201)
        temp = nzl.json("POST", "/api/v1/watchlists", {"kind": "document", "value": "N1234567"}, expect=201)
        nzl.json("DELETE", "/api/v1/watchlists/" + temp["id"], expect=204)
        status, _, _ = lka.call("DELETE", "/api/v1/watchlists/" + phone_sel["id"])
        check(status == 404, "another member's selector cannot be removed: %d" % status)
        listed = {s["id"] for s in nzl.json("GET", "/api/v1/watchlists")["items"]}
        check(listed == {phone_sel["id"], name_sel["id"]}, "selectors listed: %s" % listed)
        check(lka.json("GET", "/api/v1/watchlists")["items"] == [], "selectors are per member")

        def rec(rid, rtype, props, releasable):
            return {"id": rid, "kind": "entity", "type": rtype, "properties": props,
                    "provenance": {"originator": "AUS", "agency": "AFP", "reported": "2025-01-01",
                                   "reliability": "B", "credibility": 2},
                    "handling": {"classification": "RESTRICTED", "tlp": "TLP:AMBER", "codes": [],
                                 "releasable_to": releasable, "originator_control": False,
                                 "review_date": "2099-01-01"}}
        body = "\n".join(json.dumps(r) for r in [
            rec("AUS-W-PHONE", "Phone", {"number": ["0413 555 777"], "country": ["AUS"]}, []),
            rec("AUS-W-PERSON", "Person", {"name": ["Farhad Jalaly"]}, ["NZL"]),
            rec("AUS-W-OTHER", "Person", {"name": ["Unrelated Person"]}, ["NZL"]),
        ]) + "\n"
        wait_import(aus, body.encode())
        alerts = nzl.json("GET", "/api/v1/alerts")["items"]
        by_sel = {x["selector_id"]: x for x in alerts}
        check(set(by_sel) == {phone_sel["id"], name_sel["id"]}, "two alerts: %s" % alerts)
        phone_alert = by_sel[phone_sel["id"]]
        check(phone_alert["record"] is None, "a record not released to NZL is not described: %s" % phone_alert)
        check(phone_alert["contact"]["member"] == "AUS"
              and [fp["user_id"] for fp in phone_alert["contact"]["focal_points"]] == ["ausfp"],
              "the alert names the originator's focal point: %s" % phone_alert)
        check("AUS-W-PHONE" not in json.dumps(phone_alert) and "0413" not in json.dumps(phone_alert),
              "no content of the hidden record: %s" % phone_alert)
        name_alert = by_sel[name_sel["id"]]
        check(name_alert["record"] and name_alert["record"]["id"] == "AUS-W-PERSON",
              "a record released to NZL is shown: %s" % name_alert)
        check(0.9 <= name_alert["strength"] <= 1, "name strength: %s" % name_alert)
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
