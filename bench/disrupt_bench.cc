// Benchmarks of the disruption planner (bench/disrupt.sh drives them):
//
//   disrupt_bench er N GRAPHS SEED STRATEGIES
//       Erdős–Rényi G(n, m) graphs with mean degree 3.5 (m = 1.75 n), each
//       strategy (comma-separated) run until the largest component holds at
//       most 1% of the nodes; one JSON line per graph and strategy with the
//       fraction removed and the seconds.
//   disrupt_bench curves RUNS FILE...
//       For each edge list: every strategy's largest-component curve run to
//       the end (target: isolated nodes), its area R = (1/n) sum_q s(q)/n
//       (Schneider et al. 2011; curve padded with its last value up to n
//       removals), and random removal averaged over RUNS random orders.
//
// A plain main: the figures are fractions and areas as well as times.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/text.h"
#include "disrupt/dismantle.h"
#include "graph/csr.h"

namespace {

using disrupt::plan::DismantleOptions;
using disrupt::plan::Network;
using disrupt::plan::NodeIndex;
using disrupt::plan::Strategy;

// G(n, m) with m = c n / 2 distinct links, no loops (rejection sampling).
Network ErdosRenyi(NodeIndex n, double mean_degree, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<NodeIndex> pick(0, n - 1);
  size_t m = static_cast<size_t>(mean_degree * n / 2);
  std::vector<std::pair<NodeIndex, NodeIndex>> edges;
  edges.reserve(m + m / 50);
  // Draw with a small surplus, let Network drop duplicates, top up if short.
  while (edges.size() < m) {
    NodeIndex u = pick(rng), v = pick(rng);
    if (u != v) edges.emplace_back(u, v);
  }
  Network net(n, edges);
  while (net.num_links() < m) {
    size_t missing = m - net.num_links();
    for (size_t i = 0; i < missing;) {
      NodeIndex u = pick(rng), v = pick(rng);
      if (u != v) {
        edges.emplace_back(u, v);
        ++i;
      }
    }
    net = Network(n, edges);
  }
  return net;
}

int RunEr(int argc, char** argv) {
  if (argc < 6) return 2;
  NodeIndex n = static_cast<NodeIndex>(std::atol(argv[2]));
  int graphs = std::atoi(argv[3]);
  uint64_t seed = std::strtoull(argv[4], nullptr, 10);
  auto names = disrupt::SplitTrimmed(argv[5], ',');
  for (int g = 0; g < graphs; ++g) {
    auto t0 = std::chrono::steady_clock::now();
    Network net = ErdosRenyi(n, 3.5, seed + static_cast<uint64_t>(g));
    double gen = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& name : names) {
      auto strategy = disrupt::plan::ParseStrategy(name);
      if (!strategy.ok()) {
        std::fprintf(stderr, "%s\n", strategy.status().ToString().c_str());
        return 2;
      }
      DismantleOptions options;
      options.strategy = *strategy;
      options.target_lcc = 0.01;
      options.seed = seed + static_cast<uint64_t>(g);
      std::clock_t cpu0 = std::clock();
      auto plan = disrupt::plan::Dismantle(net, options);
      double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
      if (!plan.ok()) {
        std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
        return 1;
      }
      std::printf(
          "{\"bench\":\"er\",\"n\":%u,\"links\":%llu,\"graph\":%d,\"strategy\":\"%s\",\"chosen\":\"%s\","
          "\"fraction_removed\":%.5f,\"largest_component_fraction\":%.5f,\"target_reached\":%s,\"seconds\":%.3f,"
          "\"cpu_seconds\":%.3f,\"generate_seconds\":%.3f}\n",
          n, static_cast<unsigned long long>(net.num_links()), g, name.c_str(),
          std::string(disrupt::plan::ToString(plan->strategy)).c_str(), plan->fraction_removed,
          plan->largest_component_fraction, plan->target_reached ? "true" : "false", plan->seconds, cpu, gen);
      std::fflush(stdout);
    }
  }
  return 0;
}

