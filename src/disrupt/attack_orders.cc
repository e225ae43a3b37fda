// Adaptive degree, Collective Influence and CoreHD removal orders; see
// strategies.h for the contracts and the papers they follow.
#include <algorithm>

#include "disrupt/queues.h"
#include "disrupt/strategies.h"

namespace disrupt::plan {

namespace {

// Current degrees and presence while nodes are being removed.
struct Remaining {
  explicit Remaining(const Network& network) : present(network.size(), 1), degree(network.size()) {
    for (NodeIndex v = 0; v < network.size(); ++v) degree[v] = network.Degree(v);
  }
  std::vector<uint8_t> present;
  std::vector<uint32_t> degree;
};

// Removes the highest-degree removable node until no removable node has a
// tie left, updating `state`; appends to `order`.
void DegreeAttack(const Network& network, const std::vector<uint8_t>& removable, Remaining& state,
                  std::vector<NodeIndex>& order) {
  std::vector<uint8_t> member(network.size(), 0);
  for (NodeIndex v = 0; v < network.size(); ++v) {
    member[v] = state.present[v] && IsRemovable(removable, v) && state.degree[v] > 0;
  }
  DecreasingBuckets queue(state.degree, member);
  for (;;) {
    if (queue.PeekMaxKey() == 0) break;
    NodeIndex v = queue.PopMax();
    state.present[v] = 0;
    order.push_back(v);
    for (NodeIndex u : network.Neighbors(v)) {
      if (!state.present[u]) continue;
      if (queue.contains(u)) queue.Decrement(u);
      state.degree[u]--;
    }
  }
}

// Collective Influence with ball radius `radius` over the present nodes.
class CiScorer {
 public:
  CiScorer(const Network& network, int radius, const Remaining& state)
      : network_(network), radius_(radius), state_(state), stamp_(network.size(), 0) {}

  int64_t Score(NodeIndex i) {
    if (state_.degree[i] <= 1) return 0;
    int64_t frontier = 0;
    Bfs(i, radius_, [&](NodeIndex j, int depth) {
      if (depth == radius_) frontier += static_cast<int64_t>(state_.degree[j]) - 1;
    });
    return (static_cast<int64_t>(state_.degree[i]) - 1) * frontier;
  }

  // Calls visit(node, depth) for every present node within `depth` hops of
  // `source` (the source itself at depth 0).
  template <typename Visit>
  void Bfs(NodeIndex source, int depth, Visit&& visit) {
    if (++epoch_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      epoch_ = 1;
    }
    queue_.clear();
    queue_.push_back(source);
    stamp_[source] = epoch_;
    size_t level_begin = 0;
    for (int d = 0; d <= depth && level_begin < queue_.size(); ++d) {
      size_t level_end = queue_.size();
      for (size_t q = level_begin; q < level_end; ++q) {
        NodeIndex v = queue_[q];
        visit(v, d);
        if (d == depth) continue;
        for (NodeIndex u : network_.Neighbors(v)) {
          if (state_.present[u] && stamp_[u] != epoch_) {
            stamp_[u] = epoch_;
            queue_.push_back(u);
          }
        }
      }
      level_begin = level_end;
    }
  }

 private:
  const Network& network_;
  int radius_;
  const Remaining& state_;
  std::vector<uint32_t> stamp_;
  uint32_t epoch_ = 0;
  std::vector<NodeIndex> queue_;
};

}  // namespace

std::vector<NodeIndex> AdaptiveDegreeOrder(const Network& network, const std::vector<uint8_t>& removable) {
  Remaining state(network);
  std::vector<NodeIndex> order;
  DegreeAttack(network, removable, state, order);
  return order;
}

std::vector<int64_t> CollectiveInfluenceScores(const Network& network, int radius) {
  Remaining state(network);
  CiScorer scorer(network, std::max(radius, 1), state);
  std::vector<int64_t> scores(network.size());
  for (NodeIndex v = 0; v < network.size(); ++v) scores[v] = scorer.Score(v);
  return scores;
}

std::vector<NodeIndex> CollectiveInfluenceOrder(const Network& network, int radius,
                                                const std::vector<uint8_t>& removable) {
  radius = std::max(radius, 1);
  Remaining state(network);
  CiScorer scorer(network, radius, state);
  IndexedMaxHeap heap(network.size());
  for (NodeIndex v = 0; v < network.size(); ++v) {
    if (IsRemovable(removable, v)) heap.Set(v, scorer.Score(v));
  }
  std::vector<NodeIndex> order;
  std::vector<NodeIndex> affected;
  while (!heap.empty() && heap.key(heap.top()) > 0) {
    NodeIndex r = heap.top();
    affected.clear();
    scorer.Bfs(r, radius + 1, [&](NodeIndex v, int) {
      if (v != r) affected.push_back(v);
    });
    heap.Erase(r);
    state.present[r] = 0;
    order.push_back(r);
    for (NodeIndex u : network.Neighbors(r)) {
      if (state.present[u]) state.degree[u]--;
    }
    for (NodeIndex v : affected) {
      if (heap.contains(v)) heap.Set(v, scorer.Score(v));
    }
  }
  DegreeAttack(network, removable, state, order);
  return order;
}

std::vector<NodeIndex> CoreHdOrder(const Network& network, const std::vector<uint8_t>& removable) {
  NodeIndex n = network.size();
  // Peel the 2-core: core_degree counts neighbours still in the core.
  std::vector<uint8_t> in_core(n, 1);
  std::vector<uint32_t> core_degree(n);
  std::vector<NodeIndex> peel;
  for (NodeIndex v = 0; v < n; ++v) {
    core_degree[v] = network.Degree(v);
    if (core_degree[v] < 2) peel.push_back(v);
  }
  std::vector<uint8_t> member(n, 0);
  // Leaves the core: v's core neighbours lose a tie and may leave in turn.
  auto drain = [&](DecreasingBuckets* queue) {
    while (!peel.empty()) {
      NodeIndex v = peel.back();
      peel.pop_back();
      if (!in_core[v]) continue;
      in_core[v] = 0;
      if (queue) queue->Remove(v);
      for (NodeIndex u : network.Neighbors(v)) {
        if (!in_core[u]) continue;
        if (queue && queue->contains(u)) queue->Decrement(u);
        if (--core_degree[u] < 2) peel.push_back(u);
      }
    }
  };
  drain(nullptr);
  for (NodeIndex v = 0; v < n; ++v) member[v] = in_core[v] && IsRemovable(removable, v);
  DecreasingBuckets queue(core_degree, member);
  std::vector<NodeIndex> order;
  for (;;) {
    NodeIndex v = queue.PopMax();
    if (v == kNoNode) break;
    order.push_back(v);
    peel.push_back(v);
    drain(&queue);
  }
  return order;
}

}  // namespace disrupt::plan
