#!/usr/bin/env bash
# Disruption-planning benchmarks (make bench). $1 = release build dir with
# DISRUPT_BUILD_BENCH=ON. Writes bench/results/disrupt.jsonl and prints a
# summary; figures go to docs/performance.md ("Disruption planning").
#
#   1. Erdős–Rényi, mean degree 3.5, target 1% largest component: every
#      scalable strategy on 5 graphs of 200,000 nodes (best = per-graph
#      minimum), then `best` on one graph of 1,000,000 nodes (timed).
#      Peer in the same run: NetworkX adaptive highest-degree removal
#      (Debian python3-networkx) on the first 200,000-node graph.
#   2. The real criminal networks found in ../shared/datasets: every
#      strategy's curve and its area against random removal averaged over
#      1,000 orders; peer: NetworkX adaptive betweenness on the same files.
# Override sizes with DISRUPT_BENCH_ER_N / _GRAPHS / _BIG_N for a quick run.
set -uo pipefail
BUILD="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/bench/disrupt_bench"
OUT="$ROOT/bench/results/disrupt.jsonl"
N="${DISRUPT_BENCH_ER_N:-200000}"
GRAPHS="${DISRUPT_BENCH_ER_GRAPHS:-5}"
BIG="${DISRUPT_BENCH_BIG_N:-1000000}"
mkdir -p "$ROOT/bench/results"
: > "$OUT"
if [ ! -x "$BIN" ]; then echo "disrupt_bench not built in $BUILD" >&2; exit 1; fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "-- Erdős–Rényi c=3.5, n=$N, $GRAPHS graphs, target 1%"
"$BIN" er "$N" "$GRAPHS" 1000 minsum,corehd,ci,degree | tee -a "$OUT"
echo "-- Erdős–Rényi c=3.5, n=$BIG, strategy best"
/usr/bin/time -f '{"bench":"er-big-process","max_rss_kb":%M,"wall_seconds":%e}' \
  "$BIN" er "$BIG" 1 2000 best 2>>"$OUT" | tee -a "$OUT"

