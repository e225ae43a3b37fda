// Borgatti's key-player measures and searches; see key_player.h.
#include "disrupt/key_player.h"

#include <algorithm>

namespace disrupt::plan {

namespace {

constexpr double kImprovement = 1e-12;

// Breadth-first distances from `sources` over nodes not in `blocked`
// (sources at 0), up to `max_depth`; calls visit(node, distance) for every
// node reached other than the sources.
template <typename Visit>
void MultiSourceBfs(const Network& network, std::span<const NodeIndex> sources, const std::vector<uint8_t>* blocked,
                    int max_depth, std::vector<int32_t>& dist, std::vector<NodeIndex>& queue, Visit&& visit) {
  std::fill(dist.begin(), dist.end(), -1);
  queue.clear();
  for (NodeIndex s : sources) {
    if (dist[s] < 0) {
      dist[s] = 0;
      queue.push_back(s);
    }
  }
  for (size_t q = 0; q < queue.size(); ++q) {
    NodeIndex v = queue[q];
    if (dist[v] >= max_depth) continue;
    for (NodeIndex u : network.Neighbors(v)) {
      if (dist[u] >= 0 || (blocked && (*blocked)[u])) continue;
      dist[u] = dist[v] + 1;
      queue.push_back(u);
      visit(u, dist[u]);
    }
  }
}

}  // namespace

double Fragmentation(const Network& network, const std::vector<uint8_t>& removed) {
  auto sizes = ComponentSizes(network, removed);
  double remaining = 0, pairs = 0;
  for (uint32_t s : sizes) {
    remaining += s;
    pairs += static_cast<double>(s) * (s - 1.0);
  }
  if (remaining < 2) return 1.0;
  return 1.0 - pairs / (remaining * (remaining - 1));
}

double DistanceWeightedFragmentation(const Network& network, const std::vector<uint8_t>& removed) {
  std::vector<int32_t> dist(network.size());
  std::vector<NodeIndex> queue;
  double remaining = 0, closeness = 0;
  for (NodeIndex s = 0; s < network.size(); ++s) {
    if (removed[s]) continue;
    remaining += 1;
    NodeIndex src[1] = {s};
    MultiSourceBfs(network, src, &removed, INT32_MAX, dist, queue, [&](NodeIndex, int32_t d) { closeness += 1.0 / d; });
  }
  if (remaining < 2) return 1.0;
  return 1.0 - closeness / (remaining * (remaining - 1));
}

double MReach(const Network& network, std::span<const NodeIndex> set, int m) {
  std::vector<int32_t> dist(network.size());
  std::vector<NodeIndex> queue;
  double reached = 0;
  MultiSourceBfs(network, set, nullptr, m, dist, queue, [&](NodeIndex, int32_t) { reached += 1; });
  size_t members = 0;
  for (NodeIndex v = 0; v < network.size(); ++v) members += dist[v] == 0;
  double outside = static_cast<double>(network.size() - members);
  return outside == 0 ? 0 : reached / outside;
}

double DistanceWeightedReach(const Network& network, std::span<const NodeIndex> set) {
  std::vector<int32_t> dist(network.size());
  std::vector<NodeIndex> queue;
  double sum = 0;
  MultiSourceBfs(network, set, nullptr, INT32_MAX, dist, queue, [&](NodeIndex, int32_t d) { sum += 1.0 / d; });
  size_t members = 0;
  for (NodeIndex v = 0; v < network.size(); ++v) members += dist[v] == 0;
  double outside = static_cast<double>(network.size() - members);
  return outside == 0 ? 0 : sum / outside;
}

std::string_view ToString(KeyPlayerMeasure measure) {
  switch (measure) {
    case KeyPlayerMeasure::kFragmentation: return "fragmentation";
    case KeyPlayerMeasure::kDistanceFragmentation: return "distance-fragmentation";
    case KeyPlayerMeasure::kMReach: return "reach";
    case KeyPlayerMeasure::kDistanceReach: return "distance-reach";
  }
  return "unknown";
}

Result<KeyPlayerMeasure> ParseKeyPlayerMeasure(std::string_view name) {
  for (auto m : {KeyPlayerMeasure::kFragmentation, KeyPlayerMeasure::kDistanceFragmentation, KeyPlayerMeasure::kMReach,
                 KeyPlayerMeasure::kDistanceReach}) {
    if (ToString(m) == name) return m;
  }
  return Status::InvalidArgument("unknown key-player measure '" + std::string(name) +
                                     "': want fragmentation, distance-fragmentation, reach or distance-reach",
                                 "measure");
}

KeyPlayerSearch::KeyPlayerSearch(const Network& network, KeyPlayerOptions options)
    : network_(network), options_(std::move(options)) {
  NodeIndex n = network.size();
  size_t choosable = 0;
  if (!options_.removable.empty() && options_.removable.size() != n) {
    invalid_ = Status::InvalidArgument("removable mask size differs from the number of nodes", "removable");
    return;
  }
  for (NodeIndex v = 0; v < n; ++v) choosable += options_.removable.empty() || options_.removable[v];
  if (options_.k == 0 || options_.k > choosable) {
    invalid_ = Status::InvalidArgument("key-player set size " + std::to_string(options_.k) + " must be between 1 and " +
                                           std::to_string(choosable) + " (the nodes that may be chosen)",
                                       "k");
  } else if (options_.m < 1) {
    invalid_ = Status::InvalidArgument("m-reach needs m >= 1", "m");
  } else if (options_.measure == KeyPlayerMeasure::kDistanceFragmentation && n > 5000) {
    invalid_ = Status::InvalidArgument("distance-weighted fragmentation is all-pairs: at most 5,000 nodes, network has " +
                                           std::to_string(n),
                                       "measure");
  } else if (n > 200000) {
    invalid_ = Status::InvalidArgument("key-player search is limited to 200,000 nodes", "measure");
  }
}

double KeyPlayerSearch::Evaluate(const std::vector<NodeIndex>& set, std::vector<uint8_t>& mask) const {
  switch (options_.measure) {
    case KeyPlayerMeasure::kFragmentation:
    case KeyPlayerMeasure::kDistanceFragmentation: {
      for (NodeIndex v : set) mask[v] = 1;
      double score = options_.measure == KeyPlayerMeasure::kFragmentation
                         ? Fragmentation(network_, mask)
                         : DistanceWeightedFragmentation(network_, mask);
      for (NodeIndex v : set) mask[v] = 0;
      return score;
    }
    case KeyPlayerMeasure::kMReach: return MReach(network_, set, options_.m);
    case KeyPlayerMeasure::kDistanceReach: return DistanceWeightedReach(network_, set);
  }
  return 0;
}

Status KeyPlayerSearch::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  NodeIndex n = network_.size();
  std::vector<uint8_t> mask(n, 0), member(n, 0);
  auto choosable = [&](NodeIndex v) { return !member[v] && (options_.removable.empty() || options_.removable[v]); };
  set_.clear();
  double score = 0;
  for (size_t i = 0; i < options_.k; ++i) {
    NodeIndex best = kNoNode;
    double best_score = -1;
    set_.push_back(kNoNode);
    for (NodeIndex v = 0; v < n; ++v) {
      if (!choosable(v)) continue;
      set_.back() = v;
      double s = Evaluate(set_, mask);
      if (s > best_score + kImprovement) {
        best_score = s;
        best = v;
      }
    }
    set_.back() = best;
    member[best] = 1;
    score = best_score;
  }
  greedy_score_ = score;
  swaps_ = 0;
  for (int pass = 0; pass < options_.max_swap_passes; ++pass) {
    bool improved = false;
    for (size_t p = 0; p < set_.size(); ++p) {
      for (NodeIndex v = 0; v < n; ++v) {
        if (!choosable(v)) continue;
        NodeIndex old = set_[p];
        set_[p] = v;
        double s = Evaluate(set_, mask);
        if (s > score + kImprovement) {
          member[old] = 0;
          member[v] = 1;
          score = s;
          ++swaps_;
          improved = true;
        } else {
          set_[p] = old;
        }
      }
    }
    if (!improved) break;
  }
  score_ = score;
  return Status::Ok();
}

