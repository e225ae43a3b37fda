#!/usr/bin/env python3
"""`disrupt plan` against NetworkX as the oracle.

Runs the real binary on seeded random networks and checks: every strategy's
plan, once its `removed` actors are taken out in NetworkX, leaves a largest
component within the target; the what-if figures equal NetworkX's
components, fragmentation and global efficiency; the route cut has the size
of NetworkX's minimum node cut; bad input gives a clear error and exit code.
Skips (77) without the binary or NetworkX.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

try:
    import networkx as nx
except ImportError:
    print("python3-networkx not installed")
    sys.exit(77)

BINARY = os.environ.get("DISRUPT_BINARY", "")
if not BINARY or not os.path.exists(BINARY):
    print("DISRUPT_BINARY not set or not built")
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args, expect=0):
    p = subprocess.run([BINARY, "plan", *args], capture_output=True, text=True)
    check(p.returncode == expect, f"plan {' '.join(args)}: exit {p.returncode}, want {expect}: {p.stderr.strip()}")
    return p


def write_edges(g, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target"])
        for u, v in g.edges():
            w.writerow([f"a{u}", f"a{v}"])


def largest(g):
    return max((len(c) for c in nx.connected_components(g)), default=0)


with tempfile.TemporaryDirectory() as tmp:
    g = nx.gnm_random_graph(300, 525, seed=11)
    edges = os.path.join(tmp, "net.csv")
    write_edges(g, edges)
    named = nx.relabel_nodes(g, {v: f"a{v}" for v in g.nodes()})
    # Isolated nodes are not in an edge list; the planner only knows linked actors.
    named.remove_nodes_from([v for v in list(named.nodes()) if named.degree(v) == 0])
    n = named.number_of_nodes()

    for strategy in ["degree", "betweenness", "eigenvector", "ci", "corehd", "minsum", "kpp", "random", "best"]:
        p = run("--edges", edges, "--strategy", strategy, "--target-lcc", "0.05")
        if p.returncode != 0:
            continue
        out = json.loads(p.stdout)
        for key in ["strategy", "removed", "fraction_removed", "largest_component_fraction", "seconds"]:
            check(key in out, f"{strategy}: output lacks '{key}'")
        h = named.copy()
        h.remove_nodes_from(out["removed"])
        check(len(set(out["removed"])) == len(out["removed"]), f"{strategy}: a target listed twice")
        check(largest(h) <= int(0.05 * n), f"{strategy}: largest component {largest(h)} > {int(0.05 * n)}")
        check(abs(out["largest_component_fraction"] - largest(h) / n) < 1e-9,
              f"{strategy}: reported largest component fraction differs from NetworkX")
        check(abs(out["fraction_removed"] - len(out["removed"]) / n) < 1e-9, f"{strategy}: fraction_removed")

    # What-if against NetworkX.
    removed = ["a0", "a1", "a2", "a3", "a5", "a8", "a13"]
    removed = [v for v in removed if v in named]
    p = run("--edges", edges, "--remove", ",".join(removed))
    if p.returncode == 0:
        w = json.loads(p.stdout)["what_if"]
        h = named.copy()
        h.remove_nodes_from(removed)
        m = h.number_of_nodes()
        comps = [len(c) for c in nx.connected_components(h)]
        frag = 1 - sum(s * (s - 1) for s in comps) / (m * (m - 1))
        check(w["after"]["components"] == len(comps), "what-if: number of components")
        check(w["after"]["largest_component"] == max(comps), "what-if: largest component")
        check(abs(w["after"]["fragmentation"] - frag) < 1e-9, "what-if: fragmentation")
        eff_before, eff_after = nx.global_efficiency(named), nx.global_efficiency(h)
        check(abs(w["before"]["efficiency"] - eff_before) < 1e-9, "what-if: efficiency before")
        check(abs(w["after"]["efficiency"] - eff_after) < 1e-9, "what-if: efficiency after")
        check(abs(w["after"]["distance_weighted_fragmentation"] - (1 - eff_after)) < 1e-9, "what-if: DF")
        check(abs(w["efficiency_loss"] - (1 - eff_after / eff_before)) < 1e-9, "what-if: efficiency loss")

    # Route cut with unit costs: the size of NetworkX's minimum node cut
    # between a super-origin and a super-destination.
    nodes = os.path.join(tmp, "actors.csv")
    with open(nodes, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["node", "country", "nationality"])
        for v in named.nodes():
            i = int(v[1:])
            country = "AFG" if i % 10 == 0 else ("AUS" if i % 10 == 7 else "IDN")
            wr.writerow([v, country, "IRN;AFG" if i % 3 == 0 else "IDN"])
    p = run("--edges", edges, "--strategy", "routecut", "--nodes", nodes, "--origin", "AFG", "--destination", "AUS")
    if p.returncode == 0:
        out = json.loads(p.stdout)
        h = named.copy()
        for v in named.nodes():
            i = int(v[1:])
            if i % 10 == 0:
                h.add_edge("ORIGIN", v)
            if i % 10 == 7:
                h.add_edge(v, "DESTINATION")
        cut = nx.minimum_node_cut(h, "ORIGIN", "DESTINATION")
        check(len(out["removed"]) == len(cut), f"route cut has {len(out['removed'])} actors, NetworkX {len(cut)}")
        h.remove_nodes_from(out["removed"])
        check(not nx.has_path(h, "ORIGIN", "DESTINATION"), "route cut leaves a path")
        check(out["what_if"]["routes"]["all_routes_cut"], "route cut: all_routes_cut is false")
        check(all("jurisdiction" in t for t in out["targets"]), "route cut: targets lack jurisdiction")

    # Recovery section is present and deterministic for a seed.
    a = run("--edges", edges, "--strategy", "corehd", "--target-lcc", "0.1", "--recovery-rounds", "2", "--seed", "5")
    b = run("--edges", edges, "--strategy", "corehd", "--target-lcc", "0.1", "--recovery-rounds", "2", "--seed", "5")
    if a.returncode == 0 and b.returncode == 0:
        ra, rb = json.loads(a.stdout)["recovery"], json.loads(b.stdout)["recovery"]
        check(ra["largest_component_per_round"] == rb["largest_component_per_round"], "recovery not deterministic")

    # Bad input: clear messages and exit codes.
    p = run("--edges", os.path.join(tmp, "missing.csv"), expect=3)
    check("missing.csv" in p.stderr, "missing file not named in the error")
    p = run("--edges", edges, "--strategy", "psychic", expect=2)
    check("unknown strategy" in p.stderr, "unknown strategy not explained")
    p = run("--edges", edges, "--remove", "a0,nobody", expect=2)
    check("nobody" in p.stderr, "unknown node not named")
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w") as f:
        f.write("source,target\nx,y\nz\n")
    p = run("--edges", bad, expect=2)
    check("bad.csv:3" in p.stderr, f"short row not located: {p.stderr.strip()}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("ok")
