// Tests of the centrality measures and connected components on small graphs
// whose values are worked out by hand in the comments (closed forms), so
// that the expected numbers do not come from the code under test.
#include "graph/centrality.h"

#include <gtest/gtest.h>

#include <cmath>

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