bool KeyPlayerDismantler::Feasible(const Network& network) {
  double n = network.size();
  return n <= 2000 && n * n * (n + 2.0 * network.num_links()) <= 4e9;
}

Status KeyPlayerDismantler::Run() {
  if (!Feasible(network_)) {
    return Status::InvalidArgument("kpp dismantling is limited to small networks (n <= 2,000 and n^2 (n + m) <= 4e9); "
                                   "use minsum, corehd or ci",
                                   "strategy");
  }
  NodeIndex n = network_.size();
  std::vector<uint8_t> removed(n, 0);
  std::vector<uint32_t> component(n), sizes;
  std::vector<NodeIndex> stack;
  std::vector<uint32_t> stamp(n, 0);
  uint32_t epoch = 0;
  order_.clear();
  auto label = [&]() { return LabelComponents(network_, removed, component, sizes); };
  for (uint32_t largest = label(); largest > bound_;) {
    double pairs = 0;
    for (uint32_t s : sizes) pairs += static_cast<double>(s) * (s - 1.0);
    NodeIndex best = kNoNode;
    double best_pairs = 0;
    uint32_t best_piece = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      if (removed[v] || !(removable_.empty() || removable_[v]) || sizes[component[v]] <= bound_) continue;
      // Pieces of v's component once v is gone (other components unchanged).
      removed[v] = 1;
      ++epoch;
      double piece_pairs = 0;
      uint32_t biggest = 0;
      for (NodeIndex start : network_.Neighbors(v)) {
        if (removed[start] || stamp[start] == epoch) continue;
        uint32_t count = 0;
        stamp[start] = epoch;
        stack.assign(1, start);
        while (!stack.empty()) {
          NodeIndex x = stack.back();
          stack.pop_back();
          ++count;
          for (NodeIndex u : network_.Neighbors(x)) {
            if (!removed[u] && stamp[u] != epoch) {
              stamp[u] = epoch;
              stack.push_back(u);
            }
          }
        }
        piece_pairs += static_cast<double>(count) * (count - 1.0);
        biggest = std::max(biggest, count);
      }
      removed[v] = 0;
      double s = sizes[component[v]];
      double after = pairs - s * (s - 1) + piece_pairs;  // fewer connected pairs = more fragmentation
      if (best == kNoNode || after < best_pairs - kImprovement ||
          (after <= best_pairs + kImprovement && biggest < best_piece)) {
        best = v;
        best_pairs = after;
        best_piece = biggest;
      }
    }
    if (best == kNoNode) break;  // nothing left that may be targeted
    removed[best] = 1;
    order_.push_back(best);
    largest = label();
  }
  // Drop members the target does not need (latest first).
  for (size_t i = order_.size(); i-- > 0;) {
    NodeIndex v = order_[i];
    removed[v] = 0;
    if (label() > bound_) {
      removed[v] = 1;
    } else {
      order_.erase(order_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  return Status::Ok();
}

}  // namespace disrupt::plan
