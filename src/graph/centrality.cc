// Degree, betweenness, closeness, eigenvector and PageRank; see centrality.h.
//
// Betweenness follows Brandes (2001) with the dependency accumulation done
// in "pull" form: each node, taken in reverse order of distance, sums what
// it owes to its successors on shortest paths. That writes only the node's
// own entry, so the pass needs no predecessor lists and no second graph.
#include "graph/centrality.h"

#include <cmath>
#include <limits>
#include <queue>

namespace disrupt::graph {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

Status Cancelled() { return Status::Unavailable("analysis cancelled"); }

bool IsCancelled(const std::atomic<bool>* cancel) {
  return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// Scratch space of one thread for single-source shortest paths.
struct SourceScratch {
  explicit SourceScratch(NodeIndex n)
      : hops(n, -1), length(n, kInfinity), sigma(n, 0.0), delta(n, 0.0), settled(n, 0), acc(n, 0.0) {
    order.reserve(n);
  }
  std::vector<int32_t> hops;
  std::vector<double> length;
  std::vector<double> sigma;
  std::vector<double> delta;
  std::vector<uint8_t> settled;
  std::vector<NodeIndex> order;
  std::vector<double> acc;  // this thread's betweenness sums
};

using Heap = std::priority_queue<std::pair<double, NodeIndex>, std::vector<std::pair<double, NodeIndex>>,
                                 std::greater<>>;

// Breadth-first shortest paths from s, counting them; then pull dependencies.
void BrandesHops(const Graph& g, NodeIndex s, SourceScratch& w) {
  auto& hops = w.hops;
  auto& sigma = w.sigma;
  auto& delta = w.delta;
  auto& order = w.order;
  order.clear();
  hops[s] = 0;
  sigma[s] = 1.0;
  order.push_back(s);
  for (size_t i = 0; i < order.size(); ++i) {
    NodeIndex v = order[i];
    int32_t next = hops[v] + 1;
    double sv = sigma[v];
    for (NodeIndex u : g.Neighbors(v)) {
      if (hops[u] < 0) {
        hops[u] = next;
        order.push_back(u);
      }
      if (hops[u] == next) sigma[u] += sv;
    }
  }
  for (size_t i = order.size(); i-- > 0;) {
    NodeIndex v = order[i];
    int32_t next = hops[v] + 1;
    double d = 0.0;
    for (NodeIndex u : g.Neighbors(v)) {
      if (hops[u] == next) d += (1.0 + delta[u]) / sigma[u];
    }
    d *= sigma[v];
    delta[v] = d;
    if (v != s) w.acc[v] += d;
  }
  for (NodeIndex v : order) {
    hops[v] = -1;
    sigma[v] = 0.0;
    delta[v] = 0.0;
  }
}

// Dijkstra from s following out-links (or in-links when `reverse`), filling
// w.length, w.sigma and w.order (settled order). Exact float equality decides
// ties, as in NetworkX, so integer lengths give exact path counts.
void DijkstraCount(const Graph& g, NodeIndex s, bool reverse, SourceScratch& w, Heap& heap) {
  auto& length = w.length;
  auto& sigma = w.sigma;
  w.order.clear();
  length[s] = 0.0;
  sigma[s] = 1.0;
  heap.push({0.0, s});
  while (!heap.empty()) {
    auto [d, v] = heap.top();
    heap.pop();
    if (w.settled[v]) continue;
    w.settled[v] = 1;
    w.order.push_back(v);
    auto nbrs = reverse ? g.InNeighbors(v) : g.Neighbors(v);
    auto lens = reverse ? g.InWeights(v) : g.Weights(v);
    for (size_t i = 0; i < nbrs.size(); ++i) {
      NodeIndex u = nbrs[i];
      if (u == v || w.settled[u]) continue;
      double nd = d + lens[i];
      if (nd < length[u]) {
        length[u] = nd;
        sigma[u] = sigma[v];
        heap.push({nd, u});
      } else if (nd == length[u]) {
        sigma[u] += sigma[v];
      }
    }
  }
}

void ResetDijkstra(SourceScratch& w) {
  for (NodeIndex v : w.order) {
    w.length[v] = kInfinity;
    w.sigma[v] = 0.0;
    w.delta[v] = 0.0;
    w.settled[v] = 0;
  }
}

void BrandesLengths(const Graph& g, NodeIndex s, SourceScratch& w, Heap& heap) {
  DijkstraCount(g, s, false, w, heap);
  for (size_t i = w.order.size(); i-- > 0;) {
    NodeIndex v = w.order[i];
    auto nbrs = g.Neighbors(v);
    auto lens = g.Weights(v);
    double dv = w.length[v], d = 0.0;
    for (size_t j = 0; j < nbrs.size(); ++j) {
      NodeIndex u = nbrs[j];
      if (u != v && w.settled[u] && w.length[u] == dv + lens[j]) d += (1.0 + w.delta[u]) / w.sigma[u];
    }
    d *= w.sigma[v];
    w.delta[v] = d;
    if (v != s) w.acc[v] += d;
  }
  ResetDijkstra(w);
}

}  // namespace

// ---- Degree -----------------------------------------------------------------

DegreeCentrality::DegreeCentrality(const Graph& graph, DegreeOptions options) : graph_(graph), options_(options) {
  if (options_.use_weights && !graph_.weighted()) {
    invalid_ = Status::InvalidArgument("weighted degree requested but the graph has no weights", "weight");
  }
}

Status DegreeCentrality::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  scores_.assign(n, 0.0);
  auto add = [&](NodeIndex v, std::span<const NodeIndex> nbrs, std::span<const double> ws) {
    double s = 0;
    for (size_t i = 0; i < nbrs.size(); ++i) {
      if (nbrs[i] == v) continue;
      s += options_.use_weights ? ws[i] : 1.0;
    }
    scores_[v] += s;
  };
  for (NodeIndex v = 0; v < n; ++v) {
    if (!g.directed() || options_.mode != DegreeMode::kIn) add(v, g.Neighbors(v), g.Weights(v));
    if (g.directed() && options_.mode != DegreeMode::kOut) add(v, g.InNeighbors(v), g.InWeights(v));
  }
  has_run_ = true;
  return Status::Ok();
}

