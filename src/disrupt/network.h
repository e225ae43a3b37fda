// Network: the simple undirected view of a graph that every disruption
// strategy works on, and the component bookkeeping they share.
//
// Dismantling is about connectivity, so direction, weights, self-loops and
// repeated links are dropped: two actors are tied when either reaches the
// other directly. Nodes keep the indices of the graph::Graph they came from,
// so results translate back to labels with Graph::label().
//
// ComponentTracker is a union-find over nodes that are "present"; adding a
// node back merges it with its present neighbours. LargestComponentCurve
// uses it in reverse (all survivors first, then the removed nodes re-added in
// reverse order) to get the largest component after every prefix of a
// removal order in O((n + m) α(n)) instead of one traversal per prefix.
//
// Thread safety: a Network is immutable after construction; share it freely.
// ComponentTracker is not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "graph/csr.h"

namespace disrupt::plan {

using graph::NodeIndex;
using graph::kNoNode;

class Network {
 public:
  // Builds the simple undirected view of `g` (out- and in-links merged).
  // O(n + m) time and memory.
  explicit Network(const graph::Graph& g);
  // From an explicit edge list over nodes 0..n-1 (tests, benchmarks).
  // Self-loops and duplicates are dropped; ends >= n are a programmer error.
  Network(NodeIndex n, std::span<const std::pair<NodeIndex, NodeIndex>> edges);

  NodeIndex size() const { return static_cast<NodeIndex>(offsets_.size() - 1); }
  uint64_t num_links() const { return adjacency_.size() / 2; }
  std::span<const NodeIndex> Neighbors(NodeIndex v) const {
    return {adjacency_.data() + offsets_[v], adjacency_.data() + offsets_[v + 1]};
  }
  uint32_t Degree(NodeIndex v) const { return static_cast<uint32_t>(offsets_[v + 1] - offsets_[v]); }
  // Offset of v's first neighbour in the arc arrays (arc ids are offsets).
  uint64_t ArcBegin(NodeIndex v) const { return offsets_[v]; }
  uint64_t num_arcs() const { return adjacency_.size(); }

 private:
  void FromSortedPairs(NodeIndex n, std::vector<std::pair<NodeIndex, NodeIndex>>& arcs);
  std::vector<uint64_t> offsets_{0};
  std::vector<NodeIndex> adjacency_;
};

// Union-find over the present nodes of a Network.
class ComponentTracker {
 public:
  // All nodes start absent.
  explicit ComponentTracker(const Network& network);

  // Marks v present and merges it with its present neighbours. Returns the
  // size of the component v now belongs to. No-op (returns its size) when v
  // is already present.
  uint32_t Add(NodeIndex v);
  bool present(NodeIndex v) const { return present_[v] != 0; }
  // Size of the component holding present node v.
  uint32_t ComponentSize(NodeIndex v) { return size_[Find(v)]; }
  // Representative of v's component.
  NodeIndex Find(NodeIndex v);
  uint32_t largest() const { return largest_; }
  // The size v's component would have if v were added now: 1 plus the sizes
  // of the distinct components of its present neighbours. O(deg v).
  uint64_t JoinCost(NodeIndex v);

 private:
  const Network& network_;
  std::vector<NodeIndex> parent_;
  std::vector<uint32_t> size_;
  std::vector<uint8_t> present_;
  std::vector<uint32_t> mark_;  // JoinCost scratch: epoch stamp per root
  uint32_t epoch_ = 0;
  uint32_t largest_ = 0;
};

// largest[i] = size of the largest component after removing order[0..i),
// for i = 0..order.size(). `order` must not repeat a node.
std::vector<uint32_t> LargestComponentCurve(const Network& network, std::span<const NodeIndex> order);

// Labels the connected components of the nodes with removed[v] == 0:
// component[v] is the index of v's component in `sizes` (UINT32_MAX for
// removed nodes), components numbered in order of their lowest node.
// Returns the largest size (0 when every node is removed). O(n + m).
uint32_t LabelComponents(const Network& network, const std::vector<uint8_t>& removed,
                         std::vector<uint32_t>& component, std::vector<uint32_t>& sizes);

// Sizes of the connected components of the nodes with removed[v] == 0,
// largest first. O(n + m).
std::vector<uint32_t> ComponentSizes(const Network& network, const std::vector<uint8_t>& removed);

}  // namespace disrupt::plan
