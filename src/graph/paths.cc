// Shortest paths, Yen's k shortest paths, ego networks; see paths.h.
#include "graph/paths.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <set>

namespace disrupt::graph {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Status CheckNode(const Graph& g, NodeIndex v, const char* what) {
  if (v >= g.num_nodes()) return Status::InvalidArgument(std::string("unknown ") + what + " node", what);
  return Status::Ok();
}

// Length of the link u -> v (1 without weights); kInf when absent.
double LinkLength(const Graph& g, NodeIndex u, NodeIndex v, bool use_weights) {
  auto nbrs = g.Neighbors(u);
  auto it = std::lower_bound(nbrs.begin(), nbrs.end(), v);
  if (it == nbrs.end() || *it != v) return kInf;
  return use_weights ? g.Weights(u)[static_cast<size_t>(it - nbrs.begin())] : 1.0;
}

// Shortest path avoiding banned nodes and banned links (u, v).
std::optional<Path> Search(const Graph& g, NodeIndex s, NodeIndex t, bool use_weights,
                           const std::vector<uint8_t>& banned_node,
                           const std::set<std::pair<NodeIndex, NodeIndex>>& banned_link) {
  const NodeIndex n = g.num_nodes();
  std::vector<double> dist(n, kInf);
  std::vector<NodeIndex> parent(n, kNoNode);
  std::vector<uint8_t> done(n, 0);
  auto allowed = [&](NodeIndex u, NodeIndex v) {
    if (u == v || banned_node[v]) return false;
    if (banned_link.empty()) return true;
    if (banned_link.count({u, v})) return false;
    return g.directed() || !banned_link.count({v, u});
  };
  dist[s] = 0;
  if (!use_weights) {
    std::vector<NodeIndex> queue{s};
    for (size_t i = 0; i < queue.size() && dist[t] == kInf; ++i) {
      NodeIndex u = queue[i];
      for (NodeIndex v : g.Neighbors(u)) {
        if (dist[v] != kInf || !allowed(u, v)) continue;
        dist[v] = dist[u] + 1;
        parent[v] = u;
        queue.push_back(v);
      }
    }
  } else {
    std::priority_queue<std::pair<double, NodeIndex>, std::vector<std::pair<double, NodeIndex>>, std::greater<>> heap;
    heap.push({0.0, s});
    while (!heap.empty()) {
      auto [d, u] = heap.top();
      heap.pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u == t) break;
      auto nbrs = g.Neighbors(u);
      auto ws = g.Weights(u);
      for (size_t i = 0; i < nbrs.size(); ++i) {
        NodeIndex v = nbrs[i];
        if (done[v] || !allowed(u, v)) continue;
        if (d + ws[i] < dist[v]) {
          dist[v] = d + ws[i];
          parent[v] = u;
          heap.push({dist[v], v});
        }
      }
    }
  }
  if (dist[t] == kInf) return std::nullopt;
  Path p;
  p.length = dist[t];
  for (NodeIndex v = t; v != kNoNode; v = parent[v]) p.nodes.push_back(v);
  std::reverse(p.nodes.begin(), p.nodes.end());
  return p;
}

}  // namespace

Result<std::optional<Path>> ShortestPath(const Graph& graph, NodeIndex source, NodeIndex target,
                                         PathOptions options) {
  DISRUPT_RETURN_IF_ERROR(CheckNode(graph, source, "source"));
  DISRUPT_RETURN_IF_ERROR(CheckNode(graph, target, "target"));
  if (options.use_weights) DISRUPT_RETURN_IF_ERROR(CheckLengths(graph));
  std::vector<uint8_t> banned(graph.num_nodes(), 0);
  return Search(graph, source, target, options.use_weights, banned, {});
}

KShortestPaths::KShortestPaths(const Graph& graph, NodeIndex source, NodeIndex target, size_t k,
                               PathOptions options)
    : graph_(graph), source_(source), target_(target), k_(k), options_(options) {
  invalid_ = CheckNode(graph_, source_, "source");
  if (invalid_.ok()) invalid_ = CheckNode(graph_, target_, "target");
  if (invalid_.ok() && options_.use_weights) invalid_ = CheckLengths(graph_);
}

