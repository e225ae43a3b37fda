// Adaptive centrality attacks: remove the most central node, recompute the
// centrality on what is left, repeat until the largest component is small
// enough. Betweenness (Brandes) and eigenvector centrality come from
// graph/centrality.h; this class only drives them over the shrinking network.
//
// Recomputing after every removal costs one full centrality computation per
// target (betweenness O(n m)), so above 2,000 nodes the default recomputes
// after batches of ceil(n / 1,000) removals, taking the top of the last
// ranking in between; batch() reports what was done so plans can say so.
//
// Thread safety: one thread drives it; the centrality measures may use
// worker threads of their own.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "disrupt/network.h"

namespace disrupt::plan {

enum class AttackMeasure { kBetweenness, kEigenvector };

class CentralityAttack {
 public:
  // recompute_every == 0 chooses the default above.
  CentralityAttack(const Network& network, AttackMeasure measure, uint32_t bound,
                   const std::vector<uint8_t>& removable, uint32_t recompute_every);
  // Errors from the centrality measure (e.g. eigenvector not converging are
  // handled by falling back to degree for that round, so in practice none).
  Status Run();
  const std::vector<NodeIndex>& order() const { return order_; }
  uint32_t batch() const { return batch_; }

 private:
  const Network& network_;
  AttackMeasure measure_;
  uint32_t bound_;
  const std::vector<uint8_t>& removable_;
  uint32_t batch_;
  std::vector<NodeIndex> order_;
};

}  // namespace disrupt::plan
