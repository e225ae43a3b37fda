// Dispatch and rendering of the named network measures; see measures.h.
#include "graph/measures.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>

#include "core/csv.h"
#include "graph/approx_betweenness.h"
#include "graph/communities.h"
#include "graph/components.h"
#include "graph/structure.h"

namespace disrupt::graph {

namespace {

struct NamedMeasure {
  Measure measure;
  std::string_view name;
};
constexpr NamedMeasure kNames[] = {
    {Measure::kDegree, "degree"},           {Measure::kBetweenness, "betweenness"},
    {Measure::kApproxBetweenness, "approx-betweenness"},
    {Measure::kCloseness, "closeness"},     {Measure::kHarmonic, "harmonic"},
    {Measure::kPageRank, "pagerank"},       {Measure::kEigenvector, "eigenvector"},
    {Measure::kKCore, "kcore"},             {Measure::kClustering, "clustering"},
    {Measure::kComponents, "components"},   {Measure::kCommunities, "communities"},
};

std::string FormatValue(double v, bool integral) {
  char buf[40];
  if (integral) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", v);
  }
  return buf;
}

}  // namespace

std::string_view MeasureName(Measure m) {
  for (const auto& n : kNames) {
    if (n.measure == m) return n.name;
  }
  return "unknown";
}

Result<Measure> ParseMeasure(std::string_view name) {
  std::string known;
  for (const auto& n : kNames) {
    if (n.name == name) return n.measure;
    known += (known.empty() ? "" : ", ") + std::string(n.name);
  }
  return Status::InvalidArgument("unknown measure '" + std::string(name) + "'; known: " + known, "--measure");
}

const std::vector<Measure>& AllMeasures() {
  static const std::vector<Measure> all = [] {
    std::vector<Measure> v;
    for (const auto& n : kNames) v.push_back(n.measure);
    return v;
  }();
  return all;
}

Result<MeasureResult> ComputeMeasure(const Graph& g, const MeasureRequest& r) {
  MeasureResult out;
  out.measure = r.measure;
  switch (r.measure) {
    case Measure::kDegree: {
      DegreeCentrality a(g, {r.degree_mode, r.use_weights});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.integral = !r.use_weights;
      out.meaning = r.use_weights ? "total weight of the links of each node (self-links excluded)"
                                  : "number of distinct contacts of each node (self-links excluded)";
      break;
    }
    case Measure::kBetweenness: {
      Betweenness a(g, {.normalized = true, .use_weights = r.use_weights, .threads = r.threads, .cancel = r.cancel});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.meaning = "share of the shortest paths between other pairs that pass through the node (0..1)";
      break;
    }
    case Measure::kApproxBetweenness: {
      ApproxBetweenness a(g, {.epsilon = r.epsilon, .delta = r.delta, .seed = r.seed, .threads = r.threads,
                              .cancel = r.cancel});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.summary["error_bound"] = a.error_bound();
      out.summary["confidence"] = 1 - r.delta;
      out.summary["samples"] = static_cast<double>(a.samples());
      out.meaning = "estimated betweenness (as 'betweenness'); each value is within error_bound of the exact one "
                    "with probability 'confidence'";
      break;
    }
    case Measure::kCloseness:
    case Measure::kHarmonic: {
      Closeness a(g, {.use_weights = r.use_weights, .threads = r.threads, .cancel = r.cancel});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      if (r.measure == Measure::kCloseness) {
        out.values = a.scores();
        out.meaning = "how near the node is to those who reach it: reach share divided by mean distance (0..1)";
      } else {
        out.values = a.harmonic();
        out.meaning = "sum over the nodes that reach the node of 1/distance";
      }
      break;
    }
    case Measure::kPageRank: {
      PageRank a(g, {.damping = r.damping, .use_weights = r.use_weights, .tolerance = r.tolerance, .threads = r.threads});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.summary["iterations"] = a.iterations();
      out.meaning = "share of time a random walk along the links spends at the node (sums to 1)";
      break;
    }
    case Measure::kEigenvector: {
      EigenvectorCentrality a(g, {.use_weights = r.use_weights, .tolerance = r.tolerance, .threads = r.threads});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.summary["iterations"] = a.iterations();
      out.meaning = "importance from being linked to important nodes (unit Euclidean norm)";
      break;
    }
    case Measure::kKCore: {
      CoreNumber a(g);
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.integral = true;
      out.summary["max_core"] = a.max_core();
      out.meaning = "largest k such that the node sits in a group where everyone has at least k links";
      break;
    }
    case Measure::kClustering: {
      Clustering a(g, {r.threads});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values = a.scores();
      out.summary["average"] = a.average();
      out.meaning = "share of the node's pairs of contacts that are in contact themselves (0..1)";
      break;
    }
    case Measure::kComponents: {
      ConnectedComponents a(g, {r.threads});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values.assign(a.component().begin(), a.component().end());
      out.integral = true;
      out.summary["components"] = a.num_components();
      out.summary["largest"] = a.sizes().empty() ? 0 : a.sizes()[0];
      out.meaning = "connected component of the node (0 = largest), ignoring link direction";
      break;
    }
    case Measure::kCommunities: {
      Communities a(g, {.use_weights = r.use_weights, .resolution = r.resolution, .seed = r.seed});
      DISRUPT_RETURN_IF_ERROR(a.Run());
      out.values.assign(a.membership().begin(), a.membership().end());
      out.integral = true;
      out.summary["communities"] = static_cast<double>(a.sizes().size());
      out.summary["modularity"] = a.modularity();
      out.meaning = "community of the node (0 = largest), from Louvain refined by Leiden, ignoring direction";
      break;
    }
  }
  return out;
}

