// Local structure: k-core numbers and clustering coefficients.
//
// CoreNumber: the largest k such that the node belongs to a subgraph in
// which every node has at least k links (the network's dense "core" of
// mutually connected actors). Links to oneself are ignored; in a directed
// graph a node's degree is in-degree plus out-degree, so a reciprocated pair
// counts twice (NetworkX's convention). Batagelj–Zaversnik bucket algorithm,
// O(n + m).
//
// Clustering: the share of a node's pairs of contacts that are themselves in
// contact (triangles). Undirected: 2T / (d(d-1)). Directed: Fagiolo's
// definition over all directed triangles, T / (2 (d_tot (d_tot - 1) - 2 d_bi)),
// the one NetworkX uses. Weights are ignored. O(Σ_v d(v)²) at worst (merging
// sorted adjacency lists), parallel over nodes.
#pragma once

#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

class CoreNumber : public NodeScoreAlgorithm {
 public:
  explicit CoreNumber(const Graph& graph);
  Status Run() override;
  // The largest core number (the graph's degeneracy).
  double max_core() const;

 private:
  const Graph& graph_;
};

struct ClusteringOptions {
  unsigned threads = 0;
};

class Clustering : public NodeScoreAlgorithm {
 public:
  Clustering(const Graph& graph, ClusteringOptions options = {});
  Status Run() override;
  // Mean of the node coefficients (NetworkX's average_clustering), 0 for an
  // empty graph.
  double average() const;
  // Number of triangles each node is part of (undirected graphs; for
  // directed graphs, the directed triangles of Fagiolo's definition).
  const std::vector<double>& triangles() const {
    RequireRun();
    return triangles_;
  }

 private:
  const Graph& graph_;
  ClusteringOptions options_;
  std::vector<double> triangles_;
};

}  // namespace disrupt::graph
