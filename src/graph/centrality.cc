// Degree, betweenness, closeness, eigenvector and PageRank; see centrality.h.
//
// Betweenness follows Brandes (2001). Counting hops, the forward traversal
// is direction-optimising and records the shortest-path links it finds in
// bitmaps, and the dependency pass follows only those links (see
// BrandesHops). With lengths, Dijkstra forward and a "pull" dependency pass:
// each node, taken in reverse order of distance, sums what it owes to its
// successors, writing only its own entry. PageRank: see IteratePageRank.
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

// Unweighted betweenness from one source, direction-optimising.
//
// Forward, level by level, each step is taken the cheaper way: top-down
// (every node of the frontier looks at its neighbours, as in Brandes) or,
// on an undirected graph once the frontier holds more links than the
// unreached nodes do, bottom-up (every unreached node sums the path counts of
// its neighbours on the frontier). On a small-world graph the bottom-up step
// replaces the scan of the huge middle level by a scan of the few nodes left
// beyond it. Either way, the links of the shortest-path DAG found in the step
// are marked in a bitmap over link positions: successors on the tail's side
// (top-down) or predecessors on the head's side (bottom-up). Backward, the
// dependencies then follow only the marked links: a top-down level pulls
// from its successors, a bottom-up level pushes to its predecessors. The
// backward pass never re-tests distances and touches only the DAG's links
// (a fraction of all links), which is where most of the gain comes from.
//
// Each node's distance and value (sigma forward, then (1 + delta) / sigma)
// share one 16-byte record, so one cache line answers both questions.
struct NodeState {
  int32_t dist = -1;  // -1 while unreached
  double value = 0;   // sigma, then (1 + delta) / sigma once settled backward
};

struct DagScratch {
  DagScratch(const Graph& g)
      : state(g.num_nodes()),
        sum(g.num_nodes(), 0.0),
        succ(ArcCount(g) / 64 + 1, 0),
        pred(succ.size(), 0),
        acc(g.num_nodes(), 0.0) {}
  static uint64_t ArcCount(const Graph& g) {
    NodeIndex n = g.num_nodes();
    return n == 0 ? 0 : static_cast<uint64_t>(g.Neighbors(n - 1).data() + g.Neighbors(n - 1).size() - g.Neighbors(0).data());
  }
  std::vector<NodeState> state;
  std::vector<double> sum;          // sum over successors of (1 + delta) / sigma
  std::vector<uint64_t> succ;       // marked successor links (tail side)
  std::vector<uint64_t> pred;       // marked predecessor links (head side)
  std::vector<NodeIndex> order;     // level lists, one after another
  std::vector<size_t> level_begin;  // where each level starts in order
  std::vector<uint8_t> bottom_up;   // per step d -> d+1
  std::vector<NodeIndex> unreached; // candidates for bottom-up steps
  std::vector<double> acc;          // this thread's betweenness sums
};

inline void SetBit(std::vector<uint64_t>& bits, uint64_t i) { bits[i >> 6] |= uint64_t{1} << (i & 63); }

// Calls fn(position) for each set bit in [begin, end).
template <typename Fn>
inline void ForBits(const std::vector<uint64_t>& bits, uint64_t begin, uint64_t end, Fn&& fn) {
  for (uint64_t word = begin >> 6; word <= (end - 1) >> 6 && begin < end; ++word) {
    uint64_t w = bits[word];
    if (word == begin >> 6) w &= ~uint64_t{0} << (begin & 63);
    if (word == (end - 1) >> 6 && (end & 63) != 0) w &= ~(~uint64_t{0} << (end & 63));
    while (w) {
      fn((word << 6) + static_cast<uint64_t>(__builtin_ctzll(w)));
      w &= w - 1;
    }
  }
}

inline void ClearBits(std::vector<uint64_t>& bits, uint64_t begin, uint64_t end) {
  if (begin >= end) return;
  for (uint64_t word = begin >> 6; word <= (end - 1) >> 6; ++word) bits[word] = 0;
}

