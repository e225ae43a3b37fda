#!/usr/bin/python3
"""Oracle test of `disrupt analyze`: every network measure against NetworkX.

For each graph (the real criminal networks in datasets/ and, when present,
../shared/datasets; random graphs of several shapes) we write one edge-list
CSV, run the real `disrupt` binary on it, and rebuild the same graph in
NetworkX from the same file under the rules documented in docs/analysis.md:
repeated links between the same pair are merged with their weights added,
self-links are dropped (their nodes stay). Then we compare:

  * exact measures (degree, betweenness, closeness, harmonic, k-core,
    clustering): relative error <= 1e-9 (absolute floor 1e-13 x the largest
    value, for values that are zero);
  * iterative measures (PageRank, eigenvector): both sides iterate to an L1
    change below 1e-14; relative error <= 1e-9 with an absolute floor of 1e-11;
  * components: the same partition, numbered largest first;
  * communities: the modularity we report equals NetworkX's modularity of our
    partition (1e-9), and is no worse than NetworkX's own Louvain minus 0.02;
  * approximate betweenness: every estimate within the reported error bound
    of NetworkX's exact betweenness;
  * shortest and k shortest paths (Yen): the same path lengths as NetworkX's
    shortest_simple_paths; ego networks: the same node sets as ego_graph.

Exit 77 (skipped) when the binary is missing. Data sets that are absent are
reported as skipped, never silently passed.
"""
import csv
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

