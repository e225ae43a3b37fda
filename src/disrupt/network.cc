// The simple undirected view of a graph and union-find component tracking;
// see network.h.
#include "disrupt/network.h"

#include <algorithm>

namespace disrupt::plan {

Network::Network(const graph::Graph& g) {
  NodeIndex n = g.num_nodes();
  std::vector<std::pair<NodeIndex, NodeIndex>> arcs;
  arcs.reserve(g.directed() ? 2 * g.num_links() : 2 * g.num_links());
  for (NodeIndex v = 0; v < n; ++v) {
    for (NodeIndex u : g.Neighbors(v)) {
      if (u == v) continue;
      arcs.emplace_back(v, u);
      if (g.directed()) arcs.emplace_back(u, v);
    }
  }
  FromSortedPairs(n, arcs);
}

Network::Network(NodeIndex n, std::span<const std::pair<NodeIndex, NodeIndex>> edges) {
  std::vector<std::pair<NodeIndex, NodeIndex>> arcs;
  arcs.reserve(edges.size() * 2);
  for (auto [u, v] : edges) {
    if (u == v) continue;
    arcs.emplace_back(u, v);
    arcs.emplace_back(v, u);
  }
  FromSortedPairs(n, arcs);
}

void Network::FromSortedPairs(NodeIndex n, std::vector<std::pair<NodeIndex, NodeIndex>>& arcs) {
  std::sort(arcs.begin(), arcs.end());
  arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
  offsets_.assign(static_cast<size_t>(n) + 1, 0);
  adjacency_.resize(arcs.size());
  for (size_t i = 0; i < arcs.size(); ++i) {
    offsets_[arcs[i].first + 1]++;
    adjacency_[i] = arcs[i].second;
  }
  for (NodeIndex v = 0; v < n; ++v) offsets_[v + 1] += offsets_[v];
}

ComponentTracker::ComponentTracker(const Network& network)
    : network_(network),
      parent_(network.size()),
      size_(network.size(), 1),
      present_(network.size(), 0),
      mark_(network.size(), 0) {
  for (NodeIndex v = 0; v < network.size(); ++v) parent_[v] = v;
}

NodeIndex ComponentTracker::Find(NodeIndex v) {
  while (parent_[v] != v) {
    parent_[v] = parent_[parent_[v]];
    v = parent_[v];
  }
  return v;
}

uint32_t ComponentTracker::Add(NodeIndex v) {
  if (!present_[v]) {
    present_[v] = 1;
    for (NodeIndex u : network_.Neighbors(v)) {
      if (!present_[u]) continue;
      NodeIndex a = Find(v), b = Find(u);
      if (a == b) continue;
      if (size_[a] < size_[b]) std::swap(a, b);
      parent_[b] = a;
      size_[a] += size_[b];
    }
  }
  uint32_t s = size_[Find(v)];
  largest_ = std::max(largest_, s);
  return s;
}

uint64_t ComponentTracker::JoinCost(NodeIndex v) {
  if (++epoch_ == 0) {
    std::fill(mark_.begin(), mark_.end(), 0);
    epoch_ = 1;
  }
  uint64_t cost = 1;
  for (NodeIndex u : network_.Neighbors(v)) {
    if (!present_[u]) continue;
    NodeIndex r = Find(u);
    if (mark_[r] == epoch_) continue;
    mark_[r] = epoch_;
    cost += size_[r];
  }
  return cost;
}

std::vector<uint32_t> LargestComponentCurve(const Network& network, std::span<const NodeIndex> order) {
  ComponentTracker tracker(network);
  std::vector<uint8_t> removed(network.size(), 0);
  for (NodeIndex v : order) removed[v] = 1;
  for (NodeIndex v = 0; v < network.size(); ++v) {
    if (!removed[v]) tracker.Add(v);
  }
  std::vector<uint32_t> curve(order.size() + 1, 0);
  curve[order.size()] = tracker.largest();
  for (size_t i = order.size(); i-- > 0;) {
    tracker.Add(order[i]);
    curve[i] = tracker.largest();
  }
  return curve;
}

uint32_t LabelComponents(const Network& network, const std::vector<uint8_t>& removed,
                         std::vector<uint32_t>& component, std::vector<uint32_t>& sizes) {
  NodeIndex n = network.size();
  component.assign(n, UINT32_MAX);
  sizes.clear();
  uint32_t largest = 0;
  std::vector<NodeIndex> stack;
  for (NodeIndex s = 0; s < n; ++s) {
    if (removed[s] || component[s] != UINT32_MAX) continue;
    uint32_t id = static_cast<uint32_t>(sizes.size()), count = 0;
    component[s] = id;
    stack.assign(1, s);
    while (!stack.empty()) {
      NodeIndex v = stack.back();
      stack.pop_back();
      ++count;
      for (NodeIndex u : network.Neighbors(v)) {
        if (!removed[u] && component[u] == UINT32_MAX) {
          component[u] = id;
          stack.push_back(u);
        }
      }
    }
    sizes.push_back(count);
    largest = std::max(largest, count);
  }
  return largest;
}

std::vector<uint32_t> ComponentSizes(const Network& network, const std::vector<uint8_t>& removed) {
  std::vector<uint32_t> component, sizes;
  LabelComponents(network, removed, component, sizes);
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  return sizes;
}

}  // namespace disrupt::plan