Status KShortestPaths::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  const Graph& g = graph_;
  const bool w = options_.use_weights;
  paths_.clear();
  std::vector<uint8_t> banned(g.num_nodes(), 0);
  if (k_ > 0) {
    auto first = Search(g, source_, target_, w, banned, {});
    if (first) paths_.push_back(*first);
  }
  // Candidates ordered by length, then by node sequence (deterministic).
  auto shorter = [](const Path& a, const Path& b) {
    return a.length != b.length ? a.length < b.length : a.nodes < b.nodes;
  };
  std::set<Path, decltype(shorter)> candidates(shorter);
  while (!paths_.empty() && paths_.size() < k_ && source_ != target_) {
    const Path last = paths_.back();
    double root_length = 0;
    for (size_t i = 0; i + 1 < last.nodes.size(); ++i) {
      NodeIndex spur = last.nodes[i];
      std::set<std::pair<NodeIndex, NodeIndex>> banned_links;
      for (const Path& p : paths_) {
        if (p.nodes.size() > i + 1 && std::equal(p.nodes.begin(), p.nodes.begin() + static_cast<long>(i) + 1,
                                                 last.nodes.begin())) {
          banned_links.insert({p.nodes[i], p.nodes[i + 1]});
        }
      }
      for (size_t j = 0; j < i; ++j) banned[last.nodes[j]] = 1;
      auto spur_path = Search(g, spur, target_, w, banned, banned_links);
      for (size_t j = 0; j < i; ++j) banned[last.nodes[j]] = 0;
      if (spur_path) {
        Path total;
        total.nodes.assign(last.nodes.begin(), last.nodes.begin() + static_cast<long>(i));
        total.nodes.insert(total.nodes.end(), spur_path->nodes.begin(), spur_path->nodes.end());
        total.length = root_length + spur_path->length;
        if (std::find(paths_.begin(), paths_.end(), total) == paths_.end()) candidates.insert(std::move(total));
      }
      root_length += LinkLength(g, last.nodes[i], last.nodes[i + 1], w);
    }
    if (candidates.empty()) break;
    paths_.push_back(*candidates.begin());
    candidates.erase(candidates.begin());
  }
  has_run_ = true;
  return Status::Ok();
}

Result<std::vector<EgoMember>> EgoNetwork(const Graph& graph, NodeIndex centre, EgoOptions options) {
  DISRUPT_RETURN_IF_ERROR(CheckNode(graph, centre, "centre"));
  if (options.depth < 0) return Status::InvalidArgument("depth must be >= 0", "depth");
  std::vector<int> dist(graph.num_nodes(), -1);
  std::vector<NodeIndex> order{centre};
  dist[centre] = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    NodeIndex u = order[i];
    if (dist[u] == options.depth) continue;
    auto visit = [&](std::span<const NodeIndex> nbrs) {
      for (NodeIndex v : nbrs) {
        if (dist[v] < 0) {
          dist[v] = dist[u] + 1;
          order.push_back(v);
        }
      }
    };
    if (!graph.directed() || options.direction != Direction::kIn) visit(graph.Neighbors(u));
    if (graph.directed() && options.direction != Direction::kOut) visit(graph.InNeighbors(u));
  }
  std::vector<EgoMember> out;
  out.reserve(order.size());
  for (NodeIndex v : order) out.push_back({v, dist[v]});
  std::stable_sort(out.begin(), out.end(), [](const EgoMember& a, const EgoMember& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.node < b.node;
  });
  return out;
}

Graph InducedSubgraph(const Graph& graph, const std::vector<NodeIndex>& nodes) {
  GraphBuilder b(BuildOptions{graph.directed(), true, graph.weighted()});
  std::vector<NodeIndex> local(graph.num_nodes(), kNoNode);
  std::vector<NodeIndex> unique;
  for (NodeIndex v : nodes) {
    if (v < graph.num_nodes() && local[v] == kNoNode) {
      local[v] = b.AddNode(graph.label(v));
      unique.push_back(v);
    }
  }
  for (NodeIndex v : unique) {
    auto nbrs = graph.Neighbors(v);
    auto ws = graph.Weights(v);
    for (size_t i = 0; i < nbrs.size(); ++i) {
      NodeIndex u = nbrs[i];
      if (local[u] == kNoNode) continue;
      if (!graph.directed() && u < v) continue;  // each undirected link once
      b.AddLink(local[v], local[u], ws.empty() ? 1.0 : ws[i]);
    }
  }
  return b.Build();
}

}  // namespace disrupt::graph