// ---- Betweenness --------------------------------------------------------------

Betweenness::Betweenness(const Graph& graph, BetweennessOptions options) : graph_(graph), options_(options) {
  if (options_.use_weights) invalid_ = CheckLengths(graph_);
}

Status Betweenness::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  has_run_ = false;
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  const unsigned threads = ResolveThreads(options_.threads);
  std::vector<SourceScratch> scratch;
  scratch.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) scratch.emplace_back(n);
  std::vector<Heap> heaps(threads);
  const auto& subset = options_.sources;
  for (NodeIndex s : subset) {
    if (s >= n) return Status::InvalidArgument("source outside the graph", "sources");
  }
  const size_t count = subset.empty() ? n : subset.size();
  ParallelForDynamic(count, threads, 16, [&](size_t i, unsigned t) {
    if (IsCancelled(options_.cancel)) return;
    NodeIndex s = subset.empty() ? static_cast<NodeIndex>(i) : subset[i];
    if (options_.use_weights) {
      BrandesLengths(g, s, scratch[t], heaps[t]);
    } else {
      BrandesHops(g, s, scratch[t]);
    }
  });
  if (IsCancelled(options_.cancel)) return Cancelled();
  scores_.assign(n, 0.0);
  for (const auto& w : scratch) {
    for (NodeIndex v = 0; v < n; ++v) scores_[v] += w.acc[v];
  }
  double scale = 1.0;
  if (options_.normalized && n > 2) {
    scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
  } else if (!options_.normalized && !g.directed()) {
    scale = 0.5;
  }
  for (double& b : scores_) b *= scale;
  has_run_ = true;
  return Status::Ok();
}

// ---- Closeness ----------------------------------------------------------------

Closeness::Closeness(const Graph& graph, ClosenessOptions options) : graph_(graph), options_(options) {
  if (options_.use_weights) invalid_ = CheckLengths(graph_);
}

