// Handlers of the analysis area; see analysis_handlers.h. Thin: parse the
// request, load the caller's view of the catalogue, call src/analysis,
// src/graph or src/disrupt, render with the marking, audit.
#include "server/analysis_handlers.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "analysis/brokerage.h"
#include "analysis/catalogue.h"
#include "analysis/changes.h"
#include "analysis/hierarchy.h"
#include "analysis/modus_operandi.h"
#include "analysis/routes.h"
#include "core/text.h"
#include "disrupt/catalogue_actors.h"
#include "disrupt/plan_report.h"
#include "graph/measures.h"
#include "graph/paths.h"
#include "server/services.h"

namespace disrupt::server::handlers {

namespace {

using nlohmann::json;

// Nodes /graph returns by default (the route caps `limit`); above it the
// explorer gets the highest-ranked.
constexpr long long kDefaultGraphNodes = 5000;

std::set<std::string> ListParam(std::string_view text, bool upper) {
  std::set<std::string> out;
  for (auto& s : SplitTrimmed(text, ',')) out.insert(upper ? AsciiUpper(s) : s);
  return out;
}

std::set<std::string> ListBody(const json& body, const char* field, bool upper) {
  std::set<std::string> out;
  if (!body.contains(field)) return out;
  const json& v = body[field];
  if (v.is_string()) return ListParam(v.get<std::string>(), upper);
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) out.insert(upper ? AsciiUpper(e.get<std::string>()) : e.get<std::string>());
    }
  }
  return out;
}

// The filters shared by the analysis routes, from the query string.
// `window`: from/to are the time window (the path route uses them for its ends).
Result<analysis::SnapshotOptions> FiltersFromQuery(const RequestContext& c, bool window = true) {
  analysis::SnapshotOptions o;
  o.networks = ListParam(c.Query("network"), false);
  o.entity_types = ListParam(c.Query("types"), false);
  o.link_types = ListParam(c.Query("link_types"), false);
  o.countries = ListParam(c.Query("countries"), true);
  if (!c.Query("as_of").empty()) {
    DISRUPT_ASSIGN_OR_RETURN(auto d, PartialDate::Parse(c.Query("as_of")));
    o.as_of = d;
  }
  if (window && !c.Query("from").empty()) {
    DISRUPT_ASSIGN_OR_RETURN(o.window.from, PartialDate::Parse(c.Query("from")));
  }
  if (window && !c.Query("to").empty()) {
    DISRUPT_ASSIGN_OR_RETURN(o.window.to, PartialDate::Parse(c.Query("to")));
  }
  return o;
}

Result<analysis::CatalogueView> LoadView(Services& s, const RequestContext& c, analysis::SnapshotOptions options) {
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  return analysis::LoadCatalogueView(s.store, c.caller->principal, *context, std::move(options));
}

// One audit entry per analysis request; fail closed.
Status Audit(Services& s, const RequestContext& c, const std::string& kind, std::string target,
             const std::string& detail) {
  audit::AuditEvent e{c.caller->actor,    c.caller->principal.member, "analysis." + kind, std::move(target),
                      audit::Outcome::kInfo, "allowed", "request " + c.request_id + (detail.empty() ? "" : "; " + detail)};
  return s.auditor.RecordShown(std::move(e));
}

Reply Answer(json body, const analysis::Marking& marking) {
  Reply reply;
  body["marking"] = marking.ToJson();
  reply.body = std::move(body);
  return reply;
}

long long IntQuery(const RequestContext& c, std::string_view name, long long fallback) {
  long long v = fallback;
  if (!c.Query(name).empty()) ParseInt64(c.Query(name), v);  // range validated by the route
  return v;
}

// A visible entity of the snapshot, or the one answer for hidden and missing.
Result<graph::NodeIndex> NodeParam(const analysis::Snapshot& snap, std::string_view id, const std::string& field) {
  graph::NodeIndex v = snap.graph.Find(id);
  if (v == graph::kNoNode) return Status::NotFound("no such entity in the network", field);
  return v;
}

Result<graph::MeasureResult> Measure(const graph::Graph& g, std::string_view name) {
  DISRUPT_ASSIGN_OR_RETURN(auto m, graph::ParseMeasure(name.empty() ? "degree" : name));
  graph::MeasureRequest request;
  request.measure = m;
  request.threads = 1;  // a request thread; the server has other requests to serve
  return graph::ComputeMeasure(g, request);
}

