// Dismantling plans: strategy dispatch, finishing steps, prefix to the
// target and budget; see dismantle.h.
#include "disrupt/dismantle.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include "disrupt/centrality_attack.h"
#include "disrupt/key_player.h"

namespace disrupt::plan {

namespace {

struct NamedStrategy {
  std::string_view name;
  Strategy strategy;
};
constexpr NamedStrategy kStrategies[] = {
    {"degree", Strategy::kDegree}, {"betweenness", Strategy::kBetweenness}, {"eigenvector", Strategy::kEigenvector},
    {"ci", Strategy::kCollectiveInfluence}, {"corehd", Strategy::kCoreHd}, {"minsum", Strategy::kMinSum},
    {"bpd", Strategy::kMinSum}, {"kpp", Strategy::kKeyPlayer}, {"random", Strategy::kRandom},
    {"best", Strategy::kBest},
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

uint32_t Bound(const Network& network, double target) {
  // A single node is a component too: the bound is never below 1.
  double b = std::floor(target * network.size() + 1e-9);
  return static_cast<uint32_t>(std::max(1.0, b));
}

// Length of the shortest prefix of `order` whose curve value is <= bound
// (order.size() when none is).
size_t PrefixReaching(const std::vector<uint32_t>& curve, uint32_t bound) {
  for (size_t i = 0; i < curve.size(); ++i) {
    if (curve[i] <= bound) return i;
  }
  return curve.size() - 1;
}

// Decycling order completed by tree breaking (when reinsertion will follow,
// the bound is what reinsertion then respects).
std::vector<NodeIndex> DecycleAndBreak(const Network& network, std::vector<NodeIndex> order, uint32_t bound,
                                       const std::vector<uint8_t>& removable) {
  std::vector<uint8_t> removed(network.size(), 0);
  for (NodeIndex v : order) removed[v] = 1;
  BreakLargeComponents(network, bound, removable, removed, order);
  return order;
}

// The shortest prefix of `order` reaching the bound, improved by greedy
// reinsertion when asked.
std::vector<NodeIndex> Finish(const Network& network, std::vector<NodeIndex> order, uint32_t bound, bool reinsertion) {
  auto curve = LargestComponentCurve(network, order);
  size_t k = PrefixReaching(curve, bound);
  order.resize(k);
  if (reinsertion && curve[k] <= bound) order = Reinsert(network, order, bound);
  return order;
}

Result<std::vector<NodeIndex>> OrderFor(const Network& network, Strategy strategy, const DismantleOptions& options,
                                        uint32_t bound, std::vector<std::string>& notes) {
  const auto& removable = options.constraints.removable;
  switch (strategy) {
    case Strategy::kDegree:
      return Finish(network, AdaptiveDegreeOrder(network, removable), bound, false);
    case Strategy::kCollectiveInfluence:
      return Finish(network, CollectiveInfluenceOrder(network, options.ci_radius, removable), bound,
                    options.reinsertion);
    case Strategy::kCoreHd:
      return Finish(network, DecycleAndBreak(network, CoreHdOrder(network, removable), bound, removable), bound,
                    options.reinsertion);
    case Strategy::kMinSum: {
      MinSumOptions ms = options.minsum;
      ms.seed = options.seed;
      return Finish(network, DecycleAndBreak(network, MinSumDecyclingOrder(network, removable, ms), bound, removable),
                    bound, options.reinsertion);
    }
    case Strategy::kRandom: {
      std::vector<NodeIndex> order;
      for (NodeIndex v = 0; v < network.size(); ++v) {
        if (IsRemovable(removable, v)) order.push_back(v);
      }
      std::mt19937_64 rng(options.seed);
      std::shuffle(order.begin(), order.end(), rng);
      return Finish(network, std::move(order), bound, false);
    }
    case Strategy::kBetweenness:
    case Strategy::kEigenvector: {
      CentralityAttack attack(network, strategy == Strategy::kBetweenness ? AttackMeasure::kBetweenness
                                                                           : AttackMeasure::kEigenvector,
                              bound, removable, options.recompute_every);
      DISRUPT_RETURN_IF_ERROR(attack.Run());
      if (attack.batch() > 1) {
        notes.push_back(std::string(ToString(strategy)) + " recomputed after every " + std::to_string(attack.batch()) +
                        " removals (network too large to recompute after each one)");
      }
      return Finish(network, attack.order(), bound, false);
    }
    case Strategy::kKeyPlayer: {
      KeyPlayerDismantler kpp(network, bound, removable);
      DISRUPT_RETURN_IF_ERROR(kpp.Run());
      return kpp.order();
    }
    case Strategy::kBest:
      break;
  }
  return Status::Internal("unhandled strategy");
}

DismantlePlan Evaluate(const Network& network, Strategy strategy, std::vector<NodeIndex> order, uint32_t bound,
                       const Constraints& constraints, std::vector<std::string> notes) {
  DismantlePlan plan;
  plan.strategy = strategy;
  plan.notes = std::move(notes);
  // Budget: the longest prefix that stays within it.
  size_t keep = order.size();
  double cost = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    double c = constraints.cost.empty() ? 1.0 : constraints.cost[order[i]];
    if ((constraints.max_targets && i + 1 > *constraints.max_targets) ||
        (constraints.max_cost && cost + c > *constraints.max_cost + 1e-9)) {
      keep = i;
      plan.notes.push_back("stopped by the budget after " + std::to_string(i) + " targets");
      break;
    }
    cost += c;
  }
  order.resize(keep);
  plan.curve = LargestComponentCurve(network, order);
  plan.removed = std::move(order);
  plan.cost = cost;
  NodeIndex n = network.size();
  plan.fraction_removed = n == 0 ? 0 : static_cast<double>(plan.removed.size()) / n;
  plan.largest_component_fraction = n == 0 ? 0 : static_cast<double>(plan.curve.back()) / n;
  plan.target_reached = plan.curve.back() <= bound;
  if (!plan.target_reached && !constraints.removable.empty()) {
    plan.notes.push_back("target not reached: the nodes that may be targeted do not suffice");
  }
  return plan;
}

bool Better(const DismantlePlan& a, const DismantlePlan& b) {
  if (a.target_reached != b.target_reached) return a.target_reached;
  if (!a.target_reached && a.curve.back() != b.curve.back()) return a.curve.back() < b.curve.back();
  if (a.removed.size() != b.removed.size()) return a.removed.size() < b.removed.size();
  return a.cost < b.cost;
}

}  // namespace

std::string_view ToString(Strategy strategy) {
  for (const auto& s : kStrategies) {
    if (s.strategy == strategy) return s.name;
  }
  return "unknown";
}

Result<Strategy> ParseStrategy(std::string_view name) {
  for (const auto& s : kStrategies) {
    if (s.name == name) return s.strategy;
  }
  return Status::InvalidArgument("unknown strategy '" + std::string(name) +
                                     "': want degree, betweenness, eigenvector, ci, corehd, minsum, kpp, random or best",
                                 "strategy");
}

double CurveArea(const std::vector<uint32_t>& curve, NodeIndex n) {
  if (n == 0) return 0;
  double sum = 0;
  for (uint32_t s : curve) sum += static_cast<double>(s) / n;
  return sum / n;
}

Result<DismantlePlan> Dismantle(const Network& network, const DismantleOptions& options) {
  auto start = std::chrono::steady_clock::now();
  NodeIndex n = network.size();
  if (!(options.target_lcc >= 0 && options.target_lcc <= 1)) {
    return Status::InvalidArgument("target largest-component fraction must be within [0, 1]", "target_lcc");
  }
  const Constraints& c = options.constraints;
  if (!c.removable.empty() && c.removable.size() != n) {
    return Status::InvalidArgument("removable mask has " + std::to_string(c.removable.size()) + " entries for " +
                                   std::to_string(n) + " nodes", "constraints.removable");
  }
  if (!c.cost.empty() && c.cost.size() != n) {
    return Status::InvalidArgument("cost vector has " + std::to_string(c.cost.size()) + " entries for " +
                                   std::to_string(n) + " nodes", "constraints.cost");
  }
  if (options.ci_radius < 1) return Status::InvalidArgument("CI ball radius must be at least 1", "ci_radius");
  uint32_t bound = Bound(network, options.target_lcc);

  if (options.strategy != Strategy::kBest) {
    std::vector<std::string> notes;
    DISRUPT_ASSIGN_OR_RETURN(auto order, OrderFor(network, options.strategy, options, bound, notes));
    DismantlePlan plan = Evaluate(network, options.strategy, std::move(order), bound, c, std::move(notes));
    plan.seconds = Seconds(start);
    return plan;
  }

  // On large networks best keeps to the fastest strategies so that a plan
  // over a million nodes takes seconds: CI is dominated by CoreHD on sparse
  // networks, and belief propagation costs tens of seconds per million nodes.
  std::vector<Strategy> tried;
  std::vector<std::string> skipped;
  if (n <= options.best_minsum_limit) {
    tried.push_back(Strategy::kMinSum);
  } else {
    skipped.push_back("minsum skipped: more than " + std::to_string(options.best_minsum_limit) +
                      " nodes (run it on its own with --strategy minsum)");
  }
  tried.push_back(Strategy::kCoreHd);
  if (n <= options.best_ci_limit) {
    tried.push_back(Strategy::kCollectiveInfluence);
  } else {
    skipped.push_back("ci skipped: more than " + std::to_string(options.best_ci_limit) +
                      " nodes (run it on its own with --strategy ci)");
  }
  tried.push_back(Strategy::kDegree);
  double nm = static_cast<double>(n) * static_cast<double>(network.num_links());
  if (nm <= options.best_betweenness_limit) {
    tried.push_back(Strategy::kBetweenness);
    tried.push_back(Strategy::kEigenvector);
  } else {
    skipped.push_back("betweenness and eigenvector skipped: network too large for adaptive recomputation");
  }
  if (KeyPlayerDismantler::Feasible(network)) {
    tried.push_back(Strategy::kKeyPlayer);
  } else {
    skipped.push_back("kpp skipped: network too large for the key-player search");
  }
  std::vector<DismantlePlan> plans;
  for (Strategy s : tried) {
    auto one_start = std::chrono::steady_clock::now();
    std::vector<std::string> notes;
    DISRUPT_ASSIGN_OR_RETURN(auto order, OrderFor(network, s, options, bound, notes));
    plans.push_back(Evaluate(network, s, std::move(order), bound, c, std::move(notes)));
    plans.back().seconds = Seconds(one_start);
  }
  std::stable_sort(plans.begin(), plans.end(), Better);
  DismantlePlan best = plans.front();
  best.notes.insert(best.notes.begin(), "best of " + std::to_string(plans.size()) + " strategies: " +
                                            std::string(ToString(best.strategy)) + " removes fewest");
  for (auto& s : skipped) best.notes.push_back(s);
  best.candidates = std::move(plans);
  best.seconds = Seconds(start);
  return best;
}

}  // namespace disrupt::plan
