// Internal to the generator: the units of work a run is split into and what
// each produces. Unit 0 is the preamble (real places and the service
// providers several networks share); units 1..K are the networks. A unit's
// output depends only on the run's seed, the plan and the unit's number, so
// units can be built on any thread in any order; the writer concatenates
// them in unit order (generator.cc).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "generate/generator.h"

namespace disrupt::generate {

// What one unit writes into each output file, and its counts.
struct Block {
  std::string entities;    // records.jsonl lines of entities
  std::string relations;   // records.jsonl lines of links and events (after all entities of the unit)
  std::string resolve;     // resolve_records.csv rows
  std::string edges;       // edges.csv rows
  std::string persons;     // truth/persons.csv rows
  std::string actors;      // truth/actors.csv rows
  std::string variations;  // truth/variations.csv rows
  std::string networks;    // truth/networks.csv rows
  std::string organisers;  // truth/organisers.csv rows
  GenerationSummary counts;
};

// A service provider (document forger, hawala broker) shared by several networks.
struct Provider {
  std::string person_id;
  std::string record_id;  // the provider's primary Person record
  std::string role;       // role vocabulary term
  std::string country;
};

struct NetworkPlan {
  long long budget = 0;  // entity records to generate
  int route = 0;         // index into Routes()
};

// Everything units share: read-only once built.
struct RunPlan {
  GeneratorOptions options;
  std::vector<NetworkPlan> networks;  // unit i+1 is networks[i]
  std::vector<Provider> providers;
  std::vector<std::string> place_ids;  // record id of Places()[i]
  long long preamble_budget = 0;
};

// Builds the plan for `options` (validated by the caller).
RunPlan MakePlan(const GeneratorOptions& options);
// Builds unit `unit` (0 = preamble) into `block`.
void BuildUnit(const RunPlan& plan, int unit, Block& block);

}  // namespace disrupt::generate
