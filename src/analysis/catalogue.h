// The catalogue as the requesting user sees it: every record of the store
// that policy::Decide lets the principal read (the reference rule included:
// a link or event whose entity is hidden is hidden too), and the network
// snapshot (snapshot.h) built from them with the analyst's filters. Analyses
// run on this view only, so a hidden record can neither appear in a result
// nor influence a number the user sees (a centrality is computed on the
// visible graph, never on the full one and then filtered).
//
// Every result carries the marking of what it was built from (Marking): the
// most restrictive handling (model::MostRestrictive) and the weakest grade
// (model::WeakestGrade) of its source records.
//
// Cost: one scan of the store (entities, then links, then events), O(R)
// policy decisions (entities cached by id), then BuildSnapshot. Memory: the
// visible records are held while the view lives; hidden ones are dropped as
// they are read. Thread safety: LoadCatalogueView is safe to call from several
// threads at once (the store serialises; each call has its own Visibility).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/snapshot.h"
#include "core/status.h"
#include "model/handling.h"
#include "model/record.h"
#include "policy/policy.h"
#include "store/store.h"

namespace disrupt::analysis {

// The marking of a derived result: the most restrictive handling and the
// weakest grade of the records it was built from.
class Marking {
 public:
  void Add(const model::Record& record);
  void Add(const Marking& other);
  size_t sources() const { return sources_; }
  const model::Handling& handling() const { return handling_; }
  const model::Grade& grade() const { return grade_; }
  // {"sources", "handling": {as in a record}, "grade": {"reliability", "credibility"}}.
  // With no source the handling is the catalogue's default (RESTRICTED, TLP:AMBER).
  nlohmann::json ToJson() const;

 private:
  model::Handling handling_;
  model::Grade grade_;
  size_t sources_ = 0;
};

// The marking of everything in a snapshot: its nodes, links and events.
// `records` must hold every record the snapshot was built from (ids are
// looked up there).
Marking MarkingOf(const Snapshot& snapshot, const std::vector<model::Record>& records);

struct CatalogueView {
  // Every record the principal may read, in id order.
  std::vector<model::Record> records;
  // The snapshot of `records` with the requested filters.
  std::shared_ptr<const Snapshot> snapshot;
  // The marking of the snapshot (MarkingOf).
  Marking marking;
  // Records scanned and records hidden from the principal (for operators'
  // logs only: never shown to the user, as the count itself would leak).
  size_t scanned = 0;
  size_t hidden = 0;

  // The visibility decision of this view (true for the records above), for
  // the analyses that take one (modus operandi, changes).
  RecordVisibility Visible() const;
};

// Reads the store as `principal` (operation read) and builds the snapshot
// with `options` (its `visible` is ignored and replaced by the principal's
// decision). Errors: those of the store scan, and kInvalidArgument from
// BuildSnapshot.
Result<CatalogueView> LoadCatalogueView(store::Store& store, const policy::Principal& principal,
                                        const policy::PolicyContext& context, SnapshotOptions options);

}  // namespace disrupt::analysis
