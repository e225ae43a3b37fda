// Tree breaking and greedy reinsertion, the two finishing steps shared by
// the Collective Influence, CoreHD and Min-Sum plans; see strategies.h.
#include <algorithm>
#include <queue>

#include "disrupt/strategies.h"

namespace disrupt::plan {

bool BreakLargeComponents(const Network& network, uint32_t max_component, const std::vector<uint8_t>& removable,
                          std::vector<uint8_t>& removed, std::vector<NodeIndex>& order) {
  NodeIndex n = network.size();
  bool complete = true;
  std::vector<uint8_t> settled(n, 0);  // in a component known to be small enough (or hopeless)
  std::vector<uint32_t> stamp(n, 0);
  uint32_t epoch = 0;
  std::vector<NodeIndex> seeds;
  for (NodeIndex v = 0; v < n; ++v) {
    if (!removed[v]) seeds.push_back(v);
  }
  std::reverse(seeds.begin(), seeds.end());  // pop_back visits small indices first
  std::vector<NodeIndex> dfs_order, parent, stack;
  std::vector<uint32_t> subtree;
  parent.assign(n, kNoNode);
  subtree.assign(n, 0);
  while (!seeds.empty()) {
    NodeIndex s = seeds.back();
    seeds.pop_back();
    if (removed[s] || settled[s]) continue;
    // Depth-first spanning tree of s's component, in discovery order.
    ++epoch;
    dfs_order.clear();
    stack.assign(1, s);
    stamp[s] = epoch;
    parent[s] = kNoNode;
    while (!stack.empty()) {
      NodeIndex v = stack.back();
      stack.pop_back();
      dfs_order.push_back(v);
      for (NodeIndex u : network.Neighbors(v)) {
        if (removed[u] || stamp[u] == epoch) continue;
        stamp[u] = epoch;
        parent[u] = v;
        stack.push_back(u);
      }
    }
    uint32_t size = static_cast<uint32_t>(dfs_order.size());
    if (size <= max_component) {
      for (NodeIndex v : dfs_order) settled[v] = 1;
      continue;
    }
    // Subtree sizes, and for each node the largest piece its removal leaves
    // (exact on trees; on components with cycles an upper bound).
    for (NodeIndex v : dfs_order) subtree[v] = 1;
    for (size_t i = dfs_order.size(); i-- > 1;) subtree[parent[dfs_order[i]]] += subtree[dfs_order[i]];
    NodeIndex best = kNoNode;
    uint32_t best_piece = UINT32_MAX;
    for (NodeIndex v : dfs_order) {
      if (!IsRemovable(removable, v)) continue;
      uint32_t piece = size - subtree[v];
      for (NodeIndex u : network.Neighbors(v)) {
        if (!removed[u] && parent[u] == v && stamp[u] == epoch) piece = std::max(piece, subtree[u]);
      }
      if (piece < best_piece || (piece == best_piece && v < best)) {
        best_piece = piece;
        best = v;
      }
    }
    if (best == kNoNode) {
      complete = false;
      for (NodeIndex v : dfs_order) settled[v] = 1;
      continue;
    }
    removed[best] = 1;
    order.push_back(best);
    for (NodeIndex u : network.Neighbors(best)) {
      if (!removed[u]) seeds.push_back(u);
    }
  }
  return complete;
}

std::vector<NodeIndex> Reinsert(const Network& network, std::span<const NodeIndex> removed, uint32_t max_component) {
  ComponentTracker tracker(network);
  std::vector<uint8_t> is_removed(network.size(), 0);
  for (NodeIndex v : removed) is_removed[v] = 1;
  for (NodeIndex v = 0; v < network.size(); ++v) {
    if (!is_removed[v]) tracker.Add(v);
  }
  // Lazy min-queue of join costs: a node's cost only grows as components
  // merge, so a stale entry is a lower bound and is refreshed when it surfaces.
  using Entry = std::pair<uint64_t, NodeIndex>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  for (NodeIndex v : removed) queue.emplace(tracker.JoinCost(v), v);
  auto next = [&]() -> NodeIndex {  // the cheapest node that may be put back
    while (!queue.empty()) {
      auto [cost, v] = queue.top();
      uint64_t now = tracker.JoinCost(v);
      if (now != cost) {
        queue.pop();
        queue.emplace(now, v);
        continue;
      }
      if (cost > max_component) return kNoNode;
      queue.pop();
      return v;
    }
    return kNoNode;
  };
  for (NodeIndex v; (v = next()) != kNoNode;) tracker.Add(v);
  // The rest stay removed. Order them most damaging first: by the size of
  // the piece each would rebuild if it alone were put back (its join cost
  // now), largest first. (Continuing the greedy reinsertion without the
  // bound would order them slightly better but costs O(k^2) on large plans.)
  std::vector<std::pair<uint64_t, NodeIndex>> rest;
  while (!queue.empty()) {
    NodeIndex v = queue.top().second;
    queue.pop();
    rest.emplace_back(tracker.JoinCost(v), v);
  }
  std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<NodeIndex> kept;
  kept.reserve(rest.size());
  for (const auto& r : rest) kept.push_back(r.second);
  return kept;
}

}  // namespace disrupt::plan
