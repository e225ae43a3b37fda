#!/usr/bin/env python3
"""The portal's analysis API on a real `disrupt serve`, under need-to-know.

On the two-member fixture (tests/analysis_fixture.py): every measure the API
gives a user equals NetworkX's on the subgraph that user's member may see
(worked out from the fixture's construction); an Indonesian record released to
nobody never shows, and never moves a number an Australian user sees; every
answer carries the most restrictive handling and the weakest grade of its
sources; plans and what-ifs explain their targets and match NetworkX; hidden and
missing entities answer alike (404); each analysis request is audited.

On a generated regional catalogue (disrupt generate + import): the network the
explorer gets for a user is exactly the visible part of the catalogue that the
catalogue API lists for that user (an independent path through the policy), and
its betweenness equals NetworkX's on that graph.
Skips (77) without the binary or NetworkX.
"""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import networkx as nx
except ImportError:
    print("python3-networkx not installed")
    sys.exit(77)

import analysis_fixture as fx
from server_common import Client, Server, check, run

REL = 1e-9


def close(a, b):
    return abs(a - b) <= REL * max(1.0, abs(a), abs(b))


def graph_of(recs):
    g = nx.Graph()
    for r in recs:
        if r["kind"] == "entity" and r["type"] == "Person":
            g.add_node(r["id"])
    for r in recs:
        if r["kind"] == "link" and r["source"] in g and r["target"] in g:
            g.add_edge(r["source"], r["target"])
    return g


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


def fixture_checks(srv, aus, idn):
    recs = fx.records()
    for member, client in (("AUS", aus), ("IDN", idn)):
        g = graph_of(fx.visible_to(member, recs))
        oracle = {"betweenness": nx.betweenness_centrality(g),
                  "closeness": nx.closeness_centrality(g),
                  "degree": {v: float(d) for v, d in g.degree()}}
        for measure, expected in oracle.items():
            doc = client.json("GET", q("/api/v1/analysis/measures", measure=measure, types="Person"))
            got = {v["id"]: v["value"] for v in doc["values"]}
            check(set(got) == set(expected), "%s %s nodes %s" % (member, measure, sorted(got)))
            for v, x in expected.items():
                check(close(got[v], x), "%s %s of %s: %s want %s" % (member, measure, v, got[v], x))
        doc = client.json("GET", q("/api/v1/graph", types="Person", measure="betweenness"))
        check({n["id"] for n in doc["nodes"]} == set(g.nodes()), "%s graph nodes" % member)
        check({tuple(sorted((l["source"], l["target"]))) for l in doc["links"]} ==
              {tuple(sorted(e)) for e in g.edges()}, "%s graph links" % member)
        check(all("community" in n and "label" in n and "country" in n for n in doc["nodes"]), "node fields")
        grade = doc["marking"]["grade"]
        want = ("D", 4) if member == "IDN" else ("B", 2)
        check((grade["reliability"], grade["credibility"]) == want, "%s grade %s" % (member, grade))
        want_tlp = "TLP:RED" if member == "IDN" else "TLP:AMBER"
        check(doc["marking"]["handling"]["tlp"] == want_tlp, "%s marking %s" % (member, doc["marking"]))

        # Paths and ego networks.
        doc = client.json("GET", q("/api/v1/graph/path", **{"from": "P1", "to": "P8", "k": 2, "types": "Person"}))
        lengths = [p["length"] for p in doc["paths"]]
        want_paths = [len(p) - 1 for p in nx.shortest_simple_paths(g, "P1", "P8")][:2]
        check(lengths == want_paths, "%s paths %s want %s" % (member, lengths, want_paths))
        doc = client.json("GET", q("/api/v1/graph/ego/P1", depth=1, types="Person"))
        check({n["id"] for n in doc["nodes"]} == set(nx.ego_graph(g, "P1", 1).nodes()) |
              ({"NET-A"} if any(n["id"] == "NET-A" for n in doc["nodes"]) else set()),
              "%s ego %s" % (member, doc["nodes"]))

        # A plan with explanations, and a what-if, against NetworkX.
        plan = client.json("POST", "/api/v1/plans", {"network": "NET-A", "types": ["Person"],
                                                     "strategy": "degree", "target_lcc": 0.3,
                                                     "acting_state": member, "recovery_rounds": 2})
        h = g.copy()
        for t in plan["targets"]:
            before = max(len(c) for c in nx.connected_components(h))
            check(t["explanation"]["degree"] == g.degree(t["node"]), "degree in explanation %s" % t)
            h.remove_node(t["node"])
            after = max((len(c) for c in nx.connected_components(h)), default=0)
            check((t["explanation"]["largest_component_before"], t["explanation"]["largest_component_after"]) ==
                  (before, after), "%s plan target %s cut %s want %d->%d" % (member, t["node"], t["explanation"],
                                                                             before, after))
            check(t["jurisdiction"], "jurisdiction %s" % t)
        check("recovery" in plan and plan["marking"]["grade"]["reliability"] == want[0], "plan recovery/marking")
        wi = client.json("POST", "/api/v1/what-if", {"remove": ["P3", "P5"], "types": ["Person"],
                                                     "origin": ["AFG"], "destination": ["AUS"]})
        h = g.copy()
        h.remove_nodes_from(["P3", "P5"])
        check(wi["what_if"]["after"]["components"] == nx.number_connected_components(h), "%s what-if %s" %
              (member, wi["what_if"]))
        reachable = any(nx.has_path(h, a, b) for a in ("P1", "P2") for b in ("P7", "P8") if a in h and b in h)
        check(wi["what_if"]["routes"]["all_routes_cut"] == (not reachable), "%s routes cut %s" %
              (member, wi["what_if"]["routes"]))

    # Hidden and missing answer alike, everywhere an id is named.
    for path in ("/api/v1/graph/ego/S1", "/api/v1/graph/ego/NOPE"):
        status, _, body = aus.call("GET", path)
        check(status == 404, "%s: %d" % (path, status))
    s1 = aus.call("POST", "/api/v1/what-if", {"remove": ["S1"]})
    s2 = aus.call("POST", "/api/v1/what-if", {"remove": ["NOPE"]})
    check(s1[0] == s2[0] == 404 and
          s1[2].replace(b"S1", b"X") == s2[2].replace(b"NOPE", b"X"),
          "what-if hidden vs missing: %s %s" % (s1, s2))
    # Brokers: S1 only for IDN.
    ids = [b["id"] for b in aus.json("GET", "/api/v1/analysis/brokers?network=NET-A")["brokers"]]
    check("S1" not in ids and "P3" in ids, "AUS brokers %s" % ids)
    ids = [b["id"] for b in idn.json("GET", "/api/v1/analysis/brokers?network=NET-A")["brokers"]]
    check("S1" in ids, "IDN brokers %s" % ids)
    doc = aus.json("GET", q("/api/v1/analysis/hierarchy", network="NET-A"))
    check(any(e["id"] == "P5" and e["superiors"] == ["P3"] for e in doc["entries"]), "hierarchy %s" % doc)
    doc = aus.json("GET", q("/api/v1/analysis/changes", network="NET-A", since="2020-01-01"))
    check(not any(c["id"] in ("S1", "S2", "X1", "X2", "X3") for c in doc["changes"]), "changes leak")
    doc = aus.json("GET", "/api/v1/networks/NET-A/profile")
    check(doc["network"]["name"] == "Network A" and doc["key_actors"], "profile %s" % doc["network"])
    check(all(a["id"] != "S1" for a in doc["key_actors"]), "profile leaks S1")
    status, _, _ = aus.call("GET", "/api/v1/networks/NET-NOPE/profile")
    check(status == 404, "profile of a missing network: %d" % status)
    # Bad input names the field.
    status, _, body = aus.call("POST", "/api/v1/plans", {"strategy": "nonsense"})
    check(status == 400 and b"strategy" in body, "bad strategy: %d %s" % (status, body))
    status, _, body = aus.call("GET", q("/api/v1/analysis/measures", measure="nonsense"))
    check(status == 400, "bad measure: %d %s" % (status, body))
    # Audited.
    out = srv.run_cli(["audit", "query", "--store", srv.store, "--actor", "aus.analyst"], check_rc=False)
    if out.returncode == 0:
        check("analysis.plan" in out.stdout and "analysis.graph" in out.stdout, "audit lacks analysis entries")


