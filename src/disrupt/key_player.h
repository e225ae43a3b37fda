// Key players (Borgatti 2006): the sets of k actors whose removal most
// fragments a network (KPP-Neg) or who reach most of it (KPP-Pos), with the
// four measures of the paper, and the greedy-plus-swap search over sets.
//
// Measures, with S the set and n the number of nodes:
//   Fragmentation F  = 1 - sum_k s_k (s_k - 1) / (n' (n' - 1)) over the
//                      components s_k of the network without S (n' = n - |S|
//                      nodes). 1 when fewer than two nodes remain.
//   Distance-weighted fragmentation DF = 1 - sum_{i != j} (1 / d_ij) /
//                      (n' (n' - 1)) over the remaining nodes (1/inf = 0).
//   m-reach          = share of the n - |S| outside nodes within m links of
//                      some member of S.
//   Distance-weighted reach DR = sum over outside j of 1 / d(S, j), divided
//                      by n - |S| (d(S, j): distance from the nearest member).
// F, m-reach: O(n + m) per evaluation. DF, DR: DF is all-pairs, O(n (n + m));
// DR is one multi-source BFS, O(n + m).
//
// KeyPlayerSearch builds the set greedily (best single addition each time),
// then swaps a member for a non-member while that improves the measure
// (first improvement, at most `max_swap_passes` passes over all pairs).
// Cost: O(k n) evaluations for the greedy part, O(k n) per swap pass.
//
// Thread safety: objects are used by one thread; measures are pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "disrupt/network.h"

namespace disrupt::plan {

double Fragmentation(const Network& network, const std::vector<uint8_t>& removed);
double DistanceWeightedFragmentation(const Network& network, const std::vector<uint8_t>& removed);
double MReach(const Network& network, std::span<const NodeIndex> set, int m);
double DistanceWeightedReach(const Network& network, std::span<const NodeIndex> set);

enum class KeyPlayerMeasure { kFragmentation, kDistanceFragmentation, kMReach, kDistanceReach };
std::string_view ToString(KeyPlayerMeasure measure);
// "fragmentation", "distance-fragmentation", "reach", "distance-reach".
Result<KeyPlayerMeasure> ParseKeyPlayerMeasure(std::string_view name);

struct KeyPlayerOptions {
  KeyPlayerMeasure measure = KeyPlayerMeasure::kFragmentation;
  size_t k = 3;
  int m = 2;                      // for m-reach
  int max_swap_passes = 20;
  std::vector<uint8_t> removable;  // empty: any node may be chosen
};

class KeyPlayerSearch {
 public:
  // kInvalidArgument (from Run) when k exceeds the number of choosable
  // nodes, m < 1, the mask has the wrong size, or the network is too large
  // for the measure (DF above 5,000 nodes, others above 200,000).
  KeyPlayerSearch(const Network& network, KeyPlayerOptions options);
  Status Run();

  // The chosen set, in the order the greedy phase picked (swaps replace in place).
  const std::vector<NodeIndex>& set() const { return set_; }
  double score() const { return score_; }
  double greedy_score() const { return greedy_score_; }
  int swaps() const { return swaps_; }

 private:
  double Evaluate(const std::vector<NodeIndex>& set, std::vector<uint8_t>& mask) const;
  const Network& network_;
  KeyPlayerOptions options_;
  Status invalid_;
  std::vector<NodeIndex> set_;
  double score_ = 0, greedy_score_ = 0;
  int swaps_ = 0;
};

// KPP-Neg as a dismantling strategy: adds the node whose removal raises
// fragmentation most until the largest component is at most `bound`, then
// drops members not needed to stay within it. O(k n (n + m)).
class KeyPlayerDismantler {
 public:
  KeyPlayerDismantler(const Network& network, uint32_t bound, const std::vector<uint8_t>& removable)
      : network_(network), bound_(bound), removable_(removable) {}
  // Whether the search is affordable on this network (n <= 2,000 and
  // n^2 (n + m) <= 4e9).
  static bool Feasible(const Network& network);
  // kInvalidArgument when not Feasible().
  Status Run();
  const std::vector<NodeIndex>& order() const { return order_; }

 private:
  const Network& network_;
  uint32_t bound_;
  const std::vector<uint8_t>& removable_;
  std::vector<NodeIndex> order_;
};

}  // namespace disrupt::plan
