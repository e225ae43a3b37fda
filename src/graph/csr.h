// Graph: an immutable compressed-sparse-row graph, the input of every
// analysis and disruption algorithm.
//
// Nodes are dense indices 0..n-1 (NodeIndex); each keeps its external id
// (a catalogue record id or an edge-list label) in `label`. An undirected
// graph stores each link in both adjacency lists; a directed graph keeps
// out- and in-adjacency. Multi-links between the same pair are merged, their
// weights summed, and the number merged is kept in `multiplicity` (so
// algorithms that need simple graphs see one). Self-loops are kept unless
// the builder is told to drop them; algorithms document how they treat them.
//
// Memory: 8 bytes per node for offsets (per direction) and, per stored arc,
// 4 bytes for the neighbour plus 8 for the weight when the graph is weighted.
// An undirected weighted link is two arcs: 24 bytes. Labels are looked up
// through an open-addressing table of node indices (about 8 bytes per node)
// rather than a map of strings, or, for a graph loaded from an edge list
// whose labels are all plain integers, through a direct array (4 bytes per
// number up to the largest label).
//
// Building is O(n + m): arcs are bucketed by node with a counting sort whose
// counting and scattering passes run on all cores (each thread owns a slice
// of the links and its own cursors), then each node's short list is sorted
// and merged in parallel.
//
// Thread safety: immutable once built; share freely (std::shared_ptr<const Graph>).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace disrupt::graph {

using NodeIndex = uint32_t;
inline constexpr NodeIndex kNoNode = UINT32_MAX;

// Maps labels to dense node indices without storing the strings twice: the
// table holds indices; the owner's label array holds the strings. Not
// thread-safe for writers.
class LabelTable {
 public:
  // The index of `label`, or kNoNode.
  NodeIndex Find(std::string_view label, const std::vector<std::string>& labels) const;
  // Records that labels[id] has index id (the label must be new).
  void Insert(NodeIndex id, const std::vector<std::string>& labels);
  // Replaces the contents with labels[0..n), inserted on `threads` threads
  // (the slots are claimed with compare-and-swap, so the layout may differ
  // between runs; lookups do not). The labels must be distinct.
  void Assign(const std::vector<std::string>& labels, unsigned threads);
  // Replaces the contents with a direct map for labels that are all plain
  // non-negative integers ("0", "17"; no sign, no leading zero):
  // by_number[k] is the index of label k, or kNoNode. Nothing is hashed;
  // a later Insert turns the table back into a hash table.
  void AssignNumbers(std::vector<NodeIndex> by_number);
  void Clear() {
    slots_.clear();
    by_number_.clear();
    numeric_ = false;
    size_ = 0;
  }
  size_t MemoryBytes() const { return (slots_.size() + by_number_.size()) * sizeof(NodeIndex); }

 private:
  void Grow(const std::vector<std::string>& labels);
  std::vector<NodeIndex> slots_;
  std::vector<NodeIndex> by_number_;  // when numeric_
  bool numeric_ = false;
  size_t size_ = 0;
};

