// Approximate betweenness with a guaranteed error bound, for graphs too
// large for the exact O(nm) computation.
//
// Riondato and Kornaropoulos (2016): sample r node pairs (u, v) uniformly,
// pick one shortest u→v path uniformly at random, and credit 1/r to each of
// its inner nodes. With
//     r = ⌈ (c / ε²) · (⌊log₂(VD − 2)⌋ + 1 + ln(1/δ)) ⌉,   c = 0.5,
// where VD bounds the number of nodes on any shortest path (the vertex
// diameter), every node's estimate is within ε of its betweenness divided by
// n(n−1), all at once, with probability at least 1 − δ. Scores are reported
// on the scale of the exact Betweenness with `normalized` (NetworkX's), i.e.
// multiplied by n/(n−2); on that scale the bound is ε·n/(n−2), given by
// error_bound().
//
// VD: for an undirected graph counted in hops, 2·ecc + 1 from one breadth-
// first search per component (a safe upper bound); otherwise the size of
// the largest (weakly) connected component. Each sample is a balanced
// bidirectional breadth-first search that stops as soon as the two sides
// meet, so a sample usually touches a small part of a large graph. Link
// weights are not used (hops only).
//
// Cost: r bidirectional searches spread over the threads; deterministic for a
// given seed and thread count.
#pragma once

#include <atomic>
#include <cstdint>

#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

struct ApproxBetweennessOptions {
  double epsilon = 0.01;  // additive error on the n(n−1)-normalised scale
  double delta = 0.1;     // failure probability
  uint64_t seed = 1;
  unsigned threads = 0;
  const std::atomic<bool>* cancel = nullptr;
};

class ApproxBetweenness : public NodeScoreAlgorithm {
 public:
  ApproxBetweenness(const Graph& graph, ApproxBetweennessOptions options = {});
  Status Run() override;

  uint64_t samples() const {
    RequireRun();
    return samples_;
  }
  uint64_t vertex_diameter_bound() const {
    RequireRun();
    return vertex_diameter_;
  }
  // Bound on |score − exact normalised betweenness| for every node, holding
  // with probability ≥ 1 − δ.
  double error_bound() const {
    RequireRun();
    return error_bound_;
  }

 private:
  const Graph& graph_;
  ApproxBetweennessOptions options_;
  uint64_t samples_ = 0;
  uint64_t vertex_diameter_ = 0;
  double error_bound_ = 0;
};

// The Riondato–Kornaropoulos sample size for a vertex-diameter bound.
uint64_t RkSampleSize(double epsilon, double delta, uint64_t vertex_diameter);

}  // namespace disrupt::graph
