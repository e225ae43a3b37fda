// Gould–Fernandez brokerage counts; see brokerage.h.
#include "analysis/brokerage.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace disrupt::analysis {

std::string_view ToString(BrokerRole r) {
  switch (r) {
    case BrokerRole::kCoordinator: return "coordinator";
    case BrokerRole::kConsultant: return "consultant";
    case BrokerRole::kRepresentative: return "representative";
    case BrokerRole::kGatekeeper: return "gatekeeper";
    case BrokerRole::kLiaison: return "liaison";
  }
  return "coordinator";
}

namespace {

bool HasArc(const graph::Graph& g, graph::NodeIndex a, graph::NodeIndex c) {
  auto nbrs = g.Neighbors(a);
  return std::binary_search(nbrs.begin(), nbrs.end(), c);
}

BrokerRole Classify(const std::string& ga, const std::string& gb, const std::string& gc) {
  if (ga == gb && gb == gc) return BrokerRole::kCoordinator;
  if (ga == gc) return BrokerRole::kConsultant;
  if (ga == gb) return BrokerRole::kRepresentative;
  if (gb == gc) return BrokerRole::kGatekeeper;
  return BrokerRole::kLiaison;
}

}  // namespace

BrokerageResult AnalyzeBrokerage(const graph::Graph& g, const std::vector<std::string>& group,
                                 const BrokerageOptions& options) {
  BrokerageResult result;
  for (graph::NodeIndex b = 0; b < g.num_nodes(); ++b) {
    Broker broker;
    broker.node = b;
    broker.id = g.label(b);
    broker.country = group[b];
    std::set<std::string> connected;
    std::vector<BrokerPair> same_country_examples;
    for (graph::NodeIndex a : g.InNeighbors(b)) {
      if (a == b) continue;
      for (graph::NodeIndex c : g.Neighbors(b)) {
        if (c == b || c == a || HasArc(g, a, c)) continue;
        if (group[a].empty() || group[b].empty() || group[c].empty()) {
          result.skipped_unknown_country++;
          continue;
        }
        BrokerRole role = Classify(group[a], group[b], group[c]);
        broker.roles[static_cast<int>(role)]++;
        if (role != BrokerRole::kCoordinator) {
          broker.cross_border++;
          if (group[a] != group[b]) connected.insert(group[a]);
          if (group[c] != group[b]) connected.insert(group[c]);
          if (broker.examples.size() < options.max_examples) {
            broker.examples.push_back({g.label(a), g.label(c), role});
          }
        } else if (same_country_examples.size() < options.max_examples) {
          same_country_examples.push_back({g.label(a), g.label(c), role});
        }
      }
    }
    uint64_t total = 0;
    for (auto n : broker.roles) total += n;
    if (total == 0) continue;
    for (auto& e : same_country_examples) {
      if (broker.examples.size() >= options.max_examples) break;
      broker.examples.push_back(std::move(e));
    }
    broker.countries_connected.assign(connected.begin(), connected.end());
    std::string roles;
    for (int r = 0; r < kBrokerRoles; ++r) {
      if (broker.roles[r] == 0) continue;
      roles += (roles.empty() ? "" : ", ") + std::to_string(broker.roles[r]) + " as " +
               std::string(ToString(static_cast<BrokerRole>(r)));
    }
    broker.explanation = broker.id + " (" + broker.country + ") stands on " + std::to_string(total) +
                         " open two-step paths: " + roles + ".";
    if (!broker.countries_connected.empty()) {
      std::string list;
      for (const auto& c : broker.countries_connected) list += (list.empty() ? "" : ", ") + c;
      broker.explanation += " Connects " + broker.country + " with " + list + ".";
    }
    result.brokers.push_back(std::move(broker));
  }
  std::sort(result.brokers.begin(), result.brokers.end(), [](const Broker& x, const Broker& y) {
    uint64_t tx = 0, ty = 0;
    for (auto n : x.roles) tx += n;
    for (auto n : y.roles) ty += n;
    if (x.cross_border != y.cross_border) return x.cross_border > y.cross_border;
    if (tx != ty) return tx > ty;
    return x.id < y.id;
  });
  return result;
}

BrokerageResult AnalyzeBrokerage(const Snapshot& snapshot, const BrokerageOptions& options) {
  std::vector<std::string> group;
  group.reserve(snapshot.nodes.size());
  for (const auto& n : snapshot.nodes) group.push_back(n.country());
  return AnalyzeBrokerage(snapshot.graph, group, options);
}

nlohmann::json BrokerageResult::ToJson() const {
  nlohmann::json j;
  j["skipped_unknown_country"] = skipped_unknown_country;
  auto& list = j["brokers"] = nlohmann::json::array();
  for (const auto& b : brokers) {
    nlohmann::json e;
    e["id"] = b.id;
    e["country"] = b.country;
    for (int r = 0; r < kBrokerRoles; ++r) e["roles"][std::string(ToString(static_cast<BrokerRole>(r)))] = b.roles[r];
    e["cross_border"] = b.cross_border;
    e["countries_connected"] = b.countries_connected;
    for (const auto& p : b.examples) {
      e["examples"].push_back({{"from", p.from}, {"to", p.to}, {"role", ToString(p.role)}});
    }
    e["explanation"] = b.explanation;
    list.push_back(std::move(e));
  }
  return j;
}

}  // namespace disrupt::analysis
