// Riondato–Kornaropoulos betweenness sampling with bidirectional search; see
// approx_betweenness.h.
//
// One sample: breadth-first levels are grown alternately from u (forward,
// out-links) and from v (backward, in-links), always on the side whose
// frontier has fewer links to scan. When a level reaches nodes the other
// side has seen, every shortest path crosses that new level at a node z with
// d_f(z) + d_b(z) = D (the distance), so there are Σ σ_f(z)·σ_b(z) shortest
// paths. A uniform one is drawn by choosing z in proportion to σ_f(z)·σ_b(z),
// then walking from z back to u and on to v choosing each predecessor in
// proportion to its path count.
#include "graph/approx_betweenness.h"

#include <cmath>
#include <random>

#include "graph/components.h"

namespace disrupt::graph {

uint64_t RkSampleSize(double epsilon, double delta, uint64_t vertex_diameter) {
  double vd = static_cast<double>(vertex_diameter > 3 ? vertex_diameter - 2 : 1);
  double r = (0.5 / (epsilon * epsilon)) * (std::floor(std::log2(vd)) + 1 + std::log(1 / delta));
  return static_cast<uint64_t>(std::ceil(r));
}

namespace {

struct Side {
  explicit Side(NodeIndex n) : dist(n, -1), sigma(n, 0.0) {}
  std::vector<int32_t> dist;
  std::vector<double> sigma;
  std::vector<NodeIndex> visited, frontier, next;
  int32_t level = 0;
  uint64_t frontier_links = 0;
  void Reset() {
    for (NodeIndex v : visited) {
      dist[v] = -1;
      sigma[v] = 0;
    }
    visited.clear();
    frontier.clear();
    next.clear();
  }
  void Start(NodeIndex s, uint64_t links) {
    dist[s] = 0;
    sigma[s] = 1;
    visited.push_back(s);
    frontier.push_back(s);
    level = 0;
    frontier_links = links;
  }
};

struct Sampler {
  Sampler(const Graph& g, uint64_t seed) : g(g), fwd(g.num_nodes()), bwd(g.num_nodes()), rng(seed) {}

  // Adds 1 to `count` for each inner node of one uniformly drawn shortest
  // u -> v path (nothing when v is unreachable).
  void Sample(NodeIndex u, NodeIndex v, std::vector<double>& count) {
    fwd.Start(u, g.OutDegree(u));
    bwd.Start(v, g.InDegree(v));
    bool met = false;
    bool last_forward = true;
    while (!met && !fwd.frontier.empty() && !bwd.frontier.empty()) {
      last_forward = fwd.frontier_links <= bwd.frontier_links;
      met = last_forward ? Expand(fwd, bwd, true) : Expand(bwd, fwd, false);
    }
    if (met) Draw(last_forward ? fwd : bwd, last_forward, u, v, count);
    fwd.Reset();
    bwd.Reset();
  }

  // Grows one level of `a`; true when it touched nodes seen by `b`.
  bool Expand(Side& a, const Side& b, bool forward) {
    bool met = false;
    const int32_t next_level = a.level + 1;
    a.next.clear();
    uint64_t links = 0;
    for (NodeIndex x : a.frontier) {
      const double sx = a.sigma[x];
      for (NodeIndex y : forward ? g.Neighbors(x) : g.InNeighbors(x)) {
        if (a.dist[y] < 0) {
          a.dist[y] = next_level;
          a.visited.push_back(y);
          a.next.push_back(y);
          links += forward ? g.OutDegree(y) : g.InDegree(y);
          met |= b.dist[y] >= 0;
        }
        if (a.dist[y] == next_level) a.sigma[y] += sx;
      }
    }
    a.frontier.swap(a.next);
    a.level = next_level;
    a.frontier_links = links;
    return met;
  }

  void Draw(const Side& last, bool forward, NodeIndex u, NodeIndex v, std::vector<double>& count) {
    const Side& other = forward ? bwd : fwd;
    int32_t best = INT32_MAX;
    for (NodeIndex z : last.frontier) {
      if (other.dist[z] >= 0) best = std::min(best, last.dist[z] + other.dist[z]);
    }
    double total = 0;
    for (NodeIndex z : last.frontier) {
      if (other.dist[z] >= 0 && last.dist[z] + other.dist[z] == best) total += last.sigma[z] * other.sigma[z];
    }
    double pick = std::uniform_real_distribution<double>(0, total)(rng);
    NodeIndex z = kNoNode;
    for (NodeIndex c : last.frontier) {
      if (other.dist[c] < 0 || last.dist[c] + other.dist[c] != best) continue;
      z = c;
      pick -= last.sigma[c] * other.sigma[c];
      if (pick < 0) break;
    }
    if (z != u && z != v) count[z] += 1;
    Walk(fwd, z, true, u, v, count);   // back towards u along forward levels
    Walk(bwd, z, false, u, v, count);  // on towards v along backward levels
  }

