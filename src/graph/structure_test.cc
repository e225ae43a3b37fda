// Tests of k-core, clustering, communities, paths, ego networks and
// approximate betweenness on small graphs with expected values worked out
// by hand in the comments.
#include "graph/structure.h"

#include <gtest/gtest.h>

#include <random>

#include "graph/approx_betweenness.h"
#include "graph/centrality.h"
#include "graph/communities.h"
#include "graph/paths.h"

namespace disrupt::graph {
namespace {

Graph Build(std::initializer_list<std::pair<const char*, const char*>> links, bool directed = false) {
  GraphBuilder b(BuildOptions{directed, true, false});
  for (auto [u, v] : links) b.AddLink(u, v);
  return b.Build();
}

std::vector<std::string> Labels(const Graph& g, const std::vector<NodeIndex>& nodes) {
  std::vector<std::string> out;
  for (NodeIndex v : nodes) out.push_back(g.label(v));
  return out;
}

// Triangle a-b-c with d hanging off a (and a self-loop on d, ignored).
Graph TriangleWithTail() { return Build({{"a", "b"}, {"b", "c"}, {"c", "a"}, {"a", "d"}, {"d", "d"}}); }

TEST(CoreNumber, TriangleWithTail) {
  Graph g = TriangleWithTail();
  CoreNumber core(g);
  ASSERT_TRUE(core.Run().ok());
  EXPECT_EQ(core.scores()[g.Find("a")], 2);
  EXPECT_EQ(core.scores()[g.Find("c")], 2);
  EXPECT_EQ(core.scores()[g.Find("d")], 1);
  EXPECT_EQ(core.max_core(), 2);
}

TEST(Clustering, TriangleWithTail) {
  // a has 3 contacts (3 pairs), one pair (b, c) linked: 1/3. b: 1. d: 0.
  Graph g = TriangleWithTail();
  Clustering c(g);
  ASSERT_TRUE(c.Run().ok());
  EXPECT_DOUBLE_EQ(c.scores()[g.Find("a")], 1.0 / 3);
  EXPECT_DOUBLE_EQ(c.scores()[g.Find("b")], 1.0);
  EXPECT_DOUBLE_EQ(c.scores()[g.Find("d")], 0.0);
  EXPECT_DOUBLE_EQ(c.average(), (1.0 / 3 + 1 + 1 + 0) / 4);
  EXPECT_EQ(c.triangles()[g.Find("a")], 1);
}

TEST(Clustering, DirectedCycleFagiolo) {
  // A 3-cycle: (A + Aᵀ)³ has 4 on the diagonal, so 2 directed triangles per
  // node; d_tot = 2, no reciprocated links: 2 / (2 · (2·1 − 0)) = 1/2.
  Graph g = Build({{"a", "b"}, {"b", "c"}, {"c", "a"}}, true);
  Clustering c(g);
  ASSERT_TRUE(c.Run().ok());
  for (double s : c.scores()) EXPECT_DOUBLE_EQ(s, 0.5);
}

TEST(Communities, TwoCliquesJoinedByOneLink) {
  // Two 4-cliques (6 links each) and one bridge: m = 13; each side has 6
  // links inside and strength 13, so Q = 2 (6/13 − (13/26)²) = 12/13 − 1/2.
  GraphBuilder b(BuildOptions{false, true, false});
  const char* left[] = {"a", "b", "c", "d"};
  const char* right[] = {"e", "f", "g", "h"};
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      b.AddLink(left[i], left[j]);
      b.AddLink(right[i], right[j]);
    }
  }
  b.AddLink("d", "e");
  Graph g = b.Build();
  Communities c(g);
  ASSERT_TRUE(c.Run().ok());
  EXPECT_EQ(c.sizes(), (std::vector<uint32_t>{4, 4}));
  EXPECT_EQ(c.membership()[g.Find("a")], c.membership()[g.Find("d")]);
  EXPECT_NE(c.membership()[g.Find("d")], c.membership()[g.Find("e")]);
  EXPECT_NEAR(c.modularity(), 12.0 / 13 - 0.5, 1e-12);
}

TEST(Paths, ShortestAndYen) {
  // a-b-z, a-c-z (two of length 2), a-e-f-z (length 3), and z unreachable
  // from the isolated x.
  GraphBuilder b(BuildOptions{false, true, false});
  for (auto [u, v] : {std::pair{"a", "b"}, {"b", "z"}, {"a", "c"}, {"c", "z"}, {"a", "e"}, {"e", "f"}, {"f", "z"}}) {
    b.AddLink(u, v);
  }
  b.AddNode("x");
  Graph g = b.Build();
  auto sp = ShortestPath(g, g.Find("a"), g.Find("z"));
  ASSERT_TRUE(sp.ok());
  ASSERT_TRUE(sp->has_value());
  EXPECT_EQ((*sp)->length, 2);
  auto none = ShortestPath(g, g.Find("x"), g.Find("z"));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  KShortestPaths yen(g, g.Find("a"), g.Find("z"), 5);
  ASSERT_TRUE(yen.Run().ok());
  ASSERT_EQ(yen.paths().size(), 3u);  // only three loop-free paths exist
  EXPECT_EQ(yen.paths()[0].length, 2);
  EXPECT_EQ(yen.paths()[1].length, 2);
  EXPECT_EQ(Labels(g, yen.paths()[2].nodes), (std::vector<std::string>{"a", "e", "f", "z"}));
}

