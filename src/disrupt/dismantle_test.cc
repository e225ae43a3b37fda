// Tests of the dismantling core: the component curve, Collective Influence
// and CoreHD on hand-computed graphs, and the validity of every strategy's
// plan checked by an independent traversal.
#include "disrupt/dismantle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <queue>
#include <random>
#include <set>

#include "disrupt/strategies.h"

namespace disrupt::plan {
namespace {

using Edges = std::vector<std::pair<NodeIndex, NodeIndex>>;

// Largest component of the graph without `removed`, by a plain BFS over an
// adjacency-set representation built here (independent of Network).
uint32_t LargestAfter(NodeIndex n, const Edges& edges, const std::vector<NodeIndex>& removed) {
  std::vector<std::set<NodeIndex>> adj(n);
  for (auto [u, v] : edges) {
    if (u == v) continue;
    adj[u].insert(v);
    adj[v].insert(u);
  }
  std::vector<bool> gone(n, false), seen(n, false);
  for (NodeIndex v : removed) gone[v] = true;
  uint32_t best = 0;
  for (NodeIndex s = 0; s < n; ++s) {
    if (gone[s] || seen[s]) continue;
    uint32_t count = 0;
    std::queue<NodeIndex> q;
    q.push(s);
    seen[s] = true;
    while (!q.empty()) {
      NodeIndex v = q.front();
      q.pop();
      ++count;
      for (NodeIndex u : adj[v]) {
        if (!gone[u] && !seen[u]) {
          seen[u] = true;
          q.push(u);
        }
      }
    }
    best = std::max(best, count);
  }
  return best;
}

// Erdős–Rényi G(n, m) with m = c n / 2 links (duplicates and loops redrawn).
Edges RandomGraph(NodeIndex n, double mean_degree, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<NodeIndex> pick(0, n - 1);
  std::set<std::pair<NodeIndex, NodeIndex>> seen;
  Edges edges;
  size_t m = static_cast<size_t>(mean_degree * n / 2);
  while (edges.size() < m) {
    NodeIndex u = pick(rng), v = pick(rng);
    if (u == v) continue;
    if (!seen.insert({std::min(u, v), std::max(u, v)}).second) continue;
    edges.emplace_back(u, v);
  }
  return edges;
}

TEST(LargestComponentCurve, MatchesBreadthFirstSearchAfterEveryPrefix) {
  Edges edges = RandomGraph(60, 2.5, 7);
  Network network(60, edges);
  std::vector<NodeIndex> order = {5, 17, 3, 44, 0, 59, 23, 8, 31, 12};
  auto curve = LargestComponentCurve(network, order);
  ASSERT_EQ(curve.size(), order.size() + 1);
  for (size_t i = 0; i <= order.size(); ++i) {
    std::vector<NodeIndex> prefix(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_EQ(curve[i], LargestAfter(60, edges, prefix)) << "after " << i << " removals";
  }
}

// 0 - 1 - 2 - 3 - 4
//         |   |
//         5 - 6 - 7
// Degrees 1,2,3,3,1,2,3,1. CI_2(i) = (k_i - 1) * sum over distance-2 nodes of (k_j - 1):
//   node 1: ring {3,5}       -> 1 * (2 + 1)     = 3
//   node 2: ring {0,4,6}     -> 2 * (0 + 0 + 2) = 4
//   node 3: ring {1,5,7}     -> 2 * (1 + 1 + 0) = 4
//   node 5: ring {1,3,7}     -> 1 * (1 + 2 + 0) = 3
//   node 6: ring {2,4}       -> 2 * (2 + 0)     = 4
//   leaves 0, 4, 7: k - 1 = 0 -> 0
TEST(CollectiveInfluence, ScoresMatchHandComputedValues) {
  Edges edges = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {2, 5}, {5, 6}, {6, 7}, {3, 6}};
  Network network(8, edges);
  auto ci = CollectiveInfluenceScores(network, 2);
  std::vector<int64_t> expected = {0, 3, 4, 4, 0, 3, 4, 0};
  EXPECT_EQ(ci, expected);
}

// Radius 1: CI_1(i) = (k_i - 1) * sum over neighbours of (k_j - 1).
//   star centre 0 with leaves 1..4 plus leaf 1 - 5: k0 = 4, k1 = 2.
//   CI_1(0) = 3 * (1 + 0 + 0 + 0) = 3; CI_1(1) = 1 * (3 + 0) = 3.
TEST(CollectiveInfluence, RadiusOneMatchesFormula) {
  Edges edges = {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 5}};
  Network network(6, edges);
  auto ci = CollectiveInfluenceScores(network, 1);
  EXPECT_EQ(ci[0], 3);
  EXPECT_EQ(ci[1], 3);
  EXPECT_EQ(ci[2], 0);
  EXPECT_EQ(ci[5], 0);
}

// Bow-tie with a tail: triangles {0,1,2} and {0,3,4} share node 0, and 5 hangs on 1.
//     5
//     |
//     1 - 2        2-core = {0,1,2,3,4}; node 0 has core degree 4, the others 2.
//      \ /         CoreHD removes 0, after which the core is empty.
//       0          Pieces left: {1,2,5} (3 nodes) and {3,4} (2 nodes).
//      / \         With a target of half the nodes (3), removing 0 alone is the plan,
//     3 - 4        and reinsertion cannot put it back (it would join 3 + 2 + 1 = 6).
TEST(CoreHd, RemovesTheHubOfTheTwoCycles) {
  Edges edges = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {3, 4}, {4, 0}, {1, 5}};
  Network network(6, edges);
  EXPECT_EQ(CoreHdOrder(network, {}), std::vector<NodeIndex>{0});
  DismantleOptions options;
  options.strategy = Strategy::kCoreHd;
  options.target_lcc = 0.5;
  auto plan = Dismantle(network, options);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->removed, std::vector<NodeIndex>{0});
  EXPECT_TRUE(plan->target_reached);
  EXPECT_DOUBLE_EQ(plan->largest_component_fraction, 0.5);
}

