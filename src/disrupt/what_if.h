// What-if: the effect on a network of removing a chosen set of actors.
//
// Reports, before and after the removal:
//   * the largest component (nodes and share of all nodes) and the number
//     of components (among the nodes that remain);
//   * Borgatti's fragmentation F and distance-weighted fragmentation DF
//     (key_player.h) over the nodes that remain;
//   * global efficiency E = sum_{i != j} (1 / d_ij) / (n (n - 1)) (Latora &
//     Marchiori) over the nodes that remain, and the efficiency loss
//     1 - E_after / E_before. (DF = 1 - E on the same nodes.)
//   * when origin and destination actors are given: origin–destination
//     pairs still connected, and whether every route is cut;
//   * when payment flows are given: flows with a removed payer or payee, and
//     flows whose payer can no longer reach the payee through the network,
//     with their amounts.
// All-pairs distances are exact up to `exact_limit` nodes; above it DF and
// efficiency are estimated from `samples` random sources (seeded), and the
// report says so.
//
// Cost: O(n (n + m)) exact, O(samples (n + m)) estimated; the rest O(n + m).
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "disrupt/network.h"

namespace disrupt::plan {

struct PaymentFlow {
  NodeIndex payer = kNoNode;
  NodeIndex payee = kNoNode;
  double amount = 0;
};

// Which nodes are origin-side and destination-side actors (one byte per node).
struct RouteEnds {
  std::vector<uint8_t> origin;
  std::vector<uint8_t> destination;
};

struct NetworkState {
  uint32_t nodes = 0;  // nodes present
  uint32_t largest_component = 0;
  double largest_component_fraction = 0;  // of all nodes, removed included
  uint32_t components = 0;
  double fragmentation = 0;
  double distance_fragmentation = 0;
  double efficiency = 0;
  uint64_t connected_route_pairs = 0;  // origin–destination pairs still linked
};

struct WhatIfReport {
  NetworkState before, after;
  double efficiency_loss = 0;  // 1 - after / before (0 when before is 0)
  bool estimated = false;      // DF and efficiency from sampled sources
  bool has_routes = false;
  bool all_routes_cut = false;
  bool has_payments = false;
  uint64_t payments = 0, payments_to_removed = 0, payments_disconnected = 0;
  double payment_amount = 0, amount_to_removed = 0, amount_disconnected = 0;
};

struct WhatIfOptions {
  NodeIndex exact_limit = 5000;
  uint32_t samples = 500;
  uint64_t seed = 1;
};

// kInvalidArgument when `removed` names a node out of range or twice, or
// when the route masks do not have one entry per node.
Result<WhatIfReport> WhatIf(const Network& network, std::span<const NodeIndex> removed, const WhatIfOptions& options,
                            const RouteEnds* routes = nullptr, std::span<const PaymentFlow> payments = {});

}  // namespace disrupt::plan