// The hash LabelTable uses (exposed for the edge-list loader).
uint64_t HashLabel(std::string_view s);
// The 64-bit finaliser HashLabel is built on (MurmurHash3's fmix64): every
// input bit affects every output bit. A bijection.
inline uint64_t MixHash(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

class Graph {
 public:
  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  bool directed() const { return directed_; }
  bool weighted() const { return !out_weights_.empty(); }
  NodeIndex num_nodes() const { return static_cast<NodeIndex>(labels_.size()); }
  // Number of links (an undirected link counts once; a self-loop counts once).
  uint64_t num_links() const { return num_links_; }

  // Out-neighbours (all neighbours when undirected).
  std::span<const NodeIndex> Neighbors(NodeIndex v) const {
    return {out_targets_.data() + out_offsets_[v], out_targets_.data() + out_offsets_[v + 1]};
  }
  // Weights parallel to Neighbors(v); empty span when unweighted.
  std::span<const double> Weights(NodeIndex v) const {
    if (out_weights_.empty()) return {};
    return {out_weights_.data() + out_offsets_[v], out_weights_.data() + out_offsets_[v + 1]};
  }
  // In-neighbours (same as Neighbors when undirected).
  std::span<const NodeIndex> InNeighbors(NodeIndex v) const {
    if (!directed_) return Neighbors(v);
    return {in_sources_.data() + in_offsets_[v], in_sources_.data() + in_offsets_[v + 1]};
  }
  std::span<const double> InWeights(NodeIndex v) const {
    if (!directed_) return Weights(v);
    if (in_weights_.empty()) return {};
    return {in_weights_.data() + in_offsets_[v], in_weights_.data() + in_offsets_[v + 1]};
  }
  uint32_t OutDegree(NodeIndex v) const { return static_cast<uint32_t>(out_offsets_[v + 1] - out_offsets_[v]); }
  uint32_t InDegree(NodeIndex v) const {
    return directed_ ? static_cast<uint32_t>(in_offsets_[v + 1] - in_offsets_[v]) : OutDegree(v);
  }

  const std::string& label(NodeIndex v) const { return labels_[v]; }
  const std::vector<std::string>& labels() const { return labels_; }
  // Index of a label, or kNoNode.
  NodeIndex Find(std::string_view label) const;

  // Bytes held by the adjacency arrays and labels (for benchmarks).
  size_t MemoryBytes() const;

 private:
  friend class GraphBuilder;
  bool directed_ = false;
  uint64_t num_links_ = 0;
  std::vector<uint64_t> out_offsets_{0};
  std::vector<NodeIndex> out_targets_;
  std::vector<double> out_weights_;
  std::vector<uint64_t> in_offsets_;
  std::vector<NodeIndex> in_sources_;
  std::vector<double> in_weights_;
  std::vector<std::string> labels_;
  LabelTable index_;
};

struct BuildOptions {
  bool directed = false;
  bool keep_self_loops = true;
  // Keep weights; when false the graph is unweighted even if weights were given.
  bool weighted = false;
};

// Collects nodes and links, then builds a Graph. Not thread-safe.
class GraphBuilder {
 public:
  explicit GraphBuilder(BuildOptions options) : options_(options) {}

  // The index of `label`, adding the node when new.
  NodeIndex AddNode(std::string_view label);
  void AddLink(NodeIndex u, NodeIndex v, double weight = 1.0);
  // Adds the ends as nodes when new (source first, so node order follows the
  // order in which labels first appear), then the link.
  void AddLink(std::string_view u, std::string_view v, double weight = 1.0) {
    NodeIndex a = AddNode(u);
    NodeIndex b = AddNode(v);
    AddLink(a, b, weight);
  }
  NodeIndex num_nodes() const { return static_cast<NodeIndex>(labels_.size()); }

  // Reserves room for `links` more links.
  void Reserve(size_t links);

  // Builds the CSR graph, sorting each adjacency list by neighbour and merging
  // multi-links. The builder is left empty. `threads` (0 = all cores) share
  // the per-node sorting.
  Graph Build(unsigned threads = 0);

 private:
  friend Result<Graph> LoadEdgeList(const std::string& path, bool directed);
  BuildOptions options_;
  std::vector<std::string> labels_;
  LabelTable index_;
  // Link i runs tails_[i] -> heads_[i]; weights_ is parallel to them only
  // when options_.weighted (an unweighted link costs 8 bytes while building).
  std::vector<NodeIndex> tails_;
  std::vector<NodeIndex> heads_;
  std::vector<double> weights_;
};

// Reads an edge list CSV with a header naming `source` and `target` columns
// and an optional `weight` column (',' or tab separated, detected from the
// header). Errors (kInvalidArgument) name file, line and column; kNotFound
// when the file cannot be opened. Files without quoted fields take a fast
// path (edge_list.cc: the file memory-mapped and parsed on all cores; when
// every label is a plain non-negative integer, labels map to nodes through
// a direct array, otherwise through a hash table of views into the file);
// files with quotes go through CsvReader. Node order is the order of first
// appearance in the file whichever path is taken. Thread-safe (no shared
// state).
Result<Graph> LoadEdgeList(const std::string& path, bool directed);

}  // namespace disrupt::graph
