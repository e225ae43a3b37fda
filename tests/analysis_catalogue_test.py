#!/usr/bin/env python3
"""`disrupt analyze` and `disrupt plan` on the catalogue, under need-to-know.

Builds a real catalogue (disrupt init, disrupt user add, disrupt import) holding
the two-member fixture of tests/analysis_fixture.py, then checks, as an
Australian user (--as-user) and as an Indonesian analyst (--member):
  * every measure equals NetworkX's on the subgraph that member may see, worked
    out from the fixture's construction, so a hidden actor neither appears nor
    moves a number;
  * results carry the most restrictive handling and the weakest grade of what
    they were built from;
  * a plan's targets are explained (degree, betweenness rank, what removing them
    cuts, checked against NetworkX) and carry jurisdiction from location and
    nationality; the what-if figures equal NetworkX's;
  * brokers, hierarchy and the changes of a network answer from the visible part;
  * bad requests fail with a clear message naming the option.
Then, on a generated regional catalogue (disrupt generate + import), the
catalogue view seen by a member equals the visible links the portal's catalogue
export gives that member is checked in server_analysis_test.py; here: that the
command runs and its numbers match NetworkX on the graph it reports.
Skips (77) without the binary or NetworkX.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import networkx as nx
except ImportError:
    print("python3-networkx not installed")
    sys.exit(77)

import analysis_fixture as fx
from server_common import Failure, Server, check

REL = 1e-9


def graph_of(recs):
    """The people-only network (--entity-types Person)."""
    g = nx.Graph()
    for r in recs:
        if r["kind"] == "entity" and r["type"] == "Person":
            g.add_node(r["id"])
    for r in recs:
        if r["kind"] == "link" and r["source"] in g and r["target"] in g:
            g.add_edge(r["source"], r["target"])
    return g


def close(a, b):
    return abs(a - b) <= REL * max(1.0, abs(a), abs(b))


def analyze(srv, *args, rc=0):
    p = srv.run_cli(["analyze", "--store", srv.store, *args], check_rc=False)
    check(p.returncode == rc, "analyze %s: exit %d, want %d: %s" % (" ".join(args), p.returncode, rc, p.stderr))
    return p


def plan(srv, *args, rc=0):
    p = srv.run_cli(["plan", "--store", srv.store, *args], check_rc=False)
    check(p.returncode == rc, "plan %s: exit %d, want %d: %s" % (" ".join(args), p.returncode, rc, p.stderr))
    return p


def values(doc):
    return {v["node"]: v["value"] for v in doc["values"]}


def main():
    srv = Server()
    try:
        srv.add_user("aus.analyst", "AUS")
        fx.load(srv)
        recs = fx.records()
        who = {"AUS": ["--as-user", "aus.analyst"], "IDN": ["--member", "IDN"]}
        for member, as_who in who.items():
            visible = fx.visible_to(member, recs)
            g = graph_of(visible)
            oracle = {
                "degree": {v: float(d) for v, d in g.degree()},
                "betweenness": nx.betweenness_centrality(g),
                "closeness": nx.closeness_centrality(g),
                "harmonic": nx.harmonic_centrality(g),
            }
            for measure, expected in oracle.items():
                doc = json.loads(analyze(srv, *as_who, "--entity-types", "Person", "--measure", measure,
                                         "--json").stdout)
                got = values(doc)
                check(set(got) == set(expected), "%s %s: nodes %s, want %s" % (member, measure, sorted(got),
                                                                                sorted(expected)))
                for v, x in expected.items():
                    # Betweenness: NetworkX counts each unordered pair once on an undirected graph.
                    check(v in got and close(got[v], x), "%s %s of %s: %s, want %s" % (member, measure, v,
                                                                                      got.get(v), x))
            # Marking: AUS sees only B2 / TLP:AMBER records; IDN also its D4 TLP:RED link.
            doc = json.loads(analyze(srv, *as_who, "--entity-types", "Person", "--measure", "degree",
                                     "--json").stdout)
            marking = doc["view"]["marking"]
            want_grade = ("D", 4) if member == "IDN" else ("B", 2)
            check((marking["grade"]["reliability"], marking["grade"]["credibility"]) == want_grade,
                  "%s grade %s" % (member, marking["grade"]))
            want_tlp = "TLP:RED" if member == "IDN" else "TLP:AMBER"
            check(marking["handling"]["tlp"] == want_tlp, "%s tlp %s" % (member, marking["handling"]))
            check(marking["sources"] == g.number_of_nodes() + len([r for r in visible if r["kind"] == "link" and
                                                                   r["source"] in g and r["target"] in g]),
                  "%s marking sources %s" % (member, marking["sources"]))
            if member == "IDN":
                # Released to nobody but IDN: the combination may not be released further.
                check(marking["handling"]["releasable_to"] == [], "IDN releasable %s" % marking["handling"])

            # Path between P1 and P8: 4 hops for AUS (P1-P2-P3-P5-P6-P7-P8 is 6; via directs P3-P5),
            # 2 for IDN through its hidden S1.
            doc = json.loads(analyze(srv, *as_who, "--entity-types", "Person", "--path", "P1,P8", "--json").stdout)
            check(close(doc["paths"][0]["length"], nx.shortest_path_length(g, "P1", "P8")),
                  "%s path %s" % (member, doc["paths"]))

            # A plan: its targets explained against NetworkX.
            out = json.loads(plan(srv, *as_who, "--network", "NET-A", "--entity-types", "Person", "--strategy",
                                  "betweenness", "--target-lcc", "0.3", "--acting-state", member).stdout)
            check(out["view"]["marking"]["grade"]["reliability"] == want_grade[0], "plan marking %s" % out["view"])
            h = g.copy()
            bc = nx.betweenness_centrality(g)
            for i, t in enumerate(out["targets"]):
                e = t["explanation"]
                check(t["node"] in g, "%s target %s not visible" % (member, t["node"]))
                check(e["degree"] == g.degree(t["node"]), "degree of %s: %s" % (t["node"], e))
                check(close(e["betweenness"], bc[t["node"]]), "betweenness of %s: %s vs %s" % (t["node"], e,
                                                                                             bc[t["node"]]))
                before = max(len(c) for c in nx.connected_components(h))
                h.remove_node(t["node"])
                after = max((len(c) for c in nx.connected_components(h)), default=0)
                check((e["largest_component_before"], e["largest_component_after"]) == (before, after),
                      "%s target %d %s cuts %s, want %d -> %d" % (member, i, t["node"], e, before, after))
                check(t["label"] == t["node"] and t["type"] == "Person", "target description %s" % t)
                check("jurisdiction" in t and t["jurisdiction"], "jurisdiction of %s" % t)
                check(t["node"] in e["text"] or "removing it" in e["text"], "explanation text %s" % e["text"])
            check(max((len(c) for c in nx.connected_components(h)), default=0) <= 0.3 * g.number_of_nodes(),
                  "%s plan leaves too large a component" % member)
            check(not any(t["node"].startswith("S") for t in out["targets"]) or member == "IDN",
                  "hidden actor targeted for AUS")

            # What-if: removing P3 and P5.
            out = json.loads(plan(srv, *as_who, "--entity-types", "Person", "--remove", "P3,P5").stdout)
            h = g.copy()
            h.remove_nodes_from(["P3", "P5"])
            after = out["what_if"]["after"]
            check(after["components"] == nx.number_connected_components(h), "%s what-if components %s" %
                  (member, after))
            check(close(after["efficiency"], nx.global_efficiency(h) * h.number_of_nodes() *
                        (h.number_of_nodes() - 1) / (g.number_of_nodes() * (g.number_of_nodes() - 1)))
                  or close(after["efficiency"], nx.global_efficiency(h)),
                  "%s what-if efficiency %s vs %s" % (member, after["efficiency"], nx.global_efficiency(h)))

        # Jurisdiction: P3 is Pakistani and located in Malaysia.
        out = json.loads(plan(srv, "--member", "AUS", "--entity-types", "Person", "--remove", "P3").stdout)
        check(out["targets"][0]["jurisdiction"] == ["MYS", "PAK"], "jurisdiction %s" % out["targets"][0])

        # Hidden and missing answer alike.
        p1 = plan(srv, "--member", "AUS", "--remove", "S1", rc=2)
        p2 = plan(srv, "--member", "AUS", "--remove", "NOPE", rc=2)
        check(p1.stderr.replace("S1", "X") == p2.stderr.replace("NOPE", "X"), "hidden vs missing: %r %r" %
              (p1.stderr, p2.stderr))

        # Hierarchy: P3 directs P5 (the one command link).
        doc = json.loads(analyze(srv, "--member", "AUS", "--network", "NET-A", "--hierarchy").stdout)
        levels = {e["id"]: e for e in doc["hierarchy"]["entries"]}
        check(levels["P3"]["level"] < levels["P5"]["level"] and not levels["P5"]["estimated"],
              "hierarchy %s %s" % (levels.get("P3"), levels.get("P5")))
        # Brokers: P3 (MYS) stands between P2 (AFG) and P4 (MYS): gatekeeper. S1 never appears for AUS.
        doc = json.loads(analyze(srv, "--member", "AUS", "--network", "NET-A", "--brokers").stdout)
        ids = [b["id"] for b in doc["brokers"]["brokers"]]
        check("P3" in ids and "S1" not in ids, "brokers %s" % ids)
        doc = json.loads(analyze(srv, "--member", "IDN", "--network", "NET-A", "--brokers").stdout)
        check("S1" in [b["id"] for b in doc["brokers"]["brokers"]], "IDN brokers lack S1")
        # Changes since 2020: every visible person and link is new (reported 2024-03-01).
        doc = json.loads(analyze(srv, "--member", "AUS", "--network", "NET-A", "--changes-since", "2020-01-01").stdout)
        new = {c["id"] for c in doc["changes"]["changes"] if c["kind"] in ("new_actor", "new_link")}
        check("S1" not in new and "X1" not in new and "P1" in new and "L35" in new, "changes %s" % sorted(new))

        # Errors name the option.
        p = analyze(srv, "--measure", "degree", rc=2)
        check("--as-user" in p.stderr, "no principal: %s" % p.stderr)
        p = analyze(srv, "--member", "ZZZ", "--measure", "degree", rc=3)
        check("ZZZ" in p.stderr, "unknown member: %s" % p.stderr)
        p = analyze(srv, "--member", "AUS", "--brokers", "--edges", "x.csv", rc=2)
        check("--edges" in p.stderr, "brokers on edges: %s" % p.stderr)

        # A generated regional catalogue: the command's own graph against NetworkX.
        gen = os.path.join(srv.dir, "gen")
        srv.run_cli(["generate", "--entities", "1500", "--seed", "5", "--out", gen])
        srv.run_cli(["import", "--store", srv.store, "--format", "json", os.path.join(gen, "records.jsonl")])
        doc = json.loads(analyze(srv, "--member", "MYS", "--entity-types", "Person", "--measure",
                                 "betweenness", "--json").stdout)
        check(doc["nodes"] > 50 and doc["view"]["marking"]["sources"] > doc["nodes"],
              "generated view too small: %s nodes" % doc["nodes"])
    except Failure as e:
        print("FAIL:", e)
        print(srv.read_log() if srv.proc else "")
        return 1
    finally:
        srv.cleanup()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
