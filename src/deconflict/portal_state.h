// PortalState: what the portal keeps for entity resolution, hit/no-hit
// deconfliction and watchlists, in its own tables of the catalogue's
// database, beside the audit log, users and release registry: the SQLite
// file, or the PostgreSQL database (and schema) when the catalogue store is
// postgresql://, so that every portal server sharing the catalogue shares
// this state too. The location comes from the store URI
// (audit::PathFromStoreUri); the connection is an audit::SecurityDb.
//   resolution_decision   analysts' decisions, append-only (ResolutionStore)
//   resolution_state      the resolved state an incremental run starts from:
//                         records, scored links, model, clusters (one row each,
//                         replaced together in one transaction)
//   deconflict_upload     each member's latest encoding file (encoding.h), as
//                         uploaded; never returned to anyone
//   deconflict_hit        hits between two members' encodings (no data: the
//                         two references, the kind of key and the strength)
//   watch_selector        selectors members registered
//   watch_alert           matches of imported records against selectors
// Keeping everything in the catalogue's database means one backup, one
// restore and one place to protect. The SQL is written once for both
// dialects; only the DDL differs (identity columns and bytea on
// PostgreSQL). The SQLite tables are those earlier versions created, so an
// existing data directory keeps its state.
//
// Several processes: every method reads or writes the database; nothing is
// cached here, so what one portal server writes the others read at once.
//
// Thread safety: every method may be called from several threads (the
// connection serialises). Errors: kUnavailable when the database cannot be
// written or read (or, on PostgreSQL, cannot be reached), kDataLoss when
// stored rows are corrupt.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/security_db.h"
#include "core/status.h"
#include "deconflict/encoding.h"
#include "deconflict/match.h"
#include "deconflict/watchlist.h"
#include "resolve/resolution_store.h"

namespace disrupt::deconflict {

struct StoredHit {
  long long id = 0;
  Hit hit;
  long long created_at = 0;  // Unix seconds
};

struct StoredSelector {
  Selector selector;
  std::string created_by;
  long long created_at = 0;
};

struct StoredAlert {
  long long id = 0;
  Alert alert;
  long long created_at = 0;
};

struct UploadInfo {
  std::string member;
  std::string key_id;
  long long records = 0;
  std::string uploaded_by;
  long long uploaded_at = 0;
};

class PortalState {
 public:
  // Opens (creating or migrating the tables) the database at `location`:
  // a SQLite path or a postgresql:// URI, as audit::PathFromStoreUri gives.
  static Result<std::unique_ptr<PortalState>> Open(const std::string& location);

  // The resolution store over resolution_decision and resolution_state. It
  // borrows this PortalState, which must outlive it.
  std::unique_ptr<resolve::ResolutionStore> Resolution();

  // Replaces `file.member`'s encodings with `file`.
  Status PutUpload(const EncodingFile& file, const std::string& uploaded_by, long long now);
  // Every member's latest upload (file.member set), in member order.
  Result<std::vector<EncodingFile>> Uploads();
  Result<std::optional<UploadInfo>> UploadOf(const std::string& member);

  // Records hits not seen before (same members, references and kind);
  // returns how many were new.
  Result<long long> AddHits(const std::vector<Hit>& hits, long long now);
  // Hits in which `member` holds one side, newest first.
  Result<std::vector<StoredHit>> HitsOf(const std::string& member);

  // kConflict when the id is taken.
  Status AddSelector(const StoredSelector& selector);
  // kNotFound unless the selector exists and belongs to `member`.
  Status RemoveSelector(const std::string& id, const std::string& member);
  // Every selector (member empty) or one member's, by id.
  Result<std::vector<StoredSelector>> Selectors(const std::string& member);

  // Records alerts not raised before (same selector and record); returns how many were new.
  Result<long long> AddAlerts(const std::vector<Alert>& alerts, long long now);
  // Alerts for `member`'s selectors, newest first.
  Result<std::vector<StoredAlert>> AlertsOf(const std::string& member);

  audit::SecurityDb& db() { return *db_; }

 private:
  explicit PortalState(std::unique_ptr<audit::SecurityDb> db) : db_(std::move(db)) {}
  std::unique_ptr<audit::SecurityDb> db_;
};

}  // namespace disrupt::deconflict
