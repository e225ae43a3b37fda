// One disruption request, run end to end and rendered as the JSON an analyst
// reads: a dismantling plan, a route cut, a key-player set or a what-if,
// each followed (on request) by a recovery simulation. Shared by
// `disrupt plan` (edge lists and the catalogue) and the portal API, so the
// two give the same answer to the same question.
//
// Every target comes with its explanation: where it stands in the network
// it was chosen from (degree, and betweenness with its rank when the network
// is small enough for exact betweenness, n·m ≤ kExplainBetweennessLimit),
// and what removing it cuts given the targets before it (largest component
// before and after, components split off), plus its cost and which member
// states have jurisdiction when actor attributes are known.
//
// Errors: those of the strategies (dismantle.h, key_player.h, route_cut.h,
// what_if.h, resilience.h), and kInvalidArgument for a route cut without
// route ends. Thread safety: pure function. Cost: the strategy's, plus one
// betweenness run for the explanations (bounded as above).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "disrupt/actors.h"
#include "disrupt/dismantle.h"
#include "disrupt/key_player.h"
#include "disrupt/resilience.h"
#include "disrupt/what_if.h"
#include "graph/csr.h"

namespace disrupt::plan {

// Above this n·m the explanations give degree only (betweenness is O(n m)).
inline constexpr double kExplainBetweennessLimit = 5e8;
// Above this many nodes a plan's what-if effect is computed only when asked.
inline constexpr NodeIndex kEffectLimit = 100000;

enum class PlanMode { kDismantle, kRouteCut, kKeyPlayers, kWhatIf };

struct PlanRequest {
  PlanMode mode = PlanMode::kDismantle;
  Strategy strategy = Strategy::kBest;  // kDismantle
  double target_lcc = 0.05;
  int ci_radius = 2;
  bool reinsertion = true;
  uint64_t seed = 1;
  size_t key_players = 3;  // kKeyPlayers
  KeyPlayerMeasure key_player_measure = KeyPlayerMeasure::kFragmentation;
  int m = 2;
  std::vector<NodeIndex> remove;  // kWhatIf
  Constraints constraints;
  std::optional<RouteEnds> routes;  // required by kRouteCut; optional elsewhere
  std::vector<PaymentFlow> payments;
  int recovery_rounds = 0;  // 0 = no recovery simulation
  RecoveryOptions recovery;
  bool curve = false;       // include the largest-component curve
  bool force_effect = false;  // what-if effect of a plan above kEffectLimit nodes
  bool explain = true;      // per-target explanations
};

// Runs the request on `graph` (node labels name the targets). `actors`, when
// given, has one entry per node and adds country and jurisdiction. The JSON
// has at least {"mode", "removed", "largest_component_fraction", "targets"}
// and, per mode, the fields docs/disruption.md lists.
Result<nlohmann::json> RunPlan(const graph::Graph& graph, const PlanRequest& request, const ActorTable* actors);

// The JSON form of the pieces, for callers that render their own.
nlohmann::json StateJson(const NetworkState& state);
nlohmann::json WhatIfJson(const WhatIfReport& report);

}  // namespace disrupt::plan