json NodeJson(const analysis::NodeInfo& n) {
  return json{{"id", n.id},
              {"label", n.label},
              {"type", n.type},
              {"country", n.country()},
              {"network", n.networks.empty() ? json(nullptr) : json(n.networks.front())}};
}

}  // namespace

Result<Reply> GraphView(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  const analysis::Snapshot& snap = *view.snapshot;
  const graph::Graph& g = snap.graph;
  std::string measure_name = c.Query("measure").empty() ? "degree" : std::string(c.Query("measure"));
  DISRUPT_ASSIGN_OR_RETURN(auto measure, Measure(g, measure_name));
  DISRUPT_ASSIGN_OR_RETURN(auto communities, Measure(g, "communities"));
  const size_t limit = static_cast<size_t>(IntQuery(c, "limit", kDefaultGraphNodes));
  std::vector<graph::NodeIndex> order = graph::OutputOrder(measure, g.num_nodes() > limit ? limit : 0);
  std::vector<int32_t> position(g.num_nodes(), -1);
  json nodes = json::array();
  for (graph::NodeIndex v : order) {
    position[v] = static_cast<int32_t>(nodes.size());
    json n = NodeJson(snap.nodes[v]);
    n["community"] = static_cast<long long>(communities.values[v]);
    n["value"] = measure.values[v];
    nodes.push_back(std::move(n));
  }
  json links = json::array();
  for (const auto& l : snap.links) {
    if (position[l.source] < 0 || position[l.target] < 0) continue;
    links.push_back({{"id", l.id}, {"source", snap.nodes[l.source].id}, {"target", snap.nodes[l.target].id},
                     {"type", l.type}, {"directed", l.directed}});
  }
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "graph", std::string(c.Query("network")),
                                "nodes " + std::to_string(nodes.size())));
  json body{{"measure", std::string(graph::MeasureName(measure.measure))},
            {"meaning", measure.meaning},
            {"total_nodes", g.num_nodes()},
            {"total_links", snap.links.size()},
            {"truncated", order.size() < g.num_nodes()},
            {"communities", communities.summary},
            {"nodes", std::move(nodes)},
            {"links", std::move(links)}};
  return Answer(std::move(body), view.marking);
}

Result<Reply> GraphPath(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c, false));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  const analysis::Snapshot& snap = *view.snapshot;
  DISRUPT_ASSIGN_OR_RETURN(auto from, NodeParam(snap, c.Query("from"), "from"));
  DISRUPT_ASSIGN_OR_RETURN(auto to, NodeParam(snap, c.Query("to"), "to"));
  graph::KShortestPaths yen(snap.graph, from, to, static_cast<size_t>(IntQuery(c, "k", 1)));
  DISRUPT_RETURN_IF_ERROR(yen.Run());
  json paths = json::array();
  for (const auto& p : yen.paths()) {
    json nodes = json::array();
    for (auto v : p.nodes) nodes.push_back(NodeJson(snap.nodes[v]));
    paths.push_back({{"length", p.length}, {"nodes", std::move(nodes)}});
  }
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "path", snap.nodes[from].id + ">" + snap.nodes[to].id, ""));
  return Answer(json{{"from", snap.nodes[from].id}, {"to", snap.nodes[to].id}, {"paths", std::move(paths)}},
                view.marking);
}

Result<Reply> GraphEgo(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  const analysis::Snapshot& snap = *view.snapshot;
  DISRUPT_ASSIGN_OR_RETURN(auto centre, NodeParam(snap, c.Path("id"), "id"));
  int depth = static_cast<int>(IntQuery(c, "depth", 1));
  DISRUPT_ASSIGN_OR_RETURN(auto members, graph::EgoNetwork(snap.graph, centre, {depth, graph::Direction::kBoth}));
  std::vector<uint8_t> in(snap.graph.num_nodes(), 0);
  json nodes = json::array();
  for (const auto& m : members) {
    in[m.node] = 1;
    json n = NodeJson(snap.nodes[m.node]);
    n["distance"] = m.distance;
    nodes.push_back(std::move(n));
  }
  json links = json::array();
  for (const auto& l : snap.links) {
    if (!in[l.source] || !in[l.target]) continue;
    links.push_back({{"id", l.id}, {"source", snap.nodes[l.source].id}, {"target", snap.nodes[l.target].id},
                     {"type", l.type}});
  }
  // The ego network is built from the whole visible graph (distances), so it carries the view's marking.
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "ego", snap.nodes[centre].id, "nodes " + std::to_string(members.size())));
  return Answer(json{{"centre", snap.nodes[centre].id}, {"depth", depth}, {"nodes", std::move(nodes)},
                     {"links", std::move(links)}},
                view.marking);
}

