// Tests of the centrality measures and connected components on small graphs
// whose values are worked out by hand in the comments (closed forms), so
// that the expected numbers do not come from the code under test.
#include "graph/centrality.h"

#include <gtest/gtest.h>

#include <cmath>
#include <queue>
#include <random>
#include <set>

#include "graph/components.h"

namespace disrupt::graph {
namespace {

Graph Build(std::initializer_list<std::pair<const char*, const char*>> links, bool directed = false) {
  GraphBuilder b(BuildOptions{directed, true, false});
  for (auto [u, v] : links) b.AddLink(u, v);
  return b.Build();
}

double Score(const NodeScoreAlgorithm& a, const Graph& g, const char* label) { return a.scores()[g.Find(label)]; }

// a - b - c - d - e
Graph Path5() { return Build({{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "e"}}); }

TEST(Degree, IgnoresSelfLoopsAndMergesMultiLinks) {
  // a-b twice, a-a, a-c: a has two contacts.
  Graph g = Build({{"a", "b"}, {"b", "a"}, {"a", "a"}, {"a", "c"}});
  DegreeCentrality d(g);
  ASSERT_TRUE(d.Run().ok());
  EXPECT_EQ(Score(d, g, "a"), 2);
  EXPECT_EQ(Score(d, g, "b"), 1);
}

TEST(Degree, DirectedModesAndStrength) {
  GraphBuilder b(BuildOptions{true, true, true});
  b.AddLink("a", "b", 2.5);
  b.AddLink("c", "b", 1.0);
  b.AddLink("b", "a", 4.0);
  Graph g = b.Build();
  DegreeCentrality in(g, {DegreeMode::kIn, false}), out(g, {DegreeMode::kOut, true}), all(g, {DegreeMode::kAll, true});
  ASSERT_TRUE(in.Run().ok());
  ASSERT_TRUE(out.Run().ok());
  ASSERT_TRUE(all.Run().ok());
  EXPECT_EQ(Score(in, g, "b"), 2);
  EXPECT_EQ(Score(out, g, "b"), 4.0);
  EXPECT_EQ(Score(all, g, "b"), 7.5);
}

TEST(Betweenness, PathGraph) {
  // Raw counts of pairs through b, c, d: 3, 4, 3; there are (n-1)(n-2)/2 = 6
  // pairs not involving a given node.
  Graph g = Path5();
  for (unsigned threads : {1u, 2u}) {
    Betweenness bc(g, {.normalized = true, .threads = threads});
    ASSERT_TRUE(bc.Run().ok());
    EXPECT_DOUBLE_EQ(Score(bc, g, "a"), 0.0);
    EXPECT_DOUBLE_EQ(Score(bc, g, "b"), 3.0 / 6);
    EXPECT_DOUBLE_EQ(Score(bc, g, "c"), 4.0 / 6);
    EXPECT_DOUBLE_EQ(Score(bc, g, "d"), 3.0 / 6);
  }
  Betweenness raw(g, {.normalized = false});
  ASSERT_TRUE(raw.Run().ok());
  EXPECT_DOUBLE_EQ(Score(raw, g, "c"), 4.0);
}

TEST(Betweenness, SplitsCreditBetweenEqualPaths) {
  // A 4-cycle a-b-c-d-a: a and c are joined by two shortest paths (via b, via
  // d), so b and d each get half of that pair: raw 0.5 each.
  Graph g = Build({{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "a"}});
  Betweenness bc(g, {.normalized = false});
  ASSERT_TRUE(bc.Run().ok());
  for (const char* v : {"a", "b", "c", "d"}) EXPECT_DOUBLE_EQ(Score(bc, g, v), 0.5);
}

TEST(Betweenness, DirectedChain) {
  // a -> b -> c: only the ordered pair (a, c) passes through b; normalised by
  // (n-1)(n-2) = 2.
  Graph g = Build({{"a", "b"}, {"b", "c"}}, true);
  Betweenness bc(g);
  ASSERT_TRUE(bc.Run().ok());
  EXPECT_DOUBLE_EQ(Score(bc, g, "b"), 0.5);
  EXPECT_DOUBLE_EQ(Score(bc, g, "a"), 0.0);
}

TEST(Betweenness, WeightsAsLengths) {
  // a-b (1), b-c (1), a-c (3): the shortest a..c path runs through b.
  GraphBuilder b(BuildOptions{false, true, true});
  b.AddLink("a", "b", 1);
  b.AddLink("b", "c", 1);
  b.AddLink("a", "c", 3);
  Graph g = b.Build();
  Betweenness weighted(g, {.normalized = false, .use_weights = true}), hops(g, {.normalized = false});
  ASSERT_TRUE(weighted.Run().ok());
  ASSERT_TRUE(hops.Run().ok());
  EXPECT_DOUBLE_EQ(Score(weighted, g, "b"), 1.0);
  EXPECT_DOUBLE_EQ(Score(hops, g, "b"), 0.0);
}

TEST(Betweenness, RefusesNonPositiveLengths) {
  GraphBuilder b(BuildOptions{false, true, true});
  b.AddLink("a", "b", 0);
  Graph g = b.Build();
  Betweenness bc(g, {.use_weights = true});
  Status s = bc.Run();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("a -> b"), std::string::npos) << s.ToString();
}

TEST(Betweenness, StopsWhenCancelled) {
  Graph g = Path5();
  std::atomic<bool> cancel{true};
  Betweenness bc(g, {.cancel = &cancel});
  EXPECT_EQ(bc.Run().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(bc.has_run());
}

// Textbook Brandes (2001), written independently of the library: a queue,
// predecessor lists and a stack, over an adjacency list of distinct
// neighbours without self-loops. Unnormalised sums over ordered pairs.
std::vector<double> TextbookBetweenness(size_t n, const std::vector<std::set<size_t>>& adj) {
  std::vector<double> bc(n, 0.0);
  for (size_t s = 0; s < n; ++s) {
    std::vector<std::vector<size_t>> pred(n);
    std::vector<double> sigma(n, 0.0), delta(n, 0.0);
    std::vector<long> dist(n, -1);
    std::vector<size_t> stack;
    std::queue<size_t> queue;
    sigma[s] = 1;
    dist[s] = 0;
    queue.push(s);
    while (!queue.empty()) {
      size_t v = queue.front();
      queue.pop();
      stack.push_back(v);
      for (size_t w : adj[v]) {
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue.push(w);
        }
        if (dist[w] == dist[v] + 1) {
          sigma[w] += sigma[v];
          pred[w].push_back(v);
        }
      }
    }
    while (!stack.empty()) {
      size_t w = stack.back();
      stack.pop_back();
      for (size_t v : pred[w]) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
      if (w != s) bc[w] += delta[w];
    }
  }
  return bc;
}

TEST(Betweenness, MatchesTextbookBrandesOnRandomGraphs) {
  // Shapes that take every path of the traversal: sparse (top-down only),
  // dense (bottom-up steps once the frontier outweighs the unreached nodes),
  // several components, self-loops and repeated links, directed.
  struct Shape {
    size_t n, m;
    bool directed;
    size_t parts;
  };
  for (Shape shape : {Shape{200, 300, false, 1}, Shape{150, 3000, false, 1}, Shape{300, 2500, false, 3},
                      Shape{120, 900, true, 1}, Shape{200, 260, true, 2}}) {
    std::mt19937_64 rng(shape.n * 131 + shape.m);
    GraphBuilder b(BuildOptions{shape.directed, true, false});
    std::vector<std::set<size_t>> adj(shape.n);
    for (size_t v = 0; v < shape.n; ++v) b.AddNode(std::to_string(v));
    const size_t part = shape.n / shape.parts;
    for (size_t i = 0; i < shape.m; ++i) {
      size_t base = (rng() % shape.parts) * part;
      size_t u = base + rng() % part, v = base + rng() % part;
      b.AddLink(static_cast<NodeIndex>(u), static_cast<NodeIndex>(v));
      if (i % 10 == 0) b.AddLink(static_cast<NodeIndex>(u), static_cast<NodeIndex>(v));  // repeated
      if (u == v) continue;  // self-loops are ignored by the measure
      adj[u].insert(v);
      if (!shape.directed) adj[v].insert(u);
    }
    Graph g = b.Build();
    auto expected = TextbookBetweenness(shape.n, adj);
    for (unsigned threads : {1u, 2u}) {
      Betweenness bc(g, {.normalized = false, .threads = threads});
      ASSERT_TRUE(bc.Run().ok());
      for (size_t v = 0; v < shape.n; ++v) {
        // Ours counts each unordered pair once when undirected.
        double want = shape.directed ? expected[v] : expected[v] / 2;
        EXPECT_NEAR(bc.scores()[v], want, 1e-9 * std::max(1.0, want))
            << "node " << v << " n=" << shape.n << " m=" << shape.m << (shape.directed ? " directed" : "");
      }
    }
  }
}

TEST(Closeness, PathGraph) {
  // c: distances 1,1,2,2 -> 4/6. a: 1+2+3+4 = 10 -> 4/10. Harmonic of a:
  // 1 + 1/2 + 1/3 + 1/4 = 25/12.
  Graph g = Path5();
  Closeness c(g);
  ASSERT_TRUE(c.Run().ok());
  EXPECT_DOUBLE_EQ(Score(c, g, "c"), 4.0 / 6);
  EXPECT_DOUBLE_EQ(Score(c, g, "a"), 0.4);
  EXPECT_DOUBLE_EQ(c.harmonic()[g.Find("a")], 25.0 / 12);
}

TEST(Closeness, DirectedUsesIncomingDistancesAndScalesByReach) {
  // a -> b -> c, plus an isolated d. c is reached by b (1) and a (2): r = 3,
  // closeness (2/3)·(2/3) with n - 1 = 3. a is reached by nobody: 0.
  GraphBuilder b(BuildOptions{true, true, false});
  b.AddLink("a", "b");
  b.AddLink("b", "c");
  b.AddNode("d");
  Graph g = b.Build();
  Closeness c(g);
  ASSERT_TRUE(c.Run().ok());
  EXPECT_DOUBLE_EQ(Score(c, g, "c"), (2.0 / 3) * (2.0 / 3));
  EXPECT_DOUBLE_EQ(Score(c, g, "a"), 0.0);
  EXPECT_DOUBLE_EQ(c.harmonic()[g.Find("c")], 1.5);
}

TEST(Eigenvector, Star) {
  // Star with 3 leaves: eigenvalue sqrt(3); centre : leaf = sqrt(3) : 1, unit
  // norm gives centre 1/sqrt(2) and leaves 1/sqrt(6).
  Graph g = Build({{"h", "x"}, {"h", "y"}, {"h", "z"}});
  EigenvectorCentrality e(g);
  ASSERT_TRUE(e.Run().ok());
  EXPECT_NEAR(Score(e, g, "h"), 1 / std::sqrt(2.0), 1e-10);
  EXPECT_NEAR(Score(e, g, "x"), 1 / std::sqrt(6.0), 1e-10);
}

TEST(PageRank, CycleIsUniformAndDanglingNodeSpreads) {
  Graph cycle = Build({{"a", "b"}, {"b", "c"}, {"c", "a"}}, true);
  PageRank pr(cycle);
  ASSERT_TRUE(pr.Run().ok());
  for (double s : pr.scores()) EXPECT_NEAR(s, 1.0 / 3, 1e-12);
  // a -> b, b dangling. x_a = 0.075 + 0.425 x_b and x_a + x_b = 1 give
  // x_a = 0.5 / 1.425.
  Graph two = Build({{"a", "b"}}, true);
  PageRank pr2(two, {.tolerance = 1e-15});
  ASSERT_TRUE(pr2.Run().ok());
  EXPECT_NEAR(Score(pr2, two, "a"), 0.5 / 1.425, 1e-12);
  EXPECT_NEAR(Score(pr2, two, "b"), 1 - 0.5 / 1.425, 1e-12);
}

// A random graph over several of PageRank's 4096-node chunks, with dangling
// nodes (no out-links; isolated when undirected) and self-loops.
Graph RandomWithDangling(NodeIndex n, size_t m, uint64_t seed, bool directed) {
  GraphBuilder b(BuildOptions{directed, true, false});
  for (NodeIndex v = 0; v < n; ++v) b.AddNode(std::to_string(v));
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<NodeIndex> pick(0, n - 1);
  for (size_t i = 0; i < m; ++i) {
    NodeIndex u = pick(rng), v = pick(rng);
    if (u % 7 == 0) continue;  // every seventh node is dangling
    b.AddLink(u, i % 97 == 0 ? u : v);
  }
  return b.Build();
}

// Textbook power iteration, sequential, in double: x' = (1 - a)/n + a
// (sum over in-links of x_u / out(u) + dangling mass / n), self-loops ignored.
std::vector<double> TextbookPageRank(const Graph& g, double alpha, int iterations) {
  const NodeIndex n = g.num_nodes();
  std::vector<double> x(n, 1.0 / n);
  for (int it = 0; it < iterations; ++it) {
    std::vector<double> y(n, 0.0);
    double dangling = 0;
    for (NodeIndex u = 0; u < n; ++u) {
      size_t out = 0;
      for (NodeIndex w : g.Neighbors(u)) out += w != u;
      if (out == 0) {
        dangling += x[u];
        continue;
      }
      for (NodeIndex w : g.Neighbors(u)) {
        if (w != u) y[w] += x[u] / static_cast<double>(out);
      }
    }
    for (NodeIndex v = 0; v < n; ++v) y[v] = (1 - alpha) / n + alpha * (y[v] + dangling / n);
    x.swap(y);
  }
  return x;
}

TEST(PageRank, SameBitsWhateverTheThreadCountAndMatchesTextbook) {
  // Directed: uniform start; undirected: the start from the strengths.
  for (bool directed : {true, false}) {
    SCOPED_TRACE(directed ? "directed" : "undirected");
    Graph g = RandomWithDangling(3 * 4096 + 123, 60000, 17, directed);
    std::vector<double> expected = TextbookPageRank(g, 0.85, 200);
    for (double tolerance : {1e-12, 1e-6}) {  // double and single-precision gathers
      PageRank one(g, {.tolerance = tolerance, .threads = 1});
      ASSERT_TRUE(one.Run().ok());
      for (unsigned threads : {2u, 3u, 5u}) {
        PageRank many(g, {.tolerance = tolerance, .threads = threads});
        ASSERT_TRUE(many.Run().ok());
        EXPECT_EQ(many.iterations(), one.iterations()) << threads;
        ASSERT_EQ(many.scores().size(), one.scores().size());
        for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
          ASSERT_EQ(many.scores()[v], one.scores()[v]) << "node " << v << ", " << threads << " threads";
        }
      }
      // Distance to the fixed point: the L1 change bounds it by about
      // tolerance * a / (1 - a); single precision adds about 1e-7.
      double l1 = 0, sum = 0;
      for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
        l1 += std::abs(one.scores()[v] - expected[v]);
        sum += one.scores()[v];
      }
      EXPECT_LT(l1, tolerance * 10 + (tolerance >= kCompactPageRankTolerance ? 1e-6 : 0)) << tolerance;
      EXPECT_NEAR(sum, 1.0, tolerance >= kCompactPageRankTolerance ? 1e-6 : 1e-12);
    }
  }
}

