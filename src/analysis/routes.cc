// Chaining movements into journeys and aggregating routes; see routes.h.
#include "analysis/routes.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"

namespace disrupt::analysis {

namespace {

struct Leg {
  const model::Record* event;
  long long day;
  int year;
  std::string date;
  std::string from, to;
  std::set<std::string> travellers;  // participants and vessel
  long long people = 0;
};

struct Journey {
  std::vector<const Leg*> legs;
};

std::string CountryOf(const Snapshot& s, const std::string& place) {
  auto it = s.place_country.find(place);
  return it == s.place_country.end() || it->second.empty() ? "unknown" : it->second;
}

std::string Describe(const std::map<std::string, uint64_t>& counts) {
  std::vector<std::pair<uint64_t, std::string>> v;
  for (const auto& [k, n] : counts) v.push_back({n, k});
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::string out;
  for (const auto& [n, k] : v) out += (out.empty() ? "" : ", ") + k + " (" + std::to_string(n) + ")";
  return out;
}

}  // namespace

RoutesResult AnalyzeRoutes(const Snapshot& snap, const RouteOptions& options) {
  RoutesResult result;
  std::vector<Leg> legs;
  for (const auto& e : snap.events) {
    if (e.type != "Movement") continue;
    auto d = PartialDate::Parse(e.Get("date"));
    Leg leg{&e, 0, 0, e.Get("date"), e.Get("from_place"), e.Get("to_place"), {}, 0};
    if (!d.ok() || d->empty() || leg.from.empty() || leg.to.empty()) {
      result.movements_skipped++;
      continue;
    }
    leg.day = d->EarliestDay();
    leg.year = d->year;
    for (const auto& p : e.GetAll("participants")) leg.travellers.insert(p);
    if (!e.Get("vessel").empty()) leg.travellers.insert(e.Get("vessel"));
    long long people = 0;
    if (ParseInt64(e.Get("people"), people) && people > 0) leg.people = people;
    legs.push_back(std::move(leg));
  }
  std::sort(legs.begin(), legs.end(), [](const Leg& a, const Leg& b) {
    return a.day != b.day ? a.day < b.day : a.event->id < b.event->id;
  });
  result.movements_used = legs.size();
  std::vector<Journey> journeys;
  std::multimap<std::string, size_t> open_at;  // arrival place -> journey index
  for (const Leg& leg : legs) {
    size_t chosen = SIZE_MAX;
    auto range = open_at.equal_range(leg.from);
    for (auto it = range.first; it != range.second; ++it) {
      const Leg* last = journeys[it->second].legs.back();
      if (leg.day - last->day > options.max_gap_days || leg.day < last->day) continue;
      bool shared = std::any_of(leg.travellers.begin(), leg.travellers.end(),
                                [&](const std::string& t) { return last->travellers.count(t) > 0; });
      if (!shared) continue;
      chosen = it->second;
      open_at.erase(it);
      break;
    }
    if (chosen == SIZE_MAX) {
      chosen = journeys.size();
      journeys.emplace_back();
    }
    journeys[chosen].legs.push_back(&leg);
    open_at.insert({leg.to, chosen});
  }
  std::map<std::vector<std::string>, Route> routes;
  for (const Journey& j : journeys) {
    std::vector<std::string> countries{CountryOf(snap, j.legs.front()->from)};
    for (const Leg* l : j.legs) {
      std::string c = CountryOf(snap, l->to);
      if (c != countries.back()) countries.push_back(c);
    }
    Route& r = routes[countries];
    r.countries = countries;
    r.journeys++;
    long long people = 0;
    for (const Leg* l : j.legs) {
      r.legs++;
      people = std::max(people, l->people);
      std::string mode = l->event->Get("mode");
      r.modes[mode.empty() ? "unknown" : mode]++;
      std::string cp = l->event->Get("crossing_point");
      if (!cp.empty()) {
        auto name = snap.place_name.find(cp);
        r.crossing_points[name == snap.place_name.end() ? cp : name->second]++;
      }
      r.movements.push_back(l->event->id);
      if (r.first_date.empty() || l->date < r.first_date) r.first_date = l->date;
      if (r.last_date.empty() || l->date > r.last_date) r.last_date = l->date;
    }
    r.people += static_cast<uint64_t>(people);
    r.journeys_by_year[j.legs.front()->year]++;
  }
  for (auto& [key, r] : routes) {
    std::string path = r.countries.front();
    if (r.countries.size() > 2) {
      path += " via ";
      for (size_t i = 1; i + 1 < r.countries.size(); ++i) path += (i > 1 ? ", " : "") + r.countries[i];
    }
    if (r.countries.size() > 1) path += " to " + r.countries.back();
    r.explanation = std::to_string(r.journeys) + " journey(s) from " + path + " (" + std::to_string(r.legs) +
                    " legs, " + std::to_string(r.people) + " people) between " + r.first_date + " and " +
                    r.last_date + "; modes: " + Describe(r.modes) +
                    (r.crossing_points.empty() ? "" : "; crossing at: " + Describe(r.crossing_points)) + ".";
    result.routes.push_back(std::move(r));
  }
  std::stable_sort(result.routes.begin(), result.routes.end(),
                   [](const Route& a, const Route& b) { return a.journeys > b.journeys; });
  return result;
}

nlohmann::json RoutesResult::ToJson() const {
  nlohmann::json j;
  j["movements_used"] = movements_used;
  j["movements_skipped"] = movements_skipped;
  auto& list = j["routes"] = nlohmann::json::array();
  for (const auto& r : routes) {
    nlohmann::json e;
    e["countries"] = r.countries;
    e["origin"] = r.origin();
    e["destination"] = r.destination();
    e["journeys"] = r.journeys;
    e["legs"] = r.legs;
    e["people"] = r.people;
    e["modes"] = r.modes;
    e["crossing_points"] = r.crossing_points;
    for (const auto& [y, n] : r.journeys_by_year) e["journeys_by_year"][std::to_string(y)] = n;
    e["first_date"] = r.first_date;
    e["last_date"] = r.last_date;
    e["movements"] = r.movements;
    e["explanation"] = r.explanation;
    list.push_back(std::move(e));
  }
  return j;
}

}  // namespace disrupt::analysis
