// disrupt analyze: network measures on an edge list or on the catalogue as
// one user sees it. Parses the options, loads the graph (graph/csr.h, or the
// need-to-know view of the catalogue, analysis/catalogue.h), runs the named
// measure (graph/measures.h), a path or ego-network query (graph/paths.h) or
// a criminal-network analysis (brokers, hierarchy, routes, modus operandi,
// changes: src/analysis), and renders CSV or JSON. Catalogue results carry
// the marking (most restrictive handling, weakest grade) of their sources.
#include <iostream>
#include <optional>
#include <nlohmann/json.hpp>

#include "analysis/brokerage.h"
#include "analysis/changes.h"
#include "analysis/hierarchy.h"
#include "analysis/modus_operandi.h"
#include "analysis/routes.h"
#include "cli/args.h"
#include "cli/catalogue_view.h"
#include "cli/commands.h"
#include "core/csv.h"
#include "core/text.h"
#include "graph/csr.h"
#include "graph/measures.h"
#include "graph/paths.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "analyze";

Args MakeArgs() {
  Args args(kCommand,
            "Network measures on an edge list or on the catalogue as one user sees it: who is central, who\n"
            "brokers, which groups hang together, how the network is ordered, which routes it runs.\n"
            "Prints one `node,value` line per node (CSV with a header) or, with --json, a JSON document.\n"
            "Without --edges it reads the catalogue (--store) as --as-user or --member sees it.");
  args.Option("edges", "Edge list CSV with header source,target and an optional weight column (',' or tab)");
  AddCatalogueViewOptions(args)
      .Flag("brokers", "Catalogue: brokerage roles on the country attribute, cross-border brokers first")
      .Flag("hierarchy", "Catalogue: hierarchy levels from directs, recruits and finances links")
      .Flag("routes", "Catalogue: movements aggregated into origin -> transit -> destination routes")
      .Option("modus-operandi", "Catalogue: modus operandi profile of this Network id against the regional baseline")
      .Option("changes-since", "Catalogue: what changed in the --network since this day (YYYY-MM-DD)")
      .Option("max-gap-days", "With --routes: a leg continues a journey at most this many days later", "30")
      .Flag("directed", "Links are directed (source -> target)")
      .Flag("weighted", "Use the weight column: as link length for betweenness, closeness, harmonic and paths; "
                        "as link strength for degree, pagerank, eigenvector and communities")
      .Option("measure",
              "degree, betweenness, approx-betweenness, closeness, harmonic, pagerank, eigenvector, kcore, "
              "clustering, components, communities; several separated by commas print one column each")
      .Option("tolerance", "PageRank and eigenvector: stop when the L1 change falls below this", "1e-14")
      .Option("mode", "Degree of a directed graph: all, in or out", "all")
      .Option("top", "Print only the N highest values, highest first", "0")
      .Option("damping", "PageRank damping factor", "0.85")
      .Option("resolution", "Community resolution: above 1 gives smaller communities", "1")
      .Option("epsilon", "approx-betweenness: additive error bound (on the n(n-1)-normalised scale)", "0.01")
      .Option("delta", "approx-betweenness: probability that the bound fails", "0.1")
      .Option("seed", "Random seed (communities, approx-betweenness)", "1")
      .Option("threads", "Worker threads (0 = all cores)", "0")
      .Option("path", "Shortest paths between two nodes: FROM,TO (prints rank,length,path)")
      .Option("k", "With --path: the k shortest loop-free paths (Yen)", "1")
      .Option("ego", "Ego network of a node: prints node,distance for everyone within --depth links")
      .Option("depth", "With --ego: how many links out", "1")
      .Flag("json", "Print JSON instead of CSV")
      .Epilog(
          "examples:\n"
          "  disrupt analyze --edges calls.csv --measure betweenness --top 10\n"
          "  disrupt analyze --edges calls.csv --directed --measure pagerank --json\n"
          "  disrupt analyze --edges calls.csv --path A17,B02 --k 3\n"
          "  disrupt analyze --edges calls.csv --ego A17 --depth 2\n"
          "  disrupt analyze --store data/catalogue.db --member IDN --network NET-0003 --measure betweenness --top 10\n"
          "  disrupt analyze --as-user ana.s --brokers --countries IDN,MYS\n"
          "  disrupt analyze --member AUS --routes --from 2023-01-01\n"
          "  disrupt analyze --member AUS --network NET-0003 --changes-since 2024-01-01\n\n"
          "Self-links are ignored and repeated links between the same pair merged (weights added).\n"
          "See docs/analysis.md for what each measure says about a network and its limits.");
  return args;
}

