// Route cut against brute force over all vertex subsets on small graphs.
#include "disrupt/route_cut.h"

#include <gtest/gtest.h>

#include <random>

namespace disrupt::plan {
namespace {

graph::Graph Build(NodeIndex n, const std::vector<std::pair<NodeIndex, NodeIndex>>& edges, bool directed) {
  graph::GraphBuilder b(graph::BuildOptions{directed, false, false});
  for (NodeIndex v = 0; v < n; ++v) b.AddNode("n" + std::to_string(v));
  for (auto [u, v] : edges) b.AddLink(u, v);
  return b.Build();
}

// True when some origin reaches some destination avoiding `cut` (an origin
// or destination in the cut is gone).
bool Connected(const graph::Graph& g, const std::vector<uint8_t>& origin, const std::vector<uint8_t>& destination,
               uint32_t cut_mask) {
  NodeIndex n = g.num_nodes();
  std::vector<bool> seen(n, false);
  std::vector<NodeIndex> stack;
  for (NodeIndex v = 0; v < n; ++v) {
    if (origin[v] && !(cut_mask >> v & 1)) {
      seen[v] = true;
      stack.push_back(v);
    }
  }
  while (!stack.empty()) {
    NodeIndex v = stack.back();
    stack.pop_back();
    if (destination[v]) return true;
    for (NodeIndex u : g.Neighbors(v)) {
      if (!seen[u] && !(cut_mask >> u & 1)) {
        seen[u] = true;
        stack.push_back(u);
      }
    }
  }
  return false;
}

double BruteForceCost(const graph::Graph& g, const std::vector<uint8_t>& origin,
                      const std::vector<uint8_t>& destination, const std::vector<double>& cost) {
  NodeIndex n = g.num_nodes();
  double best = 1e300;
  for (uint32_t mask = 0; mask < (1u << n); ++mask) {
    double c = 0;
    for (NodeIndex v = 0; v < n; ++v) c += (mask >> v & 1) ? cost[v] : 0.0;
    if (c < best && !Connected(g, origin, destination, mask)) best = c;
  }
  return best;
}

TEST(RouteCut, MatchesBruteForceOnRandomSmallGraphs) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 40; ++trial) {
    const NodeIndex n = 10;
    bool directed = trial % 2 == 1;
    std::vector<std::pair<NodeIndex, NodeIndex>> edges;
    std::bernoulli_distribution link(0.3);
    for (NodeIndex u = 0; u < n; ++u) {
      for (NodeIndex v = 0; v < n; ++v) {
        if (u != v && (directed || u < v) && link(rng)) edges.emplace_back(u, v);
      }
    }
    graph::Graph g = Build(n, edges, directed);
    std::vector<uint8_t> origin(n, 0), destination(n, 0);
    origin[0] = origin[1] = 1;
    destination[8] = destination[9] = 1;
    std::vector<double> cost(n);
    std::uniform_int_distribution<int> pick(1, 4);
    for (auto& c : cost) c = pick(rng);
    RouteCut cut(g, RouteCutInput{origin, destination, cost, {}});
    ASSERT_TRUE(cut.Run().ok());
    EXPECT_DOUBLE_EQ(cut.cost(), BruteForceCost(g, origin, destination, cost)) << "trial " << trial;
    uint32_t mask = 0;
    for (NodeIndex v : cut.cut()) mask |= 1u << v;
    EXPECT_FALSE(Connected(g, origin, destination, mask)) << "trial " << trial;
  }
}

// 0 (origin) - 1 - 2 - 3 (destination), and 0 - 4 - 3. With 1 abroad
// (cost 5) and 2 at home (cost 1), the cut takes 2 and 4, never 1.
TEST(RouteCut, PrefersCheaperTargets) {
  graph::Graph g = Build(5, {{0, 1}, {1, 2}, {2, 3}, {0, 4}, {4, 3}}, false);
  std::vector<uint8_t> origin = {1, 0, 0, 0, 0}, destination = {0, 0, 0, 1, 0};
  RouteCut cut(g, RouteCutInput{origin, destination, {10, 5, 1, 10, 1}, {}});
  ASSERT_TRUE(cut.Run().ok());
  EXPECT_EQ(cut.cut(), (std::vector<NodeIndex>{2, 4}));
  EXPECT_DOUBLE_EQ(cut.cost(), 2.0);
}

TEST(RouteCut, ReportsWhenProtectedActorsLinkTheTwoSides) {
  graph::Graph g = Build(3, {{0, 1}, {1, 2}}, false);
  std::vector<uint8_t> origin = {1, 0, 0}, destination = {0, 0, 1};
  RouteCut cut(g, RouteCutInput{origin, destination, {}, {0, 0, 0}});
  EXPECT_EQ(cut.Run().code(), StatusCode::kFailedPrecondition);
  RouteCut bad(g, RouteCutInput{origin, destination, {1, -1, 1}, {}});
  EXPECT_EQ(bad.Run().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace disrupt::plan
