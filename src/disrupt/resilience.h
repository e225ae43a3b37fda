// Resilience: would the network rebuild after a disruption?
//
// Simulates recovery after the removal of a target set, in rounds, with the
// two mechanisms studied by Duijn, Kashirin & Sloot (2014) and Bright et
// al. (2017):
//   * replacement: in the first round, each removed actor's "lieutenant" —
//     the former neighbour with the most ties at that moment (ties: lower
//     node index) — takes over its ties, linking to all its other former
//     neighbours still present;
//   * new links: in every round, each pair of former neighbours of a removed
//     actor who are not yet linked links up with probability p.
// After each round the largest component is measured. A run is effective
// when, after the last round, the largest component holds at most
// `effective_lcc` of all nodes; the report gives, over `runs` seeded runs,
// the mean curve and the share of effective runs. Runs are deterministic
// for a seed (run r draws from std::mt19937_64 seeded with seed + r).
//
// Cost per run: O(rounds * (n + m + sum over removed of deg^2)).
// Errors: kInvalidArgument for rounds < 1, runs < 1, p outside [0, 1],
// effective_lcc outside [0, 1], or a removed node out of range / repeated.
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "disrupt/network.h"

namespace disrupt::plan {

struct RecoveryOptions {
  int rounds = 3;
  double link_probability = 0.1;
  bool replacement = true;
  int runs = 20;
  uint64_t seed = 1;
  double effective_lcc = 0.1;  // largest-component share that still counts as disrupted
};

struct RecoveryReport {
  double before = 0;          // largest component share before removal
  double after_removal = 0;   // right after removal
  // Mean largest component share after each round (size = rounds).
  std::vector<double> mean_per_round;
  double final_mean = 0, final_max = 0;
  double effective_share = 0;   // runs still effective after the last round
  bool stays_effective = false; // effective in at least 90% of runs
  // First run: lieutenant chosen for each removed actor (kNoNode when it had
  // no remaining neighbour), parallel to the removed list.
  std::vector<NodeIndex> lieutenants;
  double mean_links_added = 0;
};

Result<RecoveryReport> SimulateRecovery(const Network& network, std::span<const NodeIndex> removed,
                                        const RecoveryOptions& options);

}  // namespace disrupt::plan
