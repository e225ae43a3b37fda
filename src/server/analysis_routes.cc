// The analysis area of the portal API: graph measures, brokers, hierarchies,
// routes, modus operandi, changes and disruption plans on the catalogue,
// under need-to-know. Its routes and the component schemas they name;
// Routes() (routes.cc) gathers them. Handlers: analysis_handlers.cc.
#include "server/analysis_handlers.h"
#include "server/route.h"

namespace disrupt::server {

namespace {

namespace h = handlers;
using nlohmann::ordered_json;

// The filters every read of the analysis area takes.
std::vector<ParamSpec> ViewParams(std::vector<ParamSpec> extra = {}, bool window = true) {
  std::vector<ParamSpec> p = {
      {"network", ParamType::kString, "only records of these Network ids (comma-separated)"},
      {"types", ParamType::kString, "only these entity types (comma-separated schema names)"},
      {"link_types", ParamType::kString, "only these link types (comma-separated)"},
      {"countries", ParamType::kString, "only entities with one of these countries (ISO alpha-3, comma-separated)"},
      {"as_of", ParamType::kDate, "only records valid on this date"},
      {"from", ParamType::kDate, "only records valid at some time from this date"},
      {"to", ParamType::kDate, "only records valid at some time up to this date"},
  };
  if (!window) p.resize(p.size() - 2);  // from/to name something else on this route
  p.insert(p.end(), extra.begin(), extra.end());
  return p;
}

ordered_json Obj(ordered_json properties, std::vector<std::string> required = {}) {
  ordered_json o{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) o["required"] = required;
  return o;
}

ordered_json Ref(const char* name) { return {{"$ref", std::string("#/components/schemas/") + name}}; }
ordered_json Array(ordered_json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
ordered_json Type(const char* t) { return {{"type", t}}; }

ordered_json Schemas() {
  ordered_json s = ordered_json::object();
  s["Marking"] = Obj({{"sources", Type("integer")},
                      {"handling", {{"type", "object"}, {"description", "the most restrictive handling of the sources, "
                                                                          "in the same form as a record's"}}},
                      {"grade", Obj({{"reliability", Type("string")}, {"credibility", Type("integer")}})}},
                     {"sources", "handling", "grade"});
  s["GraphNode"] = Obj({{"id", Type("string")},
                        {"label", Type("string")},
                        {"type", Type("string")},
                        {"country", Type("string")},
                        {"network", {{"type", "string"}, {"nullable", true}}},
                        {"community", Type("integer")},
                        {"value", Type("number")},
                        {"distance", Type("integer")}},
                       {"id", "label", "type"});
  s["GraphLink"] = Obj({{"id", Type("string")},
                        {"source", Type("string")},
                        {"target", Type("string")},
                        {"type", Type("string")},
                        {"directed", Type("boolean")}},
                       {"id", "source", "target", "type"});
  s["Graph"] = Obj({{"measure", Type("string")},
                    {"meaning", Type("string")},
                    {"total_nodes", Type("integer")},
                    {"total_links", Type("integer")},
                    {"truncated", Type("boolean")},
                    {"communities", Type("object")},
                    {"nodes", Array(Ref("GraphNode"))},
                    {"links", Array(Ref("GraphLink"))},
                    {"marking", Ref("Marking")}},
                   {"nodes", "links", "marking"});
  s["GraphPaths"] = Obj({{"from", Type("string")},
                         {"to", Type("string")},
                         {"paths", Array(Obj({{"length", Type("number")}, {"nodes", Array(Ref("GraphNode"))}}))},
                         {"marking", Ref("Marking")}},
                        {"paths", "marking"});
  s["EgoNetwork"] = Obj({{"centre", Type("string")},
                         {"depth", Type("integer")},
                         {"nodes", Array(Ref("GraphNode"))},
                         {"links", Array(Ref("GraphLink"))},
                         {"marking", Ref("Marking")}},
                        {"nodes", "links", "marking"});
  s["MeasureValues"] = Obj({{"measure", Type("string")},
                            {"meaning", Type("string")},
                            {"nodes", Type("integer")},
                            {"links", Type("integer")},
                            {"summary", Type("object")},
                            {"values", Array(Ref("GraphNode"))},
                            {"marking", Ref("Marking")}},
                           {"measure", "values", "marking"});
  s["Brokerage"] = Obj({{"brokers", Array(Obj({{"id", Type("string")},
                                               {"country", Type("string")},
                                               {"roles", Type("object")},
                                               {"cross_border", Type("integer")},
                                               {"countries_connected", Array(Type("string"))},
                                               {"examples", Array(Type("object"))},
                                               {"explanation", Type("string")}}))},
                        {"total_brokers", Type("integer")},
                        {"skipped_unknown_country", Type("integer")},
                        {"marking", Ref("Marking")}},
                       {"brokers", "marking"});
  s["Hierarchy"] = Obj({{"levels", Type("integer")},
                        {"entries", Array(Obj({{"id", Type("string")},
                                               {"level", Type("integer")},
                                               {"estimated", Type("boolean")},
                                               {"superiors", Array(Type("string"))},
                                               {"subordinates", Array(Type("string"))},
                                               {"explanation", Type("string")}}))},
                        {"marking", Ref("Marking")}},
                       {"entries", "marking"});
  s["RouteFlows"] = Obj({{"routes", Array(Obj({{"countries", Array(Type("string"))},
                                               {"journeys", Type("integer")},
                                               {"legs", Type("integer")},
                                               {"people", Type("integer")},
                                               {"modes", Type("object")},
                                               {"crossing_points", Type("object")},
                                               {"journeys_by_year", Type("object")},
                                               {"movements", Array(Type("string"))},
                                               {"explanation", Type("string")}}))},
                         {"movements_used", Type("integer")},
                         {"movements_skipped", Type("integer")},
                         {"marking", Ref("Marking")}},
                        {"routes", "marking"});
  s["NetworkProfile"] = Obj({{"network", Type("object")},
                             {"routes", Ref("RouteFlows")},
                             {"modus_operandi", {{"type", "object"}, {"nullable", true}}},
                             {"hierarchy", Ref("Hierarchy")},
                             {"key_actors", Array(Ref("GraphNode"))},
                             {"marking", Ref("Marking")}},
                            {"network", "marking"});
  s["NetworkChanges"] = Obj({{"network", Type("string")},
                             {"since", Type("string")},
                             {"changes", Array(Obj({{"kind", Type("string")},
                                                    {"id", Type("string")},
                                                    {"date", Type("string")},
                                                    {"explanation", Type("string")}}))},
                             {"marking", Ref("Marking")}},
                            {"changes", "marking"});
  ordered_json common{{"network", {{"description", "Network id, or a list of them"}}},
                      {"types", Array(Type("string"))},
                      {"link_types", Array(Type("string"))},
                      {"countries", Array(Type("string"))},
                      {"as_of", Type("string")},
                      {"acting_state", {{"type", "string"}, {"description", "member state acting; actors elsewhere "
                                                                             "cost abroad_cost"}}},
                      {"abroad_cost", Type("number")},
                      {"actionable_by", Array(Type("string"))},
                      {"max_targets", Type("integer")},
                      {"max_cost", Type("number")},
                      {"origin", Array(Type("string"))},
                      {"destination", Array(Type("string"))},
                      {"target_lcc", Type("number")},
                      {"recovery_rounds", Type("integer")},
                      {"recovery_probability", Type("number")}};
  ordered_json plan = common;
  plan["strategy"] = {{"type", "string"},
                      {"enum", {"degree", "betweenness", "eigenvector", "ci", "corehd", "minsum", "kpp", "random",
                                "routecut", "best"}}};
  plan["key_players"] = Type("integer");
  s["PlanRequest"] = Obj(plan);
  ordered_json what_if = common;
  what_if["remove"] = Array(Type("string"));
  s["WhatIfRequest"] = Obj(what_if, {"remove"});
  s["PlanTarget"] = Obj({{"node", Type("string")},
                         {"label", Type("string")},
                         {"type", Type("string")},
                         {"order", Type("integer")},
                         {"cost", Type("number")},
                         {"country", Type("string")},
                         {"jurisdiction", Array(Type("string"))},
                         {"explanation", Obj({{"degree", Type("integer")},
                                              {"betweenness", Type("number")},
                                              {"betweenness_rank", Type("integer")},
                                              {"largest_component_before", Type("integer")},
                                              {"largest_component_after", Type("integer")},
                                              {"components_before", Type("integer")},
                                              {"components_after", Type("integer")},
                                              {"text", Type("string")}})}},
                        {"node"});
  s["PlanResult"] = Obj({{"mode", Type("string")},
                         {"strategy", Type("string")},
                         {"network", Type("object")},
                         {"removed", Array(Type("string"))},
                         {"fraction_removed", Type("number")},
                         {"largest_component_fraction", Type("number")},
                         {"target_reached", Type("boolean")},
                         {"cost", Type("number")},
                         {"targets", Array(Ref("PlanTarget"))},
                         {"what_if", {{"type", "object"}, {"description", "before/after: largest component, "
                                                                           "components, fragmentation, distance-"
                                                                           "weighted fragmentation, efficiency; "
                                                                           "efficiency_loss; routes; payments"}}},
                         {"recovery", Type("object")},
                         {"notes", Array(Type("string"))},
                         {"marking", Ref("Marking")}},
                        {"mode", "removed", "targets", "marking"});
  return s;
}

}  // namespace

RouteArea AnalysisRoutes() {
  RouteArea area;
  area.routes = {
      {.method = "GET", .pattern = "/api/v1/graph", .operation_id = "graph", .tag = "analysis",
       .summary = "The network the caller may see, for the network explorer: nodes (id, label, type, country, "
                  "network, community, the chosen measure) and links, highest-ranked nodes first when there are "
                  "more than `limit`, with the marking of what it was built from.",
       .scope = "read",
       .params = ViewParams({{"measure", ParamType::kString, "degree (default), betweenness, closeness, harmonic, "
                                                             "pagerank, eigenvector, kcore, clustering, components"},
                             {"limit", ParamType::kInteger, "most nodes (default 5000)", false, 1, 20000}}),
       .response_schema = "Graph", .handler = h::GraphView},
      {.method = "GET", .pattern = "/api/v1/graph/path", .operation_id = "graph_path", .tag = "analysis",
       .summary = "The k shortest paths between two entities through the network the caller may see.",
       .scope = "read",
       .params = ViewParams({{"from", ParamType::kString, "entity id", true},
                             {"to", ParamType::kString, "entity id", true},
                             {"k", ParamType::kInteger, "number of paths (default 1)", false, 1, 20}},
                            false),
       .response_schema = "GraphPaths", .errors = {404}, .handler = h::GraphPath},
      {.method = "GET", .pattern = "/api/v1/graph/ego/{id}", .operation_id = "graph_ego", .tag = "analysis",
       .summary = "Everyone within `depth` links of an entity, and the links among them.",
       .scope = "read",
       .params = ViewParams({{"depth", ParamType::kInteger, "links out (default 1)", false, 1, 6}}),
       .response_schema = "EgoNetwork", .errors = {404}, .handler = h::GraphEgo},
      {.method = "GET", .pattern = "/api/v1/analysis/measures", .operation_id = "analysis_measures",
       .tag = "analysis",
       .summary = "One network measure for every entity the caller may see (or the top N), with what it means.",
       .scope = "read",
       .params = ViewParams({{"measure", ParamType::kString, "degree (default), betweenness, approx-betweenness, "
                                                             "closeness, harmonic, pagerank, eigenvector, kcore, "
                                                             "clustering, components, communities"},
                             {"top", ParamType::kInteger, "only the N highest values", false, 1, 100000}}),
       .response_schema = "MeasureValues", .handler = h::Measures},
      {.method = "GET", .pattern = "/api/v1/analysis/brokers", .operation_id = "analysis_brokers", .tag = "analysis",
       .summary = "Brokerage roles on the country attribute (coordinator, gatekeeper, representative, consultant, "
                  "liaison); cross-border brokers first, each with the countries and actors it connects.",
       .scope = "read", .params = ViewParams({{"top", ParamType::kInteger, "most brokers (default 50)", false, 1,
                                               100000}}),
       .response_schema = "Brokerage", .handler = h::Brokers},
      {.method = "GET", .pattern = "/api/v1/analysis/hierarchy", .operation_id = "analysis_hierarchy",
       .tag = "analysis",
       .summary = "Hierarchy levels from directs, recruits and finances links, with estimates (marked) where "
                  "directions are missing.",
       .scope = "read", .params = ViewParams(), .response_schema = "Hierarchy", .handler = h::Hierarchy},
      {.method = "GET", .pattern = "/api/v1/analysis/routes", .operation_id = "analysis_routes", .tag = "analysis",
       .summary = "Movements aggregated into origin -> transit -> destination routes with legs, people, modes, "
                  "crossing points and trend, each with the movements behind it.",
       .scope = "read",
       .params = ViewParams({{"origin", ParamType::kString, "only routes from this country (ISO alpha-3)"},
                             {"destination", ParamType::kString, "only routes to this country"},
                             {"mode", ParamType::kString, "only routes with legs of this transport mode"}}),
       .response_schema = "RouteFlows", .handler = h::RouteFlows},
      {.method = "GET", .pattern = "/api/v1/networks/{id}/profile", .operation_id = "network_profile",
       .tag = "analysis",
       .summary = "A network's profile: summary, routes, modus operandi against the regional baseline, hierarchy "
                  "and key actors, from what the caller may see.",
       .scope = "read", .response_schema = "NetworkProfile", .errors = {404}, .handler = h::NetworkProfile},
      {.method = "GET", .pattern = "/api/v1/analysis/changes", .operation_id = "analysis_changes", .tag = "analysis",
       .summary = "What changed in a network since a date: new actors, new and ended links, new routes, "
                  "disruption actions.",
       .scope = "read",
       .params = {{"network", ParamType::kString, "Network id", true},
                  {"since", ParamType::kDate, "the date", true}},
       .response_schema = "NetworkChanges", .handler = h::Changes},
      {.method = "POST", .pattern = "/api/v1/plans", .operation_id = "plan_disruption", .tag = "analysis",
       .summary = "A disruption plan on the network the caller may see: ordered targets, each with why it was "
                  "chosen, what removing it cuts and which member states have jurisdiction; the plan's effect "
                  "and, on request, a recovery simulation.",
       .scope = "read", .body = BodyKind::kJson, .request_schema = "PlanRequest", .response_schema = "PlanResult",
       .errors = {404}, .handler = h::PlanDisruption},
      {.method = "POST", .pattern = "/api/v1/what-if", .operation_id = "what_if", .tag = "analysis",
       .summary = "What removing the listed entities would do: largest component, components, fragmentation, "
                  "distance-weighted fragmentation, efficiency loss, routes and payment flows cut; recovery rounds "
                  "on request.",
       .scope = "read", .body = BodyKind::kJson, .request_schema = "WhatIfRequest", .response_schema = "PlanResult",
       .errors = {404}, .handler = h::WhatIfRemoval},
  };
  area.schemas = Schemas();
  return area;
}

}  // namespace disrupt::server
