// Actor attributes the planner uses beyond the links: where each actor is,
// their nationalities, and what acting on them costs; from them, which
// member states have jurisdiction over each target, the cost and the
// removable mask of a plan (dismantle.h Constraints), the origin and
// destination sides of a route cut, and the visibility restriction that
// stands in for the need-to-know policy.
//
// Node attribute file (CSV, header required, columns by name, any order):
//   node          the node label as in the edge list (required)
//   country       where the actor is (alias: location), ISO alpha-3
//   nationality   nationalities, separated by ';'
//   cost          cost of acting on this actor (> 0), overrides the rules
// Rows naming a node absent from the network are counted and skipped.
// Errors name file:line:column.
//
// Jurisdiction: the state where the actor is (territorial) and the states
// of nationality (active personality), in that order, without repeats.
//
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "disrupt/dismantle.h"
#include "graph/csr.h"

namespace disrupt::plan {

struct Actor {
  std::string country;                    // location; empty when unknown
  std::vector<std::string> nationalities;
  double cost = 0;                        // 0 = not given
};

struct ActorTable {
  std::vector<Actor> actors;  // one per node of the graph
  size_t unknown_rows = 0;    // rows naming nodes not in the graph
};

Result<ActorTable> LoadActors(const std::string& path, const graph::Graph& graph);

std::vector<std::string> Jurisdictions(const Actor& actor);

struct JurisdictionRules {
  // The member state planning the action. Actors located there cost
  // `home_cost`; others `abroad_cost` (extradition or a partner's action).
  std::string acting_state;
  double home_cost = 1.0;
  double abroad_cost = 3.0;
  // When not empty, only actors over whom one of these states has
  // jurisdiction may be targeted.
  std::vector<std::string> actionable_by;
};

// Cost and removable mask for every node. With no acting state every actor
// costs home_cost unless its row gives a cost.
Constraints MakeConstraints(const ActorTable& table, const JurisdictionRules& rules);

// Marks actors located in `countries` (e.g. origin or destination countries).
std::vector<uint8_t> LocatedIn(const ActorTable& table, const std::vector<std::string>& countries);

// The need-to-know restriction: a plan is computed only over the actors the
// requesting user may see, as if the others were unknown, so nothing about
// them can leak through a recommendation. `visible` is asked once per node
// (by label); links survive when both ends are visible. `kept` receives, for
// each node of the result, its index in `graph`.
using Visibility = std::function<bool(std::string_view label)>;
graph::Graph VisibleSubgraph(const graph::Graph& graph, const Visibility& visible, std::vector<NodeIndex>* kept);

}  // namespace disrupt::plan
