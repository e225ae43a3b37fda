// Communities: groups of actors more densely linked among themselves than
// with the rest of the network (crews, cells, family clans), found by
// maximising modularity.
//
// Louvain (Blondel et al. 2008, igraph's multilevel implementation) gives a
// first partition; Leiden (Traag et al. 2019, igraph) then refines it so that
// every community is internally connected. Direction is ignored (a directed
// link counts as an undirected one; links both ways add their weights);
// self-loops are ignored; with `use_weights` links weigh their weight
// (strength), otherwise 1. Communities are numbered by size, largest first.
//
// Louvain is randomised: the same `seed` gives the same partition. igraph's
// random generator is process-global, so runs are serialised by a mutex.
// Complexity: about O(m log n).
#pragma once

#include <cstdint>
#include <vector>

#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

struct CommunityOptions {
  bool use_weights = false;
  double resolution = 1.0;  // > 1 finds smaller communities, < 1 larger
  uint64_t seed = 1;
};

class Communities : public Algorithm {
 public:
  Communities(const Graph& graph, CommunityOptions options = {});
  Status Run() override;

  // The community of each node (0 = largest).
  const std::vector<uint32_t>& membership() const {
    RequireRun();
    return membership_;
  }
  const std::vector<uint32_t>& sizes() const {
    RequireRun();
    return sizes_;
  }
  // Newman's modularity of the partition (at `resolution`), computed here.
  double modularity() const {
    RequireRun();
    return modularity_;
  }

 private:
  const Graph& graph_;
  CommunityOptions options_;
  std::vector<uint32_t> membership_;
  std::vector<uint32_t> sizes_;
  double modularity_ = 0;
};

// Modularity of a partition of the graph seen as undirected (self-loops
// ignored): Σ_c [ L_c / m − γ (D_c / 2m)² ], L_c the weight inside c, D_c
// the total strength of c, m the total weight. 0 for a graph without links.
double Modularity(const Graph& graph, const std::vector<uint32_t>& membership, bool use_weights,
                  double resolution = 1.0);

}  // namespace disrupt::graph