void BrandesHops(const Graph& g, NodeIndex s, DagScratch& w) {
  auto& state = w.state;
  auto& order = w.order;
  auto& level_begin = w.level_begin;
  const NodeIndex n = g.num_nodes();
  const NodeIndex* base = g.Neighbors(0).data();
  auto position = [base](std::span<const NodeIndex> list) { return static_cast<uint64_t>(list.data() - base); };
  const bool may_go_bottom_up = !g.directed();
  const uint64_t all_arcs = DagScratch::ArcCount(g);
  order.clear();
  level_begin.assign(1, 0);
  w.bottom_up.clear();
  w.unreached.clear();
  bool have_unreached = false;
  state[s] = {0, 1.0};
  order.push_back(s);
  uint64_t frontier_arcs = g.OutDegree(s), reached_arcs = frontier_arcs;
  for (int32_t d = 0;; ++d) {
    const size_t begin = level_begin.back(), end = order.size();
    if (begin == end) break;
    level_begin.push_back(end);
    const int32_t next = d + 1;
    const bool up = may_go_bottom_up && frontier_arcs > all_arcs - reached_arcs;
    w.bottom_up.push_back(up);
    uint64_t found_arcs = 0;
    if (!up) {
      for (size_t k = begin; k < end; ++k) {
        const NodeIndex v = order[k];
        const double sv = state[v].value;
        auto nbrs = g.Neighbors(v);
        const uint64_t at = position(nbrs);
        for (size_t i = 0; i < nbrs.size(); ++i) {
          NodeState& su = state[nbrs[i]];
          if (su.dist < 0) {
            su.dist = next;
            order.push_back(nbrs[i]);
            found_arcs += g.OutDegree(nbrs[i]);
          }
          if (su.dist == next) {
            su.value += sv;
            SetBit(w.succ, at + i);
          }
        }
      }
    } else {
      if (!have_unreached) {
        for (NodeIndex u = 0; u < n; ++u) {
          if (state[u].dist < 0) w.unreached.push_back(u);
        }
        have_unreached = true;
      }
      size_t keep = 0;
      for (NodeIndex u : w.unreached) {
        if (state[u].dist >= 0) continue;  // reached by a later top-down step
        auto nbrs = g.Neighbors(u);
        const uint64_t at = position(nbrs);
        double sigma = 0;
        for (size_t i = 0; i < nbrs.size(); ++i) {
          const NodeState& sv = state[nbrs[i]];
          if (sv.dist == d) {
            sigma += sv.value;
            SetBit(w.pred, at + i);
          }
        }
        if (sigma > 0) {
          state[u] = {next, sigma};
          order.push_back(u);
          found_arcs += nbrs.size();
        } else {
          w.unreached[keep++] = u;
        }
      }
      w.unreached.resize(keep);
    }
    frontier_arcs = found_arcs;
    reached_arcs += found_arcs;
  }
  // Backward, deepest level first. level_begin has one entry per level plus
  // the end; bottom_up[d] tells how level d + 1 was found from level d.
  const size_t levels = level_begin.size() - 1;
  for (size_t level = levels; level-- > 1;) {
    const size_t lb = level_begin[level], le = level_begin[level + 1];
    if (level + 1 < levels && !w.bottom_up[level]) {
      for (size_t k = lb; k < le; ++k) {
        const NodeIndex v = order[k];
        auto nbrs = g.Neighbors(v);
        const uint64_t at = position(nbrs);
        double total = 0;
        ForBits(w.succ, at, at + nbrs.size(), [&](uint64_t p) { total += state[base[p]].value; });
        w.sum[v] = total;
      }
    }
    for (size_t k = lb; k < le; ++k) {
      const NodeIndex v = order[k];
      NodeState& sv = state[v];
      const double delta = sv.value * w.sum[v];
      w.acc[v] += delta;
      sv.value = (1.0 + delta) / sv.value;
    }
    if (w.bottom_up[level - 1]) {
      for (size_t k = lb; k < le; ++k) {
        const NodeIndex u = order[k];
        auto nbrs = g.Neighbors(u);
        const uint64_t at = position(nbrs);
        const double give = state[u].value;
        ForBits(w.pred, at, at + nbrs.size(), [&](uint64_t p) { w.sum[base[p]] += give; });
      }
    }
  }
  for (NodeIndex v : order) {
    auto nbrs = g.Neighbors(v);
    const uint64_t at = position(nbrs);
    ClearBits(w.succ, at, at + nbrs.size());
    ClearBits(w.pred, at, at + nbrs.size());
    state[v] = NodeState();
    w.sum[v] = 0.0;
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
  const auto& subset = options_.sources;
  for (NodeIndex s : subset) {
    if (s >= n) return Status::InvalidArgument("source outside the graph", "sources");
  }
  const size_t count = subset.empty() ? n : subset.size();
  auto source = [&](size_t i) { return subset.empty() ? static_cast<NodeIndex>(i) : subset[i]; };
  scores_.assign(n, 0.0);
  if (options_.use_weights) {
    std::vector<SourceScratch> scratch;
    scratch.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) scratch.emplace_back(n);
    std::vector<Heap> heaps(threads);
    ParallelForDynamic(count, threads, 16, [&](size_t i, unsigned t) {
      if (IsCancelled(options_.cancel)) return;
      BrandesLengths(g, source(i), scratch[t], heaps[t]);
    });
    for (const auto& w : scratch) {
      for (NodeIndex v = 0; v < n; ++v) scores_[v] += w.acc[v];
    }
  } else {
    std::vector<DagScratch> scratch;
    scratch.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) scratch.emplace_back(g);
    ParallelForDynamic(count, threads, 16, [&](size_t i, unsigned t) {
      if (IsCancelled(options_.cancel)) return;
      BrandesHops(g, source(i), scratch[t]);
    });
    for (const auto& w : scratch) {
      for (NodeIndex v = 0; v < n; ++v) scores_[v] += w.acc[v];
    }
  }
  if (IsCancelled(options_.cancel)) return Cancelled();
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