echo "-- peer: NetworkX adaptive highest degree on an ER graph of n=$N"
/usr/bin/python3 - "$N" >> "$OUT" <<'PY'
import json, random, sys, time
import networkx as nx
n = int(sys.argv[1]); m = int(1.75 * n)
g = nx.gnm_random_graph(n, m, seed=1000)
bound = max(1, int(0.01 * n))
t = time.perf_counter()
removed = 0
# Adaptive highest degree, checking the largest component every n/200 removals
# and exactly near the end (the same rule as the planner's degree strategy).
step = max(1, n // 200)
while True:
    lcc = max((len(c) for c in nx.connected_components(g)), default=0)
    if lcc <= bound:
        break
    for _ in range(step if lcc > 2 * bound else 1):
        v = max(g.degree, key=lambda x: (x[1], -x[0]))[0]
        g.remove_node(v)
        removed += 1
sec = time.perf_counter() - t
print(json.dumps({"bench": "er-peer", "peer": "networkx-hda", "n": n, "fraction_removed": removed / n,
                  "seconds": round(sec, 3)}))
PY
tail -1 "$OUT"

echo "-- real criminal networks: curves against random removal (1,000 orders)"
/usr/bin/python3 - "$ROOT" "$TMP" <<'PY'
# Converts the adjacency-matrix CSVs and the Montagna TSV edge lists to
# source,target edge lists (links: any non-zero cell, either direction).
import csv, os, sys
root, tmp = sys.argv[1], sys.argv[2]
shared = os.path.join(root, "..", "shared", "datasets")
if not os.path.isdir(shared):
    shared = os.path.join(root, "datasets")
def adjacency(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    names = rows[0][1:]
    edges = set()
    for r in rows[1:]:
        a = r[0]
        for j, cell in enumerate(r[1:len(names) + 1]):
            try:
                w = float(cell)
            except ValueError:
                continue
            b = names[j]
            if w != 0 and a != b:
                edges.add(tuple(sorted((a, b))))
    return edges
def tsv(path):
    edges = set()
    for line in open(path):
        p = line.split()
        if len(p) >= 2 and p[0] != p[1]:
            edges.add(tuple(sorted((p[0], p[1]))))
    return edges
sets = {
    "montagna-meetings": ("montagna/Montagna_meetings_edgelist.csv", tsv),
    "montagna-phonecalls": ("montagna/Montagna_phonecalls_edgelist.csv", tsv),
    "caviar-full": ("caviar/ucinet/CAVIAR_FULL.csv", adjacency),
    "siren": ("siren/SIREN.csv", adjacency),
    "london-gang": ("london-gang/LONDON_GANG.csv", adjacency),
    "november17": ("november17/RHODESBOMBING.csv", adjacency),
}
for name, (rel, load) in sets.items():
    path = os.path.join(shared, rel)
    if not os.path.exists(path):
        continue
    with open(os.path.join(tmp, name + ".csv"), "w") as out:
        out.write("source,target\n")
        for a, b in sorted(load(path)):
            out.write(f"{a},{b}\n")
PY
FILES=("$TMP"/*.csv)
if [ -e "${FILES[0]}" ]; then
  "$BIN" curves 1000 "${FILES[@]}" | tee -a "$OUT"
  echo "-- peer: NetworkX adaptive betweenness (recomputed after each removal) on the same files"
  /usr/bin/python3 - "${FILES[@]}" <<'PY' | tee -a "$OUT"
import csv, json, sys, time
import networkx as nx
for path in sys.argv[1:]:
    g = nx.Graph()
    with open(path) as f:
        for r in csv.DictReader(f):
            g.add_edge(r["source"], r["target"])
    n = g.number_of_nodes()
    lcc0 = max(len(c) for c in nx.connected_components(g))
    t = time.perf_counter()
    removed, five = 0, None
    while g.number_of_edges() > 0:
        if removed == int(0.05 * n):
            five = max(len(c) for c in nx.connected_components(g))
        b = nx.betweenness_centrality(g)
        v = max(b, key=lambda x: (b[x], g.degree(x)))
        g.remove_node(v)
        removed += 1
    if five is None:
        five = max((len(c) for c in nx.connected_components(g)), default=0)
    print(json.dumps({"bench": "curves-peer", "peer": "networkx-betweenness", "file": path, "n": n,
                      "largest": lcc0, "lcc_after_5pct": five, "removed_to_isolate": removed,
                      "seconds": round(time.perf_counter() - t, 3)}))
PY
else
  echo "no criminal-network data sets found (../shared/datasets); skipped"
fi

echo "-- summary"
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
er = [r for r in rows if r.get("bench") == "er" and r["strategy"] != "best"]
by = collections.defaultdict(list)
best = collections.defaultdict(lambda: 1.0)
for r in er:
    by[r["strategy"]].append(r)
    best[r["graph"]] = min(best[r["graph"]], r["fraction_removed"])
for s, rs in by.items():
    print(f"ER n={rs[0]['n']}: {s:8s} mean fraction removed {sum(r['fraction_removed'] for r in rs)/len(rs):.4f}"
          f"  mean seconds {sum(r['seconds'] for r in rs)/len(rs):.2f}")
if best:
    mean_best = sum(best.values()) / len(best)
    print(f"ER best (per-graph minimum) mean fraction removed {mean_best:.4f} (goal <= 0.185): "
          + ("OK" if mean_best <= 0.185 else "MISSED"))
big = [r for r in rows if r.get("bench") == "er" and r["strategy"] == "best"]
for r in big:
    print(f"ER n={r['n']} best ({r['chosen']}): fraction {r['fraction_removed']:.4f} in {r['seconds']:.1f} s (goal <= 30 s): "
          + ("OK" if r["seconds"] <= 30 else "MISSED"))
PY
