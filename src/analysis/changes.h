// What changed in a network since a date: new actors, new links, links that
// ended, new routes, and disruption actions, each with the record behind it.
//
// A record's "first known" date is the start of its validity when recorded,
// otherwise the date it was reported (provenance). An actor or link is new
// when first known on or after `since`; a link ended when its validity ends
// on or after `since`. A route is new when its first journey departs on or
// after `since` and no journey on the same route departed before.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/routes.h"
#include "analysis/snapshot.h"

namespace disrupt::analysis {

struct Change {
  std::string kind;  // new_actor, new_link, ended_link, new_route, disruption
  std::string id;    // record id (for routes: the first movement)
  std::string date;  // when
  std::string explanation;
};

struct ChangesResult {
  std::string network;
  std::string since;
  std::vector<Change> changes;  // by date, then kind, then id
  nlohmann::json ToJson() const;
};

// kInvalidArgument when `visible` is empty or `since` is empty.
Result<ChangesResult> NetworkChanges(const std::vector<model::Record>& records, const RecordVisibility& visible,
                                     const std::string& network_id, const PartialDate& since,
                                     const RouteOptions& route_options = {});

}  // namespace disrupt::analysis
