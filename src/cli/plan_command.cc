// disrupt plan: dismantling plans, route cuts, key players, what-if and
// recovery simulation over an edge list. Parses, calls src/disrupt/,
// renders JSON on stdout; no logic of its own.
#include <fstream>
#include <iostream>
#include <limits>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/csv.h"
#include "core/text.h"
#include "disrupt/actors.h"
#include "disrupt/dismantle.h"
#include "disrupt/key_player.h"
#include "disrupt/resilience.h"
#include "disrupt/route_cut.h"
#include "disrupt/what_if.h"
#include "graph/csr.h"

namespace disrupt::cli {

namespace {

using nlohmann::json;
using plan::NodeIndex;

constexpr const char* kCommand = "plan";
// Above this many nodes the plan's effect (what-if) is not computed unless asked.
constexpr NodeIndex kEffectLimit = 100000;

json Labels(const graph::Graph& g, const std::vector<NodeIndex>& nodes) {
  json out = json::array();
  for (NodeIndex v : nodes) out.push_back(g.label(v));
  return out;
}

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

json StateJson(const plan::NetworkState& s) {
  return json{{"nodes", s.nodes},
              {"largest_component", s.largest_component},
              {"largest_component_fraction", s.largest_component_fraction},
              {"components", s.components},
              {"fragmentation", s.fragmentation},
              {"distance_weighted_fragmentation", s.distance_fragmentation},
              {"efficiency", s.efficiency}};
}

json WhatIfJson(const plan::WhatIfReport& r) {
  json out{{"before", StateJson(r.before)},
           {"after", StateJson(r.after)},
           {"efficiency_loss", r.efficiency_loss},
           {"estimated", r.estimated}};
  if (r.has_routes) {
    out["routes"] = {{"connected_pairs_before", r.before.connected_route_pairs},
                     {"connected_pairs_after", r.after.connected_route_pairs},
                     {"pairs_cut", r.before.connected_route_pairs - r.after.connected_route_pairs},
                     {"all_routes_cut", r.all_routes_cut}};
  }
  if (r.has_payments) {
    out["payments"] = {{"flows", r.payments},
                       {"flows_with_removed_party", r.payments_to_removed},
                       {"flows_disconnected", r.payments_disconnected},
                       {"amount", r.payment_amount},
                       {"amount_with_removed_party", r.amount_to_removed},
                       {"amount_disconnected", r.amount_disconnected}};
  }
  return out;
}

json RecoveryJson(const graph::Graph& g, const plan::RecoveryReport& r, const plan::RecoveryOptions& o) {
  json lieutenants = json::array();
  for (NodeIndex v : r.lieutenants) lieutenants.push_back(v == graph::kNoNode ? json(nullptr) : json(g.label(v)));
  return json{{"rounds", o.rounds},
              {"runs", o.runs},
              {"link_probability", o.link_probability},
              {"replacement", o.replacement},
              {"seed", o.seed},
              {"largest_component_before", r.before},
              {"largest_component_after_removal", r.after_removal},
              {"largest_component_per_round", r.mean_per_round},
              {"largest_component_final_mean", r.final_mean},
              {"largest_component_final_max", r.final_max},
              {"effective_share", r.effective_share},
              {"stays_effective", r.stays_effective},
              {"lieutenants", lieutenants},
              {"mean_links_added", r.mean_links_added}};
}

json TargetsJson(const graph::Graph& g, const std::vector<NodeIndex>& removed, const plan::ActorTable* actors,
                 const plan::Constraints& constraints) {
  json out = json::array();
  for (NodeIndex v : removed) {
    json t{{"node", g.label(v)}};
    if (!constraints.cost.empty()) t["cost"] = constraints.cost[v];
    if (actors) {
      const auto& a = actors->actors[v];
      if (!a.country.empty()) t["country"] = a.country;
      t["jurisdiction"] = plan::Jurisdictions(a);
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace

int PlanCommand(const Argv& argv) {
  Args args(kCommand, "Plan a disruption: which targets break a network, and would it rebuild");
  args.Option("edges", "edge list CSV with header source,target[,weight] (',' or tab separated)")
      .Flag("directed", "links are directed (routes follow them; dismantling uses weak connectivity)")
      .Option("strategy", "degree, betweenness, eigenvector, ci, corehd, minsum, kpp, random, routecut or best", "best")
      .Option("target-lcc", "stop when the largest component holds at most this share of the nodes", "0.05")
      .Option("remove", "what-if: comma-separated nodes to remove (no plan is computed)")
      .Option("key-players", "find this many key players (KPP) instead of a dismantling plan")
      .Option("measure", "key-player measure: fragmentation, distance-fragmentation, reach, distance-reach",
              "fragmentation")
      .Option("m", "m for m-reach", "2")
      .Option("nodes", "node attribute CSV: node,country[,nationality][,cost]")
      .Option("origin", "route cut: comma-separated origin countries (ISO alpha-3)")
      .Option("destination", "route cut: comma-separated destination countries")
      .Option("acting-state", "member state planning the action; actors elsewhere cost --abroad-cost")
      .Option("abroad-cost", "cost of a target located outside the acting state", "3")
      .Option("actionable-by", "only target actors over whom one of these states has jurisdiction (comma-separated)")
      .Option("max-targets", "budget: at most this many targets")
      .Option("max-cost", "budget: at most this total cost")
      .Option("payments", "what-if: payment flows CSV payer,payee[,amount]")
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
      .Epilog(
          "examples:\n"
          "  disrupt plan --edges net.csv --strategy minsum --target-lcc 0.01\n"
          "  disrupt plan --edges net.csv --remove A17,B4 --nodes actors.csv --origin AFG --destination AUS\n"
          "  disrupt plan --edges net.csv --strategy routecut --nodes actors.csv --origin AFG,IRN --destination AUS\n"
          "           --acting-state IDN --abroad-cost 5\n"
          "  disrupt plan --edges net.csv --key-players 3 --measure reach --m 2\n"
          "  disrupt plan --edges net.csv --strategy ci --target-lcc 0.1 --recovery-rounds 3\n");
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (!args.Has("edges")) {
    return Fail(kCommand, Status::InvalidArgument("--edges FILE.csv is required", "--edges"));
  }
  auto loaded = graph::LoadEdgeList(args.Get("edges"), args.Has("directed"));
  if (!loaded.ok()) return Fail(kCommand, loaded.status());
  const graph::Graph& g = *loaded;
  plan::Network network(g);

  auto seed = args.GetInt("seed");
  if (!seed.ok()) return Fail(kCommand, seed.status());

  // Actor attributes, costs and jurisdiction.
  std::optional<plan::ActorTable> actors;
  if (args.Has("nodes")) {
    auto t = plan::LoadActors(args.Get("nodes"), g);
    if (!t.ok()) return Fail(kCommand, t.status());
    actors = std::move(*t);
  }
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
  plan::Constraints constraints;
  if (actors) constraints = plan::MakeConstraints(*actors, rules);
  if (args.Has("max-targets")) {
    auto k = args.GetInt("max-targets");
    if (!k.ok()) return Fail(kCommand, k.status());
    if (*k < 0) return Fail(kCommand, Status::InvalidArgument("must be >= 0", "--max-targets"));
    constraints.max_targets = static_cast<size_t>(*k);
  }
  if (args.Has("max-cost")) {
    auto c = args.GetDouble("max-cost");
    if (!c.ok()) return Fail(kCommand, c.status());
    constraints.max_cost = *c;
  }
  std::optional<plan::RouteEnds> routes;
  if (args.Has("origin") || args.Has("destination")) {
    if (!actors) return Fail(kCommand, Status::InvalidArgument("--origin/--destination need --nodes", "--nodes"));
    std::vector<std::string> origin, destination;
    for (auto& s : SplitTrimmed(args.Get("origin"), ',')) origin.push_back(AsciiUpper(s));
    for (auto& s : SplitTrimmed(args.Get("destination"), ',')) destination.push_back(AsciiUpper(s));
    if (origin.empty() || destination.empty()) {
      return Fail(kCommand, Status::InvalidArgument("give both --origin and --destination countries", "--origin"));
    }
    routes = plan::RouteEnds{plan::LocatedIn(*actors, origin), plan::LocatedIn(*actors, destination)};
  }

  // Recovery simulation settings (used after a plan or a what-if).
  plan::RecoveryOptions recovery;
  auto rounds = args.GetInt("recovery-rounds");
  auto runs = args.GetInt("recovery-runs");
  auto prob = args.GetDouble("recovery-probability");
  if (!rounds.ok()) return Fail(kCommand, rounds.status());
  if (!runs.ok()) return Fail(kCommand, runs.status());
  if (!prob.ok()) return Fail(kCommand, prob.status());
  recovery.rounds = static_cast<int>(*rounds);
  recovery.runs = static_cast<int>(*runs);
  recovery.link_probability = *prob;
  recovery.replacement = !args.Has("no-replacement");
  recovery.seed = static_cast<uint64_t>(*seed);
  auto target = args.GetDouble("target-lcc");
  if (!target.ok()) return Fail(kCommand, target.status());
  recovery.effective_lcc = *target;

  json out{{"network", {{"nodes", g.num_nodes()}, {"links", network.num_links()}, {"directed", g.directed()}}}};
  if (actors && actors->unknown_rows > 0) {
    out["warnings"].push_back(std::to_string(actors->unknown_rows) + " rows of --nodes name nodes not in the network");
  }
  std::vector<NodeIndex> removed;
  plan::WhatIfOptions what_if_options;
  what_if_options.seed = static_cast<uint64_t>(*seed);
  std::vector<plan::PaymentFlow> payments;
  if (args.Has("payments")) {
    auto p = LoadPayments(args.Get("payments"), g);
    if (!p.ok()) return Fail(kCommand, p.status());
    payments = std::move(*p);
  }

  if (args.Has("remove")) {
    // What-if.
    auto r = ResolveLabels(g, args.Get("remove"), "--remove");
    if (!r.ok()) return Fail(kCommand, r.status());
    removed = std::move(*r);
    auto report = plan::WhatIf(network, removed, what_if_options, routes ? &*routes : nullptr, payments);
    if (!report.ok()) return Fail(kCommand, report.status());
    out["mode"] = "what-if";
    out["removed"] = Labels(g, removed);
    out["largest_component_fraction"] = report->after.largest_component_fraction;
    out["what_if"] = WhatIfJson(*report);
    out["targets"] = TargetsJson(g, removed, actors ? &*actors : nullptr, constraints);
  } else if (args.Has("key-players")) {
    auto k = args.GetInt("key-players");
    if (!k.ok()) return Fail(kCommand, k.status());
    if (*k < 1) return Fail(kCommand, Status::InvalidArgument("must be >= 1", "--key-players"));
    auto measure = plan::ParseKeyPlayerMeasure(args.Get("measure"));
    if (!measure.ok()) return Fail(kCommand, measure.status());
    auto m = args.GetInt("m");
    if (!m.ok()) return Fail(kCommand, m.status());
    plan::KeyPlayerOptions options;
    options.k = static_cast<size_t>(*k);
    options.measure = *measure;
    options.m = static_cast<int>(*m);
    options.removable = constraints.removable;
    auto start = std::chrono::steady_clock::now();
    plan::KeyPlayerSearch search(network, options);
    if (Status s = search.Run(); !s.ok()) return Fail(kCommand, s);
    removed = search.set();
    out["mode"] = "key-players";
    out["strategy"] = "kpp";
    out["measure"] = std::string(plan::ToString(*measure));
    if (*measure == plan::KeyPlayerMeasure::kMReach) out["m"] = options.m;
    out["removed"] = Labels(g, removed);
    out["score"] = search.score();
    out["greedy_score"] = search.greedy_score();
    out["swaps"] = search.swaps();
    out["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out["targets"] = TargetsJson(g, removed, actors ? &*actors : nullptr, constraints);
  } else if (args.Get("strategy") == "routecut") {
    if (!routes) {
      return Fail(kCommand, Status::InvalidArgument("routecut needs --nodes, --origin and --destination", "--strategy"));
    }
    auto start = std::chrono::steady_clock::now();
    plan::RouteCutInput input{routes->origin, routes->destination, constraints.cost, constraints.removable};
    plan::RouteCut cut(g, input);
    if (Status s = cut.Run(); !s.ok()) return Fail(kCommand, s);
    removed = cut.cut();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto effect = plan::WhatIf(network, removed, what_if_options, &*routes, payments);
    if (!effect.ok()) return Fail(kCommand, effect.status());
    bool within_budget = (!constraints.max_targets || removed.size() <= *constraints.max_targets) &&
                         (!constraints.max_cost || cut.cost() <= *constraints.max_cost + 1e-9);
    out["mode"] = "plan";
    out["strategy"] = "routecut";
    out["removed"] = Labels(g, removed);
    out["fraction_removed"] = g.num_nodes() ? static_cast<double>(removed.size()) / g.num_nodes() : 0.0;
    out["largest_component_fraction"] = effect->after.largest_component_fraction;
    out["seconds"] = seconds;
    out["cost"] = cut.cost();
    out["origin_actors"] = cut.origins();
    out["destination_actors"] = cut.destinations();
    out["within_budget"] = within_budget;
    out["targets"] = TargetsJson(g, removed, &*actors, constraints);
    out["what_if"] = WhatIfJson(*effect);
  } else {
    auto strategy = plan::ParseStrategy(args.Get("strategy"));
    if (!strategy.ok()) return Fail(kCommand, strategy.status());
    auto radius = args.GetInt("ci-radius");
    if (!radius.ok()) return Fail(kCommand, radius.status());
    plan::DismantleOptions options;
    options.strategy = *strategy;
    options.target_lcc = *target;
    options.ci_radius = static_cast<int>(*radius);
    options.reinsertion = !args.Has("no-reinsertion");
    options.seed = static_cast<uint64_t>(*seed);
    options.constraints = constraints;
    auto result = plan::Dismantle(network, options);
    if (!result.ok()) return Fail(kCommand, result.status());
    const plan::DismantlePlan& p = *result;
    removed = p.removed;
    out["mode"] = "plan";
    out["strategy"] = std::string(plan::ToString(p.strategy));
    out["removed"] = Labels(g, p.removed);
    out["fraction_removed"] = p.fraction_removed;
    out["largest_component_fraction"] = p.largest_component_fraction;
    out["seconds"] = p.seconds;
    out["target_lcc"] = *target;
    out["target_reached"] = p.target_reached;
    out["cost"] = p.cost;
    out["curve_area"] = plan::CurveArea(p.curve, g.num_nodes());
    out["notes"] = p.notes;
    if (args.Has("curve")) out["curve"] = p.curve;
    if (!p.candidates.empty()) {
      json candidates = json::array();
      for (const auto& c : p.candidates) {
        candidates.push_back({{"strategy", std::string(plan::ToString(c.strategy))},
                              {"removed_count", c.removed.size()},
                              {"fraction_removed", c.fraction_removed},
                              {"largest_component_fraction", c.largest_component_fraction},
                              {"target_reached", c.target_reached},
                              {"seconds", c.seconds}});
      }
      out["candidates"] = candidates;
    }
    out["targets"] = TargetsJson(g, p.removed, actors ? &*actors : nullptr, constraints);
    if (g.num_nodes() <= kEffectLimit || args.Has("effect")) {
      auto effect = plan::WhatIf(network, removed, what_if_options, routes ? &*routes : nullptr, payments);
      if (!effect.ok()) return Fail(kCommand, effect.status());
      out["what_if"] = WhatIfJson(*effect);
    }
  }

  if (recovery.rounds > 0) {
    auto r = plan::SimulateRecovery(network, removed, recovery);
    if (!r.ok()) return Fail(kCommand, r.status());
    out["recovery"] = RecoveryJson(g, *r, recovery);
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace disrupt::cli
