// Connected components by concurrent union–find; see components.h.
//
// Each thread takes a slice of the nodes and unites every node with its
// out-neighbours. The forest is kept in an array of atomic parents where a
// root is only ever hooked under a smaller index (compare-and-swap), which
// makes concurrent unions safe without locks: a failed CAS means another
// thread changed that root, and the union is retried from the new roots.
#include "graph/components.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>

namespace disrupt::graph {

namespace {

// Root of v, halving the path on the way (benign races: any ancestor is a
// valid parent, and parents only ever decrease).
NodeIndex FindRoot(std::atomic<NodeIndex>* parent, NodeIndex v) {
  for (;;) {
    NodeIndex p = parent[v].load(std::memory_order_relaxed);
    if (p == v) return v;
    NodeIndex gp = parent[p].load(std::memory_order_relaxed);
    if (gp != p) parent[v].compare_exchange_weak(p, gp, std::memory_order_relaxed);
    v = gp;
  }
}

void Unite(std::atomic<NodeIndex>* parent, NodeIndex a, NodeIndex b) {
  for (;;) {
    a = FindRoot(parent, a);
    b = FindRoot(parent, b);
    if (a == b) return;
    if (a < b) std::swap(a, b);  // hook the larger root under the smaller
    NodeIndex expected = a;
    if (parent[a].compare_exchange_strong(expected, b, std::memory_order_acq_rel)) return;
  }
}

}  // namespace

ConnectedComponents::ConnectedComponents(const Graph& graph, ComponentsOptions options)
    : graph_(graph), options_(options) {}

Status ConnectedComponents::Run() {
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  const unsigned threads = ResolveThreads(options_.threads);
  auto parent = std::make_unique<std::atomic<NodeIndex>[]>(n);
  ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned) {
    for (size_t v = b; v < e; ++v) parent[v].store(static_cast<NodeIndex>(v), std::memory_order_relaxed);
  });
  ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned) {
    for (size_t vi = b; vi < e; ++vi) {
      NodeIndex v = static_cast<NodeIndex>(vi);
      for (NodeIndex u : g.Neighbors(v)) {
        // An undirected link is stored twice; uniting once is enough.
        if (!g.directed() && u >= v) continue;
        if (parent[u].load(std::memory_order_relaxed) == parent[v].load(std::memory_order_relaxed)) continue;
        Unite(parent.get(), v, u);
      }
    }
  });
  // Roots are the smallest index of their component; number them in index
  // order, then renumber by size.
  std::vector<uint32_t> root_id(n, UINT32_MAX);
  std::vector<uint32_t> first_sizes;
  component_.assign(n, 0);
  for (NodeIndex v = 0; v < n; ++v) {
    NodeIndex r = FindRoot(parent.get(), v);
    if (root_id[r] == UINT32_MAX) {
      root_id[r] = static_cast<uint32_t>(first_sizes.size());
      first_sizes.push_back(0);
    }
    component_[v] = root_id[r];
    first_sizes[root_id[r]]++;
  }
  std::vector<uint32_t> by_size(first_sizes.size());
  std::iota(by_size.begin(), by_size.end(), 0u);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](uint32_t a, uint32_t b) { return first_sizes[a] > first_sizes[b]; });
  std::vector<uint32_t> rank(by_size.size());
  sizes_.resize(by_size.size());
  for (uint32_t i = 0; i < by_size.size(); ++i) {
    rank[by_size[i]] = i;
    sizes_[i] = first_sizes[by_size[i]];
  }
  for (auto& c : component_) c = rank[c];
  has_run_ = true;
  return Status::Ok();
}

std::vector<NodeIndex> ConnectedComponents::Largest() const {
  RequireRun();
  if (sizes_.empty()) return {};
  return Members(0);
}

std::vector<NodeIndex> ConnectedComponents::Members(uint32_t c) const {
  RequireRun();
  std::vector<NodeIndex> out;
  for (NodeIndex v = 0; v < component_.size(); ++v) {
    if (component_[v] == c) out.push_back(v);
  }
  return out;
}

}  // namespace disrupt::graph
