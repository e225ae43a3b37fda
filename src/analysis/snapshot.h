// The catalogue as a network: turns records (entities, links, events) into
// an immutable Graph (graph/csr.h) with node attributes, limited to what the
// requesting user may see and to the slice the analyst asks for.
//
// Need-to-know is decided by the caller: `visible` is asked about every
// record and stands for the policy decision point (src/policy). A link is
// kept only when it and both of its ends are visible and selected, so an
// analysis never reveals that a hidden record exists. Filters: as-of day
// (records valid on that day), entity and link types, countries (an entity
// is kept when one of its country attributes is listed), networks (records
// belonging to one of the listed Network ids) and a time window (records
// whose validity overlaps it).
//
// Entities without links are kept as isolated nodes; links whose ends are
// missing are dropped. The graph is undirected unless `directed` is set, in
// which case every link keeps its source → target direction.
//
// Thread safety: BuildSnapshot is a pure function; a Snapshot is immutable.
// Complexity: O(R log R) for R records.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/date.h"
#include "core/status.h"
#include "graph/csr.h"
#include "model/record.h"

namespace disrupt::analysis {

using RecordVisibility = std::function<bool(const model::Record&)>;

struct SnapshotOptions {
  // Required: the need-to-know decision for the requesting user.
  RecordVisibility visible;
  std::optional<PartialDate> as_of;       // keep records valid on this day
  std::set<std::string> entity_types;     // empty = all
  std::set<std::string> link_types;       // empty = all
  std::set<std::string> countries;        // ISO alpha-3; empty = all
  std::set<std::string> networks;         // Network ids; empty = all
  Interval window;                        // keep records whose validity overlaps it
  bool directed = false;
  // Link weight: 1 per link, or the link's `count` property when present.
  bool weight_by_count = false;
};

struct NodeInfo {
  std::string id;                      // record id (also the graph label)
  std::string type;                    // schema name: Person, Organisation, ...
  std::string label;                   // display label
  std::vector<std::string> countries;  // nationality / country / flag / issuing_country
  std::vector<std::string> networks;
  // Where the entity is: its `country` property, else the country of a
  // visible Place it is `located_at` (a visible, in-time link), else "".
  std::string location;
  std::vector<std::string> nationalities;  // `nationality` values
  // The country used as the group attribute (first of `countries`), or "".
  const std::string& country() const;
};

struct LinkInfo {
  graph::NodeIndex source;
  graph::NodeIndex target;
  std::string id;
  std::string type;
  bool directed;  // the link type has a direction (schema)
};

struct Snapshot {
  graph::Graph graph;
  std::vector<NodeInfo> nodes;   // by NodeIndex
  std::vector<LinkInfo> links;   // every kept link record
  // Events (Movement, Payment, ...) that passed the same filters, for the
  // analyses that read events (routes, modus operandi, change).
  std::vector<model::Record> events;
  // Entities that passed visibility but not the type/country/network
  // filters are not here; Place entities visible to the user are kept in
  // `places` (id → country) so that routes can name countries.
  std::unordered_map<std::string, std::string> place_country;
  std::unordered_map<std::string, std::string> place_name;
};

// kInvalidArgument when `visible` is empty (no silent "see everything").
Result<std::shared_ptr<const Snapshot>> BuildSnapshot(const std::vector<model::Record>& records,
                                                      const SnapshotOptions& options);

// The country attributes of an entity, in the order: nationality, country,
// flag, issuing_country.
std::vector<std::string> CountriesOf(const model::Record& entity);

// Whether a record passes the as-of and window filters.
bool InTime(const model::Record& record, const SnapshotOptions& options);

}  // namespace disrupt::analysis