TEST(Paths, YenWithLengthsOnDirectedGraph) {
  // Yen's classic example (Wikipedia figure): C→D 3, C→E 2, D→F 4, E→D 1,
  // E→F 2, E→G 3, F→G 2, F→H 1, G→H 2. The three shortest C→H paths:
  // C-E-F-H (5), C-E-G-H (7), C-D-F-H (8).
  GraphBuilder b(BuildOptions{true, true, true});
  b.AddLink("C", "D", 3);
  b.AddLink("C", "E", 2);
  b.AddLink("D", "F", 4);
  b.AddLink("E", "D", 1);
  b.AddLink("E", "F", 2);
  b.AddLink("E", "G", 3);
  b.AddLink("F", "G", 2);
  b.AddLink("F", "H", 1);
  b.AddLink("G", "H", 2);
  Graph g = b.Build();
  KShortestPaths yen(g, g.Find("C"), g.Find("H"), 3, {.use_weights = true});
  ASSERT_TRUE(yen.Run().ok());
  ASSERT_EQ(yen.paths().size(), 3u);
  EXPECT_EQ(Labels(g, yen.paths()[0].nodes), (std::vector<std::string>{"C", "E", "F", "H"}));
  EXPECT_EQ(yen.paths()[0].length, 5);
  EXPECT_EQ(Labels(g, yen.paths()[1].nodes), (std::vector<std::string>{"C", "E", "G", "H"}));
  EXPECT_EQ(yen.paths()[1].length, 7);
  EXPECT_EQ(Labels(g, yen.paths()[2].nodes), (std::vector<std::string>{"C", "D", "F", "H"}));
  EXPECT_EQ(yen.paths()[2].length, 8);
}

TEST(Paths, UnknownNodeIsAnError) {
  Graph g = TriangleWithTail();
  EXPECT_EQ(ShortestPath(g, 99, 0).status().code(), StatusCode::kInvalidArgument);
}

TEST(Ego, DepthAndDirection) {
  // a -> b -> c -> d; from b depth 1 both ways: a, c. Out only: c.
  Graph g = Build({{"a", "b"}, {"b", "c"}, {"c", "d"}}, true);
  auto both = EgoNetwork(g, g.Find("b"), {1, Direction::kBoth});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 3u);
  EXPECT_EQ((*both)[0], (EgoMember{g.Find("b"), 0}));
  auto out = EgoNetwork(g, g.Find("b"), {2, Direction::kOut});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), 3u);  // b, c, d
  std::vector<NodeIndex> nodes;
  for (const auto& m : *both) nodes.push_back(m.node);
  nodes.push_back(g.Find("a"));  // a duplicate is ignored
  Graph sub = InducedSubgraph(g, nodes);
  EXPECT_EQ(sub.num_nodes(), 3u);
  EXPECT_EQ(sub.num_links(), 2u);
}

TEST(ApproxBetweenness, SampleSizeFormula) {
  // (0.5 / 0.01²) · (⌊log₂ 8⌋ + 1 + ln 10) = 5000 · (4 + 2.302585...) = 31512.9...
  EXPECT_EQ(RkSampleSize(0.01, 0.1, 10), 31513u);
}

TEST(ApproxBetweenness, MeetsItsBoundOnARandomGraph) {
  std::mt19937 rng(7);
  GraphBuilder b(BuildOptions{false, true, false});
  for (int i = 0; i < 300; ++i) b.AddNode("n" + std::to_string(i));
  std::uniform_int_distribution<NodeIndex> pick(0, 299);
  for (int i = 0; i < 700; ++i) b.AddLink(pick(rng), pick(rng));
  Graph g = b.Build();
  Betweenness exact(g);
  ASSERT_TRUE(exact.Run().ok());
  ApproxBetweenness approx(g, {.epsilon = 0.03, .delta = 0.1, .seed = 3, .threads = 2});
  ASSERT_TRUE(approx.Run().ok());
  double worst = 0;
  for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
    worst = std::max(worst, std::abs(approx.scores()[v] - exact.scores()[v]));
  }
  EXPECT_LE(worst, approx.error_bound());
  EXPECT_GT(approx.samples(), 0u);
}

}  // namespace
}  // namespace disrupt::graph