TEST(CoreHd, LeavesAForest) {
  Edges edges = RandomGraph(400, 4.0, 11);
  Network network(400, edges);
  auto order = CoreHdOrder(network, {});
  // A forest has exactly n' - c links among its n' nodes in c components.
  std::vector<bool> gone(400, false);
  for (NodeIndex v : order) gone[v] = true;
  size_t links = 0;
  for (auto [u, v] : edges) links += !gone[u] && !gone[v];
  std::vector<uint8_t> removed(400, 0);
  for (NodeIndex v : order) removed[v] = 1;
  auto sizes = ComponentSizes(network, removed);
  size_t nodes = 400 - order.size();
  EXPECT_EQ(links, nodes - sizes.size());
}

TEST(MinSum, LeavesAForestWithFewerNodesThanCoreHd) {
  Edges edges = RandomGraph(1000, 3.5, 5);
  Network network(1000, edges);
  MinSumOptions options;
  options.round_fraction = 0.005;
  auto order = MinSumDecyclingOrder(network, {}, options);
  std::vector<bool> gone(1000, false);
  for (NodeIndex v : order) gone[v] = true;
  size_t links = 0;
  for (auto [u, v] : edges) links += !gone[u] && !gone[v];
  std::vector<uint8_t> removed(1000, 0);
  for (NodeIndex v : order) removed[v] = 1;
  auto sizes = ComponentSizes(network, removed);
  EXPECT_EQ(links, 1000 - order.size() - sizes.size()) << "not a forest";
  EXPECT_LE(order.size(), CoreHdOrder(network, {}).size());
}

TEST(TreeBreaking, CutsAPathAtItsCentre) {
  // Path 0-1-2-3-4-5-6: the centroid 3 leaves two pieces of 3.
  Edges edges = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}};
  Network network(7, edges);
  std::vector<uint8_t> removed(7, 0);
  std::vector<NodeIndex> order;
  EXPECT_TRUE(BreakLargeComponents(network, 3, {}, removed, order));
  EXPECT_EQ(order, std::vector<NodeIndex>{3});
}

TEST(Reinsertion, PutsBackNodesThatDoNotRebuildALargeComponent) {
  // 0 - 1 - 2   3 - 4, with 1 and 4 removed and components of at most 2
  // allowed: 4 can come back (joins {3}: 2 nodes), 1 cannot (1 + 1 + 1 = 3).
  Edges edges = {{0, 1}, {1, 2}, {3, 4}};
  Network network(5, edges);
  std::vector<NodeIndex> removed = {1, 4};
  EXPECT_EQ(Reinsert(network, removed, 2), std::vector<NodeIndex>{1});
}

