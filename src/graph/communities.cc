// Louvain with Leiden refinement over igraph; see communities.h.
#include "graph/communities.h"

#include <igraph/igraph.h>

#include <map>
#include <mutex>
#include <numeric>

namespace disrupt::graph {

namespace {

std::mutex& IgraphMutex() {
  static std::mutex m;
  return m;
}

// Owns igraph objects for the length of one call.
struct IgraphGraph {
  igraph_t g;
  bool ok = false;
  ~IgraphGraph() {
    if (ok) igraph_destroy(&g);
  }
};
struct IgraphVector {
  igraph_vector_t v;
  explicit IgraphVector(igraph_integer_t n) { igraph_vector_init(&v, n); }
  ~IgraphVector() { igraph_vector_destroy(&v); }
};
struct IgraphIntVector {
  igraph_vector_int_t v;
  explicit IgraphIntVector(igraph_integer_t n) { igraph_vector_int_init(&v, n); }
  ~IgraphIntVector() { igraph_vector_int_destroy(&v); }
};

// The undirected simple graph behind the partition: one link per unordered
// pair, with the summed weight of all links between the pair.
void UndirectedLinks(const Graph& g, bool use_weights, std::vector<NodeIndex>& ends, std::vector<double>& weights) {
  std::map<std::pair<NodeIndex, NodeIndex>, double> directed_pairs;
  for (NodeIndex v = 0; v < g.num_nodes(); ++v) {
    auto nbrs = g.Neighbors(v);
    auto ws = g.Weights(v);
    for (size_t i = 0; i < nbrs.size(); ++i) {
      NodeIndex u = nbrs[i];
      if (u == v) continue;
      double w = use_weights ? ws[i] : 1.0;
      if (!g.directed()) {
        if (u < v) continue;
        ends.push_back(v);
        ends.push_back(u);
        weights.push_back(w);
      } else {
        directed_pairs[{std::min(u, v), std::max(u, v)}] += w;
      }
    }
  }
  for (const auto& [p, w] : directed_pairs) {
    ends.push_back(p.first);
    ends.push_back(p.second);
    // Unweighted: a pair linked both ways is still one link.
    weights.push_back(use_weights ? w : 1.0);
  }
}

}  // namespace

double Modularity(const Graph& graph, const std::vector<uint32_t>& membership, bool use_weights, double resolution) {
  std::vector<NodeIndex> ends;
  std::vector<double> weights;
  UndirectedLinks(graph, use_weights, ends, weights);
  uint32_t k = 0;
  for (uint32_t c : membership) k = std::max(k, c + 1);
  std::vector<double> inside(k, 0.0), strength(k, 0.0);
  double m = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    uint32_t a = membership[ends[2 * i]], b = membership[ends[2 * i + 1]];
    m += weights[i];
    strength[a] += weights[i];
    strength[b] += weights[i];
    if (a == b) inside[a] += weights[i];
  }
  if (m == 0) return 0.0;
  double q = 0;
  for (uint32_t c = 0; c < k; ++c) q += inside[c] / m - resolution * (strength[c] / (2 * m)) * (strength[c] / (2 * m));
  return q;
}

Communities::Communities(const Graph& graph, CommunityOptions options) : graph_(graph), options_(options) {
  if (options_.use_weights && !graph_.weighted()) {
    invalid_ = Status::InvalidArgument("weighted communities requested but the graph has no weights", "weight");
  }
  if (!(options_.resolution > 0)) invalid_ = Status::InvalidArgument("resolution must be > 0", "resolution");
}

Status Communities::Run() {
  DISRUPT_RETURN_IF_ERROR(invalid_);
  has_run_ = false;
  const NodeIndex n = graph_.num_nodes();
  std::vector<NodeIndex> ends;
  std::vector<double> weights;
  UndirectedLinks(graph_, options_.use_weights, ends, weights);
  for (double w : weights) {
    if (!(w > 0)) return Status::InvalidArgument("community detection needs link weights > 0", "weight");
  }
  std::vector<uint32_t> raw(n);
  std::iota(raw.begin(), raw.end(), 0u);
  if (!weights.empty()) {
    std::lock_guard<std::mutex> lock(IgraphMutex());
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_rng_seed(igraph_rng_default(), options_.seed);
    IgraphIntVector edges(static_cast<igraph_integer_t>(ends.size()));
    for (size_t i = 0; i < ends.size(); ++i) VECTOR(edges.v)[i] = ends[i];
    IgraphGraph ig;
    if (igraph_create(&ig.g, &edges.v, n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
      return Status::Internal("igraph could not build the graph");
    }
    ig.ok = true;
    IgraphVector w(static_cast<igraph_integer_t>(weights.size()));
    for (size_t i = 0; i < weights.size(); ++i) VECTOR(w.v)[i] = weights[i];
    IgraphIntVector membership(0);
    if (igraph_community_multilevel(&ig.g, &w.v, options_.resolution, &membership.v, nullptr, nullptr) !=
        IGRAPH_SUCCESS) {
      return Status::Internal("igraph Louvain failed");
    }
    // Leiden refinement from the Louvain partition, with the modularity
    // objective: node weights = strengths, resolution scaled by 1/(2m).
    IgraphVector strength(n);
    double total = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      VECTOR(strength.v)[ends[2 * i]] += weights[i];
      VECTOR(strength.v)[ends[2 * i + 1]] += weights[i];
      total += weights[i];
    }
    igraph_integer_t clusters = 0;
    igraph_real_t quality = 0;
    if (igraph_community_leiden(&ig.g, &w.v, &strength.v, options_.resolution / (2 * total), 0.01, true, 2,
                                &membership.v, &clusters, &quality) != IGRAPH_SUCCESS) {
      return Status::Internal("igraph Leiden failed");
    }
    for (NodeIndex v = 0; v < n; ++v) raw[v] = static_cast<uint32_t>(VECTOR(membership.v)[v]);
  }
  // Renumber by size, largest first; ties by the lowest node index.
  uint32_t k = 0;
  for (uint32_t c : raw) k = std::max(k, c + 1);
  std::vector<uint32_t> count(k, 0), first(k, UINT32_MAX);
  for (NodeIndex v = 0; v < n; ++v) {
    count[raw[v]]++;
    first[raw[v]] = std::min(first[raw[v]], v);
  }
  std::vector<uint32_t> ids;
  for (uint32_t c = 0; c < k; ++c) {
    if (count[c] > 0) ids.push_back(c);
  }
  std::sort(ids.begin(), ids.end(),
            [&](uint32_t a, uint32_t b) { return count[a] != count[b] ? count[a] > count[b] : first[a] < first[b]; });
  std::vector<uint32_t> rank(k);
  sizes_.clear();
  for (uint32_t i = 0; i < ids.size(); ++i) {
    rank[ids[i]] = i;
    sizes_.push_back(count[ids[i]]);
  }
  membership_.resize(n);
  for (NodeIndex v = 0; v < n; ++v) membership_[v] = rank[raw[v]];
  modularity_ = Modularity(graph_, membership_, options_.use_weights, options_.resolution);
  has_run_ = true;
  return Status::Ok();
}

}  // namespace disrupt::graph
