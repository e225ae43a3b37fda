// Centrality measures: degree, betweenness (exact, parallel), closeness and
// harmonic closeness, eigenvector centrality and PageRank.
//
// Each is an algorithm object (algorithm.h): construct over a Graph, Run(),
// read scores() (one value per NodeIndex). Conventions shared by all, chosen
// to match NetworkX's defaults so that results can be checked against it
// (tests/graph_oracle_test.py): multi-links are merged, self-loops ignored;
// in a directed graph closeness and harmonic closeness use distances *to* the
// node (who can reach it), eigenvector centrality follows incoming links.
//
// Complexity (n nodes, m links): degree O(n + m); betweenness and closeness
// O(nm) unweighted, O(nm + n² log n) with lengths, spread over the threads;
// eigenvector and PageRank O(m) per iteration.
#pragma once

#include <atomic>
#include <vector>

#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

enum class DegreeMode { kAll, kIn, kOut };

struct DegreeOptions {
  // For directed graphs: in, out, or both added (NetworkX's degree). Ignored
  // for undirected graphs.
  DegreeMode mode = DegreeMode::kAll;
  // Sum link weights (strength) instead of counting links.
  bool use_weights = false;
};

// The number of links (or their total weight) at each node, self-loops
// excluded. O(n + m).
class DegreeCentrality : public NodeScoreAlgorithm {
 public:
  DegreeCentrality(const Graph& graph, DegreeOptions options = {});
  Status Run() override;

 private:
  const Graph& graph_;
  DegreeOptions options_;
};

struct BetweennessOptions {
  // Divide by the number of pairs not involving the node: (n-1)(n-2) when
  // directed, (n-1)(n-2)/2 when undirected (NetworkX's `normalized=True`).
  // Unnormalised, an undirected graph counts each unordered pair once.
  bool normalized = true;
  // Weights as link lengths (Dijkstra); otherwise hops (BFS).
  bool use_weights = false;
  unsigned threads = 0;  // 0 = one per hardware thread
  // When set and becoming true, Run() stops early with kUnavailable.
  const std::atomic<bool>* cancel = nullptr;
  // Only these sources (empty = every node): the sums over a subset of
  // sources, for benchmarks and for estimates scaled by the caller.
  std::vector<NodeIndex> sources;
};

// Exact shortest-path betweenness (Brandes 2001): for each node, the share of
// shortest paths between other pairs that pass through it. One traversal per
// source, sources spread over the threads, each thread with its own scratch
// space and accumulator. Counting hops, the traversal is direction-optimising
// (top-down or bottom-up per level, bottom-up only on undirected graphs) and
// marks the shortest-path links it finds so that the dependency pass follows
// only those (centrality.cc). O(nm) time, O(threads * (n + m/32)) bytes of
// scratch besides the result.
class Betweenness : public NodeScoreAlgorithm {
 public:
  Betweenness(const Graph& graph, BetweennessOptions options = {});
  Status Run() override;

 private:
  const Graph& graph_;
  BetweennessOptions options_;
};

struct ClosenessOptions {
  bool use_weights = false;  // weights as link lengths
  unsigned threads = 0;
  const std::atomic<bool>* cancel = nullptr;
};

// Closeness and harmonic closeness, computed together (one traversal per node
// over the incoming links). Closeness is Wasserman–Faust's form for graphs
// that are not connected: ((r-1)/Σd) · ((r-1)/(n-1)) with r the number of
// nodes that reach the node (itself included) and Σd their total distance;
// 0 when nobody reaches it. Harmonic closeness is Σ 1/d over the nodes that
// reach it (not normalised). O(nm) unweighted.
class Closeness : public NodeScoreAlgorithm {
 public:
  Closeness(const Graph& graph, ClosenessOptions options = {});
  Status Run() override;
  // scores() is closeness; harmonic() the harmonic closeness.
  const std::vector<double>& harmonic() const {
    RequireRun();
    return harmonic_;
  }

 private:
  const Graph& graph_;
  ClosenessOptions options_;
  std::vector<double> harmonic_;
};

struct EigenvectorOptions {
  bool use_weights = false;  // weights as link strengths
  // Stop when the L1 change of the (L2-normalised) vector falls below this.
  double tolerance = 1e-12;
  int max_iterations = 100000;
  unsigned threads = 0;
};

// Eigenvector centrality: the principal eigenvector of the adjacency matrix
// (incoming links when directed), scaled to unit Euclidean norm. Computed by
// power iteration on A + I starting from the uniform vector, the iteration
// NetworkX uses; on a graph that is not (strongly) connected the eigenvector
// is not unique and this is the limit of that iteration. kFailedPrecondition
// when it does not converge in max_iterations. O(m) per iteration.
class EigenvectorCentrality : public NodeScoreAlgorithm {
 public:
  EigenvectorCentrality(const Graph& graph, EigenvectorOptions options = {});
  Status Run() override;
  int iterations() const { return iterations_; }

 private:
  const Graph& graph_;
  EigenvectorOptions options_;
  int iterations_ = 0;
};

struct PageRankOptions {
  double damping = 0.85;
  bool use_weights = false;  // weights as link strengths
  // Stop when the L1 change between iterations falls below this.
  double tolerance = 1e-10;
  int max_iterations = 10000;
  unsigned threads = 0;
};

// At or above this tolerance (and without weights) PageRank stores its
// per-node values (scores between passes, the contributions it gathers) in
// single precision, accumulating in double: half the bytes on the
// iteration's random reads and per-node streams, with a rounding effect on
// the L1 change and on the result of about 1e-7. Below it, everything is
// double.
inline constexpr double kCompactPageRankTolerance = 1e-6;

// PageRank with uniform teleport; a node without outgoing links spreads its
// rank uniformly over all nodes (NetworkX's convention). An undirected link
// counts in both directions. Scores sum to 1. kFailedPrecondition when it
// does not converge. O(m) per iteration, one pass over the in-links per
// iteration, parallel over node ranges of equal in-link counts. The result
// is G(x) for the first iterate x whose L1 change |G(x) - x| is below the
// tolerance, G being the PageRank map; on an undirected graph the iterates
// after the first two passes are Chebyshev-accelerated (same fixed point and
// stopping rule, fewer passes; see centrality.cc). Scores and iteration
// count are the same bits on any number of threads.
class PageRank : public NodeScoreAlgorithm {
 public:
  PageRank(const Graph& graph, PageRankOptions options = {});
  Status Run() override;
  int iterations() const { return iterations_; }

 private:
  const Graph& graph_;
  PageRankOptions options_;
  int iterations_ = 0;
};

}  // namespace disrupt::graph
