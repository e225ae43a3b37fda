// Changes in a network since a date; see changes.h.
#include "analysis/changes.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace disrupt::analysis {

namespace {

PartialDate FirstKnown(const model::Record& r) {
  if (!r.valid.from.empty()) return r.valid.from;
  return r.provenance.reported;
}

bool OnOrAfter(const PartialDate& d, long long since_day) { return !d.empty() && d.LatestDay() >= since_day; }

}  // namespace

Result<ChangesResult> NetworkChanges(const std::vector<model::Record>& records, const RecordVisibility& visible,
                                     const std::string& network_id, const PartialDate& since,
                                     const RouteOptions& route_options) {
  if (!visible) return Status::InvalidArgument("changes need the requesting user's visibility decision", "visible");
  if (since.empty()) return Status::InvalidArgument("a date to compare with is required", "since");
  ChangesResult result;
  result.network = network_id;
  result.since = since.ToString();
  const long long since_day = since.EarliestDay();
  for (const auto& r : records) {
    if (!visible(r) || std::find(r.networks.begin(), r.networks.end(), network_id) == r.networks.end()) continue;
    PartialDate first = FirstKnown(r);
    if (r.kind == model::RecordKind::kEntity && OnOrAfter(first, since_day)) {
      result.changes.push_back({"new_actor", r.id, first.ToString(),
                                r.type + " " + r.Label() + " first known " + first.ToString()});
    } else if (r.kind == model::RecordKind::kLink) {
      if (OnOrAfter(first, since_day)) {
        result.changes.push_back({"new_link", r.id, first.ToString(),
                                  r.type + " link " + r.source + " -> " + r.target + " first known " +
                                      first.ToString()});
      }
      if (OnOrAfter(r.valid.to, since_day)) {
        result.changes.push_back({"ended_link", r.id, r.valid.to.ToString(),
                                  r.type + " link " + r.source + " -> " + r.target + " ended " +
                                      r.valid.to.ToString()});
      }
    } else if (r.kind == model::RecordKind::kEvent && r.type == "DisruptionAction") {
      auto d = PartialDate::Parse(r.Get("date"));
      if (d.ok() && OnOrAfter(*d, since_day)) {
        result.changes.push_back({"disruption", r.id, d->ToString(),
                                  r.Get("action") + (r.Get("target").empty() ? "" : " against " + r.Get("target")) +
                                      (r.Get("acting_member").empty() ? "" : " by " + r.Get("acting_member"))});
      }
    }
  }
  // Routes of the network's movements; new when they start after `since`.
  SnapshotOptions options;
  options.visible = visible;
  options.networks = {network_id};
  options.entity_types = {"Place"};
  std::vector<model::Record> scoped;
  for (const auto& r : records) {
    if (r.type == "Place" || r.type == "Movement") scoped.push_back(r);
  }
  // Places are kept by the snapshot whatever the network filter says.
  DISRUPT_ASSIGN_OR_RETURN(auto snapshot, BuildSnapshot(scoped, options));
  RoutesResult routes = AnalyzeRoutes(*snapshot, route_options);
  for (const auto& route : routes.routes) {
    auto first = PartialDate::Parse(route.first_date);
    if (!first.ok() || !OnOrAfter(*first, since_day) || first->EarliestDay() < since_day) continue;
    result.changes.push_back({"new_route", route.movements.front(), route.first_date, "new route: " + route.explanation});
  }
  std::sort(result.changes.begin(), result.changes.end(), [](const Change& a, const Change& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.id < b.id;
  });
  return result;
}

nlohmann::json ChangesResult::ToJson() const {
  nlohmann::json j;
  j["network"] = network;
  j["since"] = since;
  auto& list = j["changes"] = nlohmann::json::array();
  for (const auto& c : changes) {
    list.push_back({{"kind", c.kind}, {"id", c.id}, {"date", c.date}, {"explanation", c.explanation}});
  }
  return j;
}

}  // namespace disrupt::analysis