Status Closeness::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  has_run_ = false;
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  const unsigned threads = ResolveThreads(options_.threads);
  std::vector<SourceScratch> scratch;
  scratch.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) scratch.emplace_back(n);
  std::vector<Heap> heaps(threads);
  scores_.assign(n, 0.0);
  harmonic_.assign(n, 0.0);
  ParallelForDynamic(n, threads, 16, [&](size_t item, unsigned t) {
    if (IsCancelled(options_.cancel)) return;
    NodeIndex s = static_cast<NodeIndex>(item);
    SourceScratch& w = scratch[t];
    double total = 0.0, harmonic = 0.0;
    size_t reached = 0;
    if (options_.use_weights) {
      DijkstraCount(g, s, true, w, heaps[t]);
      for (NodeIndex v : w.order) {
        double d = w.length[v];
        total += d;
        if (d > 0) harmonic += 1.0 / d;
      }
      reached = w.order.size();
      ResetDijkstra(w);
    } else {
      auto& order = w.order;
      order.clear();
      w.hops[s] = 0;
      order.push_back(s);
      for (size_t i = 0; i < order.size(); ++i) {
        NodeIndex v = order[i];
        int32_t next = w.hops[v] + 1;
        for (NodeIndex u : g.InNeighbors(v)) {
          if (w.hops[u] < 0) {
            w.hops[u] = next;
            order.push_back(u);
            total += next;
            harmonic += 1.0 / next;
          }
        }
      }
      reached = order.size();
      for (NodeIndex v : order) w.hops[v] = -1;
    }
    double c = 0.0;
    if (total > 0.0 && n > 1) {
      double r = static_cast<double>(reached) - 1.0;
      c = (r / total) * (r / static_cast<double>(n - 1));
    }
    scores_[s] = c;
    harmonic_[s] = harmonic;
  });
  if (IsCancelled(options_.cancel)) return Cancelled();
  has_run_ = true;
  return Status::Ok();
}

// ---- Eigenvector ----------------------------------------------------------------

EigenvectorCentrality::EigenvectorCentrality(const Graph& graph, EigenvectorOptions options)
    : graph_(graph), options_(options) {
  if (options_.use_weights && !graph_.weighted()) {
    invalid_ = Status::InvalidArgument("weighted eigenvector centrality requested but the graph has no weights",
                                       "weight");
  }
  if (!(options_.tolerance > 0)) invalid_ = Status::InvalidArgument("tolerance must be > 0", "tolerance");
}

Status EigenvectorCentrality::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  has_run_ = false;
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  const unsigned threads = ResolveThreads(options_.threads);
  scores_.clear();
  if (n == 0) {
    has_run_ = true;
    return Status::Ok();
  }
  std::vector<double> x(n, 1.0 / n), next(n);
  std::vector<double> partial(threads);
  for (iterations_ = 1; iterations_ <= options_.max_iterations; ++iterations_) {
    std::fill(partial.begin(), partial.end(), 0.0);
    ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned t) {
      double sq = 0;
      for (size_t vi = b; vi < e; ++vi) {
        NodeIndex v = static_cast<NodeIndex>(vi);
        auto nbrs = g.InNeighbors(v);
        double s = x[v];
        if (options_.use_weights) {
          auto ws = g.InWeights(v);
          for (size_t i = 0; i < nbrs.size(); ++i) s += nbrs[i] == v ? 0.0 : ws[i] * x[nbrs[i]];
        } else {
          for (NodeIndex u : nbrs) s += u == v ? 0.0 : x[u];
        }
        next[v] = s;
        sq += s * s;
      }
      partial[t] = sq;
    });
    double norm = 0;
    for (double p : partial) norm += p;
    norm = std::sqrt(norm);
    if (norm == 0) norm = 1;
    double change = 0;
    for (NodeIndex v = 0; v < n; ++v) {
      next[v] /= norm;
      change += std::abs(next[v] - x[v]);
    }
    x.swap(next);
    if (change < options_.tolerance) {
      scores_ = std::move(x);
      has_run_ = true;
      return Status::Ok();
    }
  }
  return Status::FailedPrecondition("eigenvector centrality did not converge in " +
                                    std::to_string(options_.max_iterations) + " iterations");
}

