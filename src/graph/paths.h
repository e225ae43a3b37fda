// Paths between actors: the shortest path, the k shortest loop-free paths
// (Yen 1971), the ego network of depth k, and the subgraph they induce.
//
// Paths follow link direction in a directed graph. Lengths count hops, or
// with `use_weights` add link weights (which must be > 0). Self-loops never
// lie on a shortest path. Ties between equally short paths are broken
// deterministically (by discovery order, i.e. node index order).
//
// Complexity: a shortest path is one BFS, O(n + m), or one Dijkstra,
// O(m + n log n); Yen's k paths cost up to k·L of those (L the path length).
#pragma once

#include <optional>
#include <vector>

#include "graph/algorithm.h"
#include "graph/csr.h"

namespace disrupt::graph {

struct Path {
  std::vector<NodeIndex> nodes;  // from source to target, both included
  double length = 0;             // hops, or summed weights
  friend bool operator==(const Path&, const Path&) = default;
};

struct PathOptions {
  bool use_weights = false;  // weights as link lengths
};

// The shortest path from `source` to `target`, or nullopt when the target
// cannot be reached. kInvalidArgument for an unknown node or (with
// use_weights) an unusable weight.
Result<std::optional<Path>> ShortestPath(const Graph& graph, NodeIndex source, NodeIndex target,
                                         PathOptions options = {});

// Up to `k` shortest loop-free paths from source to target, shortest first
// (Yen's algorithm). Fewer when fewer exist.
class KShortestPaths : public Algorithm {
 public:
  KShortestPaths(const Graph& graph, NodeIndex source, NodeIndex target, size_t k, PathOptions options = {});
  Status Run() override;
  const std::vector<Path>& paths() const {
    RequireRun();
    return paths_;
  }

 private:
  const Graph& graph_;
  NodeIndex source_, target_;
  size_t k_;
  PathOptions options_;
  std::vector<Path> paths_;
};

enum class Direction { kOut, kIn, kBoth };

struct EgoOptions {
  int depth = 1;
  // Which links to follow in a directed graph (both by default: everyone
  // the actor is in contact with either way).
  Direction direction = Direction::kBoth;
};

struct EgoMember {
  NodeIndex node;
  int distance;  // hops from the centre (0 for the centre)
  friend bool operator==(const EgoMember&, const EgoMember&) = default;
};

// The nodes within `depth` hops of `centre`, by distance then index.
// kInvalidArgument for an unknown centre or a negative depth.
Result<std::vector<EgoMember>> EgoNetwork(const Graph& graph, NodeIndex centre, EgoOptions options = {});

// The subgraph induced by `nodes`: the same directedness and weights, nodes
// in the order given (labels kept). Duplicates in `nodes` are ignored.
Graph InducedSubgraph(const Graph& graph, const std::vector<NodeIndex>& nodes);

}  // namespace disrupt::graph
