// Key-player measures against their formulas, computed here independently
// (Floyd–Warshall distances over an adjacency matrix), and the search
// against brute force over all sets on small graphs.
#include "disrupt/key_player.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

namespace disrupt::plan {
namespace {

using Edges = std::vector<std::pair<NodeIndex, NodeIndex>>;
constexpr int kInf = std::numeric_limits<int>::max() / 4;

// All-pairs hop distances among the nodes not in `gone` (kInf = unreachable).
std::vector<std::vector<int>> Distances(NodeIndex n, const Edges& edges, const std::vector<bool>& gone) {
  std::vector<std::vector<int>> d(n, std::vector<int>(n, kInf));
  for (NodeIndex i = 0; i < n; ++i) d[i][i] = 0;
  for (auto [u, v] : edges) {
    if (gone[u] || gone[v]) continue;
    d[u][v] = d[v][u] = 1;
  }
  for (NodeIndex k = 0; k < n; ++k) {
    if (gone[k]) continue;
    for (NodeIndex i = 0; i < n; ++i) {
      for (NodeIndex j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
    }
  }
  return d;
}

// Borgatti's F written as the share of pairs that are disconnected:
// F = 1 - (connected ordered pairs) / (n'(n'-1)).
double ExpectedF(NodeIndex n, const Edges& edges, const std::vector<bool>& gone) {
  auto d = Distances(n, edges, gone);
  double remaining = 0, connected = 0;
  for (NodeIndex i = 0; i < n; ++i) {
    if (gone[i]) continue;
    remaining += 1;
    for (NodeIndex j = 0; j < n; ++j) connected += !gone[j] && i != j && d[i][j] < kInf;
  }
  return remaining < 2 ? 1.0 : 1.0 - connected / (remaining * (remaining - 1));
}

double ExpectedDF(NodeIndex n, const Edges& edges, const std::vector<bool>& gone) {
  auto d = Distances(n, edges, gone);
  double remaining = 0, sum = 0;
  for (NodeIndex i = 0; i < n; ++i) {
    if (gone[i]) continue;
    remaining += 1;
    for (NodeIndex j = 0; j < n; ++j) {
      if (!gone[j] && i != j && d[i][j] < kInf) sum += 1.0 / d[i][j];
    }
  }
  return remaining < 2 ? 1.0 : 1.0 - sum / (remaining * (remaining - 1));
}

// Reach: for each outside node, distance to the nearest member.
double ExpectedReach(NodeIndex n, const Edges& edges, const std::vector<NodeIndex>& set, int m, bool weighted) {
  auto d = Distances(n, edges, std::vector<bool>(n, false));
  double outside = 0, sum = 0;
  for (NodeIndex j = 0; j < n; ++j) {
    if (std::find(set.begin(), set.end(), j) != set.end()) continue;
    outside += 1;
    int best = kInf;
    for (NodeIndex s : set) best = std::min(best, d[s][j]);
    if (best >= kInf) continue;
    sum += weighted ? 1.0 / best : (best <= m ? 1.0 : 0.0);
  }
  return outside == 0 ? 0 : sum / outside;
}

std::vector<uint8_t> Mask(NodeIndex n, const std::vector<NodeIndex>& set) {
  std::vector<uint8_t> m(n, 0);
  for (NodeIndex v : set) m[v] = 1;
  return m;
}
std::vector<bool> Gone(NodeIndex n, const std::vector<NodeIndex>& set) {
  std::vector<bool> m(n, false);
  for (NodeIndex v : set) m[v] = true;
  return m;
}

// Path 0 - 1 - 2 - 3 - 4.
//   Remove {2}: pieces {0,1} and {3,4}; n' = 4; F = 1 - (2 + 2) / 12 = 2/3;
//   every remaining pair is at distance 1 or unreachable, so DF = 2/3 too.
//   Intact: F = 0; DF = 1 - 2 (4/1 + 3/2 + 2/3 + 1/4) / 20 = 1 - 12.8333 / 20 = 0.358333.
//   Set {2}: 1-reach = {1,3} of 4 = 0.5; 2-reach = 1; DR = (1 + 1 + 1/2 + 1/2) / 4 = 0.75.
TEST(KeyPlayerMeasures, PathMatchesHandComputedValues) {
  Edges path = {{0, 1}, {1, 2}, {2, 3}, {3, 4}};
  Network network(5, path);
  EXPECT_NEAR(Fragmentation(network, Mask(5, {2})), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(DistanceWeightedFragmentation(network, Mask(5, {2})), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(Fragmentation(network, Mask(5, {})), 0.0, 1e-12);
  EXPECT_NEAR(DistanceWeightedFragmentation(network, Mask(5, {})), 1.0 - (4 + 1.5 + 2.0 / 3.0 + 0.25) * 2 / 20,
              1e-12);
  std::vector<NodeIndex> centre = {2};
  EXPECT_NEAR(MReach(network, centre, 1), 0.5, 1e-12);
  EXPECT_NEAR(MReach(network, centre, 2), 1.0, 1e-12);
  EXPECT_NEAR(DistanceWeightedReach(network, centre), 0.75, 1e-12);
}

// Two triangles joined by a bridge, plus an isolated node:
//   0 - 1        4 - 5
//    \ /  \     /  \ |
//     2    3 --    6     7
//  (edges 0-1, 1-2, 2-0, 1-3, 3-4, 4-5, 5-6, 6-4; node 7 alone)
TEST(KeyPlayerMeasures, AgreeWithIndependentFormulasOnEverySmallSet) {
  Edges edges = {{0, 1}, {1, 2}, {2, 0}, {1, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 4}};
  const NodeIndex n = 8;
  Network network(n, edges);
  for (NodeIndex a = 0; a < n; ++a) {
    for (NodeIndex b = a; b < n; ++b) {
      std::vector<NodeIndex> set = a == b ? std::vector<NodeIndex>{a} : std::vector<NodeIndex>{a, b};
      EXPECT_NEAR(Fragmentation(network, Mask(n, set)), ExpectedF(n, edges, Gone(n, set)), 1e-12);
      EXPECT_NEAR(DistanceWeightedFragmentation(network, Mask(n, set)), ExpectedDF(n, edges, Gone(n, set)), 1e-12);
      for (int m : {1, 2, 3}) EXPECT_NEAR(MReach(network, set, m), ExpectedReach(n, edges, set, m, false), 1e-12);
      EXPECT_NEAR(DistanceWeightedReach(network, set), ExpectedReach(n, edges, set, 0, true), 1e-12);
    }
  }
}

// Brute force: the best score over all k-sets, by the independent formulas.
double BestByBruteForce(NodeIndex n, const Edges& edges, size_t k, KeyPlayerMeasure measure) {
  double best = -1;
  std::vector<bool> pick(n, false);
  std::fill(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(k), true);
  do {
    std::vector<NodeIndex> set;
    for (NodeIndex v = 0; v < n; ++v) {
      if (pick[v]) set.push_back(v);
    }
    double s = 0;
    switch (measure) {
      case KeyPlayerMeasure::kFragmentation: s = ExpectedF(n, edges, Gone(n, set)); break;
      case KeyPlayerMeasure::kDistanceFragmentation: s = ExpectedDF(n, edges, Gone(n, set)); break;
      case KeyPlayerMeasure::kMReach: s = ExpectedReach(n, edges, set, 1, false); break;
      case KeyPlayerMeasure::kDistanceReach: s = ExpectedReach(n, edges, set, 0, true); break;
    }
    best = std::max(best, s);
  } while (std::prev_permutation(pick.begin(), pick.end()));
  return best;
}

TEST(KeyPlayerSearch, GreedyWithSwapsFindsTheOptimumOnSmallGraphs) {
  // Two stars (centres 0 and 6) joined through the path 0 - 10 - 11 - 6,
  // leaves 1..5 on 0 and 7..9 on 6.
  Edges edges = {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {6, 7}, {6, 8}, {6, 9}, {0, 10}, {10, 11}, {11, 6}};
  const NodeIndex n = 12;
  Network network(n, edges);
  for (auto measure : {KeyPlayerMeasure::kFragmentation, KeyPlayerMeasure::kDistanceFragmentation,
                       KeyPlayerMeasure::kMReach, KeyPlayerMeasure::kDistanceReach}) {
    KeyPlayerOptions options;
    options.measure = measure;
    options.k = 2;
    options.m = 1;
    KeyPlayerSearch search(network, options);
    ASSERT_TRUE(search.Run().ok());
    EXPECT_NEAR(search.score(), BestByBruteForce(n, edges, 2, measure), 1e-12) << ToString(measure);
    EXPECT_GE(search.score(), search.greedy_score());
  }
}

TEST(KeyPlayerSearch, RejectsImpossibleSizes) {
  Network network(3, Edges{{0, 1}, {1, 2}});
  KeyPlayerOptions options;
  options.k = 4;
  KeyPlayerSearch search(network, options);
  EXPECT_EQ(search.Run().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseKeyPlayerMeasure("closeness").ok());
}

}  // namespace
}  // namespace disrupt::plan
