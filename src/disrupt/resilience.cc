// Recovery simulation after a disruption; see resilience.h.
#include "disrupt/resilience.h"

#include <algorithm>
#include <random>
#include <unordered_set>

namespace disrupt::plan {

namespace {

uint64_t PairKey(NodeIndex a, NodeIndex b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

// The network while it recovers: original links among present nodes plus
// the links added so far.
class RecoveringNetwork {
 public:
  RecoveringNetwork(const Network& network, const std::vector<uint8_t>& removed)
      : network_(network), removed_(removed), extra_(network.size()), degree_(network.size(), 0) {
    for (NodeIndex v = 0; v < network.size(); ++v) {
      if (removed[v]) continue;
      for (NodeIndex u : network.Neighbors(v)) degree_[v] += !removed[u];
    }
  }

  bool Linked(NodeIndex a, NodeIndex b) const {
    auto na = network_.Neighbors(a);
    if (std::binary_search(na.begin(), na.end(), b)) return true;
    return added_.count(PairKey(a, b)) != 0;
  }

  // Adds a link unless present; returns whether it was added.
  bool Link(NodeIndex a, NodeIndex b) {
    if (a == b || Linked(a, b)) return false;
    added_.insert(PairKey(a, b));
    extra_[a].push_back(b);
    extra_[b].push_back(a);
    degree_[a]++;
    degree_[b]++;
    return true;
  }

  uint32_t degree(NodeIndex v) const { return degree_[v]; }

  uint32_t Largest() {
    // Union-find over the surviving original links and the added ones.
    std::vector<NodeIndex> parent(network_.size());
    std::vector<uint32_t> size(network_.size(), 1);
    for (NodeIndex v = 0; v < network_.size(); ++v) parent[v] = v;
    auto find = [&](NodeIndex v) {
      while (parent[v] != v) v = parent[v] = parent[parent[v]];
      return v;
    };
    auto unite = [&](NodeIndex a, NodeIndex b) {
      a = find(a);
      b = find(b);
      if (a == b) return;
      if (size[a] < size[b]) std::swap(a, b);
      parent[b] = a;
      size[a] += size[b];
    };
    for (NodeIndex v = 0; v < network_.size(); ++v) {
      if (removed_[v]) continue;
      for (NodeIndex u : network_.Neighbors(v)) {
        if (u > v && !removed_[u]) unite(v, u);
      }
      for (NodeIndex u : extra_[v]) {
        if (u > v) unite(v, u);
      }
    }
    uint32_t best = 0;
    for (NodeIndex v = 0; v < network_.size(); ++v) {
      if (!removed_[v] && parent[v] == v) best = std::max(best, size[v]);
    }
    return best;
  }

 private:
  const Network& network_;
  const std::vector<uint8_t>& removed_;
  std::vector<std::vector<NodeIndex>> extra_;
  std::vector<uint32_t> degree_;
  std::unordered_set<uint64_t> added_;
};

double Uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

Result<RecoveryReport> SimulateRecovery(const Network& network, std::span<const NodeIndex> removed,
                                        const RecoveryOptions& options) {
  if (options.rounds < 1) return Status::InvalidArgument("recovery needs at least one round", "rounds");
  if (options.runs < 1) return Status::InvalidArgument("recovery needs at least one run", "runs");
  if (!(options.link_probability >= 0 && options.link_probability <= 1)) {
    return Status::InvalidArgument("link probability must be within [0, 1]", "link_probability");
  }
  if (!(options.effective_lcc >= 0 && options.effective_lcc <= 1)) {
    return Status::InvalidArgument("effective largest-component share must be within [0, 1]", "effective_lcc");
  }
  NodeIndex n = network.size();
  std::vector<uint8_t> gone(n, 0);
  for (size_t i = 0; i < removed.size(); ++i) {
    if (removed[i] >= n) return Status::InvalidArgument("removed node out of range", "removed[" + std::to_string(i) + "]");
    if (gone[removed[i]]) return Status::InvalidArgument("node removed twice", "removed[" + std::to_string(i) + "]");
    gone[removed[i]] = 1;
  }
  RecoveryReport report;
  if (n == 0) return report;
  std::vector<uint8_t> none(n, 0);
  report.before = static_cast<double>(ComponentSizes(network, none).front()) / n;
  auto sizes = ComponentSizes(network, gone);
  report.after_removal = sizes.empty() ? 0 : static_cast<double>(sizes.front()) / n;

  // Former neighbours of each removed actor that are still present.
  std::vector<std::vector<NodeIndex>> former(removed.size());
  for (size_t i = 0; i < removed.size(); ++i) {
    for (NodeIndex u : network.Neighbors(removed[i])) {
      if (!gone[u]) former[i].push_back(u);
    }
  }
  report.mean_per_round.assign(options.rounds, 0);
  uint64_t effective = 0;
  double links = 0;
  for (int run = 0; run < options.runs; ++run) {
    std::mt19937_64 rng(options.seed + static_cast<uint64_t>(run));
    RecoveringNetwork net(network, gone);
    uint32_t largest = 0;
    for (int round = 0; round < options.rounds; ++round) {
      if (round == 0 && options.replacement) {
        for (size_t i = 0; i < removed.size(); ++i) {
          NodeIndex lieutenant = kNoNode;
          for (NodeIndex u : former[i]) {
            if (lieutenant == kNoNode || net.degree(u) > net.degree(lieutenant)) lieutenant = u;
          }
          if (run == 0) report.lieutenants.push_back(lieutenant);
          if (lieutenant == kNoNode) continue;
          for (NodeIndex u : former[i]) links += net.Link(lieutenant, u);
        }
      }
      if (options.link_probability > 0) {
        for (const auto& f : former) {
          for (size_t a = 0; a < f.size(); ++a) {
            for (size_t b = a + 1; b < f.size(); ++b) {
              if (Uniform(rng) < options.link_probability) links += net.Link(f[a], f[b]);
            }
          }
        }
      }
      largest = net.Largest();
      report.mean_per_round[round] += static_cast<double>(largest) / n;
    }
    double final_share = static_cast<double>(largest) / n;
    report.final_max = std::max(report.final_max, final_share);
    effective += final_share <= options.effective_lcc + 1e-12;
  }
  for (double& r : report.mean_per_round) r /= options.runs;
  report.final_mean = report.mean_per_round.back();
  report.effective_share = static_cast<double>(effective) / options.runs;
  report.stays_effective = report.effective_share >= 0.9;
  report.mean_links_added = links / options.runs;
  if (!options.replacement) report.lieutenants.assign(removed.size(), kNoNode);
  return report;
}

}  // namespace disrupt::plan
