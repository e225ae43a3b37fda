// Where the results of entity resolution are kept between runs: analysts'
// decisions (append-only, so every merge and split can be traced and
// reversed) and the resolved state (records, scored links, model, clusters)
// that an incremental run starts from.
//
// The catalogue store will hold these next to the records; until then two
// implementations pass the same tests: in memory, and a directory of files
// (decisions.jsonl appended and flushed per decision; records.csv,
// links.csv, model.json and clusters.csv replaced atomically by SaveState).
//
// Thread safety: implementations serialise their own operations; a store
// may be shared between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "resolve/model.h"
#include "resolve/record.h"
#include "resolve/resolver.h"

namespace disrupt::resolve {

struct ResolvedState {
  std::vector<PersonRecord> records;  // in the order they were added
  std::vector<StoredLink> links;
  Model model;
  std::vector<std::pair<std::string, std::string>> clusters;  // record_id, cluster_id
};

// The resolver's resolved state (the records that took part in a run, their
// scored links, the model and the clusters), as a ResolutionStore saves it.
ResolvedState StateOf(const Resolver& resolver);

class ResolutionStore {
 public:
  virtual ~ResolutionStore() = default;

  // Appends a decision; earlier ones are never changed. kUnavailable when it
  // cannot be written durably.
  virtual Status AppendDecision(const Decision& decision) = 0;
  // Every decision in the order appended. kDataLoss naming the line when
  // stored decisions are corrupt.
  virtual Result<std::vector<Decision>> Decisions() const = 0;

  // Replaces the resolved state with the resolver's.
  virtual Status SaveState(const Resolver& resolver) = 0;
  // The saved state, or nullopt when none was saved. kDataLoss when corrupt.
  virtual Result<std::optional<ResolvedState>> LoadState() const = 0;
};

std::unique_ptr<ResolutionStore> NewMemoryResolutionStore();

// Opens (creating if needed) a directory-backed store. kUnavailable when the
// directory cannot be created.
Result<std::unique_ptr<ResolutionStore>> OpenFileResolutionStore(const std::string& directory);

struct LoadReport {
  // The saved state was made under another kResolutionVersion (model.h):
  // LoadResolver resolved its records again; save the state to keep that.
  bool resolved_again = false;
  int saved_version = 0;  // the version the saved state was made with (0: none saved)
};

// A resolver holding the store's saved state and decisions, ready to Add()
// and Run() new records incrementally (its model is the saved one, its
// earlier pairs are not scored again). With no saved state, an empty
// resolver carrying the decisions.
//
// A state saved under another kResolutionVersion is not restored as it
// stands: its records are resolved again here (normalised, the model
// estimated, every candidate pair scored and clustered by the current
// code; as long as a first run over them takes), then every decision is
// replayed, so no analyst's decision is lost and no old score is mixed with
// new ones. `report`, when given, says whether that happened.
Result<std::unique_ptr<Resolver>> LoadResolver(const ResolutionStore& store, ResolverOptions options,
                                               LoadReport* report = nullptr);

}  // namespace disrupt::resolve
