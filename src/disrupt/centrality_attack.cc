// Adaptive betweenness and eigenvector attacks; see centrality_attack.h.
#include "disrupt/centrality_attack.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "disrupt/strategies.h"
#include "graph/centrality.h"

namespace disrupt::plan {

CentralityAttack::CentralityAttack(const Network& network, AttackMeasure measure, uint32_t bound,
                                   const std::vector<uint8_t>& removable, uint32_t recompute_every)
    : network_(network), measure_(measure), bound_(bound), removable_(removable) {
  NodeIndex n = network.size();
  batch_ = recompute_every != 0 ? recompute_every : (n <= 2000 ? 1 : (n + 999) / 1000);
}

Status CentralityAttack::Run() {
  NodeIndex n = network_.size();
  std::vector<uint8_t> removed(n, 0);
  std::vector<NodeIndex> local_to_node;
  std::vector<NodeIndex> node_to_local(n, kNoNode);
  order_.clear();
  for (;;) {
    auto sizes = ComponentSizes(network_, removed);
    if (sizes.empty() || sizes.front() <= bound_) break;
    // The remaining network as a graph::Graph (labels are local indices).
    local_to_node.clear();
    graph::GraphBuilder builder(graph::BuildOptions{false, false, false});
    for (NodeIndex v = 0; v < n; ++v) {
      if (removed[v]) continue;
      node_to_local[v] = builder.AddNode(std::to_string(local_to_node.size()));
      local_to_node.push_back(v);
    }
    for (NodeIndex v = 0; v < n; ++v) {
      if (removed[v]) continue;
      for (NodeIndex u : network_.Neighbors(v)) {
        if (u > v && !removed[u]) builder.AddLink(node_to_local[v], node_to_local[u]);
      }
    }
    graph::Graph remaining = builder.Build();
    std::vector<double> scores;
    if (measure_ == AttackMeasure::kBetweenness) {
      graph::Betweenness measure(remaining, graph::BetweennessOptions{});
      DISRUPT_RETURN_IF_ERROR(measure.Run());
      scores = measure.scores();
    } else {
      graph::EigenvectorOptions options;
      options.tolerance = 1e-9;
      options.max_iterations = 2000;
      graph::EigenvectorCentrality measure(remaining, options);
      if (measure.Run().ok()) {
        scores = measure.scores();
      } else {
        // No convergence (e.g. a bipartite remainder oscillates): rank by degree this round.
        scores.resize(remaining.num_nodes());
        for (NodeIndex i = 0; i < remaining.num_nodes(); ++i) scores[i] = remaining.OutDegree(i);
      }
    }
    std::vector<NodeIndex> ranked;
    for (NodeIndex i = 0; i < remaining.num_nodes(); ++i) {
      NodeIndex v = local_to_node[i];
      if (IsRemovable(removable_, v) && remaining.OutDegree(i) > 0) ranked.push_back(i);
    }
    if (ranked.empty()) break;
    size_t take = std::min<size_t>(batch_, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + take, ranked.end(), [&](NodeIndex a, NodeIndex b) {
      return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
    });
    for (size_t t = 0; t < take; ++t) {
      NodeIndex v = local_to_node[ranked[t]];
      removed[v] = 1;
      order_.push_back(v);
    }
    for (NodeIndex v : local_to_node) node_to_local[v] = kNoNode;
  }
  return Status::Ok();
}

}  // namespace disrupt::plan