// ---- PageRank ---------------------------------------------------------------------

PageRank::PageRank(const Graph& graph, PageRankOptions options) : graph_(graph), options_(options) {
  if (options_.use_weights && !graph_.weighted()) {
    invalid_ = Status::InvalidArgument("weighted PageRank requested but the graph has no weights", "weight");
  }
  if (!(options_.damping >= 0 && options_.damping < 1)) {
    invalid_ = Status::InvalidArgument("damping must be in [0, 1)", "damping");
  }
  if (!(options_.tolerance > 0)) invalid_ = Status::InvalidArgument("tolerance must be > 0", "tolerance");
  if (options_.use_weights && graph_.weighted()) {
    for (NodeIndex v = 0; v < graph_.num_nodes() && invalid_.ok(); ++v) {
      for (double w : graph_.Weights(v)) {
        if (!(w >= 0) || !std::isfinite(w)) {
          invalid_ = Status::InvalidArgument("PageRank needs finite weights >= 0 at " + graph_.label(v), "weight");
          break;
        }
      }
    }
  }
}

Status PageRank::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  has_run_ = false;
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  const unsigned threads = ResolveThreads(options_.threads);
  const double alpha = options_.damping;
  scores_.clear();
  if (n == 0) {
    has_run_ = true;
    return Status::Ok();
  }
  // inv_out[u] = 1 / (out-strength of u without self-loops), 0 when dangling.
  std::vector<double> inv_out(n);
  ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned) {
    for (size_t ui = b; ui < e; ++ui) {
      NodeIndex u = static_cast<NodeIndex>(ui);
      auto nbrs = g.Neighbors(u);
      auto ws = g.Weights(u);
      double s = 0;
      for (size_t i = 0; i < nbrs.size(); ++i) {
        if (nbrs[i] != u) s += options_.use_weights ? ws[i] : 1.0;
      }
      inv_out[u] = s > 0 ? 1.0 / s : 0.0;
    }
  });
  std::vector<double> x(n, 1.0 / n), next(n), contrib(n);
  std::vector<double> partial(threads);
  for (iterations_ = 1; iterations_ <= options_.max_iterations; ++iterations_) {
    std::fill(partial.begin(), partial.end(), 0.0);
    ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned t) {
      double dangling = 0;
      for (size_t u = b; u < e; ++u) {
        contrib[u] = x[u] * inv_out[u];
        if (inv_out[u] == 0) dangling += x[u];
      }
      partial[t] = dangling;
    });
    double dangling = 0;
    for (double p : partial) dangling += p;
    const double base = (1.0 - alpha) / n + alpha * dangling / n;
    std::fill(partial.begin(), partial.end(), 0.0);
    ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned t) {
      double change = 0;
      for (size_t vi = b; vi < e; ++vi) {
        NodeIndex v = static_cast<NodeIndex>(vi);
        auto nbrs = g.InNeighbors(v);
        double s = 0;
        if (options_.use_weights) {
          auto ws = g.InWeights(v);
          for (size_t i = 0; i < nbrs.size(); ++i) s += nbrs[i] == v ? 0.0 : ws[i] * contrib[nbrs[i]];
        } else {
          for (NodeIndex u : nbrs) s += u == v ? 0.0 : contrib[u];
        }
        double r = base + alpha * s;
        change += std::abs(r - x[v]);
        next[v] = r;
      }
      partial[t] = change;
    });
    double change = 0;
    for (double p : partial) change += p;
    x.swap(next);
    if (change < options_.tolerance) {
      scores_ = std::move(x);
      has_run_ = true;
      return Status::Ok();
    }
  }
  return Status::FailedPrecondition("PageRank did not converge in " + std::to_string(options_.max_iterations) +
                                    " iterations");
}

}  // namespace disrupt::graph