Result<Reply> Measures(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  const analysis::Snapshot& snap = *view.snapshot;
  DISRUPT_ASSIGN_OR_RETURN(auto measure, Measure(snap.graph, c.Query("measure")));
  size_t top = static_cast<size_t>(IntQuery(c, "top", 0));
  json values = json::array();
  for (graph::NodeIndex v : graph::OutputOrder(measure, top)) {
    json n = NodeJson(snap.nodes[v]);
    n["value"] = measure.values[v];
    values.push_back(std::move(n));
  }
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "measures", std::string(c.Query("network")),
                                std::string(graph::MeasureName(measure.measure))));
  return Answer(json{{"measure", std::string(graph::MeasureName(measure.measure))},
                     {"meaning", measure.meaning},
                     {"nodes", snap.graph.num_nodes()},
                     {"links", snap.graph.num_links()},
                     {"summary", measure.summary},
                     {"values", std::move(values)}},
                view.marking);
}

Result<Reply> Brokers(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  json result = analysis::AnalyzeBrokerage(*view.snapshot).ToJson();
  size_t top = static_cast<size_t>(IntQuery(c, "top", 50));
  if (result.contains("brokers") && result["brokers"].size() > top) {
    json cut = json::array();
    for (size_t i = 0; i < top; ++i) cut.push_back(result["brokers"][i]);
    result["total_brokers"] = result["brokers"].size();
    result["brokers"] = std::move(cut);
  }
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "brokers", std::string(c.Query("network")), ""));
  return Answer(std::move(result), view.marking);
}

Result<Reply> Hierarchy(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  json result = analysis::AnalyzeHierarchy(*view.snapshot).ToJson();
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "hierarchy", std::string(c.Query("network")), ""));
  return Answer(std::move(result), view.marking);
}

Result<Reply> RouteFlows(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto options, FiltersFromQuery(c));
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  analysis::RoutesResult routes = analysis::AnalyzeRoutes(*view.snapshot);
  std::string origin = AsciiUpper(c.Query("origin")), destination = AsciiUpper(c.Query("destination"));
  std::string mode(c.Query("mode"));
  std::erase_if(routes.routes, [&](const analysis::Route& r) {
    if (!origin.empty() && r.origin() != origin) return true;
    if (!destination.empty() && r.destination() != destination) return true;
    if (!mode.empty() && !r.modes.count(mode)) return true;
    return false;
  });
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "routes", std::string(c.Query("network")),
                                "routes " + std::to_string(routes.routes.size())));
  return Answer(routes.ToJson(), view.marking);
}

Result<Reply> NetworkProfile(Services& s, RequestContext& c) {
  std::string id(c.Path("id"));
  analysis::SnapshotOptions options;
  options.networks = {id};
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  const model::Record* network = nullptr;
  for (const auto& r : view.records) {
    if (r.id == id && r.type == "Network") network = &r;
  }
  if (network == nullptr) return Status::NotFound("no such record", "id");
  const analysis::Snapshot& snap = *view.snapshot;
  json summary{{"id", id},
               {"name", network->Label()},
               {"status", network->Get("network_status")},
               {"summary", network->Get("summary")},
               {"entities", snap.nodes.size()},
               {"links", snap.links.size()},
               {"events", snap.events.size()}};
  std::map<std::string, uint64_t> by_type, by_country;
  for (const auto& n : snap.nodes) {
    ++by_type[n.type];
    if (!n.country().empty()) ++by_country[n.country()];
  }
  summary["entities_by_type"] = by_type;
  summary["entities_by_country"] = by_country;
  json key_actors = json::array();
  if (snap.graph.num_nodes() > 0) {
    DISRUPT_ASSIGN_OR_RETURN(auto measure, Measure(snap.graph, "betweenness"));
    for (graph::NodeIndex v : graph::OutputOrder(measure, 10)) {
      json n = NodeJson(snap.nodes[v]);
      n["betweenness"] = measure.values[v];
      n["degree"] = snap.graph.OutDegree(v) + (snap.graph.directed() ? snap.graph.InDegree(v) : 0);
      key_actors.push_back(std::move(n));
    }
  }
  auto mo = analysis::ProfileModusOperandi(view.records, view.Visible(), id);
  json mo_json = mo.ok() ? mo->ToJson() : json(nullptr);
  // The modus operandi baseline is every record the caller may see.
  analysis::Marking marking = view.marking;
  for (const auto& r : view.records) marking.Add(r);
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "profile", id, ""));
  return Answer(json{{"network", std::move(summary)},
                     {"routes", analysis::AnalyzeRoutes(snap).ToJson()},
                     {"modus_operandi", std::move(mo_json)},
                     {"hierarchy", analysis::AnalyzeHierarchy(snap).ToJson()},
                     {"key_actors", std::move(key_actors)}},
                marking);
}

