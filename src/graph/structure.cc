// k-core numbers and clustering coefficients; see structure.h.
#include "graph/structure.h"

#include <algorithm>

namespace disrupt::graph {

namespace {

// |a ∩ b| over sorted lists, not counting x or y.
uint64_t CountCommon(std::span<const NodeIndex> a, std::span<const NodeIndex> b, NodeIndex x, NodeIndex y) {
  uint64_t c = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      c += (a[i] != x && a[i] != y);
      ++i;
      ++j;
    }
  }
  return c;
}

uint32_t CountWithout(std::span<const NodeIndex> a, NodeIndex x) {
  return static_cast<uint32_t>(a.size() - std::count(a.begin(), a.end(), x));
}

}  // namespace

CoreNumber::CoreNumber(const Graph& graph) : graph_(graph) {}

Status CoreNumber::Run() {
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  std::vector<uint32_t> deg(n);
  uint32_t max_deg = 0;
  for (NodeIndex v = 0; v < n; ++v) {
    deg[v] = CountWithout(g.Neighbors(v), v);
    if (g.directed()) deg[v] += CountWithout(g.InNeighbors(v), v);
    max_deg = std::max(max_deg, deg[v]);
  }
  // Bucket sort nodes by degree: bin[d] = first position of degree d.
  std::vector<uint32_t> bin(max_deg + 2, 0), pos(n), order(n);
  for (NodeIndex v = 0; v < n; ++v) bin[deg[v] + 1]++;
  for (uint32_t d = 1; d < bin.size(); ++d) bin[d] += bin[d - 1];
  {
    std::vector<uint32_t> next(bin.begin(), bin.end() - 1);
    for (NodeIndex v = 0; v < n; ++v) {
      pos[v] = next[deg[v]]++;
      order[pos[v]] = v;
    }
  }
  auto lower = [&](NodeIndex u) {
    // Move u to the front of its bin, then shrink the bin past it.
    uint32_t du = deg[u], pu = pos[u], pw = bin[du];
    NodeIndex w = order[pw];
    if (u != w) {
      order[pu] = w;
      pos[w] = pu;
      order[pw] = u;
      pos[u] = pw;
    }
    bin[du]++;
    deg[u]--;
  };
  for (uint32_t i = 0; i < n; ++i) {
    NodeIndex v = order[i];
    for (NodeIndex u : g.Neighbors(v)) {
      if (u != v && deg[u] > deg[v]) lower(u);
    }
    if (g.directed()) {
      for (NodeIndex u : g.InNeighbors(v)) {
        if (u != v && deg[u] > deg[v]) lower(u);
      }
    }
  }
  scores_.assign(deg.begin(), deg.end());
  has_run_ = true;
  return Status::Ok();
}

double CoreNumber::max_core() const {
  RequireRun();
  return scores_.empty() ? 0.0 : *std::max_element(scores_.begin(), scores_.end());
}

Clustering::Clustering(const Graph& graph, ClusteringOptions options) : graph_(graph), options_(options) {}

Status Clustering::Run() {
  const Graph& g = graph_;
  const NodeIndex n = g.num_nodes();
  scores_.assign(n, 0.0);
  triangles_.assign(n, 0.0);
  ParallelForDynamic(n, ResolveThreads(options_.threads), 64, [&](size_t vi, unsigned) {
    NodeIndex i = static_cast<NodeIndex>(vi);
    if (!g.directed()) {
      auto ni = g.Neighbors(i);
      uint64_t twice = 0;
      for (NodeIndex j : ni) {
        if (j != i) twice += CountCommon(ni, g.Neighbors(j), i, j);
      }
      uint64_t d = CountWithout(ni, i);
      triangles_[i] = static_cast<double>(twice / 2);
      if (d >= 2) scores_[i] = static_cast<double>(twice) / static_cast<double>(d * (d - 1));
      return;
    }
    auto pi = g.InNeighbors(i), si = g.Neighbors(i);
    uint64_t dt = 0;
    auto visit = [&](NodeIndex j) {
      if (j == i) return;
      auto pj = g.InNeighbors(j), sj = g.Neighbors(j);
      dt += CountCommon(pi, pj, i, j) + CountCommon(pi, sj, i, j) + CountCommon(si, pj, i, j) +
            CountCommon(si, sj, i, j);
    };
    for (NodeIndex j : pi) visit(j);
    for (NodeIndex j : si) visit(j);
    uint64_t dtot = CountWithout(pi, i) + CountWithout(si, i);
    uint64_t dbi = CountCommon(pi, si, i, i);
    triangles_[i] = static_cast<double>(dt);
    uint64_t denom = 2 * (dtot * (dtot - (dtot > 0 ? 1 : 0)) - 2 * dbi);
    if (dt > 0 && denom > 0) scores_[i] = static_cast<double>(dt) / static_cast<double>(denom);
  });
  has_run_ = true;
  return Status::Ok();
}

double Clustering::average() const {
  RequireRun();
  if (scores_.empty()) return 0.0;
  double s = 0;
  for (double c : scores_) s += c;
  return s / static_cast<double>(scores_.size());
}

}  // namespace disrupt::graph
