// Running one disruption request and rendering it with explanations; see
// plan_report.h.
#include "disrupt/plan_report.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

#include "core/text.h"
#include "disrupt/route_cut.h"
#include "graph/measures.h"

namespace disrupt::plan {

namespace {

using nlohmann::json;

json Labels(const graph::Graph& g, const std::vector<NodeIndex>& nodes) {
  json out = json::array();
  for (NodeIndex v : nodes) out.push_back(g.label(v));
  return out;
}

json RecoveryJson(const graph::Graph& g, const RecoveryReport& r, const RecoveryOptions& o) {
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

// Components among the nodes present after removing removed[0..i), for
// every i (reverse union-find: O((n + m) α)).
std::vector<uint32_t> ComponentCountCurve(const Network& network, const std::vector<NodeIndex>& removed) {
  const NodeIndex n = network.size();
  std::vector<uint8_t> gone(n, 0);
  for (NodeIndex v : removed) gone[v] = 1;
  ComponentTracker tracker(network);
  uint32_t components = 0;
  auto add = [&](NodeIndex v) {
    // Adding v creates one component and merges it with each distinct present neighbour component.
    std::vector<NodeIndex> roots;
    for (NodeIndex u : network.Neighbors(v)) {
      if (tracker.present(u)) roots.push_back(tracker.Find(u));
    }
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    components = components + 1 - static_cast<uint32_t>(roots.size());
    tracker.Add(v);
  };
  for (NodeIndex v = 0; v < n; ++v) {
    if (!gone[v]) add(v);
  }
  std::vector<uint32_t> out(removed.size() + 1);
  out[removed.size()] = components;
  for (size_t i = removed.size(); i-- > 0;) {
    add(removed[i]);
    out[i] = components;
  }
  return out;
}

std::string Percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * x);
  return buf;
}

json TargetsJson(const graph::Graph& g, const Network& network, const std::vector<NodeIndex>& removed,
                 const ActorTable* actors, const Constraints& constraints, bool explain) {
  json out = json::array();
  if (removed.empty()) return out;
  std::vector<double> betweenness;
  std::vector<size_t> rank;
  const NodeIndex n = network.size();
  if (explain && static_cast<double>(n) * static_cast<double>(network.num_links()) <= kExplainBetweennessLimit) {
    graph::MeasureRequest request;
    request.measure = graph::Measure::kBetweenness;
    auto result = graph::ComputeMeasure(g, request);
    if (result.ok()) {
      betweenness = std::move(result->values);
      std::vector<NodeIndex> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](NodeIndex a, NodeIndex b) { return betweenness[a] > betweenness[b]; });
      rank.assign(n, 0);
      for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = i + 1;
    }
  }
  std::vector<uint32_t> lcc, components;
  if (explain) {
    lcc = LargestComponentCurve(network, removed);
    components = ComponentCountCurve(network, removed);
  }
  for (size_t i = 0; i < removed.size(); ++i) {
    NodeIndex v = removed[i];
    json t{{"node", g.label(v)}, {"order", i + 1}};
    if (!constraints.cost.empty()) t["cost"] = constraints.cost[v];
    if (actors) {
      const auto& a = actors->actors[v];
      if (!a.country.empty()) t["country"] = a.country;
      if (!a.nationalities.empty()) t["nationalities"] = a.nationalities;
      t["jurisdiction"] = Jurisdictions(a);
    }
    if (explain) {
      json why{{"degree", network.Degree(v)},
               {"largest_component_before", lcc[i]},
               {"largest_component_after", lcc[i + 1]},
               {"components_before", components[i]},
               {"components_after", components[i + 1]}};
      std::string text = "linked to " + std::to_string(network.Degree(v)) + " actors";
      if (!betweenness.empty()) {
        why["betweenness"] = betweenness[v];
        why["betweenness_rank"] = rank[v];
        text += ", betweenness rank " + std::to_string(rank[v]) + " of " + std::to_string(n);
      }
      text += "; removing it";
      if (i > 0) text += " after the " + std::to_string(i) + " target" + (i > 1 ? "s" : "") + " before it";
      text += " takes the largest component from " + std::to_string(lcc[i]) + " to " + std::to_string(lcc[i + 1]) +
              " of " + std::to_string(n) + " nodes (" + Percent(n ? static_cast<double>(lcc[i + 1]) / n : 0) + ")";
      // Removing v removes itself; the rest of the change is what it split apart.
      if (components[i + 1] + 1 > components[i]) {
        text += " and splits off " + std::to_string(components[i + 1] + 1 - components[i]) + " group" +
                (components[i + 1] + 1 - components[i] > 1 ? "s" : "");
      }
      if (actors) {
        auto j = Jurisdictions(actors->actors[v]);
        text += j.empty() ? std::string("; no member state is known to have jurisdiction")
                          : "; jurisdiction: " + Join(j, ", ");
      }
      why["text"] = text;
      t["explanation"] = std::move(why);
    }
    out.push_back(std::move(t));
  }
  return out;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

json StateJson(const NetworkState& s) {
  return json{{"nodes", s.nodes},
              {"largest_component", s.largest_component},
              {"largest_component_fraction", s.largest_component_fraction},
              {"components", s.components},
              {"fragmentation", s.fragmentation},
              {"distance_weighted_fragmentation", s.distance_fragmentation},
              {"efficiency", s.efficiency}};
}