namespace {

// One PageRank iteration scheme for both storage widths: Real is the type of
// the stored per-node values (scores, inverse out-strengths and the gathered
// contributions x[u] / out-strength(u)): float when the tolerance allows,
// halving the bytes the iteration streams and the only randomly read array;
// sums are always accumulated in double. One pass over the in-links per
// iteration: computing G(x) also produces the next contributions (in a
// second buffer, so that no thread reads a value of the iteration it is
// writing), the dangling mass and the L1 change |G(x) - x|.
constexpr size_t kPrefetchDistance = 64;

// The L1 change and the dangling mass are sums over all nodes; to give the
// same bits whatever the number of threads, each is summed per fixed chunk of
// kPageRankChunk nodes (in node order) and the chunk sums are then added in
// chunk order. Threads take whole chunks (`bounds` are chunk numbers).
constexpr size_t kPageRankChunk = 4096;

// Chebyshev acceleration (undirected graphs only). The PageRank map is G(x) =
// b + M x, and the error of an iterate shrinks by M. On an undirected graph
// the random walk D^-1 A is similar to a symmetric matrix, and the dangling
// (isolated) nodes only add a block-triangular rank-one part, so M has a real
// spectrum inside [-a, a]. The Chebyshev semi-iteration
//   x_{k+1} = w_{k+1} G(x_k) + (1 - w_{k+1}) x_{k-1},
//   w_2 = 1 / (1 - r^2 / 2),  w_{k+1} = 1 / (1 - r^2 w_k / 4),
// damps every error component with |eigenvalue| <= r by the Chebyshev
// polynomial of degree k instead of by r^k; components beyond r still shrink
// (less quickly) because every eigenvalue is below 1 in absolute value, so a
// poor estimate of r costs passes, never correctness. r is estimated from the
// ratio of the first two L1 changes, inflated by kChebyshevMargin (early
// ratios mix fast-dying components in and understate the asymptotic rate).
// Complex eigenvalues (directed graphs) can make the same recurrence diverge,
// so directed graphs keep the plain iteration.
//
// The stopping rule is unchanged: a pass computes G(x_k) and |G(x_k) - x_k|,
// and the result is G(x_k) for the first x_k whose change is below the
// tolerance. Since the combination would overwrite G(x_k), a pass whose
// change is predicted (previous change times the last ratio) to fall below
// the tolerance is a plain pass; if the prediction fails, the semi-iteration
// restarts from there.
constexpr int kChebyshevAfter = 2;  // plain passes that measure the rate
constexpr double kChebyshevMargin = 1.3;

template <typename Real>
int IteratePageRank(const Graph& g, const PageRankOptions& options, const std::vector<double>& inv_out_in,
                    const std::vector<size_t>& bounds, const std::vector<uint8_t>& loops, bool accelerate,
                    std::vector<double>& scores) {
  const uint8_t* self_loop = loops.empty() ? nullptr : loops.data();
  const NodeIndex n = g.num_nodes();
  const double alpha = options.damping;
  const unsigned threads = static_cast<unsigned>(bounds.size() - 1);
  const size_t chunks = (n + kPageRankChunk - 1) / kPageRankChunk;
  // x is the current iterate; `next` receives the new one and, during an
  // accelerated pass, holds the previous iterate until it is overwritten.
  std::vector<Real> x(n), next(n), inv_out(n), contrib(n), next_contrib(n);
  struct Partial {
    double change = 0, dangling = 0;
  };
  std::vector<Partial> partial(chunks);
  for (NodeIndex u = 0; u < n; ++u) {
    x[u] = static_cast<Real>(scores[u]);
    inv_out[u] = static_cast<Real>(inv_out_in[u]);
    contrib[u] = static_cast<Real>(static_cast<double>(x[u]) * inv_out_in[u]);
    if (inv_out_in[u] == 0) partial[u / kPageRankChunk].dangling += static_cast<double>(x[u]);
  }
  double dangling = 0;
  for (const Partial& p : partial) dangling += p.dangling;
  double rate = 0, last_change = 0, ratio = 1, omega = 1;
  int accelerated = 0;  // accelerated passes since the last plain one
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    const double base = (1.0 - alpha) / n + alpha * dangling / n;
    const bool plain = !accelerate || iteration <= kChebyshevAfter || last_change * ratio < options.tolerance;
    if (plain) {
      accelerated = 0;
      omega = 1;
    } else {
      omega = ++accelerated == 1 ? 1.0 / (1.0 - rate * rate / 2) : 1.0 / (1.0 - rate * rate * omega / 4);
    }
    const double keep = 1.0 - omega;
    auto work = [&](unsigned t) {
      const Real* c = contrib.data();
      const NodeIndex* arcs_end = g.InNeighbors(n - 1).data() + g.InNeighbors(n - 1).size();
      for (size_t chunk = bounds[t]; chunk < bounds[t + 1]; ++chunk) {
        double change = 0, lost = 0;
        const size_t chunk_end = std::min<size_t>(n, (chunk + 1) * kPageRankChunk);
        for (size_t vi = chunk * kPageRankChunk; vi < chunk_end; ++vi) {
          const NodeIndex v = static_cast<NodeIndex>(vi);
          auto nbrs = g.InNeighbors(v);
          double s = 0;
          if (options.use_weights) {
            auto ws = g.InWeights(v);
            for (size_t i = 0; i < nbrs.size(); ++i) s += nbrs[i] == v ? 0.0 : ws[i] * static_cast<double>(c[nbrs[i]]);
          } else {
            // The gathers are the iteration's cost; ask for the contribution
            // a few lists ahead so that its cache miss overlaps this work.
            const NodeIndex* p = nbrs.data();
            if (p + nbrs.size() + kPrefetchDistance <= arcs_end) {
              for (size_t i = 0; i < nbrs.size(); ++i) __builtin_prefetch(c + p[i + kPrefetchDistance]);
            }
            // Four partial sums: one would chain every addition to the last.
            const size_t len = nbrs.size();
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            size_t i = 0;
            for (; i + 4 <= len; i += 4) {
              s0 += static_cast<double>(c[p[i]]);
              s1 += static_cast<double>(c[p[i + 1]]);
              s2 += static_cast<double>(c[p[i + 2]]);
              s3 += static_cast<double>(c[p[i + 3]]);
            }
            for (; i < len; ++i) s0 += static_cast<double>(c[p[i]]);
            s = (s0 + s1) + (s2 + s3);
            if (self_loop != nullptr && self_loop[v]) s -= static_cast<double>(c[v]);  // a loop gives nothing
          }
          const double r = base + alpha * s;
          change += std::abs(r - static_cast<double>(x[v]));
          const Real y = static_cast<Real>(plain ? r : omega * r + keep * static_cast<double>(next[v]));
          next[v] = y;
          next_contrib[v] = y * inv_out[v];
          if (inv_out[v] == 0) lost += static_cast<double>(y);
        }
        partial[chunk].change = change;
        partial[chunk].dangling = lost;
      }
    };
    RunOnThreads(threads, work);
    double change = 0;
    dangling = 0;
    for (const Partial& p : partial) {
      change += p.change;
      dangling += p.dangling;
    }
    x.swap(next);
    contrib.swap(next_contrib);
    if (change < options.tolerance && plain) {
      for (NodeIndex v = 0; v < n; ++v) scores[v] = static_cast<double>(x[v]);
      return iteration;
    }
    if (last_change > 0) {
      ratio = change / last_change;
      if (iteration <= kChebyshevAfter) rate = std::max(rate, std::min(alpha, kChebyshevMargin * ratio));
    }
    last_change = change;
  }
  return 0;
}

}  // namespace