  // From z, repeatedly step to a neighbour one level closer to the side's
  // start, chosen in proportion to its path count.
  void Walk(const Side& s, NodeIndex z, bool forward, NodeIndex u, NodeIndex v, std::vector<double>& count) {
    while (s.dist[z] > 0) {
      auto nbrs = forward ? g.InNeighbors(z) : g.Neighbors(z);
      const int32_t want = s.dist[z] - 1;
      double pick = std::uniform_real_distribution<double>(0, s.sigma[z])(rng);
      NodeIndex chosen = kNoNode;
      for (NodeIndex w : nbrs) {
        if (s.dist[w] != want) continue;
        chosen = w;
        pick -= s.sigma[w];
        if (pick < 0) break;
      }
      z = chosen;
      if (z != u && z != v) count[z] += 1;
    }
  }

  const Graph& g;
  Side fwd, bwd;
  std::mt19937_64 rng;
};

// Upper bound on the number of nodes of a shortest path.
uint64_t VertexDiameterBound(const Graph& g, bool use_eccentricity) {
  ConnectedComponents cc(g, {1});
  (void)cc.Run();
  if (!use_eccentricity) return cc.sizes().empty() ? 0 : cc.sizes()[0];
  // One BFS per component from its first node: VD <= 2·ecc + 1.
  std::vector<int32_t> dist(g.num_nodes(), -1);
  uint64_t best = 0;
  std::vector<NodeIndex> queue;
  for (NodeIndex s = 0; s < g.num_nodes(); ++s) {
    if (dist[s] >= 0) continue;
    queue.assign(1, s);
    dist[s] = 0;
    int32_t ecc = 0;
    for (size_t i = 0; i < queue.size(); ++i) {
      NodeIndex x = queue[i];
      ecc = std::max(ecc, dist[x]);
      for (NodeIndex y : g.Neighbors(x)) {
        if (dist[y] < 0) {
          dist[y] = dist[x] + 1;
          queue.push_back(y);
        }
      }
    }
    best = std::max<uint64_t>(best, 2 * static_cast<uint64_t>(ecc) + 1);
  }
  return best;
}

}  // namespace

ApproxBetweenness::ApproxBetweenness(const Graph& graph, ApproxBetweennessOptions options)
    : graph_(graph), options_(options) {
  if (!(options_.epsilon > 0 && options_.epsilon < 1)) {
    invalid_ = Status::InvalidArgument("epsilon must be in (0, 1)", "epsilon");
  } else if (!(options_.delta > 0 && options_.delta < 1)) {
    invalid_ = Status::InvalidArgument("delta must be in (0, 1)", "delta");
  }
}

Status ApproxBetweenness::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  has_run_ = false;
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  scores_.assign(n, 0.0);
  vertex_diameter_ = VertexDiameterBound(g, !g.directed());
  samples_ = RkSampleSize(options_.epsilon, options_.delta, vertex_diameter_);
  error_bound_ = n > 2 ? options_.epsilon * n / (n - 2.0) : 0.0;
  if (n < 3) {
    has_run_ = true;
    return Status::Ok();
  }
  const unsigned threads = ResolveThreads(options_.threads);
  std::vector<std::vector<double>> counts(threads, std::vector<double>(n, 0.0));
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  auto work = [&](unsigned t) {
    Sampler sampler(g, options_.seed * 0x9E3779B97F4A7C15ULL + t);
    std::uniform_int_distribution<NodeIndex> pick(0, n - 1);
    const uint64_t begin = samples_ * t / threads, end = samples_ * (t + 1) / threads;
    for (uint64_t i = begin; i < end; ++i) {
      if ((i & 255) == 0 && options_.cancel && options_.cancel->load(std::memory_order_relaxed)) {
        stop = true;
        return;
      }
      NodeIndex u = pick(sampler.rng), v = pick(sampler.rng);
      while (v == u) v = pick(sampler.rng);
      sampler.Sample(u, v, counts[t]);
    }
  };
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  if (stop) return Status::Unavailable("analysis cancelled");
  const double scale = 1.0 / static_cast<double>(samples_) * n / (n - 2.0);
  for (const auto& c : counts) {
    for (NodeIndex v = 0; v < n; ++v) scores_[v] += c[v] * scale;
  }
  has_run_ = true;
  return Status::Ok();
}

}  // namespace disrupt::graph
