// Shared helpers of the network measures; see algorithm.h.
#include "graph/algorithm.h"

#include <cmath>
#include <numeric>

namespace disrupt::graph {

std::vector<NodeIndex> NodeScoreAlgorithm::Top(size_t k) const {
  RequireRun();
  std::vector<NodeIndex> idx(scores_.size());
  std::iota(idx.begin(), idx.end(), NodeIndex{0});
  k = std::min(k, idx.size());
  auto better = [this](NodeIndex a, NodeIndex b) { return scores_[a] != scores_[b] ? scores_[a] > scores_[b] : a < b; };
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(), better);
  idx.resize(k);
  return idx;
}

Status CheckLengths(const Graph& g) {
  if (!g.weighted()) return Status::InvalidArgument("link lengths requested but the graph has no weights", "weight");
  for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
    auto nbrs = g.Neighbors(v);
    auto ws = g.Weights(v);
    for (size_t i = 0; i < nbrs.size(); ++i) {
      if (!(ws[i] > 0) || !std::isfinite(ws[i])) {
        return Status::InvalidArgument("link " + g.label(v) + " -> " + g.label(nbrs[i]) + " has weight " +
                                           std::to_string(ws[i]) + "; a length must be a finite number > 0",
                                       "weight");
      }
    }
  }
  return Status::Ok();
}

}  // namespace disrupt::graph
