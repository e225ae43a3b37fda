// Brokerage roles (Gould and Fernandez 1989) on the country attribute: who
// stands between whom, and across which borders.
//
// For every open two-step path a → b → c (a and c distinct, no link a → c),
// the middle actor b brokers between a and c. With g(x) the country of x:
//   coordinator     g(a) = g(b) = g(c)       (brokers inside one country)
//   consultant      g(a) = g(c) ≠ g(b)       (itinerant: an outsider between two compatriots)
//   representative  g(a) = g(b) ≠ g(c)       (speaks for their country to another)
//   gatekeeper      g(b) = g(c) ≠ g(a)       (controls what comes into their country)
//   liaison         all three differ         (links two foreign countries)
// Undirected links are read as pairs of directed links both ways (as
// statnet's brokerage() does on a symmetrised network): a mixed path then
// counts once as representative and once as gatekeeper, and the others twice.
// Paths through an actor whose country is unknown are not counted (the
// analysis says how many were skipped).
//
// Cross-border brokers are ranked by the paths they broker across a border
// (all roles but coordinator); each lists the countries and actors it
// connects. Complexity: O(Σ_b in(b) · out(b)) with a hash probe per path.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/snapshot.h"

namespace disrupt::analysis {

enum class BrokerRole { kCoordinator = 0, kConsultant, kRepresentative, kGatekeeper, kLiaison };
inline constexpr int kBrokerRoles = 5;
std::string_view ToString(BrokerRole r);

struct BrokerPair {
  std::string from;  // entity id of a
  std::string to;    // entity id of c
  BrokerRole role;
};

struct Broker {
  graph::NodeIndex node;
  std::string id;
  std::string country;
  std::array<uint64_t, kBrokerRoles> roles{};  // paths brokered in each role
  uint64_t cross_border = 0;                   // all roles but coordinator
  std::vector<std::string> countries_connected;  // sorted, the broker's own excluded
  std::vector<BrokerPair> examples;              // up to `max_examples` brokered pairs, cross-border first
  std::string explanation;
};

struct BrokerageOptions {
  size_t max_examples = 10;
};

struct BrokerageResult {
  std::vector<Broker> brokers;     // every node with any brokerage, ranked: cross_border desc, then total, then id
  uint64_t skipped_unknown_country = 0;
  nlohmann::json ToJson() const;
};

BrokerageResult AnalyzeBrokerage(const Snapshot& snapshot, const BrokerageOptions& options = {});

// The same counts on a bare graph with a group label per node ("" = unknown),
// for tests and for edge-list analysis.
BrokerageResult AnalyzeBrokerage(const graph::Graph& graph, const std::vector<std::string>& group,
                                 const BrokerageOptions& options = {});

}  // namespace disrupt::analysis