json WhatIfJson(const WhatIfReport& r) {
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

Result<json> RunPlan(const graph::Graph& g, const PlanRequest& request, const ActorTable* actors) {
  const Network network(g);
  const Constraints& constraints = request.constraints;
  const RouteEnds* routes = request.routes ? &*request.routes : nullptr;
  WhatIfOptions what_if_options;
  what_if_options.seed = request.seed;
  json out{{"network", {{"nodes", g.num_nodes()}, {"links", network.num_links()}, {"directed", g.directed()}}}};
  std::vector<NodeIndex> removed;
  auto start = std::chrono::steady_clock::now();
  switch (request.mode) {
    case PlanMode::kWhatIf: {
      removed = request.remove;
      DISRUPT_ASSIGN_OR_RETURN(auto report, WhatIf(network, removed, what_if_options, routes, request.payments));
      out["mode"] = "what-if";
      out["removed"] = Labels(g, removed);
      out["largest_component_fraction"] = report.after.largest_component_fraction;
      out["what_if"] = WhatIfJson(report);
      break;
    }
    case PlanMode::kKeyPlayers: {
      KeyPlayerOptions options;
      options.k = request.key_players;
      options.measure = request.key_player_measure;
      options.m = request.m;
      options.removable = constraints.removable;
      KeyPlayerSearch search(network, options);
      DISRUPT_RETURN_IF_ERROR(search.Run());
      removed = search.set();
      out["mode"] = "key-players";
      out["strategy"] = "kpp";
      out["measure"] = std::string(ToString(options.measure));
      if (options.measure == KeyPlayerMeasure::kMReach) out["m"] = options.m;
      out["removed"] = Labels(g, removed);
      out["score"] = search.score();
      out["greedy_score"] = search.greedy_score();
      out["swaps"] = search.swaps();
      out["seconds"] = Seconds(start);
      break;
    }
    case PlanMode::kRouteCut: {
      if (!routes) return Status::InvalidArgument("a route cut needs origin and destination countries", "origin");
      RouteCutInput input{routes->origin, routes->destination, constraints.cost, constraints.removable};
      RouteCut cut(g, input);
      DISRUPT_RETURN_IF_ERROR(cut.Run());
      removed = cut.cut();
      double seconds = Seconds(start);
      DISRUPT_ASSIGN_OR_RETURN(auto effect, WhatIf(network, removed, what_if_options, routes, request.payments));
      bool within_budget = (!constraints.max_targets || removed.size() <= *constraints.max_targets) &&
                           (!constraints.max_cost || cut.cost() <= *constraints.max_cost + 1e-9);
      out["mode"] = "plan";
      out["strategy"] = "routecut";
      out["removed"] = Labels(g, removed);
      out["fraction_removed"] = g.num_nodes() ? static_cast<double>(removed.size()) / g.num_nodes() : 0.0;
      out["largest_component_fraction"] = effect.after.largest_component_fraction;
      out["seconds"] = seconds;
      out["cost"] = cut.cost();
      out["origin_actors"] = cut.origins();
      out["destination_actors"] = cut.destinations();
      out["within_budget"] = within_budget;
      out["what_if"] = WhatIfJson(effect);
      break;
    }
    case PlanMode::kDismantle: {
      DismantleOptions options;
      options.strategy = request.strategy;
      options.target_lcc = request.target_lcc;
      options.ci_radius = request.ci_radius;
      options.reinsertion = request.reinsertion;
      options.seed = request.seed;
      options.constraints = constraints;
      DISRUPT_ASSIGN_OR_RETURN(DismantlePlan p, Dismantle(network, options));
      removed = p.removed;
      out["mode"] = "plan";
      out["strategy"] = std::string(ToString(p.strategy));
      out["removed"] = Labels(g, p.removed);
      out["fraction_removed"] = p.fraction_removed;
      out["largest_component_fraction"] = p.largest_component_fraction;
      out["seconds"] = p.seconds;
      out["target_lcc"] = request.target_lcc;
      out["target_reached"] = p.target_reached;
      out["cost"] = p.cost;
      out["curve_area"] = CurveArea(p.curve, g.num_nodes());
      out["notes"] = p.notes;
      if (request.curve) out["curve"] = p.curve;
      if (!p.candidates.empty()) {
        json candidates = json::array();
        for (const auto& c : p.candidates) {
          candidates.push_back({{"strategy", std::string(ToString(c.strategy))},
                                {"removed_count", c.removed.size()},
                                {"fraction_removed", c.fraction_removed},
                                {"largest_component_fraction", c.largest_component_fraction},
                                {"target_reached", c.target_reached},
                                {"seconds", c.seconds}});
        }
        out["candidates"] = candidates;
      }
      if (g.num_nodes() <= kEffectLimit || request.force_effect) {
        DISRUPT_ASSIGN_OR_RETURN(auto effect, WhatIf(network, removed, what_if_options, routes, request.payments));
        out["what_if"] = WhatIfJson(effect);
      }
      break;
    }
  }
  out["targets"] = TargetsJson(g, network, removed, actors, constraints, request.explain);
  if (request.recovery_rounds > 0) {
    RecoveryOptions recovery = request.recovery;
    recovery.rounds = request.recovery_rounds;
    DISRUPT_ASSIGN_OR_RETURN(auto r, SimulateRecovery(network, removed, recovery));
    out["recovery"] = RecoveryJson(g, r, recovery);
  }
  return out;
}

}  // namespace disrupt::plan
