// Route cut: the cheapest set of actors whose removal leaves no path from
// any origin-side actor (e.g. recruiters and organisers in origin
// countries) to any destination-side actor (facilitators and receivers in
// destination countries).
//
// Minimum-cost vertex cut by maximum flow: each node v becomes v_in -> v_out
// with capacity cost(v) (1 by default; higher for actors abroad, e.g. an
// extradition), each link u -> v becomes u_out -> v_in with unbounded
// capacity (both directions when the graph is undirected), a source feeds
// every origin actor's v_in and every destination actor's v_out drains to
// the sink. Origin and destination actors may themselves be cut. The cut is
// read off the residual graph (v_in reachable, v_out not). Costs are scaled
// to integers (thousandths) so the flow is exact.
//
// Dinic's algorithm: O(V^2 E) worst case, far less on these sparse graphs.
// Errors (from Run): kInvalidArgument for masks or costs of the wrong size,
// a cost that is not finite and > 0; kFailedPrecondition when no cut exists
// because an origin and a destination are joined through actors that may
// not be targeted (the result then names one such uncuttable actor).
// Thread safety: one thread per object.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "graph/csr.h"

namespace disrupt::plan {

using graph::NodeIndex;

struct RouteCutInput {
  std::vector<uint8_t> origin;       // one entry per node
  std::vector<uint8_t> destination;  // one entry per node
  std::vector<double> cost;          // per node, > 0; empty = 1 each
  std::vector<uint8_t> removable;    // empty = every node may be cut
};

class RouteCut {
 public:
  RouteCut(const graph::Graph& graph, RouteCutInput input);
  Status Run();

  // The actors to remove, by node index, ascending.
  const std::vector<NodeIndex>& cut() const { return cut_; }
  double cost() const { return cost_; }
  uint32_t origins() const { return origins_; }
  uint32_t destinations() const { return destinations_; }

 private:
  const graph::Graph& graph_;
  RouteCutInput input_;
  Status invalid_;
  std::vector<NodeIndex> cut_;
  double cost_ = 0;
  uint32_t origins_ = 0, destinations_ = 0;
};

}  // namespace disrupt::plan
