// Routes: Movement events (one leg each) chained into journeys and
// aggregated into origin → transit → destination flows between countries.
//
// Chaining: legs are taken in date order; a leg continues an open journey
// when it departs from the place where that journey's last leg arrived,
// shares a participant or the vessel with it, and departs at most
// `max_gap_days` later. Otherwise it starts a journey of its own. A journey's
// route is the sequence of countries of its places, repeats collapsed
// (AFG → PAK → IRN → TUR is origin AFG, transit PAK and IRN, destination
// TUR). Places whose country is unknown (or not visible) count as "unknown".
//
// For each route: journeys, legs, people (per journey the largest `people`
// on any of its legs, summed), legs per transport mode, legs per crossing
// point, journeys per year, first and last date, and the movements behind
// it. Complexity: O(L log L + L·J) for L legs and J journeys open at a place.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/snapshot.h"

namespace disrupt::analysis {

struct RouteOptions {
  int max_gap_days = 30;
};

struct Route {
  std::vector<std::string> countries;  // origin, transit..., destination
  uint64_t journeys = 0;
  uint64_t legs = 0;
  uint64_t people = 0;
  std::map<std::string, uint64_t> modes;            // legs by transport mode
  std::map<std::string, uint64_t> crossing_points;  // legs by crossing point (place name)
  std::map<int, uint64_t> journeys_by_year;         // trend
  std::string first_date, last_date;
  std::vector<std::string> movements;  // Movement event ids, in date order
  std::string explanation;

  const std::string& origin() const { return countries.front(); }
  const std::string& destination() const { return countries.back(); }
};

struct RoutesResult {
  std::vector<Route> routes;  // most journeys first, then by countries
  uint64_t movements_used = 0;
  uint64_t movements_skipped = 0;  // no valid date or places
  nlohmann::json ToJson() const;
};

// From the snapshot's Movement events and visible places.
RoutesResult AnalyzeRoutes(const Snapshot& snapshot, const RouteOptions& options = {});

}  // namespace disrupt::analysis