// The accelerated iteration of undirected graphs assumes only a real
// spectrum inside [-a, a]; these graphs put error components at its ends:
// a bipartite graph (eigenvalue -a) and a graph of many small components
// (eigenvalue a, once per component). The result must still be the textbook
// fixed point within the stopping rule's bound.
TEST(PageRank, AcceleratedIterationOnBipartiteAndFragmentedGraphs) {
  std::mt19937_64 rng(5);
  GraphBuilder bipartite(BuildOptions{false, true, false});
  const NodeIndex side = 3000;
  for (NodeIndex v = 0; v < 2 * side; ++v) bipartite.AddNode(std::to_string(v));
  for (int i = 0; i < 20000; ++i) bipartite.AddLink(static_cast<NodeIndex>(rng() % side), side + rng() % side);
  GraphBuilder fragments(BuildOptions{false, true, false});
  for (NodeIndex v = 0; v < 6000; ++v) fragments.AddNode(std::to_string(v));
  for (int i = 0; i < 9000; ++i) {
    NodeIndex block = static_cast<NodeIndex>(rng() % 600) * 10;  // 600 components of at most 10 nodes
    fragments.AddLink(block + rng() % 10, block + rng() % 10);
  }
  std::vector<Graph> graphs;
  graphs.push_back(bipartite.Build());
  graphs.push_back(fragments.Build());
  for (const Graph& graph : graphs) {
    const Graph* g = &graph;
    std::vector<double> expected = TextbookPageRank(*g, 0.85, 250);
    for (double tolerance : {1e-12, 1e-6}) {
      PageRank pr(*g, {.tolerance = tolerance, .threads = 2});
      ASSERT_TRUE(pr.Run().ok());
      double l1 = 0;
      for (NodeIndex v = 0; v < g->num_nodes(); ++v) l1 += std::abs(pr.scores()[v] - expected[v]);
      // |x - x*| <= a / (1 - a) |G(x) - x| < 5.7 tolerance; single
      // precision adds about 1e-7.
      EXPECT_LT(l1, tolerance * 0.85 / 0.15 + (tolerance >= kCompactPageRankTolerance ? 2e-7 : 1e-13))
          << tolerance << " after " << pr.iterations() << " passes";
    }
  }
}