std::vector<NodeIndex> OutputOrder(const MeasureResult& result, size_t top) {
  std::vector<NodeIndex> order(result.values.size());
  std::iota(order.begin(), order.end(), NodeIndex{0});
  if (top == 0) return order;
  top = std::min(top, order.size());
  const auto& v = result.values;
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(top), order.end(),
                    [&](NodeIndex a, NodeIndex b) { return v[a] != v[b] ? v[a] > v[b] : a < b; });
  order.resize(top);
  return order;
}

void WriteMeasureCsv(std::ostream& out, const Graph& graph, const MeasureResult& result, size_t top) {
  out << "node,value\n";
  for (NodeIndex v : OutputOrder(result, top)) {
    out << CsvEscape(graph.label(v)) << ',' << FormatValue(result.values[v], result.integral) << '\n';
  }
}

void WriteMeasuresCsv(std::ostream& out, const Graph& graph, const std::vector<MeasureResult>& results) {
  out << "node";
  for (const auto& r : results) out << ',' << MeasureName(r.measure);
  out << '\n';
  for (NodeIndex v = 0; v < graph.num_nodes(); ++v) {
    out << CsvEscape(graph.label(v));
    for (const auto& r : results) out << ',' << FormatValue(r.values[v], r.integral);
    out << '\n';
  }
}

nlohmann::json MeasureToJson(const Graph& graph, const MeasureResult& result, size_t top) {
  nlohmann::json j;
  j["measure"] = MeasureName(result.measure);
  j["meaning"] = result.meaning;
  j["nodes"] = graph.num_nodes();
  j["links"] = graph.num_links();
  j["directed"] = graph.directed();
  j["summary"] = result.summary;
  auto& values = j["values"] = nlohmann::json::array();
  for (NodeIndex v : OutputOrder(result, top)) {
    nlohmann::json e;
    e["node"] = graph.label(v);
    if (result.integral) {
      e["value"] = static_cast<long long>(result.values[v]);
    } else {
      e["value"] = result.values[v];
    }
    values.push_back(std::move(e));
  }
  return j;
}

}  // namespace disrupt::graph
