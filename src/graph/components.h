// Connected components: which parts of a network are linked at all.
//
// ConnectedComponents ignores link direction (weakly connected components of
// a directed graph). Components are numbered by size, largest first (ties:
// the component holding the lower node index first), so component 0 is
// always the largest. A node on its own is a component of size 1.
//
// Complexity: O(n + m) with a union–find over the links (path halving,
// union by index), parallel over the links when there are several threads.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

struct ComponentsOptions {
  unsigned threads = 0;  // 0 = one per hardware thread
};

class ConnectedComponents : public Algorithm {
 public:
  ConnectedComponents(const Graph& graph, ComponentsOptions options = {});
  Status Run() override;

  // The component of each node (0 = largest).
  const std::vector<uint32_t>& component() const {
    RequireRun();
    return component_;
  }
  // Size of each component, largest first.
  const std::vector<uint32_t>& sizes() const {
    RequireRun();
    return sizes_;
  }
  uint32_t num_components() const {
    RequireRun();
    return static_cast<uint32_t>(sizes_.size());
  }
  // The nodes of the largest component, in index order (empty graph: empty).
  std::vector<NodeIndex> Largest() const;
  // The nodes of component `c`, in index order.
  std::vector<NodeIndex> Members(uint32_t c) const;

 private:
  const Graph& graph_;
  ComponentsOptions options_;
  std::vector<uint32_t> component_;
  std::vector<uint32_t> sizes_;
};

}  // namespace disrupt::graph
