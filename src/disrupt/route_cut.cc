// Minimum-cost vertex cut between origin and destination actors; see route_cut.h.
#include "disrupt/route_cut.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace disrupt::plan {

namespace {

constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max() / 4;
constexpr double kScale = 1000.0;

// Dinic's maximum flow on an arc list.
class MaxFlow {
 public:
  explicit MaxFlow(size_t nodes) : first_(nodes, -1), level_(nodes), next_arc_(nodes) {}

  void AddArc(uint32_t from, uint32_t to, int64_t capacity) {
    arcs_.push_back({to, first_[from], capacity});
    first_[from] = static_cast<int64_t>(arcs_.size() - 1);
    arcs_.push_back({from, first_[to], 0});
    first_[to] = static_cast<int64_t>(arcs_.size() - 1);
  }

  int64_t Run(uint32_t source, uint32_t sink) {
    int64_t total = 0;
    while (Levels(source, sink)) {
      for (size_t v = 0; v < first_.size(); ++v) next_arc_[v] = first_[v];
      for (int64_t pushed; (pushed = Push(source, sink, kUnbounded)) > 0;) {
        total += pushed;
        if (total >= kUnbounded) return kUnbounded;
      }
    }
    return total;
  }

  // Nodes reachable from `source` in the residual graph.
  std::vector<uint8_t> Reachable(uint32_t source) const {
    std::vector<uint8_t> seen(first_.size(), 0);
    std::vector<uint32_t> stack = {source};
    seen[source] = 1;
    while (!stack.empty()) {
      uint32_t v = stack.back();
      stack.pop_back();
      for (int64_t a = first_[v]; a >= 0; a = arcs_[a].next) {
        if (arcs_[a].capacity > 0 && !seen[arcs_[a].to]) {
          seen[arcs_[a].to] = 1;
          stack.push_back(arcs_[a].to);
        }
      }
    }
    return seen;
  }

 private:
  struct Arc {
    uint32_t to;
    int64_t next;
    int64_t capacity;
  };

  bool Levels(uint32_t source, uint32_t sink) {
    std::fill(level_.begin(), level_.end(), -1);
    std::vector<uint32_t> queue = {source};
    level_[source] = 0;
    for (size_t q = 0; q < queue.size(); ++q) {
      uint32_t v = queue[q];
      for (int64_t a = first_[v]; a >= 0; a = arcs_[a].next) {
        if (arcs_[a].capacity > 0 && level_[arcs_[a].to] < 0) {
          level_[arcs_[a].to] = level_[v] + 1;
          queue.push_back(arcs_[a].to);
        }
      }
    }
    return level_[sink] >= 0;
  }

  // One augmenting path along the level graph (iterative, so deep graphs
  // do not exhaust the stack).
  int64_t Push(uint32_t source, uint32_t sink, int64_t limit) {
    std::vector<int64_t> path;  // arcs taken
    uint32_t v = source;
    for (;;) {
      if (v == sink) {
        int64_t flow = limit;
        for (int64_t a : path) flow = std::min(flow, arcs_[a].capacity);
        for (int64_t a : path) {
          arcs_[a].capacity -= flow;
          arcs_[a ^ 1].capacity += flow;
        }
        return flow;
      }
      int64_t& a = next_arc_[v];
      while (a >= 0 && !(arcs_[a].capacity > 0 && level_[arcs_[a].to] == level_[v] + 1)) a = arcs_[a].next;
      if (a >= 0) {
        path.push_back(a);
        v = arcs_[a].to;
        continue;
      }
      // Dead end: retreat.
      level_[v] = -1;
      if (path.empty()) return 0;
      int64_t back = path.back();
      path.pop_back();
      v = arcs_[back ^ 1].to;
      next_arc_[v] = arcs_[next_arc_[v]].next;
    }
  }

  std::vector<Arc> arcs_;
  std::vector<int64_t> first_;
  std::vector<int32_t> level_;
  std::vector<int64_t> next_arc_;
};

}  // namespace

RouteCut::RouteCut(const graph::Graph& graph, RouteCutInput input) : graph_(graph), input_(std::move(input)) {
  size_t n = graph.num_nodes();
  if (input_.origin.size() != n || input_.destination.size() != n) {
    invalid_ = Status::InvalidArgument("origin and destination need one entry per node", "route_ends");
    return;
  }
  if (!input_.cost.empty() && input_.cost.size() != n) {
    invalid_ = Status::InvalidArgument("cost needs one entry per node", "cost");
    return;
  }
  if (!input_.removable.empty() && input_.removable.size() != n) {
    invalid_ = Status::InvalidArgument("removable needs one entry per node", "removable");
    return;
  }
  for (size_t v = 0; v < input_.cost.size(); ++v) {
    if (!std::isfinite(input_.cost[v]) || input_.cost[v] <= 0) {
      invalid_ = Status::InvalidArgument("cost of '" + graph.label(static_cast<NodeIndex>(v)) + "' must be finite and > 0",
                                         "cost");
      return;
    }
  }
}

Status RouteCut::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  NodeIndex n = graph_.num_nodes();
  uint32_t source = 2 * n, sink = 2 * n + 1;
  MaxFlow flow(2 * static_cast<size_t>(n) + 2);
  origins_ = destinations_ = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    bool may_cut = input_.removable.empty() || input_.removable[v];
    int64_t capacity = kUnbounded;
    if (may_cut) {
      double c = input_.cost.empty() ? 1.0 : input_.cost[v];
      capacity = std::max<int64_t>(1, std::llround(c * kScale));
    }
    flow.AddArc(2 * v, 2 * v + 1, capacity);
    for (NodeIndex u : graph_.Neighbors(v)) {
      if (u != v) flow.AddArc(2 * v + 1, 2 * u, kUnbounded);  // undirected: both lists hold the link
    }
    if (input_.origin[v]) {
      flow.AddArc(source, 2 * v, kUnbounded);
      ++origins_;
    }
    if (input_.destination[v]) {
      flow.AddArc(2 * v + 1, sink, kUnbounded);
      ++destinations_;
    }
  }
  int64_t value = flow.Run(source, sink);
  auto reach = flow.Reachable(source);
  cut_.clear();
  cost_ = 0;
  if (value >= kUnbounded) {
    for (NodeIndex v = 0; v < n; ++v) {
      if (reach[2 * v] && !reach[2 * v + 1]) continue;
      if (reach[2 * v] && reach[2 * v + 1] && input_.destination[v]) {
        return Status::FailedPrecondition("no route cut exists: origin and destination actors are linked through "
                                          "actors that may not be targeted (e.g. '" + graph_.label(v) + "')");
      }
    }
    return Status::FailedPrecondition(
        "no route cut exists: origin and destination actors are linked through actors that may not be targeted");
  }
  for (NodeIndex v = 0; v < n; ++v) {
    if (reach[2 * v] && !reach[2 * v + 1]) {
      cut_.push_back(v);
      cost_ += input_.cost.empty() ? 1.0 : input_.cost[v];
    }
  }
  return Status::Ok();
}

}  // namespace disrupt::plan