Status PageRank::Run() {
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
  // inv_out[u] = 1 / (out-strength of u without self-loops), 0 when dangling;
  // loops[u] when u has a self-loop (a loop u -> u is in both u's out- and
  // in-list, each sorted and merged, so once).
  std::vector<double> inv_out(n), strength(n);
  std::vector<uint8_t> loops(n, 0);
  ParallelForStatic(n, threads, [&](size_t b, size_t e, unsigned) {
    for (size_t ui = b; ui < e; ++ui) {
      NodeIndex u = static_cast<NodeIndex>(ui);
      auto nbrs = g.Neighbors(u);
      loops[u] = std::binary_search(nbrs.begin(), nbrs.end(), u);
      double s = static_cast<double>(nbrs.size() - loops[u]);
      if (options_.use_weights) {
        auto ws = g.Weights(u);
        s = 0;
        for (size_t i = 0; i < nbrs.size(); ++i) {
          if (nbrs[i] != u) s += ws[i];
        }
      }
      strength[u] = s;
      inv_out[u] = s > 0 ? 1.0 / s : 0.0;
    }
  });
  // Ranges of whole chunks of about equal in-link counts, one per thread.
  const size_t chunks = (n + kPageRankChunk - 1) / kPageRankChunk;
  const unsigned parts = static_cast<unsigned>(std::min<size_t>(threads, chunks));
  uint64_t in_arcs = 0;
  for (NodeIndex v = 0; v < n; ++v) in_arcs += g.InDegree(v) + 1;
  std::vector<size_t> bounds{0};
  {
    uint64_t seen = 0;
    unsigned t = 1;
    for (NodeIndex v = 0; v < n && t < parts; ++v) {
      seen += g.InDegree(v) + 1;
      if ((v + 1) % kPageRankChunk == 0 && seen * parts >= in_arcs * t) {
        bounds.push_back((v + 1) / kPageRankChunk);
        ++t;
      }
    }
    while (bounds.size() < parts) bounds.push_back(chunks);
    bounds.push_back(chunks);
  }
  if (std::find(loops.begin(), loops.end(), uint8_t{1}) == loops.end()) loops.clear();  // no test per link
  // The start: uniform, except on an undirected graph, where the random
  // walk's stationary distribution (strength over total strength) is what
  // PageRank becomes as the damping nears 1, so the start (1 - a)/n + a
  // strength/total is already close and the iteration needs fewer passes.
  // Only the start changes; the fixed point and the stopping rule do not.
  std::vector<double> x(n, 1.0 / n);
  if (!g.directed()) {
    double total = 0;
    for (double s : strength) total += s;
    if (total > 0) {
      const double alpha = options_.damping;
      for (NodeIndex u = 0; u < n; ++u) x[u] = (1.0 - alpha) / n + alpha * strength[u] / total;
    }
  }
  strength = {};
  // Single precision rounds each stored score and contribution to 24 bits
  // (a relative 6e-8; the scores sum to 1), which moves the L1 change and the
  // result by about 1e-7 at most; above that tolerance it is safe.
  const bool compact = !options_.use_weights && options_.tolerance >= kCompactPageRankTolerance;
  iterations_ = compact ? IteratePageRank<float>(g, options_, inv_out, bounds, loops, !g.directed(), x)
                        : IteratePageRank<double>(g, options_, inv_out, bounds, loops, !g.directed(), x);
  if (iterations_ == 0) {
    iterations_ = options_.max_iterations;
    return Status::FailedPrecondition("PageRank did not converge in " + std::to_string(options_.max_iterations) +
                                      " iterations");
  }
  scores_ = std::move(x);
  has_run_ = true;
  return Status::Ok();
}

}  // namespace disrupt::graph
