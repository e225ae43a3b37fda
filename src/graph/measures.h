// One entry point for "compute measure NAME on this graph", shared by the
// `disrupt analyze` command and the portal API: the measure's name, its
// options, one value per node, a few summary figures, a sentence saying what
// the numbers mean, and renderings as `node,value` CSV and JSON.
//
// The measures themselves live in centrality.h, components.h, structure.h,
// communities.h and approx_betweenness.h; this file only dispatches.
#pragma once

#include <atomic>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "graph/centrality.h"
#include "graph/csr.h"

namespace disrupt::graph {

enum class Measure {
  kDegree,
  kBetweenness,
  kApproxBetweenness,
  kCloseness,
  kHarmonic,
  kPageRank,
  kEigenvector,
  kKCore,
  kClustering,
  kComponents,
  kCommunities,
};

// "degree", "betweenness", "approx-betweenness", "closeness", "harmonic",
// "pagerank", "eigenvector", "kcore", "clustering", "components",
// "communities".
std::string_view MeasureName(Measure m);
Result<Measure> ParseMeasure(std::string_view name);
const std::vector<Measure>& AllMeasures();

struct MeasureRequest {
  Measure measure = Measure::kDegree;
  // Degree: strength; path measures: weights as lengths; PageRank,
  // eigenvector, communities: weights as strengths.
  bool use_weights = false;
  DegreeMode degree_mode = DegreeMode::kAll;
  double damping = 0.85;
  // PageRank and eigenvector: stop when the L1 change falls below this.
  double tolerance = 1e-14;
  double resolution = 1.0;
  double epsilon = 0.01;
  double delta = 0.1;
  uint64_t seed = 1;
  unsigned threads = 0;
  const std::atomic<bool>* cancel = nullptr;
};

struct MeasureResult {
  Measure measure = Measure::kDegree;
  std::vector<double> values;              // one per node
  std::map<std::string, double> summary;   // e.g. "modularity", "error_bound"
  std::string meaning;                     // what the values say, in one sentence
  bool integral = false;                   // values are counts or ids
};

// Runs the measure. Errors are those of the measure (bad options, weights
// that cannot be lengths, no convergence, cancelled).
Result<MeasureResult> ComputeMeasure(const Graph& graph, const MeasureRequest& request);

// Node order for output: graph order, or the `top` highest values first when
// top > 0 (ties by node order).
std::vector<NodeIndex> OutputOrder(const MeasureResult& result, size_t top);

// `node,value` CSV with a header; values with 17 significant digits.
void WriteMeasureCsv(std::ostream& out, const Graph& graph, const MeasureResult& result, size_t top = 0);
// `node,<measure>,<measure>...` CSV: one column per result, graph order.
void WriteMeasuresCsv(std::ostream& out, const Graph& graph, const std::vector<MeasureResult>& results);
// {"measure", "meaning", "nodes", "links", "directed", "summary", "values": [{"node", "value"}]}.
nlohmann::json MeasureToJson(const Graph& graph, const MeasureResult& result, size_t top = 0);

}  // namespace disrupt::graph
