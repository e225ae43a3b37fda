// The synthetic regional data generator: `disrupt generate`.
//
// Writes a realistic, entirely fictional data set of the region: transnational
// smuggling and trafficking networks moving people from origin countries
// (Afghanistan, Pakistan, Iran, Sri Lanka, Myanmar, Bangladesh, Cambodia, Lao
// PDR) through transit countries (Malaysia, Thailand, Indonesia) to
// destinations (Australia, New Zealand, and Malaysia or Thailand for the
// trafficking and Bay of Bengal routes), each network with a cell per country,
// its roles and hierarchy, phones, accounts, documents, vessels, places,
// movements, payments, communications, meetings and disruption actions; and
// the same real people recorded independently by several member states with
// the variation real records show (scripts, romanisations, typing errors,
// swapped or partial dates of birth, missing fields, honorifics,
// patronymics, local and international phone formats). Beside the data it
// writes the ground truth (which records are the same person, roles,
// organisers, the variation applied to each record). docs/generator.md
// describes the output files and the knobs.
//
// Determinism: the output is byte-identical for the same options whatever
// the number of threads. Memory stays bounded (a few networks in flight);
// time is linear in the number of entities.
//
// Thread safety: a Generator is used from one thread; Run() starts its own
// worker threads and joins them before returning.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/status.h"

namespace disrupt::generate {

struct GeneratorOptions {
  long long entities = 10000;  // entity records to write (approximately; see docs/generator.md)
  uint64_t seed = 1;
  std::string out_dir;         // created if missing; existing output files are replaced
  int threads = 2;             // worker threads; 0 = one per core. Does not change the output.
  double duplicate_rate = 1.0; // scales how often one person is recorded by several members (0 = never)
  int first_year = 2018;       // first year of network activity
  int years = 7;               // years of activity (first_year .. first_year + years - 1)
};

// Limits of the options (checked by the constructor).
inline constexpr long long kMinEntities = 100;
inline constexpr long long kMaxEntities = 100'000'000;

struct GenerationSummary {
  long long entities = 0;
  long long links = 0;
  long long events = 0;
  long long persons = 0;         // real people (distinct person ids)
  long long person_records = 0;  // Person records (each person has one or more)
  long long networks = 0;
  long long bytes = 0;           // size of records.jsonl
  std::map<std::string, long long> by_type;

  void Add(const GenerationSummary& other);
};

class Generator {
 public:
  // Validates the options: status() is kInvalidArgument naming the option
  // when one is out of range.
  explicit Generator(GeneratorOptions options);

  const Status& status() const { return status_; }

  // Writes the data set into options.out_dir. Fails with the constructor's
  // status, or kUnavailable naming the file when it cannot be written.
  Status Run();

  // Counts of what Run() wrote; kFailedPrecondition-free: empty before Run().
  const GenerationSummary& summary() const { return summary_; }

 private:
  GeneratorOptions options_;
  Status status_;
  GenerationSummary summary_;
};

}  // namespace disrupt::generate