Result<graph::NodeIndex> FindNode(const graph::Graph& g, const std::string& label, const std::string& option) {
  graph::NodeIndex v = g.Find(label);
  if (v == graph::kNoNode) return Status::InvalidArgument("no node '" + label + "' in the edge list", option);
  return v;
}

int RunPaths(const Args& args, const graph::Graph& g, bool weighted, const nlohmann::json* view) {
  auto ends = Split(args.Get("path"), ',');
  if (ends.size() != 2) return Fail(kCommand, Status::InvalidArgument("--path wants FROM,TO", "--path"));
  auto from = FindNode(g, std::string(Trim(ends[0])), "--path");
  if (!from.ok()) return Fail(kCommand, from.status());
  auto to = FindNode(g, std::string(Trim(ends[1])), "--path");
  if (!to.ok()) return Fail(kCommand, to.status());
  auto k = args.GetInt("k");
  if (!k.ok()) return Fail(kCommand, k.status());
  if (*k < 1) return Fail(kCommand, Status::InvalidArgument("--k must be >= 1", "--k"));
  graph::KShortestPaths yen(g, *from, *to, static_cast<size_t>(*k), {weighted});
  if (Status s = yen.Run(); !s.ok()) return Fail(kCommand, s);
  if (args.Has("json")) {
    nlohmann::json j;
    j["from"] = g.label(*from);
    j["to"] = g.label(*to);
    auto& paths = j["paths"] = nlohmann::json::array();
    for (const auto& p : yen.paths()) {
      nlohmann::json e;
      e["length"] = p.length;
      for (auto v : p.nodes) e["nodes"].push_back(g.label(v));
      paths.push_back(e);
    }
    if (view) j["view"] = *view;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "rank,length,path\n";
    int rank = 1;
    for (const auto& p : yen.paths()) {
      std::vector<std::string> names;
      for (auto v : p.nodes) names.push_back(g.label(v));
      std::cout << rank++ << ',' << p.length << ',' << CsvEscape(Join(names, " > ")) << "\n";
    }
  }
  if (yen.paths().empty()) std::cerr << "no path from " << g.label(*from) << " to " << g.label(*to) << "\n";
  return 0;
}

int RunEgo(const Args& args, const graph::Graph& g, const nlohmann::json* view) {
  auto centre = FindNode(g, args.Get("ego"), "--ego");
  if (!centre.ok()) return Fail(kCommand, centre.status());
  auto depth = args.GetInt("depth");
  if (!depth.ok()) return Fail(kCommand, depth.status());
  auto members = graph::EgoNetwork(g, *centre, {static_cast<int>(*depth), graph::Direction::kBoth});
  if (!members.ok()) return Fail(kCommand, members.status());
  if (args.Has("json")) {
    nlohmann::json j;
    j["centre"] = g.label(*centre);
    j["depth"] = *depth;
    auto& nodes = j["members"] = nlohmann::json::array();
    for (const auto& m : *members) nodes.push_back({{"node", g.label(m.node)}, {"distance", m.distance}});
    if (view) j["view"] = *view;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "node,distance\n";
    for (const auto& m : *members) std::cout << CsvEscape(g.label(m.node)) << ',' << m.distance << "\n";
  }
  return 0;
}

