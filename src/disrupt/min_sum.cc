// Belief-propagation guided decimation for decycling (the "minsum"
// strategy); see strategies.h.
//
// Model (Zhou 2013): every node is empty (removed) or occupied; an occupied
// node is a root or points to one occupied neighbour, and on every link
// between occupied nodes exactly one end points to the other, so occupied
// components are trees (or single cycles, which decimation then breaks).
// With weight e^x per occupied node, the cavity messages along the arc
// i -> j are q0 (i empty without j) and qr (i a root without j):
//
//   a_k = q0_{k->i} + qr_{k->i},   b_k = (1 - q0_{k->i}) / a_k
//   P   = prod_{k in N(i)\j} a_k,  S = sum_{k in N(i)\j} b_k
//   q0_{i->j} = 1 / (1 + e^x P (1 + S)),   qr_{i->j} = e^x P q0_{i->j}
//
// and the probability that i is empty, the decimation score, is the same
// expression over all of N(i). Products are kept as sums of logarithms so
// that high-degree nodes neither underflow nor cost O(d^2).
#include <algorithm>
#include <cmath>
#include <random>

#include "disrupt/strategies.h"

namespace disrupt::plan {

namespace {

constexpr double kFloor = 1e-15;   // keeps a_k away from 0 (log and division)
constexpr double kLogTiny = -600;  // e^-600 ~ 1e-261: treated as 0

class Decimator {
 public:
  Decimator(const Network& network, const std::vector<uint8_t>& removable, const MinSumOptions& options)
      : network_(network),
        removable_(removable),
        options_(options),
        in_core_(network.size(), 1),
        core_degree_(network.size()),
        reverse_(network.num_arcs()),
        log_a_msg_(network.num_arcs()),
        b_msg_(network.num_arcs()) {
    NodeIndex n = network.size();
    for (NodeIndex i = 0; i < n; ++i) {
      uint64_t a = network.ArcBegin(i);
      for (NodeIndex j : network.Neighbors(i)) {
        auto nj = network.Neighbors(j);
        reverse_[a++] = network.ArcBegin(j) + (std::lower_bound(nj.begin(), nj.end(), i) - nj.begin());
      }
    }
    std::mt19937_64 rng(options.seed);
    std::uniform_real_distribution<double> unit(0.1, 0.9);
    for (uint64_t a = 0; a < log_a_msg_.size(); ++a) {
      double p0 = unit(rng) * 0.5, pr = unit(rng) * 0.5;
      Store(a, p0, pr);
    }
    // Sweeps visit nodes in index order: each node's arcs are contiguous, so
    // this is far kinder to the caches than a random order on large graphs.
    sweep_order_.resize(n);
    for (NodeIndex v = 0; v < n; ++v) {
      sweep_order_[v] = v;
      core_degree_[v] = network.Degree(v);
      if (core_degree_[v] < 2) peel_.push_back(v);
    }
    Drain();
  }

  std::vector<NodeIndex> Run() {
    std::vector<NodeIndex> order;
    uint64_t per_round = std::max<uint64_t>(1, static_cast<uint64_t>(options_.round_fraction * network_.size()));
    bool first = true;
    std::vector<std::pair<double, NodeIndex>> scored;
    for (;;) {
      int sweeps = first ? options_.sweeps_first : options_.sweeps_per_round;
      first = false;
      for (int s = 0; s < sweeps; ++s) Sweep();
      scored.clear();
      for (NodeIndex v : sweep_order_) {
        if (in_core_[v] && IsRemovable(removable_, v)) scored.emplace_back(EmptyProbability(v), v);
      }
      if (scored.empty()) break;
      size_t take = std::min<size_t>(per_round, scored.size());
      auto by_score = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
      std::partial_sort(scored.begin(), scored.begin() + take, scored.end(), by_score);
      for (size_t t = 0; t < take; ++t) {
        NodeIndex v = scored[t].second;
        if (!in_core_[v]) continue;  // peeled by an earlier removal of this round
        order.push_back(v);
        peel_.push_back(v);
        Drain();
      }
      // Keep the sweep list to the nodes still in the core.
      sweep_order_.erase(std::remove_if(sweep_order_.begin(), sweep_order_.end(),
                                        [&](NodeIndex v) { return !in_core_[v]; }),
                         sweep_order_.end());
    }
    return order;
  }