TEST(PageRank, RefusesBadDamping) {
  Graph g = Path5();
  PageRank pr(g, {.damping = 1.0});
  EXPECT_EQ(pr.Run().code(), StatusCode::kInvalidArgument);
}

TEST(Top, OrdersByScoreThenIndex) {
  Graph g = Path5();
  Betweenness bc(g);
  ASSERT_TRUE(bc.Run().ok());
  auto top = bc.Top(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(g.label(top[0]), "c");
  EXPECT_EQ(g.label(top[1]), "b");  // b precedes d by index
  EXPECT_EQ(g.label(top[2]), "d");
}

TEST(Components, SizesLargestFirst) {
  // Triangle a-b-c, pair d-e, isolated f (and a self-loop on f).
  GraphBuilder b(BuildOptions{false, true, false});
  b.AddLink("d", "e");
  b.AddLink("a", "b");
  b.AddLink("b", "c");
  b.AddLink("c", "a");
  b.AddLink("f", "f");
  Graph g = b.Build();
  for (unsigned threads : {1u, 2u}) {
    ConnectedComponents cc(g, {threads});
    ASSERT_TRUE(cc.Run().ok());
    EXPECT_EQ(cc.sizes(), (std::vector<uint32_t>{3, 2, 1}));
    EXPECT_EQ(cc.component()[g.Find("a")], 0u);
    EXPECT_EQ(cc.component()[g.Find("e")], 1u);
    EXPECT_EQ(cc.component()[g.Find("f")], 2u);
    EXPECT_EQ(cc.Largest().size(), 3u);
  }
}

TEST(Components, DirectedLinksJoinWeakly) {
  Graph g = Build({{"a", "b"}, {"c", "b"}, {"d", "e"}}, true);
  ConnectedComponents cc(g);
  ASSERT_TRUE(cc.Run().ok());
  EXPECT_EQ(cc.sizes(), (std::vector<uint32_t>{3, 2}));
}

TEST(Components, ManyNodesInParallel) {
  // 5000 paths of 3 nodes built in scrambled order: 5000 components of 3.
  GraphBuilder b(BuildOptions{false, true, false});
  const int k = 5000;
  for (int i = 0; i < k; ++i) b.AddNode("n" + std::to_string(i));
  for (int i = 0; i < k; ++i) {
    b.AddLink("n" + std::to_string(i), "m" + std::to_string(i));
    b.AddLink("m" + std::to_string(i), "o" + std::to_string(i));
  }
  Graph g = b.Build();
  ConnectedComponents cc(g, {2});
  ASSERT_TRUE(cc.Run().ok());
  EXPECT_EQ(cc.num_components(), static_cast<uint32_t>(k));
  for (uint32_t s : cc.sizes()) EXPECT_EQ(s, 3u);
}

}  // namespace
}  // namespace disrupt::graph
