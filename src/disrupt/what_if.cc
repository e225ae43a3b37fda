// What-if analysis of a removal; see what_if.h.
#include "disrupt/what_if.h"

#include <algorithm>
#include <random>

namespace disrupt::plan {

namespace {

NetworkState Measure(const Network& network, const std::vector<uint8_t>& removed, const WhatIfOptions& options,
                     const RouteEnds* routes, bool& estimated) {
  NodeIndex n = network.size();
  NetworkState state;
  std::vector<uint32_t> component, sizes;
  LabelComponents(network, removed, component, sizes);
  double pairs = 0;
  for (uint32_t s : sizes) {
    state.nodes += s;
    state.largest_component = std::max(state.largest_component, s);
    pairs += static_cast<double>(s) * (s - 1.0);
  }
  state.components = static_cast<uint32_t>(sizes.size());
  state.largest_component_fraction = n == 0 ? 0 : static_cast<double>(state.largest_component) / n;
  double np = state.nodes;
  state.fragmentation = np < 2 ? 1.0 : 1.0 - pairs / (np * (np - 1));

  // Efficiency from BFS over all present sources, or a seeded sample.
  std::vector<NodeIndex> sources;
  for (NodeIndex v = 0; v < n; ++v) {
    if (!removed[v]) sources.push_back(v);
  }
  double scale = 1.0;
  if (sources.size() > options.exact_limit) {
    std::mt19937_64 rng(options.seed);
    std::shuffle(sources.begin(), sources.end(), rng);
    scale = static_cast<double>(sources.size()) / options.samples;
    sources.resize(options.samples);
    estimated = true;
  }
  std::vector<int32_t> dist(n, -1);
  std::vector<NodeIndex> queue, touched;
  double closeness = 0;
  for (NodeIndex s : sources) {
    queue.assign(1, s);
    dist[s] = 0;
    for (size_t q = 0; q < queue.size(); ++q) {
      NodeIndex v = queue[q];
      for (NodeIndex u : network.Neighbors(v)) {
        if (removed[u] || dist[u] >= 0) continue;
        dist[u] = dist[v] + 1;
        closeness += 1.0 / dist[u];
        queue.push_back(u);
      }
    }
    for (NodeIndex v : queue) dist[v] = -1;
  }
  closeness *= scale;
  state.efficiency = np < 2 ? 0 : closeness / (np * (np - 1));
  state.distance_fragmentation = np < 2 ? 1.0 : 1.0 - state.efficiency;

  if (routes) {
    std::vector<uint64_t> origins(sizes.size(), 0), destinations(sizes.size(), 0), both(sizes.size(), 0);
    for (NodeIndex v = 0; v < n; ++v) {
      if (removed[v]) continue;
      uint32_t c = component[v];
      origins[c] += routes->origin[v];
      destinations[c] += routes->destination[v];
      both[c] += routes->origin[v] && routes->destination[v];
    }
    for (size_t c = 0; c < sizes.size(); ++c) state.connected_route_pairs += origins[c] * destinations[c] - both[c];
  }
  return state;
}

}  // namespace

Result<WhatIfReport> WhatIf(const Network& network, std::span<const NodeIndex> removed, const WhatIfOptions& options,
                            const RouteEnds* routes, std::span<const PaymentFlow> payments) {
  NodeIndex n = network.size();
  std::vector<uint8_t> gone(n, 0), none(n, 0);
  for (size_t i = 0; i < removed.size(); ++i) {
    NodeIndex v = removed[i];
    if (v >= n) return Status::InvalidArgument("removed node index out of range", "remove[" + std::to_string(i) + "]");
    if (gone[v]) return Status::InvalidArgument("node listed twice", "remove[" + std::to_string(i) + "]");
    gone[v] = 1;
  }
  if (routes && (routes->origin.size() != n || routes->destination.size() != n)) {
    return Status::InvalidArgument("route ends need one entry per node", "routes");
  }
  if (options.samples == 0) return Status::InvalidArgument("samples must be positive", "samples");
  WhatIfReport report;
  report.before = Measure(network, none, options, routes, report.estimated);
  report.after = Measure(network, gone, options, routes, report.estimated);
  report.efficiency_loss =
      report.before.efficiency > 0 ? 1.0 - report.after.efficiency / report.before.efficiency : 0.0;
  if (routes) {
    report.has_routes = true;
    report.all_routes_cut = report.after.connected_route_pairs == 0;
  }
  if (!payments.empty()) {
    report.has_payments = true;
    std::vector<uint32_t> component, sizes;
    LabelComponents(network, gone, component, sizes);
    for (size_t i = 0; i < payments.size(); ++i) {
      const PaymentFlow& p = payments[i];
      if (p.payer >= n || p.payee >= n) {
        return Status::InvalidArgument("payment names a node out of range", "payments[" + std::to_string(i) + "]");
      }
      report.payments++;
      report.payment_amount += p.amount;
      if (gone[p.payer] || gone[p.payee]) {
        report.payments_to_removed++;
        report.amount_to_removed += p.amount;
      } else if (component[p.payer] != component[p.payee]) {
        report.payments_disconnected++;
        report.amount_disconnected += p.amount;
      }
    }
  }
  return report;
}

}  // namespace disrupt::plan