// One line for a terminal: "RESTRICTED TLP:AMBER, grade B2, from 120 records".
std::string MarkingLine(const analysis::Marking& m) {
  return std::string(model::ToString(m.handling().classification)) + " " + std::string(model::ToString(m.handling().tlp)) +
         ", grade " + std::string(1, m.grade().reliability) + std::to_string(m.grade().credibility) + ", from " +
         std::to_string(m.sources()) + " records (use --json for the full handling)";
}

// The criminal-network analyses on the catalogue view; JSON only.
int RunAnalysis(const Args& args, const analysis::CatalogueView& view, nlohmann::json head) {
  nlohmann::json out;
  const analysis::Snapshot& snap = *view.snapshot;
  if (args.Has("brokers")) {
    out["brokers"] = analysis::AnalyzeBrokerage(snap).ToJson();
  } else if (args.Has("hierarchy")) {
    out["hierarchy"] = analysis::AnalyzeHierarchy(snap).ToJson();
  } else if (args.Has("routes")) {
    auto gap = args.GetInt("max-gap-days");
    if (!gap.ok()) return Fail(kCommand, gap.status());
    if (*gap < 0) return Fail(kCommand, Status::InvalidArgument("must be >= 0", "--max-gap-days"));
    out["routes"] = analysis::AnalyzeRoutes(snap, analysis::RouteOptions{static_cast<int>(*gap)}).ToJson();
  } else if (args.Has("modus-operandi")) {
    auto profile = analysis::ProfileModusOperandi(view.records, view.Visible(), args.Get("modus-operandi"));
    if (!profile.ok()) return Fail(kCommand, profile.status().WithContext("--modus-operandi"));
    out["modus_operandi"] = profile->ToJson();
    // The baseline is every visible record: the marking covers them all.
    analysis::Marking all;
    for (const auto& r : view.records) all.Add(r);
    head["marking"] = all.ToJson();
  } else {
    auto networks = SplitTrimmed(args.Get("network"), ',');
    if (networks.size() != 1) {
      return Fail(kCommand, Status::InvalidArgument("--changes-since needs one --network", "--network"));
    }
    auto since = PartialDate::Parse(args.Get("changes-since"));
    if (!since.ok()) return Fail(kCommand, Status::InvalidArgument(since.status().message(), "--changes-since"));
    auto changes = analysis::NetworkChanges(view.records, view.Visible(), networks[0], *since);
    if (!changes.ok()) return Fail(kCommand, changes.status());
    out["changes"] = changes->ToJson();
  }
  out["view"] = std::move(head);
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

int AnalyzeCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  const bool weighted = args.Has("weighted");
  const bool catalogue = !args.Has("edges");
  int queries = args.Has("measure") + args.Has("path") + args.Has("ego");
  int analyses = args.Has("brokers") + args.Has("hierarchy") + args.Has("routes") + args.Has("modus-operandi") +
                 args.Has("changes-since");
  if (!catalogue && analyses > 0) {
    return Fail(kCommand, Status::InvalidArgument("--brokers, --hierarchy, --routes, --modus-operandi and "
                                                  "--changes-since read the catalogue: drop --edges",
                                                  "--edges"));
  }
  if (queries + analyses != 1) {
    return Fail(kCommand, Status::InvalidArgument("give exactly one of --measure, --path, --ego" +
                                                      std::string(catalogue ? ", --brokers, --hierarchy, --routes, "
                                                                              "--modus-operandi or --changes-since"
                                                                            : " (or drop --edges to read the "
                                                                              "catalogue)"),
                                                  "--measure"));
  }
  std::optional<graph::Graph> loaded_graph;
  std::optional<analysis::CatalogueView> view;
  std::optional<nlohmann::json> head;
  if (catalogue) {
    if (weighted) {
      return Fail(kCommand, Status::InvalidArgument("--weighted applies to edge lists only", "--weighted"));
    }
    auto v = LoadCatalogueView(args, args.Has("directed"));
    if (!v.ok()) return Fail(kCommand, v.status());
    view = std::move(*v);
    head = ViewJson(args, *view);
    if (analyses > 0) return RunAnalysis(args, *view, *head);
  } else {
    auto loaded = graph::LoadEdgeList(args.Get("edges"), args.Has("directed"));
    if (!loaded.ok()) return Fail(kCommand, loaded.status());
    loaded_graph = std::move(*loaded);
  }
  const graph::Graph& g = catalogue ? view->snapshot->graph : *loaded_graph;
  const nlohmann::json* view_json = head ? &*head : nullptr;
  if (weighted && !g.weighted()) {
    return Fail(kCommand, Status::InvalidArgument("--weighted given but the edge list has no weight column",
                                                  args.Get("edges") + ":1"));
  }
  if (args.Has("path")) return RunPaths(args, g, weighted, view_json);
  if (args.Has("ego")) return RunEgo(args, g, view_json);

  std::vector<graph::Measure> measures;
  for (const auto& name : SplitTrimmed(args.Get("measure"), ',')) {
    auto measure = graph::ParseMeasure(name);
    if (!measure.ok()) return Fail(kCommand, measure.status());
    measures.push_back(*measure);
  }
  if (measures.empty()) return Fail(kCommand, Status::InvalidArgument("--measure needs a name", "--measure"));
  graph::MeasureRequest request;
  request.use_weights = weighted;
  std::string mode = args.Get("mode");
  if (mode == "in") {
    request.degree_mode = graph::DegreeMode::kIn;
  } else if (mode == "out") {
    request.degree_mode = graph::DegreeMode::kOut;
  } else if (mode != "all") {
    return Fail(kCommand, Status::InvalidArgument("--mode wants all, in or out", "--mode"));
  }
  auto top = args.GetInt("top");
  auto damping = args.GetDouble("damping");
  auto resolution = args.GetDouble("resolution");
  auto epsilon = args.GetDouble("epsilon");
  auto delta = args.GetDouble("delta");
  auto tolerance = args.GetDouble("tolerance");
  auto seed = args.GetInt("seed");
  auto threads = args.GetInt("threads");
  for (const Status* s : {&top.status(), &damping.status(), &resolution.status(), &epsilon.status(), &delta.status(),
                          &tolerance.status(), &seed.status(), &threads.status()}) {
    if (!s->ok()) return Fail(kCommand, *s);
  }
  if (*top < 0 || *threads < 0 || *seed < 0) {
    return Fail(kCommand, Status::InvalidArgument("--top, --threads and --seed must be >= 0", "--top"));
  }
  if (measures.size() > 1 && *top > 0) {
    return Fail(kCommand, Status::InvalidArgument("--top works with one measure at a time", "--top"));
  }
  request.damping = *damping;
  request.resolution = *resolution;
  request.epsilon = *epsilon;
  request.delta = *delta;
  request.tolerance = *tolerance;
  request.seed = static_cast<uint64_t>(*seed);
  request.threads = static_cast<unsigned>(*threads);
  std::vector<graph::MeasureResult> results;
  for (graph::Measure m : measures) {
    request.measure = m;
    auto result = graph::ComputeMeasure(g, request);
    if (!result.ok()) return Fail(kCommand, result.status().WithContext(std::string(graph::MeasureName(m))));
    results.push_back(std::move(result).value());
  }
  const bool json = args.Has("json");
  if (view_json && !json) std::cerr << "marking of these figures: " << MarkingLine(view->marking) << "\n";
  if (results.size() == 1) {
    if (json) {
      auto j = graph::MeasureToJson(g, results[0], static_cast<size_t>(*top));
      if (view_json) j["view"] = *view_json;
      std::cout << j.dump(2) << "\n";
    } else {
      graph::WriteMeasureCsv(std::cout, g, results[0], static_cast<size_t>(*top));
    }
  } else if (json) {
    nlohmann::json j;
    j["results"] = nlohmann::json::array();
    for (const auto& r : results) j["results"].push_back(graph::MeasureToJson(g, r));
    if (view_json) j["view"] = *view_json;
    std::cout << j.dump(2) << "\n";
  } else {
    graph::WriteMeasuresCsv(std::cout, g, results);
  }
  return 0;
}

}  // namespace disrupt::cli
