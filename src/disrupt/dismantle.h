// Dismantling plans: which nodes to remove, in which order, so that the
// largest connected component of a network holds at most a target share of
// its nodes; the public face of the disruption planner's strategies.
//
// Dismantle() runs one strategy (or, for Strategy::kBest, several and keeps
// the plan that removes fewest nodes), then
//   1. for CI, CoreHD and Min-Sum, breaks the remaining trees and applies
//      greedy reinsertion (strategies.h), as their authors do;
//   2. computes the whole largest-component curve of the removal order by
//      reverse union-find, and keeps the shortest prefix that reaches the
//      target;
//   3. applies the budget (number of targets or total cost).
// Nodes that constraints make non-removable are never chosen.
//
// Errors: kInvalidArgument for a target outside [0, 1], a constraint vector
// whose size is not the number of nodes, or a strategy that does not apply
// (KPP on a network too large for its all-pairs search).
// Thread safety: pure function of its arguments. Costs are given per strategy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "disrupt/network.h"
#include "disrupt/strategies.h"

namespace disrupt::plan {

enum class Strategy {
  kDegree,                // adaptive highest degree: O(n + m)
  kBetweenness,           // adaptive betweenness (Brandes): O(n m) per recomputation
  kEigenvector,           // adaptive eigenvector centrality: O(m * iterations) per recomputation
  kCollectiveInfluence,   // Morone & Makse 2015, radius 2, with reinsertion
  kCoreHd,                // Zdeborová, Zhang & Zhou 2016, tree breaking, reinsertion
  kMinSum,                // belief-propagation decycling, tree breaking, reinsertion
  kKeyPlayer,             // Borgatti KPP-Neg: greedy fragmentation with swaps (small networks)
  kRandom,                // a uniformly random order (baseline)
  kBest,                  // several of the above; keeps the smallest plan
};

std::string_view ToString(Strategy strategy);
// "degree", "betweenness", "eigenvector", "ci", "corehd", "minsum" (or "bpd"),
// "kpp", "random", "best"; kInvalidArgument otherwise.
Result<Strategy> ParseStrategy(std::string_view name);

// What the requesting member may and can do.
struct Constraints {
  // removable[v] == 0: v may not be targeted (no member state can act on
  // it, or it is outside the plan). Empty: everyone may be targeted.
  std::vector<uint8_t> removable;
  // Cost of acting on each node (e.g. higher abroad). Empty: 1 each.
  std::vector<double> cost;
  std::optional<size_t> max_targets;  // budget in number of targets
  std::optional<double> max_cost;     // budget in total cost
};

struct DismantleOptions {
  Strategy strategy = Strategy::kBest;
  // The plan stops once the largest component holds at most this share of
  // all nodes (removed ones included in the count).
  double target_lcc = 0.01;
  int ci_radius = 2;
  bool reinsertion = true;  // for ci, corehd, minsum
  uint64_t seed = 1;        // minsum message initialisation, random order
  MinSumOptions minsum;     // its seed is replaced by `seed`
  // Adaptive betweenness and eigenvector recompute after this many removals;
  // 0 = every removal up to 2,000 nodes, then batches of n / 1,000.
  uint32_t recompute_every = 0;
  // kBest: skip betweenness above this many nodes * links (it is O(n m)
  // per recomputation).
  double best_betweenness_limit = 2e7;
  // kBest: skip minsum and ci above these many nodes (see dismantle.cc).
  NodeIndex best_minsum_limit = 500000;
  NodeIndex best_ci_limit = 100000;
  Constraints constraints;
};

struct DismantlePlan {
  Strategy strategy = Strategy::kDegree;
  std::vector<NodeIndex> removed;     // in removal order
  double fraction_removed = 0;        // removed.size() / n
  double largest_component_fraction = 0;  // after removing `removed`
  double cost = 0;                    // total cost of `removed`
  bool target_reached = false;
  double seconds = 0;
  // curve[i]: size of the largest component after removing removed[0..i).
  std::vector<uint32_t> curve;
  // Plain-language remarks an analyst should read (batching, constraints,
  // strategies skipped by kBest, ...).
  std::vector<std::string> notes;
  // kBest: the plan of every strategy tried, the chosen one first.
  std::vector<DismantlePlan> candidates;
};

Result<DismantlePlan> Dismantle(const Network& network, const DismantleOptions& options);

// Area under the curve, normalised: sum over i of curve[i] / n, divided by
// n. Lower is a faster disruption. (Schneider et al.'s robustness R.)
double CurveArea(const std::vector<uint32_t>& curve, NodeIndex n);

}  // namespace disrupt::plan