BINARY = os.environ.get("DISRUPT_BINARY", "")
SOURCE = os.environ.get("DISRUPT_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXACT = ["degree", "betweenness", "closeness", "harmonic", "kcore", "clustering"]
ITERATIVE = ["pagerank", "eigenvector"]
WEIGHTED = ["degree", "betweenness", "closeness", "harmonic", "pagerank", "eigenvector", "communities"]

failures = []
checked = 0


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def find_dataset(name):
    for base in [os.environ.get("DISRUPT_DATASETS"), os.path.join(os.path.dirname(SOURCE), "shared", "datasets"),
                 os.path.join(SOURCE, "datasets")]:
        if base and os.path.exists(os.path.join(base, name)):
            return os.path.join(base, name)
    return None


# ---- readers of the published formats (independent of the C++ loaders) ----

def read_adjacency(path):
    """Square matrix CSV with a label row and column: one link per non-zero cell."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if r]
    labels = [x.strip() for x in rows[0][1:]]
    links = []
    for r in rows[1:]:
        u = r[0].strip()
        for j, cell in enumerate(r[1:]):
            cell = cell.strip()
            if cell and float(cell) != 0:
                links.append((u, labels[j], float(cell)))
    return links


def read_whitespace(path, weighted_col=None):
    links = []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            if not line.strip() or line.startswith("%"):
                continue
            p = line.split()
            w = float(p[weighted_col]) if weighted_col is not None and len(p) > weighted_col else 1.0
            links.append((p[0], p[1], w))
    return links


def read_plain_csv(path, weighted_col=None):
    links = []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for r in csv.reader(f):
            if len(r) < 2:
                continue
            w = float(r[weighted_col]) if weighted_col is not None else 1.0
            links.append((r[0].strip(), r[1].strip(), w))
    return links


def read_bipartite_konect(path):
    return [("p" + u, "c" + v, w) for u, v, w in read_whitespace(path)]


# ---- graphs ----

def write_edges(links, weighted):
    fd, path = tempfile.mkstemp(suffix=".csv", prefix="oracle-")
    with os.fdopen(fd, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "weight"] if weighted else ["source", "target"])
        for u, v, wt in links:
            w.writerow([u, v, repr(wt)] if weighted else [u, v])
    return path


def nx_graph(links, directed, weighted):
    """The graph as documented: merged multi-links (weights added), no self-links."""
    g = nx.DiGraph() if directed else nx.Graph()
    for u, v, w in links:
        g.add_node(u)
        g.add_node(v)
        if u == v:
            continue
        add = w if weighted else 1.0
        if g.has_edge(u, v):
            if weighted:
                g[u][v]["weight"] += add
        else:
            g.add_edge(u, v, weight=add)
    return g


def undirected_sum(g, weighted):
    if not g.is_directed():
        return g
    u = nx.Graph()
    u.add_nodes_from(g)
    for a, b, d in g.edges(data=True):
        if u.has_edge(a, b):
            if weighted:
                u[a][b]["weight"] += d["weight"]
        else:
            u.add_edge(a, b, weight=d["weight"] if weighted else 1.0)
    return u


def run(args):
    p = subprocess.run([BINARY, "analyze"] + args, capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr.strip()
    return json.loads(p.stdout), None


def values_of(result):
    return {e["node"]: e["value"] for e in result["values"]}


def close(a, b, rel, floor):
    return abs(a - b) <= rel * abs(b) + floor


def compare(name, measure, ours, theirs, rel, floor_factor, floor_abs=0.0):
    global checked
    scale = max([abs(x) for x in theirs.values()] + [1e-300])
    floor = max(floor_factor * scale, floor_abs)
    if set(ours) != set(theirs):
        fail(f"{name} {measure}: node sets differ ({len(ours)} vs {len(theirs)})")
        return
    worst = max((abs(ours[n] - theirs[n]) / max(abs(theirs[n]), 1e-300) for n in theirs
                 if not close(ours[n], theirs[n], rel, floor)), default=None)
    if worst is not None:
        bad = [n for n in theirs if not close(ours[n], theirs[n], rel, floor)][:3]
        fail(f"{name} {measure}: {len(bad)}+ nodes differ, e.g. " +
             ", ".join(f"{n}: {ours[n]!r} vs {theirs[n]!r}" for n in bad))
    checked += 1


def oracle(g, measure, weighted):
    w = "weight" if weighted else None
    if measure == "degree":
        return dict(g.degree(weight=w))
    if measure == "betweenness":
        return nx.betweenness_centrality(g, weight=w)
    if measure == "closeness":
        return nx.closeness_centrality(g, distance=w)
    if measure == "harmonic":
        return nx.harmonic_centrality(g, distance=w)
    if measure == "kcore":
        return nx.core_number(g)
    if measure == "clustering":
        return nx.clustering(g)
    if measure == "pagerank":
        return nx.pagerank(g, alpha=0.85, weight=w, tol=1e-15, max_iter=100000)
    if measure == "eigenvector":
        return nx.eigenvector_centrality(g, weight=w, tol=1e-15, max_iter=20000)
    raise ValueError(measure)


def check_components(name, g, ours):
    global checked
    comps = nx.weakly_connected_components(g) if g.is_directed() else nx.connected_components(g)
    theirs = {frozenset(c) for c in comps}
    groups = {}
    for node, cid in ours.items():
        groups.setdefault(cid, set()).add(node)
    if {frozenset(s) for s in groups.values()} != theirs:
        fail(f"{name} components: partition differs")
    sizes = [len(groups[c]) for c in sorted(groups)]
    if sizes != sorted(sizes, reverse=True):
        fail(f"{name} components: not numbered largest first")
    checked += 1


def check_communities(name, g, result, weighted):
    global checked
    u = undirected_sum(g, weighted)
    ours = values_of(result)
    groups = {}
    for node, cid in ours.items():
        groups.setdefault(cid, set()).add(node)
    w = "weight" if weighted else None
    if u.number_of_edges() == 0:
        return
    q_nx = nx.community.modularity(u, list(groups.values()), weight=w)
    q_ours = result["summary"]["modularity"]
    if not close(q_ours, q_nx, 1e-9, 1e-12):
        fail(f"{name} communities: reported modularity {q_ours} but NetworkX computes {q_nx}")
    louvain = nx.community.louvain_communities(u, weight=w, seed=1)
    q_louvain = nx.community.modularity(u, louvain, weight=w)
    if q_ours < q_louvain - 0.02:
        fail(f"{name} communities: modularity {q_ours:.4f} well below NetworkX Louvain's {q_louvain:.4f}")
    checked += 1


def check_graph(name, links, directed, weighted, paths=True):
    g = nx_graph(links, directed, weighted)
    path = write_edges(links, weighted)
    try:
        flags = ["--edges", path] + (["--directed"] if directed else [])
        measures = EXACT + ["pagerank", "components", "communities"]
        strongly = g.number_of_nodes() > 0 and (
            nx.is_strongly_connected(g) if directed else nx.is_connected(g))
        if strongly or not directed:
            measures.append("eigenvector")
        variants = [(False, measures)]
        if weighted:
            variants.append((True, WEIGHTED if (strongly or not directed) else
                             [m for m in WEIGHTED if m != "eigenvector"]))
        for use_w, ms in variants:
            label = f"{name}{' weighted' if use_w else ''}"
            out, err = run(flags + (["--weighted"] if use_w else []) + ["--measure", ",".join(ms), "--json"])
            if out is None:
                fail(f"{label}: disrupt analyze failed: {err}")
                continue
            for result in out["results"]:
                m = result["measure"]
                ours = values_of(result)
                if m == "components":
                    check_components(label, g, ours)
                elif m == "communities":
                    check_communities(label, g, result, use_w)
                elif m in ITERATIVE:
                    try:
                        theirs = oracle(g, m, use_w)
                    except nx.PowerIterationFailedConvergence:
                        print(f"SKIP {label} {m}: NetworkX's power iteration did not converge")
                        continue
                    compare(label, m, ours, theirs, 1e-9, 0.0, 1e-11)
                else:
                    compare(label, m, ours, oracle(g, m, use_w), 1e-9, 1e-13)
        if paths:
            check_paths(name, g, flags, weighted)
    finally:
        os.unlink(path)


def check_paths(name, g, flags, weighted):
    global checked
    rng = random.Random(len(g))
    nodes = sorted(g.nodes())
    for use_w in ([False, True] if weighted else [False]):
        w = "weight" if use_w else None
        for _ in range(2):
            s, t = rng.choice(nodes), rng.choice(nodes)
            if s == t:
                continue
            out, err = run(flags + (["--weighted"] if use_w else []) + ["--path", f"{s},{t}", "--k", "4", "--json"])
            if out is None:
                fail(f"{name} path {s}->{t}: {err}")
                continue
            theirs = []
            if nx.has_path(g, s, t):
                for p in nx.shortest_simple_paths(g, s, t, weight=w):
                    theirs.append(nx.path_weight(g, p, "weight") if use_w else len(p) - 1)
                    if len(theirs) == 4:
                        break
            ours = [p["length"] for p in out["paths"]]
            if len(ours) != len(theirs) or any(not close(a, b, 1e-9, 1e-12) for a, b in zip(ours, theirs)):
                fail(f"{name} paths {s}->{t}{' weighted' if use_w else ''}: lengths {ours} vs NetworkX {theirs}")
            for p in out["paths"]:
                ns = p["nodes"]
                if len(set(ns)) != len(ns) or any(not g.has_edge(a, b) for a, b in zip(ns, ns[1:])):
                    fail(f"{name} paths {s}->{t}: {ns} is not a loop-free path of the graph")
            checked += 1
    centre = nodes[len(nodes) // 2]
    out, err = run(flags + ["--ego", centre, "--depth", "2", "--json"])
    if out is None:
        fail(f"{name} ego: {err}")
        return
    theirs = set(nx.ego_graph(g, centre, radius=2, undirected=True).nodes())
    if {m["node"] for m in out["members"]} != theirs:
        fail(f"{name} ego {centre}: node sets differ")
    checked += 1


def check_approx(name, links, directed):
    global checked
    g = nx_graph(links, directed, False)
    path = write_edges(links, False)
    try:
        out, err = run(["--edges", path, "--measure", "approx-betweenness", "--epsilon", "0.03", "--json"] +
                       (["--directed"] if directed else []))
        if out is None:
            fail(f"{name} approx-betweenness: {err}")
            return
        exact = nx.betweenness_centrality(g)
        ours = values_of(out)
        bound = out["summary"]["error_bound"]
        worst = max(abs(ours[n] - exact[n]) for n in exact)
        if worst > bound:
            fail(f"{name} approx-betweenness: error {worst} above the stated bound {bound}")
        checked += 1
    finally:
        os.unlink(path)


# ---- random graphs of several shapes ----

def random_links(rng, n, m, directed, weights=None, loops=0, dups=0):
    links = []
    for _ in range(m):
        u, v = rng.randrange(n), rng.randrange(n)
        while v == u:
            v = rng.randrange(n)
        links.append((f"n{u}", f"n{v}", weights(rng) if weights else 1.0))
    for _ in range(dups):
        u, v, _w = rng.choice(links)
        if not directed and rng.random() < 0.5:
            u, v = v, u
        links.append((u, v, weights(rng) if weights else 1.0))
    for _ in range(loops):
        u = f"n{rng.randrange(n)}"
        links.append((u, u, weights(rng) if weights else 1.0))
    rng.shuffle(links)
    return links


def random_graphs():
    rng = random.Random(20240601)
    ints = lambda r: float(r.randint(1, 4))
    floats = lambda r: round(r.uniform(0.5, 3.0), 3)
    yield "random sparse", random_links(rng, 150, 300, False, loops=8, dups=25), False, False
    dense = [(f"d{i}", f"d{j}", 1.0) for i in range(40) for j in range(i + 1, 40) if rng.random() < 0.5]
    yield "random dense", dense, False, False
    pieces = []
    for k, (n, m) in enumerate([(40, 70), (25, 30), (10, 12)]):
        pieces += [(f"c{k}-{u}", f"c{k}-{v}", w) for u, v, w in random_links(rng, n, m, False, dups=5)]
    pieces += [(f"alone{i}", f"alone{i}", 1.0) for i in range(5)]  # nodes with only a self-link
    yield "random disconnected", pieces, False, False
    yield "random directed", random_links(rng, 120, 360, True, loops=6, dups=30), True, False
    ring = [(f"n{i}", f"n{(i + 1) % 60}", 1.0) for i in range(60)]
    yield "random directed strongly connected", ring + random_links(rng, 60, 120, True, floats, dups=10), True, True
    yield "random weighted (integer ties)", random_links(rng, 100, 250, False, ints, loops=5, dups=20), False, True
    yield "random weighted directed", random_links(rng, 80, 300, True, floats, loops=4, dups=15), True, True


def real_graphs():
    caviar = os.path.join(SOURCE, "datasets", "caviar", "phases")
    if os.path.isdir(caviar):
        for i in range(1, 12):
            yield f"caviar phase {i}", read_adjacency(os.path.join(caviar, f"phase{i}.csv")), True, True
    else:
        print("SKIP caviar: datasets/caviar/phases not found")
    adjacency = {
        "siren": "siren/SIREN.csv", "togo": "togo/TOGO.csv", "london-gang": "london-gang/LONDON_GANG.csv",
        "cielnet": "cielnet/CIELNET.csv", "ny-cocaine": "ny-cocaine-natarajan/COCAINE_DEALING.csv",
        "ny-heroin": "ny-heroin-natarajan/HEROIN_DEALING.csv", "italian-gangs": "italian-gangs/ITALIAN_GANGS.csv",
        "montreal-gangs": "montreal-gangs/MONTREALGANG.csv", "november17": "november17/RHODESBOMBING.csv",
        "oversize": "oversize/berlusconietal_oversize.csv", "french-connection": "french-connection/macdonald_tfc.csv",
        "spain-cocaine acero": "spain-cocaine/acero/COCAINE_ACERO.csv",
    }
    for name, rel in adjacency.items():
        folder, _, file = rel.partition("/")
        base = find_dataset(folder)
        if base is None:
            print(f"SKIP {name}: data set {folder} not present")
            continue
        yield name, read_adjacency(os.path.join(base, file)), False, True
    others = [
        ("montagna meetings", "montagna", "Montagna_meetings_edgelist.csv", lambda p: read_whitespace(p, 2), False, True),
        ("montagna phone calls", "montagna", "Montagna_phonecalls_edgelist.csv", lambda p: read_whitespace(p, 2), False, True),
        ("krebs 9/11", "krebs-911", "9_11_edgelist.txt", lambda p: read_plain_csv(p, 2), False, True),
        ("mexico trafficking", "mexico-human-trafficking", "Data.txt", read_whitespace, False, False),
        ("tip countries 2010", "tip-trafficking-countries", "edgelist2010.txt", read_plain_csv, True, False),
        ("noordin communication", "noordin-top", "communication.txt", read_whitespace, False, False),
        ("st louis crime (bipartite)", "stlouis-crime", "out.moreno_crime_crime", read_bipartite_konect, False, False),
    ]
    for name, folder, file, reader, directed, weighted in others:
        base = find_dataset(folder)
        if base is None:
            print(f"SKIP {name}: data set {folder} not present")
            continue
        yield name, reader(os.path.join(base, file)), directed, weighted


def check_errors():
    """Bad input gives a clear message naming file, line and field."""
    global checked
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w") as f:
        f.write("source,target,weight\na,b,1\nc,d,heavy\n")
    p = subprocess.run([BINARY, "analyze", "--edges", path, "--measure", "degree"], capture_output=True, text=True)
    os.unlink(path)
    if p.returncode == 0 or f"{path}:3:weight" not in p.stderr:
        fail(f"bad weight: expected an error naming {path}:3:weight, got rc={p.returncode} {p.stderr!r}")
    p = subprocess.run([BINARY, "analyze", "--edges", "/nonexistent.csv", "--measure", "degree"],
                       capture_output=True, text=True)
    if p.returncode == 0 or "nonexistent" not in p.stderr:
        fail(f"missing file: got rc={p.returncode} {p.stderr!r}")
    checked += 1


def main():
    if not BINARY or not os.path.exists(BINARY):
        print("SKIP: DISRUPT_BINARY not set or missing")
        return 77
    check_errors()
    for name, links, directed, weighted in random_graphs():
        check_graph(name, links, directed, weighted)
    for name, links, directed, weighted in real_graphs():
        check_graph(name, links, directed, weighted, paths=not name.startswith("caviar phase") or name.endswith(" 6"))
    rng = random.Random(5)
    check_approx("random sparse 400", random_links(rng, 400, 900, False), False)
    check_approx("random directed 300", random_links(rng, 300, 1200, True), True)
    print(f"{checked} comparisons, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