Result<Reply> Changes(Services& s, RequestContext& c) {
  std::string id(c.Query("network"));
  DISRUPT_ASSIGN_OR_RETURN(auto since, PartialDate::Parse(c.Query("since")));
  analysis::SnapshotOptions options;
  options.networks = {id};
  DISRUPT_ASSIGN_OR_RETURN(auto view, LoadView(s, c, std::move(options)));
  DISRUPT_ASSIGN_OR_RETURN(auto changes, analysis::NetworkChanges(view.records, view.Visible(), id, since));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, "changes", id, "since " + std::string(c.Query("since"))));
  return Answer(changes.ToJson(), view.marking);
}

namespace {

// The view a plan or what-if works on, from the body's filters.
Result<analysis::CatalogueView> PlanView(Services& s, const RequestContext& c) {
  const json& b = c.body;
  if (!b.is_object()) return Status::InvalidArgument("expected a JSON object", "body");
  analysis::SnapshotOptions o;
  o.networks = ListBody(b, "network", false);
  o.entity_types = ListBody(b, "types", false);
  o.link_types = ListBody(b, "link_types", false);
  o.countries = ListBody(b, "countries", true);
  if (b.contains("as_of")) {
    if (!b["as_of"].is_string()) return Status::InvalidArgument("expected a date", "as_of");
    DISRUPT_ASSIGN_OR_RETURN(auto d, PartialDate::Parse(b["as_of"].get<std::string>()));
    o.as_of = d;
  }
  return LoadView(s, c, std::move(o));
}

Result<double> Number(const json& b, const char* field, double fallback) {
  if (!b.contains(field)) return fallback;
  if (!b[field].is_number()) return Status::InvalidArgument("expected a number", field);
  return b[field].get<double>();
}

// Constraints, route ends and recovery settings shared by plans and what-ifs.
Status FillRequest(const json& b, const analysis::Snapshot& snap, const plan::ActorTable& actors,
                   plan::PlanRequest& request) {
  plan::JurisdictionRules rules;
  if (b.contains("acting_state")) {
    if (!b["acting_state"].is_string()) return Status::InvalidArgument("expected a country code", "acting_state");
    rules.acting_state = AsciiUpper(b["acting_state"].get<std::string>());
  }
  for (const auto& st : ListBody(b, "actionable_by", true)) rules.actionable_by.push_back(st);
  DISRUPT_ASSIGN_OR_RETURN(rules.abroad_cost, Number(b, "abroad_cost", 3.0));
  if (!(rules.abroad_cost > 0)) return Status::InvalidArgument("must be > 0", "abroad_cost");
  request.constraints = plan::MakeConstraints(actors, rules);
  if (b.contains("max_targets")) {
    if (!b["max_targets"].is_number_unsigned()) return Status::InvalidArgument("expected a count >= 0", "max_targets");
    request.constraints.max_targets = b["max_targets"].get<size_t>();
  }
  if (b.contains("max_cost")) {
    DISRUPT_ASSIGN_OR_RETURN(double cost, Number(b, "max_cost", 0));
    request.constraints.max_cost = cost;
  }
  auto origin = ListBody(b, "origin", true), destination = ListBody(b, "destination", true);
  if (!origin.empty() || !destination.empty()) {
    if (origin.empty() || destination.empty()) {
      return Status::InvalidArgument("give both origin and destination countries", origin.empty() ? "origin" : "destination");
    }
    request.routes = plan::RouteEnds{plan::LocatedIn(actors, {origin.begin(), origin.end()}),
                                     plan::LocatedIn(actors, {destination.begin(), destination.end()})};
  }
  request.payments = plan::PaymentsOf(snap);
  if (b.contains("recovery_rounds")) {
    if (!b["recovery_rounds"].is_number_unsigned() || b["recovery_rounds"].get<long long>() > 20) {
      return Status::InvalidArgument("expected 0 to 20", "recovery_rounds");
    }
    request.recovery_rounds = b["recovery_rounds"].get<int>();
  }
  DISRUPT_ASSIGN_OR_RETURN(request.recovery.link_probability, Number(b, "recovery_probability", 0.1));
  return Status::Ok();
}

Result<Reply> RunPlanRequest(Services& s, RequestContext& c, bool what_if) {
  DISRUPT_ASSIGN_OR_RETURN(auto view, PlanView(s, c));
  const analysis::Snapshot& snap = *view.snapshot;
  const json& b = c.body;
  plan::ActorTable actors = plan::ActorsOf(snap);
  plan::PlanRequest request;
  DISRUPT_RETURN_IF_ERROR(FillRequest(b, snap, actors, request));
  DISRUPT_ASSIGN_OR_RETURN(double target, Number(b, "target_lcc", 0.05));
  if (!(target >= 0 && target <= 1)) return Status::InvalidArgument("expected a share between 0 and 1", "target_lcc");
  request.target_lcc = target;
  request.recovery.effective_lcc = target;
  if (what_if) {
    if (!b.contains("remove") || !b["remove"].is_array() || b["remove"].empty()) {
      return Status::InvalidArgument("list the entity ids to remove", "remove");
    }
    std::vector<std::string> ids;
    for (const auto& e : b["remove"]) {
      if (!e.is_string()) return Status::InvalidArgument("expected entity ids", "remove");
      ids.push_back(e.get<std::string>());
    }
    std::sort(ids.begin(), ids.end());
    if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) {
      return Status::InvalidArgument("an entity is listed twice", "remove");
    }
    // Hidden and missing entities answer alike.
    std::vector<std::string> in_order;
    for (const auto& e : b["remove"]) in_order.push_back(e.get<std::string>());
    DISRUPT_ASSIGN_OR_RETURN(request.remove, plan::NodesOf(snap, in_order, "remove"));
    request.mode = plan::PlanMode::kWhatIf;
  } else {
    std::string strategy = b.contains("strategy") && b["strategy"].is_string() ? b["strategy"].get<std::string>()
                                                                               : "best";
    if (strategy == "routecut") {
      if (!request.routes) return Status::InvalidArgument("a route cut needs origin and destination", "origin");
      request.mode = plan::PlanMode::kRouteCut;
    } else if (strategy == "kpp" && b.contains("key_players")) {
      if (!b["key_players"].is_number_unsigned() || b["key_players"].get<long long>() < 1) {
        return Status::InvalidArgument("expected a count >= 1", "key_players");
      }
      request.mode = plan::PlanMode::kKeyPlayers;
      request.key_players = b["key_players"].get<size_t>();
    } else {
      auto parsed = plan::ParseStrategy(strategy);
      if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "strategy");
      request.strategy = *parsed;
    }
  }
  auto result = plan::RunPlan(snap.graph, request, &actors);
  if (!result.ok()) {
    const Status& e = result.status();
    if (e.code() == StatusCode::kInvalidArgument) return Status::InvalidArgument(e.message(), e.field().empty() ? "body" : e.field());
    return e;
  }
  json out = std::move(*result);
  plan::DescribeTargets(out, snap);
  auto networks = ListBody(b, "network", false);
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, what_if ? "what_if" : "plan",
                                Join(std::vector<std::string>(networks.begin(), networks.end()), ","),
                                "targets " + std::to_string(out["removed"].size())));
  return Answer(std::move(out), view.marking);
}

}  // namespace

Result<Reply> PlanDisruption(Services& s, RequestContext& c) { return RunPlanRequest(s, c, false); }

Result<Reply> WhatIfRemoval(Services& s, RequestContext& c) { return RunPlanRequest(s, c, true); }

}  // namespace disrupt::server::handlers