 private:
  // Sum of log a_k and of b_k over the core neighbours k of i; caches each
  // log a_k and b_k (in neighbour order) for Update.
  void Gather(NodeIndex i, double& log_product, double& sum) {
    log_product = 0;
    sum = 0;
    log_a_.clear();
    b_.clear();
    uint64_t a = network_.ArcBegin(i);
    for (NodeIndex k : network_.Neighbors(i)) {
      uint64_t in = reverse_[a++];
      if (!in_core_[k]) {
        log_a_.push_back(0);
        b_.push_back(0);
        continue;
      }
      double lk = log_a_msg_[in];
      double bk = b_msg_[in];
      log_a_.push_back(lk);
      b_.push_back(bk);
      log_product += lk;
      sum += bk;
    }
  }

  // Keeps, for the message on arc a, what its receiver needs: log(q0 + qr)
  // and (1 - q0) / (q0 + qr).
  void Store(uint64_t a, double q0, double qr) {
    double sum = std::max(q0 + qr, kFloor);
    log_a_msg_[a] = std::log(sum);
    b_msg_[a] = (1.0 - q0) / sum;
  }

  // e^(x + log_p), flushed to 0 far below 1 so that no subnormal number
  // enters the messages (they would slow every later operation).
  double Weight(double log_p) const {
    double l = options_.x + log_p;
    return l < kLogTiny ? 0.0 : std::exp(l);
  }

  void Update(NodeIndex i) {
    double log_product, sum;
    Gather(i, log_product, sum);
    uint64_t a = network_.ArcBegin(i);
    size_t idx = 0;
    for (NodeIndex j : network_.Neighbors(i)) {
      uint64_t out = a++;
      size_t t = idx++;
      if (!in_core_[j]) continue;
      double weight = Weight(log_product - log_a_[t]);
      double q0 = 1.0 / (1.0 + weight * (1.0 + std::max(sum - b_[t], 0.0)));
      Store(out, q0, weight * q0);
    }
  }

  double EmptyProbability(NodeIndex i) {
    double log_product, sum;
    Gather(i, log_product, sum);
    return 1.0 / (1.0 + Weight(log_product) * (1.0 + sum));
  }

  void Sweep() {
    for (NodeIndex v : sweep_order_) {
      if (in_core_[v]) Update(v);
    }
  }

  // Takes every queued node out of the core, and with it any node left
  // with fewer than two core neighbours.
  void Drain() {
    while (!peel_.empty()) {
      NodeIndex v = peel_.back();
      peel_.pop_back();
      if (!in_core_[v]) continue;
      in_core_[v] = 0;
      for (NodeIndex u : network_.Neighbors(v)) {
        if (in_core_[u] && --core_degree_[u] < 2) peel_.push_back(u);
      }
    }
  }

  const Network& network_;
  const std::vector<uint8_t>& removable_;
  MinSumOptions options_;
  std::vector<uint8_t> in_core_;
  std::vector<uint32_t> core_degree_;
  std::vector<uint64_t> reverse_;
  std::vector<double> log_a_msg_, b_msg_;  // per arc, see Store
  std::vector<NodeIndex> sweep_order_;
  std::vector<NodeIndex> peel_;
  std::vector<double> log_a_, b_;  // Gather scratch
};

}  // namespace

std::vector<NodeIndex> MinSumDecyclingOrder(const Network& network, const std::vector<uint8_t>& removable,
                                            const MinSumOptions& options) {
  Decimator decimator(network, removable, options);
  return decimator.Run();
}

}  // namespace disrupt::plan
