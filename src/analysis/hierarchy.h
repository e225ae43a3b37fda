// Hierarchy levels of a network from its command, recruitment and finance
// links, with an estimate for actors whose links carry no direction.
//
// Evidence: links of the types directs, recruits and finances point from a
// superior to a subordinate. On that directed subgraph, actors nobody
// directs are level 0 and every other actor's level is 1 + the highest level
// number among its superiors (the longest chain of command above it); actors
// in a command cycle share one level (cycles are collapsed first).
//
// Estimate: actors without command links but linked (any other link type)
// to placed actors get one level below the highest-placed such contact,
// spreading outwards. A group with no command link at all is placed by
// distance from its most connected member (level 0). Every estimated level
// says so and why.
//
// Complexity: O(n + m).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/snapshot.h"

namespace disrupt::analysis {

struct HierarchyOptions {
  std::vector<std::string> command_types = {"directs", "recruits", "finances"};
};

struct HierarchyEntry {
  std::string id;
  int level = 0;
  bool estimated = false;
  std::vector<std::string> superiors;     // ids of direct superiors (evidence)
  std::vector<std::string> subordinates;  // ids of direct subordinates (evidence)
  std::string explanation;
};

struct HierarchyResult {
  std::vector<HierarchyEntry> entries;  // by level, then id
  int levels = 0;                       // number of distinct levels
  nlohmann::json ToJson() const;
};

HierarchyResult AnalyzeHierarchy(const Snapshot& snapshot, const HierarchyOptions& options = {});

}  // namespace disrupt::analysis