TEST(Reinsertion, KeepsTheBoundOnRandomGraphs) {
  Edges edges = RandomGraph(300, 3.0, 4);
  Network network(300, edges);
  auto order = AdaptiveDegreeOrder(network, {});
  auto curve = LargestComponentCurve(network, order);
  size_t k = 0;
  while (curve[k] > 10) ++k;
  std::vector<NodeIndex> prefix(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
  auto kept = Reinsert(network, prefix, 10);
  EXPECT_LE(kept.size(), prefix.size());
  EXPECT_LE(LargestAfter(300, edges, kept), 10u);
}

class EveryStrategy : public ::testing::TestWithParam<Strategy> {};

TEST_P(EveryStrategy, PlanBringsTheLargestComponentToTheTarget) {
  // Adaptive betweenness and eigenvector recompute after every removal:
  // one small graph keeps them quick under the sanitizers.
  bool costly = GetParam() == Strategy::kBetweenness || GetParam() == Strategy::kEigenvector ||
                GetParam() == Strategy::kBest || GetParam() == Strategy::kKeyPlayer;
  for (uint32_t seed : costly ? std::vector<uint32_t>{1} : std::vector<uint32_t>{1, 2, 3}) {
    Edges edges = RandomGraph(200, 3.5, seed);
    Network network(200, edges);
    DismantleOptions options;
    options.strategy = GetParam();
    options.target_lcc = 0.05;
    auto plan = Dismantle(network, options);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    EXPECT_TRUE(plan->target_reached);
    uint32_t largest = LargestAfter(200, edges, plan->removed);
    EXPECT_LE(largest, 10u) << ToString(GetParam());
    EXPECT_EQ(plan->curve.back(), largest);
    EXPECT_EQ(plan->curve.front(), LargestAfter(200, edges, {}));
    std::set<NodeIndex> distinct(plan->removed.begin(), plan->removed.end());
    EXPECT_EQ(distinct.size(), plan->removed.size()) << "a node removed twice";
    // Shortest prefix: one node fewer misses the target.
    if (!plan->removed.empty()) {
      std::vector<NodeIndex> shorter(plan->removed.begin(), plan->removed.end() - 1);
      EXPECT_GT(LargestAfter(200, edges, shorter), 10u);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Strategies, EveryStrategy,
                         ::testing::Values(Strategy::kDegree, Strategy::kBetweenness, Strategy::kEigenvector,
                                           Strategy::kCollectiveInfluence, Strategy::kCoreHd, Strategy::kMinSum,
                                           Strategy::kKeyPlayer, Strategy::kRandom, Strategy::kBest),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(Dismantle, BestIsNoWorseThanAnyCandidate) {
  Edges edges = RandomGraph(400, 3.5, 3);
  Network network(400, edges);
  DismantleOptions options;
  options.target_lcc = 0.02;
  options.best_betweenness_limit = 0;  // the adaptive centralities are covered above
  auto plan = Dismantle(network, options);
  ASSERT_TRUE(plan.ok());
  ASSERT_FALSE(plan->candidates.empty());
  for (const auto& c : plan->candidates) EXPECT_LE(plan->removed.size(), c.removed.size()) << ToString(c.strategy);
}

TEST(Dismantle, NeverRemovesProtectedNodesAndRespectsTheBudget) {
  Edges edges = RandomGraph(200, 3.5, 9);
  Network network(200, edges);
  DismantleOptions options;
  options.strategy = Strategy::kCoreHd;
  options.target_lcc = 0.05;
  options.constraints.removable.assign(200, 1);
  for (NodeIndex v = 0; v < 200; v += 3) options.constraints.removable[v] = 0;
  options.constraints.max_targets = 10;
  auto plan = Dismantle(network, options);
  ASSERT_TRUE(plan.ok());
  EXPECT_LE(plan->removed.size(), 10u);
  for (NodeIndex v : plan->removed) EXPECT_NE(v % 3, 0u) << "node " << v << " may not be targeted";
  EXPECT_FALSE(plan->target_reached);
}

TEST(Dismantle, RejectsBadInput) {
  Network network(3, Edges{{0, 1}});
  DismantleOptions options;
  options.target_lcc = 1.5;
  EXPECT_EQ(Dismantle(network, options).status().code(), StatusCode::kInvalidArgument);
  options.target_lcc = 0.1;
  options.constraints.cost = {1.0};
  EXPECT_EQ(Dismantle(network, options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseStrategy("gnd-plus").ok());
}

}  // namespace
}  // namespace disrupt::plan
