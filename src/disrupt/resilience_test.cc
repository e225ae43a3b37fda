// Recovery simulation: hand-checked replacement and link formation, and
// determinism for a seed.
#include "disrupt/resilience.h"

#include <gtest/gtest.h>

namespace disrupt::plan {
namespace {

using Edges = std::vector<std::pair<NodeIndex, NodeIndex>>;

// Star with centre 0 and leaves 1..4; leaf 1 also knows 5.
//   5 - 1 - 0 - 2        Removing 0 leaves {1,5}, {2}, {3}, {4}: 2 of 6.
//          / \           The lieutenant is 1 (one tie left, the others none);
//         3   4          taking over 0's ties rebuilds {1,2,3,4,5}: 5 of 6.
TEST(Recovery, LieutenantTakesOverTheRemovedActorsTies) {
  Network network(6, Edges{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 5}});
  std::vector<NodeIndex> removed = {0};
  RecoveryOptions options;
  options.rounds = 2;
  options.runs = 3;
  options.link_probability = 0;
  options.effective_lcc = 0.5;
  auto report = SimulateRecovery(network, removed, options);
  ASSERT_TRUE(report.ok());
  EXPECT_DOUBLE_EQ(report->before, 1.0);
  EXPECT_DOUBLE_EQ(report->after_removal, 2.0 / 6);
  ASSERT_EQ(report->lieutenants.size(), 1u);
  EXPECT_EQ(report->lieutenants[0], 1u);
  EXPECT_DOUBLE_EQ(report->mean_per_round[0], 5.0 / 6);
  EXPECT_DOUBLE_EQ(report->final_mean, 5.0 / 6);
  EXPECT_DOUBLE_EQ(report->effective_share, 0.0);
  EXPECT_FALSE(report->stays_effective);
  EXPECT_DOUBLE_EQ(report->mean_links_added, 3.0);
}

TEST(Recovery, WithoutRecoveryMechanismsTheDisruptionHolds) {
  Network network(6, Edges{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 5}});
  std::vector<NodeIndex> removed = {0};
  RecoveryOptions options;
  options.replacement = false;
  options.link_probability = 0;
  options.effective_lcc = 0.5;
  auto report = SimulateRecovery(network, removed, options);
  ASSERT_TRUE(report.ok());
  EXPECT_DOUBLE_EQ(report->final_mean, 2.0 / 6);
  EXPECT_TRUE(report->stays_effective);
  // Certain link formation among the former contacts rebuilds the network.
  options.link_probability = 1.0;
  report = SimulateRecovery(network, removed, options);
  ASSERT_TRUE(report.ok());
  EXPECT_DOUBLE_EQ(report->mean_per_round[0], 5.0 / 6);
  EXPECT_DOUBLE_EQ(report->mean_links_added, 6.0);  // all pairs of {1,2,3,4}
}

TEST(Recovery, IsDeterministicForASeed) {
  Edges edges;
  for (NodeIndex v = 1; v < 40; ++v) edges.emplace_back(v % 7, v);
  for (NodeIndex v = 0; v < 40; v += 3) edges.emplace_back(v, (v * 11 + 5) % 40);
  Network network(40, edges);
  std::vector<NodeIndex> removed = {0, 1, 2};
  RecoveryOptions options;
  options.link_probability = 0.3;
  options.replacement = false;
  options.seed = 99;
  auto a = SimulateRecovery(network, removed, options);
  auto b = SimulateRecovery(network, removed, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->mean_per_round, b->mean_per_round);
  EXPECT_EQ(a->mean_links_added, b->mean_links_added);
}

TEST(Recovery, RejectsBadOptions) {
  Network network(2, Edges{{0, 1}});
  std::vector<NodeIndex> removed = {0, 0};
  EXPECT_EQ(SimulateRecovery(network, removed, {}).status().code(), StatusCode::kInvalidArgument);
  RecoveryOptions options;
  options.link_probability = 2;
  EXPECT_EQ(SimulateRecovery(network, std::vector<NodeIndex>{0}, options).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace disrupt::plan