def generated_checks(srv, mys):
    gen = os.path.join(srv.dir, "gen")
    srv.run_cli(["generate", "--entities", "1500", "--seed", "5", "--out", gen])
    srv.run_cli(["import", "--store", srv.store, "--format", "json", os.path.join(gen, "records.jsonl")])
    # The oracle's graph: every person and link the catalogue API lists for this user.
    people, links = set(), []
    for kind, out in (("entities", people), ("links", links)):
        after = None
        while True:
            params = {"limit": 1000}
            if kind == "entities":
                params["type"] = "Person"
            if after:
                params["after"] = after
            page = mys.json("GET", q("/api/v1/" + kind, **params))
            for r in page["items"]:
                if kind == "entities":
                    people.add(r["id"])
                else:
                    links.append((r["source"], r["target"]))
            after = page["next_after"]
            if not after:
                break
    g = nx.Graph()
    g.add_nodes_from(people)
    g.add_edges_from((a, b) for a, b in links if a in people and b in people and a != b)
    doc = mys.json("GET", q("/api/v1/graph", types="Person", measure="betweenness", limit=20000))
    check({n["id"] for n in doc["nodes"]} == people, "generated: explorer nodes differ from the catalogue's "
          "(%d vs %d)" % (len(doc["nodes"]), len(people)))
    check(len({tuple(sorted((l["source"], l["target"]))) for l in doc["links"]}) == g.number_of_edges(),
          "generated: explorer links differ")
    bc = nx.betweenness_centrality(g)
    for n in doc["nodes"]:
        check(close(n["value"], bc[n["id"]]), "generated betweenness of %s: %s want %s" % (n["id"], n["value"],
                                                                                         bc[n["id"]]))
    check(len(people) > 50, "generated: too few visible people (%d)" % len(people))


def main():
    srv = Server()
    try:
        srv.add_user("aus.analyst", "AUS")
        srv.add_user("idn.analyst", "IDN")
        srv.add_user("mys.analyst", "MYS")
        fx.load(srv)
        srv.start()
        aus = Client(srv, "aus.analyst")
        idn = Client(srv, "idn.analyst")
        fixture_checks(srv, aus, idn)
        generated_checks(srv, Client(srv, "mys.analyst"))
    finally:
        srv.cleanup()


if __name__ == "__main__":
    run(main)