// Area of a curve padded with its last value to n + 1 points (0..n removals).
double PaddedArea(std::vector<uint32_t> curve, NodeIndex n) {
  uint32_t last = curve.empty() ? 0 : curve.back();
  if (curve.size() < static_cast<size_t>(n) + 1) curve.resize(static_cast<size_t>(n) + 1, last);
  curve.erase(curve.begin());  // R sums over q = 1..n
  double sum = 0;
  for (uint32_t s : curve) sum += static_cast<double>(s) / n;
  return sum / n;
}

int RunCurves(int argc, char** argv) {
  if (argc < 4) return 2;
  int runs = std::atoi(argv[2]);
  const Strategy kStrategies[] = {Strategy::kDegree, Strategy::kBetweenness, Strategy::kEigenvector,
                                  Strategy::kCollectiveInfluence, Strategy::kCoreHd, Strategy::kMinSum,
                                  Strategy::kKeyPlayer};
  for (int f = 3; f < argc; ++f) {
    auto g = disrupt::graph::LoadEdgeList(argv[f], false);
    if (!g.ok()) {
      std::fprintf(stderr, "%s\n", g.status().ToString().c_str());
      return 1;
    }
    Network net(*g);
    NodeIndex n = net.size();
    std::vector<uint8_t> none(n, 0);
    uint32_t lcc0 = disrupt::plan::ComponentSizes(net, none).front();
    // Random removal: mean area and the mean number of removals to halve the
    // largest component, over `runs` orders.
    std::vector<NodeIndex> order(n);
    std::mt19937_64 rng(7);
    double random_area = 0, random_halve = 0;
    for (int r = 0; r < runs; ++r) {
      for (NodeIndex v = 0; v < n; ++v) order[v] = v;
      std::shuffle(order.begin(), order.end(), rng);
      auto curve = disrupt::plan::LargestComponentCurve(net, order);
      random_area += PaddedArea(curve, n);
      size_t k = 0;
      while (k + 1 < curve.size() && curve[k] * 2 > lcc0) ++k;
      random_halve += static_cast<double>(k);
    }
    std::printf("{\"bench\":\"curves\",\"file\":\"%s\",\"n\":%u,\"links\":%llu,\"largest\":%u,\"strategy\":\"random\","
                "\"runs\":%d,\"area\":%.4f,\"removed_to_halve\":%.2f}\n",
                argv[f], n, static_cast<unsigned long long>(net.num_links()), lcc0, runs, random_area / runs,
                random_halve / runs);
    for (Strategy s : kStrategies) {
      DismantleOptions options;
      options.strategy = s;
      options.target_lcc = 0;  // down to isolated nodes: the whole curve
      auto plan = disrupt::plan::Dismantle(net, options);
      if (!plan.ok()) {
        std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
        continue;
      }
      size_t k = 0;
      while (k + 1 < plan->curve.size() && plan->curve[k] * 2 > lcc0) ++k;
      double five = plan->curve[std::min(plan->curve.size() - 1, static_cast<size_t>(0.05 * n))];
      std::printf("{\"bench\":\"curves\",\"file\":\"%s\",\"strategy\":\"%s\",\"area\":%.4f,\"removed_to_halve\":%zu,"
                  "\"removed_to_isolate\":%zu,\"lcc_after_5pct\":%.0f,\"seconds\":%.4f}\n",
                  argv[f], std::string(disrupt::plan::ToString(s)).c_str(), PaddedArea(plan->curve, n), k,
                  plan->removed.size(), five, plan->seconds);
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  int rc = 2;
  if (mode == "er") rc = RunEr(argc, argv);
  if (mode == "curves") rc = RunCurves(argc, argv);
  if (rc == 2) {
    std::fprintf(stderr,
                 "usage: disrupt_bench er N GRAPHS SEED STRATEGIES | disrupt_bench curves RUNS EDGES.csv...\n");
  }
  return rc;
}
