// disrupt plan: dismantling plans, route cuts, key players, what-if and
// recovery simulation over an edge list or over the catalogue as one user
// sees it (jurisdiction from the entities' location and nationality).
// Parses, calls src/disrupt/ (plan_report.h), prints JSON on stdout; no
// logic of its own.
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/catalogue_view.h"
#include "cli/commands.h"
#include "core/csv.h"
#include "core/text.h"
#include "disrupt/actors.h"
#include "disrupt/catalogue_actors.h"
#include "disrupt/dismantle.h"
#include "disrupt/key_player.h"
#include "disrupt/plan_report.h"
#include "disrupt/resilience.h"
#include "disrupt/route_cut.h"
#include "disrupt/what_if.h"
#include "graph/csr.h"

namespace disrupt::cli {

namespace {

using nlohmann::json;
using plan::NodeIndex;

constexpr const char* kCommand = "plan";
Result<std::vector<NodeIndex>> ResolveLabels(const graph::Graph& g, const std::string& list, const std::string& option) {
  std::vector<NodeIndex> out;
  for (const auto& label : SplitTrimmed(list, ',')) {
    NodeIndex v = g.Find(label);
    if (v == graph::kNoNode) return Status::InvalidArgument("no node '" + label + "' in the network", option);
    out.push_back(v);
  }
  return out;
}

Result<std::vector<plan::PaymentFlow>> LoadPayments(const std::string& path, const graph::Graph& g) {
  DISRUPT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::vector<std::string> row;
  if (!reader->Next(row)) return Status::InvalidArgument("empty payments file: want payer,payee[,amount]", path + ":1");
  CsvHeader header(row);
  int c_payer = header.Find("payer"), c_payee = header.Find("payee"), c_amount = header.Find("amount");
  if (c_payer < 0 || c_payee < 0) return Status::InvalidArgument("payments header must name payer and payee", path + ":1");
  std::vector<plan::PaymentFlow> flows;
  while (reader->Next(row)) {
    std::string where = path + ":" + std::to_string(reader->line());
    if (!reader->error().ok()) return reader->error();
    if (static_cast<int>(row.size()) <= std::max(c_payer, c_payee)) {
      return Status::InvalidArgument("row has too few columns", where);
    }
    plan::PaymentFlow f;
    f.payer = g.Find(Trim(row[c_payer]));
    f.payee = g.Find(Trim(row[c_payee]));
    if (f.payer == graph::kNoNode) return Status::InvalidArgument("payer not in the network", where + ":payer");
    if (f.payee == graph::kNoNode) return Status::InvalidArgument("payee not in the network", where + ":payee");
    f.amount = 1;
    if (c_amount >= 0 && c_amount < static_cast<int>(row.size()) && !Trim(row[c_amount]).empty()) {
      if (!ParseDouble(Trim(row[c_amount]), f.amount)) {
        return Status::InvalidArgument("amount is not a number", where + ":amount");
      }
    }
    flows.push_back(f);
  }
  return flows;
}

}  // namespace

int PlanCommand(const Argv& argv) {
  Args args(kCommand,
            "Plan a disruption: which targets break a network, and would it rebuild.\n"
            "Reads an edge list (--edges) or, without it, the catalogue (--store) as --as-user or --member sees it.");
  args.Option("edges", "edge list CSV with header source,target[,weight] (',' or tab separated)");
  AddCatalogueViewOptions(args)
      .Flag("directed", "links are directed (routes follow them; dismantling uses weak connectivity)")
      .Option("strategy", "degree, betweenness, eigenvector, ci, corehd, minsum, kpp, random, routecut or best", "best")
      .Option("target-lcc", "stop when the largest component holds at most this share of the nodes", "0.05")
      .Option("remove", "what-if: comma-separated nodes (catalogue: entity ids) to remove (no plan is computed)")
      .Option("key-players", "find this many key players (KPP) instead of a dismantling plan")
      .Option("measure", "key-player measure: fragmentation, distance-fragmentation, reach, distance-reach",
              "fragmentation")
      .Option("m", "m for m-reach", "2")
      .Option("nodes", "edge lists: node attribute CSV node,country[,nationality][,cost] (the catalogue has its own)")
      .Option("origin", "route cut: comma-separated origin countries (ISO alpha-3)")
      .Option("destination", "route cut: comma-separated destination countries")
      .Option("acting-state", "member state planning the action; actors elsewhere cost --abroad-cost")
      .Option("abroad-cost", "cost of a target located outside the acting state", "3")
      .Option("actionable-by", "only target actors over whom one of these states has jurisdiction (comma-separated)")
      .Option("max-targets", "budget: at most this many targets")
      .Option("max-cost", "budget: at most this total cost")
      .Option("payments", "edge lists, what-if: payment flows CSV payer,payee[,amount] (the catalogue has its own)")
      .Option("ci-radius", "Collective Influence ball radius", "2")
      .Flag("no-reinsertion", "skip the reinsertion step of ci, corehd and minsum")
      .Option("seed", "seed for minsum, random and the recovery simulation", "1")
      .Option("recovery-rounds", "simulate recovery over this many rounds (0 = no simulation)", "0")
      .Option("recovery-probability", "recovery: chance that two former contacts of a removed actor link up per round",
              "0.1")
      .Option("recovery-runs", "recovery: number of simulated runs", "20")
      .Flag("no-replacement", "recovery: removed actors are not replaced by their lieutenant")
      .Flag("curve", "include the largest-component curve (one value per removal)")
      .Flag("effect", "always include the what-if effect of the plan (default only up to 100,000 nodes)")
      .Flag("no-explain", "leave out the per-target explanations (saves a betweenness run on large networks)")
      .Epilog(
          "examples:\n"
          "  disrupt plan --edges net.csv --strategy minsum --target-lcc 0.01\n"
          "  disrupt plan --edges net.csv --remove A17,B4 --nodes actors.csv --origin AFG --destination AUS\n"
          "  disrupt plan --edges net.csv --strategy routecut --nodes actors.csv --origin AFG,IRN --destination AUS\n"
          "           --acting-state IDN --abroad-cost 5\n"
          "  disrupt plan --edges net.csv --key-players 3 --measure reach --m 2\n"
          "  disrupt plan --edges net.csv --strategy ci --target-lcc 0.1 --recovery-rounds 3\n"
          "  disrupt plan --store data/catalogue.db --member IDN --network NET-0003 --strategy betweenness \\\n"
          "           --max-targets 5 --acting-state IDN\n"
          "  disrupt plan --as-user ana.s --network NET-0003 --remove PER-00012,PER-00040 --origin AFG --destination AUS\n");
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  const bool catalogue = !args.Has("edges");
  std::optional<graph::Graph> loaded_graph;
  std::optional<analysis::CatalogueView> view;
  std::optional<plan::ActorTable> actors;
  plan::PlanRequest request;
  if (catalogue) {
    if (args.Has("nodes") || args.Has("payments")) {
      return Fail(kCommand, Status::InvalidArgument("--nodes and --payments are for edge lists; the catalogue gives "
                                                    "locations, nationalities and payments",
                                                    args.Has("nodes") ? "--nodes" : "--payments"));
    }
    auto v = LoadCatalogueView(args, args.Has("directed"));
    if (!v.ok()) return Fail(kCommand, v.status());
    view = std::move(*v);
    actors = plan::ActorsOf(*view->snapshot);
    request.payments = plan::PaymentsOf(*view->snapshot);
  } else {
    auto loaded = graph::LoadEdgeList(args.Get("edges"), args.Has("directed"));
    if (!loaded.ok()) return Fail(kCommand, loaded.status());
    loaded_graph = std::move(*loaded);
    if (args.Has("nodes")) {
      auto t = plan::LoadActors(args.Get("nodes"), *loaded_graph);
      if (!t.ok()) return Fail(kCommand, t.status());
      actors = std::move(*t);
    }
  }
  const graph::Graph& g = catalogue ? view->snapshot->graph : *loaded_graph;

  auto seed = args.GetInt("seed");
  if (!seed.ok()) return Fail(kCommand, seed.status());
  request.seed = static_cast<uint64_t>(*seed);

  // Jurisdiction, costs and budget.
  plan::JurisdictionRules rules;
  rules.acting_state = AsciiUpper(args.Get("acting-state"));
  for (auto& s : SplitTrimmed(args.Get("actionable-by"), ',')) rules.actionable_by.push_back(AsciiUpper(s));
  {
    auto abroad = args.GetDouble("abroad-cost");
    if (!abroad.ok()) return Fail(kCommand, abroad.status());
    if (!(*abroad > 0)) return Fail(kCommand, Status::InvalidArgument("must be > 0", "--abroad-cost"));
    rules.abroad_cost = *abroad;
  }
  if ((!rules.actionable_by.empty() || !rules.acting_state.empty()) && !actors) {
    return Fail(kCommand, Status::InvalidArgument("--acting-state and --actionable-by need --nodes", "--nodes"));
  }
  if (actors) request.constraints = plan::MakeConstraints(*actors, rules);
  if (args.Has("max-targets")) {
    auto k = args.GetInt("max-targets");
    if (!k.ok()) return Fail(kCommand, k.status());
    if (*k < 0) return Fail(kCommand, Status::InvalidArgument("must be >= 0", "--max-targets"));
    request.constraints.max_targets = static_cast<size_t>(*k);
  }
  if (args.Has("max-cost")) {
    auto c = args.GetDouble("max-cost");
    if (!c.ok()) return Fail(kCommand, c.status());
    request.constraints.max_cost = *c;
  }
  if (args.Has("origin") || args.Has("destination")) {
    if (!actors) return Fail(kCommand, Status::InvalidArgument("--origin/--destination need --nodes", "--nodes"));
    std::vector<std::string> origin, destination;
    for (auto& s : SplitTrimmed(args.Get("origin"), ',')) origin.push_back(AsciiUpper(s));
    for (auto& s : SplitTrimmed(args.Get("destination"), ',')) destination.push_back(AsciiUpper(s));
    if (origin.empty() || destination.empty()) {
      return Fail(kCommand, Status::InvalidArgument("give both --origin and --destination countries", "--origin"));
    }
    request.routes = plan::RouteEnds{plan::LocatedIn(*actors, origin), plan::LocatedIn(*actors, destination)};
  }

  // Recovery simulation settings (used after a plan or a what-if).
  auto rounds = args.GetInt("recovery-rounds");
  auto runs = args.GetInt("recovery-runs");
  auto prob = args.GetDouble("recovery-probability");
  if (!rounds.ok()) return Fail(kCommand, rounds.status());
  if (!runs.ok()) return Fail(kCommand, runs.status());
  if (!prob.ok()) return Fail(kCommand, prob.status());
  request.recovery_rounds = static_cast<int>(*rounds);
  request.recovery.runs = static_cast<int>(*runs);
  request.recovery.link_probability = *prob;
  request.recovery.replacement = !args.Has("no-replacement");
  request.recovery.seed = request.seed;
  auto target = args.GetDouble("target-lcc");
  if (!target.ok()) return Fail(kCommand, target.status());
  request.recovery.effective_lcc = *target;
  request.target_lcc = *target;
  request.curve = args.Has("curve");
  request.force_effect = args.Has("effect");
  request.explain = !args.Has("no-explain");

  if (!catalogue && args.Has("payments")) {
    auto p = LoadPayments(args.Get("payments"), g);
    if (!p.ok()) return Fail(kCommand, p.status());
    request.payments = std::move(*p);
  }

  if (args.Has("remove")) {
    request.mode = plan::PlanMode::kWhatIf;
    auto r = ResolveLabels(g, args.Get("remove"), "--remove");
    if (!r.ok()) return Fail(kCommand, r.status());
    request.remove = std::move(*r);
  } else if (args.Has("key-players")) {
    request.mode = plan::PlanMode::kKeyPlayers;
    auto k = args.GetInt("key-players");
    if (!k.ok()) return Fail(kCommand, k.status());
    if (*k < 1) return Fail(kCommand, Status::InvalidArgument("must be >= 1", "--key-players"));
    auto measure = plan::ParseKeyPlayerMeasure(args.Get("measure"));
    if (!measure.ok()) return Fail(kCommand, measure.status());
    auto m = args.GetInt("m");
    if (!m.ok()) return Fail(kCommand, m.status());
    request.key_players = static_cast<size_t>(*k);
    request.key_player_measure = *measure;
    request.m = static_cast<int>(*m);
  } else if (args.Get("strategy") == "routecut") {
    if (!request.routes) {
      return Fail(kCommand, Status::InvalidArgument(std::string("routecut needs ") +
                                                        (catalogue ? "" : "--nodes, ") + "--origin and --destination",
                                                    "--strategy"));
    }
    request.mode = plan::PlanMode::kRouteCut;
  } else {
    auto strategy = plan::ParseStrategy(args.Get("strategy"));
    if (!strategy.ok()) return Fail(kCommand, strategy.status());
    auto radius = args.GetInt("ci-radius");
    if (!radius.ok()) return Fail(kCommand, radius.status());
    request.mode = plan::PlanMode::kDismantle;
    request.strategy = *strategy;
    request.ci_radius = static_cast<int>(*radius);
    request.reinsertion = !args.Has("no-reinsertion");
  }

  auto result = plan::RunPlan(g, request, actors ? &*actors : nullptr);
  if (!result.ok()) return Fail(kCommand, result.status());
  json out = std::move(*result);
  if (catalogue) {
    plan::DescribeTargets(out, *view->snapshot);
    out["view"] = ViewJson(args, *view);
  } else if (actors && actors->unknown_rows > 0) {
    out["warnings"].push_back(std::to_string(actors->unknown_rows) + " rows of --nodes name nodes not in the network");
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace disrupt::cli
