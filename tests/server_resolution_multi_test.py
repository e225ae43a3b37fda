#!/usr/bin/python3
"""Entity resolution with two `disrupt serve` instances on one PostgreSQL catalogue.

A catalogue made by the real `disrupt generate` is imported into PostgreSQL;
two servers serve it. Without a restart of either:
  - a run started on A is seen on B: B's review queue and clusters become A's;
  - a "same" decision taken on A merges the pair on B and leaves B's review queue;
  - its undo taken on B restores, on A, what the model said before;
  - a "not same" decision taken on B splits a model merge on A;
  - a run on B after an import through B starts from the state and decisions
    A saved, and A then sees the imported person resolved, the decisions kept.
What "the same" means here comes from the other server's answers (each
server's view is compared with the other's and with what it said before),
not from the resolver's internals.

Needs DISRUPT_TEST_POSTGRES (make test starts a throw-away cluster); exits 77
(skipped), saying why, without it. Works in a schema of its own.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from multi_instance_test import PgServer  # noqa: E402
from server_common import Client, check, run  # noqa: E402
from server_resolution_test import cluster_members, review, start_run, wait_import  # noqa: E402

WAIT_SECONDS = 60


def eventually(what, probe):
    """Polls `probe` until it returns a true value (the other server hears
    of a change asynchronously); fails naming `what` after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        value = probe()
        if value:
            return value
        check(time.monotonic() < deadline, "never happened: " + what)
        time.sleep(0.05)  # polling another process, not timing it


def members_of(client, rid):
    return sorted(cluster_members(client, rid))


def pairs(queue):
    return sorted((i["a"], i["b"]) for i in queue)


def main():
    base = os.environ.get("DISRUPT_TEST_POSTGRES", "")
    if not base:
        print("DISRUPT_TEST_POSTGRES not set: no PostgreSQL server for this run")
        sys.exit(77)
    uri = base + ("&" if "?" in base else "?") + "schema=resolution_multi_%d" % os.getpid()
    a = PgServer(uri, init=True)
    b = PgServer(uri, init=False, keys_from=a)
    try:
        tmp = a.dir
        a.run_cli(["generate", "--entities", "800", "--seed", "5", "--out", os.path.join(tmp, "gen"), "--quiet"])
        persons = {}
        with open(os.path.join(tmp, "gen", "records.jsonl")) as f, \
                open(os.path.join(tmp, "records.jsonl"), "w") as out:
            for line in f:
                r = json.loads(line)
                r["handling"]["review_date"] = "2099-01-01"  # the portal hides records past review
                if r["type"] == "Person":
                    persons[r["id"]] = r
                out.write(json.dumps(r) + "\n")
        a.run_cli(["import", "--store", uri, os.path.join(tmp, "records.jsonl")])
        a.add_user("aus", "AUS")
        a.start()
        b.start()
        aus_a, aus_b = Client(a, "aus"), Client(b, "aus")

        # A run on A reaches B.
        start_run(aus_a)
        queue_a = pairs(review(aus_a))
        check(queue_a, "the run leaves pairs to review")
        eventually("B's review queue equals A's after A's run", lambda: pairs(review(aus_b)) == queue_a)

        # "Same" on A merges on B; the pair leaves B's queue.
        x, y = next(p for p in queue_a if y_not_in(aus_a, p))
        before_x = members_of(aus_a, x)
        result = aus_a.json("POST", "/api/v1/resolution/decisions", {"a": x, "b": y, "decision": "same"},
                            expect=201)
        check(result["same_entity"], "A merges on the decision: %s" % result)
        eventually("B merges %s and %s" % (x, y), lambda: y in cluster_members(aus_b, x))
        check(members_of(aus_b, x) == members_of(aus_a, x), "B's cluster is A's")
        check((x, y) not in pairs(review(aus_b)), "the decided pair left B's queue")

        # Its undo on B restores the model's verdict on A.
        result = aus_b.json("DELETE", "/api/v1/resolution/decisions/%s/%s" % (x, y))
        check(not result["same_entity"], "B undoes the merge: %s" % result)
        eventually("A undoes the merge of %s and %s" % (x, y), lambda: members_of(aus_a, x) == before_x)
        eventually("the pair is back in A's queue", lambda: (x, y) in pairs(review(aus_a)))

        # "Not same" on B splits a model merge on A.
        merged = None
        for pid in persons:
            status, _, _ = aus_a.call("GET", "/api/v1/resolution/clusters/" + pid)
            if status != 200:
                continue  # not visible to AUS
            ms = cluster_members(aus_a, pid)
            other = next((o for o, m in ms.items()
                          if o != pid and any(l["with"] == pid and not l["decided_by_analyst"] for l in m["links"])),
                         None)
            if other:
                merged = (pid, other)
                break
        check(merged is not None, "the model merged some pair")
        c, d = merged
        result = aus_b.json("POST", "/api/v1/resolution/decisions", {"a": c, "b": d, "decision": "not_same"},
                            expect=201)
        check(not result["same_entity"], "B splits on the decision: %s" % result)
        eventually("A splits %s and %s" % (c, d), lambda: d not in cluster_members(aus_a, c))

        # An import and a run through B; A sees the new person resolved and the decision kept.
        newcomer = dict(persons[c])
        newcomer["id"] = "AUS-MULTI-NEW-1"
        newcomer["provenance"] = dict(newcomer["provenance"], originator="AUS")
        newcomer["handling"] = dict(newcomer["handling"], releasable_to=[])
        wait_import(aus_b, (json.dumps(newcomer) + "\n").encode())
        start_run(aus_b)
        eventually("B resolved the imported person",
                   lambda: aus_b.json("GET", "/api/v1/resolution/clusters/AUS-MULTI-NEW-1")["resolved"])
        eventually("A sees the person B resolved",
                   lambda: aus_a.json("GET", "/api/v1/resolution/clusters/AUS-MULTI-NEW-1")["resolved"])
        check(members_of(aus_a, "AUS-MULTI-NEW-1") == members_of(aus_b, "AUS-MULTI-NEW-1"),
              "both servers put the new person in the same cluster")
        check(d not in cluster_members(aus_a, c) and d not in cluster_members(aus_b, c),
              "the not-same decision holds on both servers after B's run")
        check(a.stop() == 0 and b.stop() == 0, "both servers stopped cleanly")
        print("decisions, undos and runs reach the other server without a restart")
    except Exception:
        for s in (a, b):
            if s.proc is not None:
                print(s.read_log()[-3000:])
        raise
    finally:
        for s in (a, b):
            s.cleanup()


def y_not_in(client, pair):
    """The two records of `pair` are in different clusters (as `client`'s server says)."""
    return pair[1] not in cluster_members(client, pair[0])


if __name__ == "__main__":
    run(main)
