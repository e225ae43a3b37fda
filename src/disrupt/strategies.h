// The dismantling strategies themselves, each producing a removal order over
// a Network; dismantle.h combines them with the target, the constraints,
// reinsertion and the component curve. Exposed for tests and benchmarks.
//
// Every function takes `removable`: empty means any node may be targeted,
// otherwise only nodes with removable[v] != 0 are ever chosen (the others
// stay in the network whatever it costs the plan). All are deterministic:
// ties go to the smaller node index unless a seed says otherwise.
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "disrupt/network.h"

namespace disrupt::plan {

inline bool IsRemovable(const std::vector<uint8_t>& removable, NodeIndex v) {
  return removable.empty() || removable[v] != 0;
}

// Adaptive highest-degree attack: repeatedly removes the node with the most
// remaining ties until no removable node has any. O(n + m).
std::vector<NodeIndex> AdaptiveDegreeOrder(const Network& network, const std::vector<uint8_t>& removable);

// Collective Influence of every node on the intact network (Morone & Makse
// 2015): CI_l(i) = (k_i - 1) * sum over j at distance exactly l of (k_j - 1).
// radius >= 1. O(n * ball size).
std::vector<int64_t> CollectiveInfluenceScores(const Network& network, int radius);

// Adaptive CI attack: removes the node of largest CI_l, updates the scores
// of nodes within l + 1 hops, until every score is 0; then finishes with the
// adaptive degree attack on what is left (paths, cycles and stars, whose CI
// is 0 but which can still be large). Near O(n log n) on sparse graphs.
std::vector<NodeIndex> CollectiveInfluenceOrder(const Network& network, int radius,
                                                const std::vector<uint8_t>& removable);

// CoreHD decycling (Zdeborová, Zhang & Zhou 2016): while the 2-core is not
// empty, remove its node of highest degree within the core. What remains is
// a forest (when every core node is removable). O(n + m).
std::vector<NodeIndex> CoreHdOrder(const Network& network, const std::vector<uint8_t>& removable);

struct MinSumOptions {
  double x = 12.0;            // inverse temperature: reward per node kept
  int sweeps_first = 10;      // belief-propagation sweeps before the first decimation
  int sweeps_per_round = 1;   // sweeps between decimations
  double round_fraction = 0.005;  // share of the original nodes fixed per decimation (at least one)
  uint64_t seed = 1;
};

// Belief-propagation guided decimation for the feedback vertex set
// (Zhou 2013; Mugisha & Zhou 2016), the finite-temperature member of the
// Min-Sum family of Braunstein et al. 2016: messages on the links of the
// 2-core estimate for every node the probability that it belongs to an
// optimal decycling set; the most likely nodes are removed a few at a time,
// the 2-core is re-peeled, and the messages are updated, until the network
// is a forest. Returns the decycling set in removal order.
// O(sweeps * m) per round, rounds ~ 1 / round_fraction.
std::vector<NodeIndex> MinSumDecyclingOrder(const Network& network, const std::vector<uint8_t>& removable,
                                            const MinSumOptions& options);

// Tree breaking: while a component of the present nodes (removed[v] == 0)
// has more than `max_component` nodes, removes its removable node whose
// removal leaves the smallest largest piece (its centroid when it is a
// tree). Appends the removed nodes to `order` and sets removed[v]. Returns
// false when some component could not be brought down because none of its
// nodes is removable. O(n log n) on forests.
bool BreakLargeComponents(const Network& network, uint32_t max_component, const std::vector<uint8_t>& removable,
                          std::vector<uint8_t>& removed, std::vector<NodeIndex>& order);

// Greedy reinsertion (Braunstein et al. 2016; Morone & Makse's reinsertion
// step): starting from the network without `removed`, re-adds removed nodes
// one at a time, always the one that would join the smallest component, as
// long as no component exceeds `max_component`. Returns the nodes that stay
// removed, the most damaging first (largest piece rebuilt if put back
// alone), so that a prefix cut short by a budget keeps the strongest
// targets. O(m log n).
std::vector<NodeIndex> Reinsert(const Network& network, std::span<const NodeIndex> removed, uint32_t max_component);

}  // namespace disrupt::plan
