// The planner on the catalogue: actor attributes (location, nationalities),
// payment flows, route ends and target descriptions taken from an analysis
// snapshot (analysis/snapshot.h), which holds only what the requesting user
// may see. A plan built from these never weighs a hidden actor, link or
// payment.
//
// Location is the entity's `country` property; nationalities its
// `nationality` values; jurisdiction follows actors.h (territorial, then
// active personality). Payments are the snapshot's Payment events whose payer
// and payee are both nodes, with `amount` (1 when absent or not a number).
//
// Thread safety: pure functions. Cost: O(n + events).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/snapshot.h"
#include "core/status.h"
#include "disrupt/actors.h"
#include "disrupt/what_if.h"

namespace disrupt::plan {

ActorTable ActorsOf(const analysis::Snapshot& snapshot);

std::vector<PaymentFlow> PaymentsOf(const analysis::Snapshot& snapshot);

// The nodes of the listed entity ids. kNotFound naming `field` for an id the
// snapshot lacks (hidden and missing are the same answer).
Result<std::vector<NodeIndex>> NodesOf(const analysis::Snapshot& snapshot, const std::vector<std::string>& ids,
                                       const std::string& field);

// Adds "label" and "type" to every target of a RunPlan result.
void DescribeTargets(nlohmann::json& plan, const analysis::Snapshot& snapshot);

}  // namespace disrupt::plan
