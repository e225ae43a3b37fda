// SqliteStore: the catalogue in one SQLite database file.
//
// Layout (migration 1, see kMigrations): `records` holds one row per record
// with the columns the store filters on (kind, type, originator, validity
// days, classification, review day) and the whole record as JSON in `body`;
// `refs` lists every entity a record refers to (link ends, event entity
// references, network memberships) so that "links of X" and "records of
// network N" are index look-ups; `search` is an FTS5 index of search tokens
// (folded words, their Latin transliteration, and consonant skeletons, see
// text/transliterate.h) with rowid = records.rid. Members, groups, added
// vocabulary terms and settings have small tables of their own.
//
// Every statement is prepared with bound parameters; composed queries only
// join constant SQL fragments. Every write runs in one transaction
// (BEGIN IMMEDIATE ... COMMIT) and rolls back on any error, so a batch is all
// or nothing, and WAL with synchronous=FULL makes a committed batch survive a
// killed process.
#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "store/record_json.h"
#include "store/search_tokens.h"
#include "text/transliterate.h"

namespace disrupt::store {

namespace {

struct Migration {
  int version;
  const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records(
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  type TEXT NOT NULL,
  valid_from INTEGER,
  valid_to INTEGER,
  originator TEXT NOT NULL,
  classification INTEGER NOT NULL,
  review_day INTEGER NOT NULL,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX records_type ON records(type, id);
CREATE INDEX records_kind ON records(kind, id);
CREATE INDEX records_originator ON records(originator, id);
CREATE TABLE refs(
  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  role TEXT NOT NULL
);
CREATE INDEX refs_rid ON refs(rid);
CREATE INDEX refs_ref ON refs(ref, role);
CREATE VIRTUAL TABLE search USING fts5(exact, skeleton, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE members(
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  ad_hoc_group INTEGER NOT NULL
);
CREATE TABLE member_groups(name TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY(name, member));
CREATE TABLE vocabulary_terms(
  vocabulary TEXT NOT NULL,
  term TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY(vocabulary, term)
);
)sql"},
};

// A prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc_ != SQLITE_OK) error_ = sqlite3_errmsg(db);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  const std::string& error() const { return error_; }
  sqlite3_stmt* get() { return stmt_; }

  Stmt& Bind(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, long long v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  long long Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  // Valid until the next Step, Reset or column conversion of this statement.
  std::string_view TextView(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string_view(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col))
             : std::string_view();
  }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
  std::string error_;
};

// Resets a statement on every way out of a scope, so that its read
// transaction ends there.
class ResetOnExit {
 public:
  explicit ResetOnExit(Stmt& stmt) : stmt_(stmt) {}
  ~ResetOnExit() { stmt_.Reset(); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  Stmt& stmt_;
};

Status SqlError(sqlite3* db, const std::string& what) {
  int code = sqlite3_errcode(db);
  std::string msg = what + ": " + sqlite3_errmsg(db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Unavailable(msg);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::DataLoss(msg);
  if (code == SQLITE_FULL || code == SQLITE_IOERR) return Status::Unavailable(msg);
  return Status::Internal(msg);
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Internal(std::string("sqlite: ") + msg);
  }
  return Status::Ok();
}

long long DayOr(const PartialDate& d, bool earliest, long long fallback) {
  if (d.empty()) return fallback;
  return earliest ? d.EarliestDay() : d.LatestDay();
}

}  // namespace

// The indexes whose keys arrive in random order during an import: a bulk
// load into an empty catalogue drops them and builds them once at the end
// (sorting is far cheaper than millions of random B-tree inserts). The
// statements also repair a load cut short, at the next open.
constexpr const char* kDeferredIndexes[][2] = {
    {"records_type", "CREATE INDEX IF NOT EXISTS records_type ON records(type, id)"},
    {"records_kind", "CREATE INDEX IF NOT EXISTS records_kind ON records(kind, id)"},
    {"records_originator", "CREATE INDEX IF NOT EXISTS records_originator ON records(originator, id)"},
    {"refs_ref", "CREATE INDEX IF NOT EXISTS refs_ref ON refs(ref, role)"},
};
// Pages of write-ahead log between checkpoints during a bulk load (64 MiB),
// and otherwise (SQLite's default).
constexpr int kBulkCheckpointPages = 16384;
constexpr int kCheckpointPages = 1000;

static Status CreateDeferredIndexes(sqlite3* db) {
  DISRUPT_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  for (const auto& index : kDeferredIndexes) {
    if (Status s = Exec(db, index[1]); !s.ok()) {
      (void)Exec(db, "ROLLBACK");
      return s.WithContext(std::string("building index ") + index[0]);
    }
  }
  return Exec(db, "COMMIT");
}

class SqliteStore::Impl {
 public:
  model::Vocabularies vocabularies = model::Vocabularies::Defaults();
  bool bulk = false;  // in a bulk load (guarded by the store's mutex)
  std::unique_ptr<Stmt> get;  // Get's statement (guarded by the store's mutex)
  // Scan's and Search's statements by their SQL text (guarded by the store's
  // mutex). A query's text depends only on which filters it uses, so a few
  // dozen shapes cover every caller; the map is emptied if it ever grows past
  // kMaxCached.
  static constexpr size_t kMaxCached = 64;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cached;

  // The prepared statement for `sql`, reset and unbound; null when it does
  // not compile (the caller reports the connection's error).
  Stmt* Cached(sqlite3* db, const std::string& sql) {
    auto it = cached.find(sql);
    if (it == cached.end()) {
      if (cached.size() >= kMaxCached) cached.clear();
      auto stmt = std::make_unique<Stmt>(db, sql);
      if (!stmt->ok()) return nullptr;
      it = cached.emplace(sql, std::move(stmt)).first;
    }
    it->second->Reset();
    return it->second.get();
  }
};

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  store->impl_ = std::make_unique<Impl>();
  int rc = sqlite3_open_v2(path.c_str(), &store->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = store->db_ ? sqlite3_errmsg(store->db_) : "out of memory";
    return Status::Unavailable("cannot open store " + path + ": " + msg);
  }
  sqlite3_busy_timeout(store->db_, 10000);
  sqlite3_extended_result_codes(store->db_, 0);
  {
    Stmt wal(store->db_, "PRAGMA journal_mode=WAL");
    if (!wal.ok() || wal.Step() != SQLITE_ROW) {
      return Status::Unavailable("cannot open store " + path + ": " + sqlite3_errmsg(store->db_));
    }
  }
  // 64 MiB of page cache: an import into a large catalogue inserts at random
  // places in the id and reference indexes, and a small cache turns that into
  // reads of the same pages again and again.
  DISRUPT_RETURN_IF_ERROR(
      Exec(store->db_, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"));
  // Migrations, each in its own transaction.
  DISRUPT_RETURN_IF_ERROR(
      Exec(store->db_, "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER)"));
  int current = store->SchemaVersion();
  for (const auto& m : kMigrations) {
    if (m.version <= current) continue;
    DISRUPT_RETURN_IF_ERROR(Exec(store->db_, "BEGIN IMMEDIATE"));
    Status s = Exec(store->db_, m.sql);
    if (s.ok()) {
      Stmt ins(store->db_, "INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)");
      ins.Bind(1, static_cast<long long>(m.version)).Bind(2, UnixNow());
      if (ins.Step() != SQLITE_DONE) s = SqlError(store->db_, "migration");
    }
    if (!s.ok()) {
      (void)Exec(store->db_, "ROLLBACK");
      return s.WithContext("migrating store to version " + std::to_string(m.version));
    }
    DISRUPT_RETURN_IF_ERROR(Exec(store->db_, "COMMIT"));
  }
  // A bulk load cut short left its deferred indexes missing.
  DISRUPT_RETURN_IF_ERROR(CreateDeferredIndexes(store->db_));
  auto terms = store->AddedTerms();
  if (!terms.ok()) return terms.status();
  for (const auto& t : terms.value()) (void)store->impl_->vocabularies.Add(t, true);
  return store;
}

SqliteStore::~SqliteStore() {
  if (impl_) {
    impl_->get.reset();
    impl_->cached.clear();
  }
  if (db_) sqlite3_close_v2(db_);
}

int SqliteStore::SchemaVersion() {
  Stmt q(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!q.ok() || q.Step() != SQLITE_ROW) return 0;
  return static_cast<int>(q.Int(0));
}

namespace {

// Calls `visit(id, role)` for every entity a record refers to: link ends,
// entity-reference properties and network memberships (the `refs` rows).
template <typename Visit>
void ForEachRef(const Record& r, Visit&& visit) {
  if (r.kind == RecordKind::kLink) {
    visit(r.source, std::string_view("source"));
    visit(r.target, std::string_view("target"));
  }
  if (const model::Schema* schema = model::FindSchema(r.type)) {
    for (const auto& spec : schema->properties) {
      if (spec.type != model::PropertyType::kEntityRef) continue;
      auto it = r.properties.find(spec.name);
      if (it == r.properties.end()) continue;
      for (const auto& v : it->second) visit(v.value, spec.name);
    }
  }
  for (const auto& n : r.networks) visit(n, std::string_view("network"));
}

}  // namespace

namespace {

// What Put writes for a run of records, prepared before the database lock is
// taken: each record validated, its stored JSON text (back to back in
// `bodies`, record i from offsets[i] to offsets[i + 1]) and, for entities,
// its search tokens (space-separated exact and skeleton tokens).
struct PreparedRows {
  Status error;  // the first invalid record's, naming it
  std::string bodies;
  std::vector<size_t> offsets{0};
  std::vector<std::pair<std::string, std::string>> tokens;

  void Prepare(std::span<const Record> batch, const model::Vocabularies& vocabularies, bool validated,
               const FieldProtection* protection) {
    tokens.resize(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      const Record& r = batch[i];
      if (!validated) {
        if (Status s = model::Validate(r, &vocabularies); !s.ok()) {
          error = Status::InvalidArgument("records[" + std::to_string(i) + "] (id " + r.id + "): " + s.message(),
                                          s.field());
          return;
        }
      }
      if (protection && FieldProtection::HasProtectedValues(r)) {
        AppendStoredJson(protection->Seal(r), bodies);
      } else {
        AppendStoredJson(r, bodies);
      }
      offsets.push_back(bodies.size());
      if (r.kind != RecordKind::kEntity) continue;
      RecordTokens t = RecordSearchTokens(r, protection);
      tokens[i] = {Join(t.exact, " "), Join(t.skeleton, " ")};
    }
  }
  std::string_view Body(size_t i) const { return std::string_view(bodies).substr(offsets[i], offsets[i + 1] - offsets[i]); }
};

}  // namespace

Status SqliteStore::Put(std::span<const Record> batch, const PutOptions& options) {
  // Validate everything and prepare the rows before taking the lock and
  // touching the database. (On the calling thread: a thread started per
  // batch would build its own ICU transliterators, text/transliterate.h,
  // which costs more than it saves.)
  PreparedRows rows;
  rows.Prepare(batch, impl_->vocabularies, options.validated, protection());
  DISRUPT_RETURN_IF_ERROR(rows.error);
  std::unordered_map<std::string_view, size_t> in_batch;
  in_batch.reserve(batch.size() * 2);
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!in_batch.emplace(batch[i].id, i).second) {
      return Status::InvalidArgument(
          "records[" + std::to_string(i) + "]: id " + batch[i].id + " appears twice in the batch", "id");
    }
  }

  std::lock_guard lock(mu_);
  if (options.check_references) {
    Stmt exists(db_, "SELECT kind FROM records WHERE id = ?");
    if (!exists.ok()) return SqlError(db_, "checking references");
    std::unordered_map<std::string_view, bool> known;  // id -> is an entity
    for (size_t i = 0; i < batch.size(); ++i) {
      const Record& r = batch[i];
      Status bad;
      ForEachRef(r, [&](const std::string& ref, std::string_view) {
        if (!bad.ok()) return;
        bool found, entity;
        if (auto in = in_batch.find(ref); in != in_batch.end()) {
          found = true;
          entity = batch[in->second].kind == RecordKind::kEntity;
        } else if (auto k = known.find(ref); k != known.end()) {
          found = true;
          entity = k->second;
        } else {
          exists.Reset();
          exists.Bind(1, ref);
          found = exists.Step() == SQLITE_ROW;
          entity = found && exists.Int(0) == static_cast<int>(RecordKind::kEntity);
          if (found) known.emplace(ref, entity);
        }
        if (!found) {
          bad = Status::InvalidArgument(
              "records[" + std::to_string(i) + "] (id " + r.id + "): refers to unknown entity '" + ref + "'",
              ref == r.source ? "source" : ref == r.target ? "target" : "references");
        } else if (!entity) {
          bad = Status::InvalidArgument(
              "records[" + std::to_string(i) + "] (id " + r.id + "): '" + ref + "' is a link or event, not an entity",
              "references");
        }
      });
      if (!bad.ok()) return bad;
    }
  }

  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqlError(db_, "starting write");
  }
  auto fail = [&](const std::string& what) {
    Status s = SqlError(db_, what);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  };
  // One statement inserts a new record or replaces an existing one; the
  // version it returns tells which (1 = new), and only a replaced record has
  // references and search tokens to remove first.
  Stmt upsert(db_,
              "INSERT INTO records(id, kind, type, valid_from, valid_to, originator, classification, review_day, "
              "body, version, updated_at) VALUES(?,?,?,?,?,?,?,?,?,1,?) ON CONFLICT(id) DO UPDATE SET "
              "kind=excluded.kind, type=excluded.type, valid_from=excluded.valid_from, valid_to=excluded.valid_to, "
              "originator=excluded.originator, classification=excluded.classification, "
              "review_day=excluded.review_day, body=excluded.body, version=version+1, updated_at=excluded.updated_at "
              "RETURNING rid, version");
  Stmt del_refs(db_, "DELETE FROM refs WHERE rid = ?");
  Stmt del_search(db_, "DELETE FROM search WHERE rowid = ?");
  Stmt ins_ref(db_, "INSERT INTO refs(rid, ref, role) VALUES(?,?,?)");
  Stmt ins_search(db_, "INSERT INTO search(rowid, exact, skeleton) VALUES(?,?,?)");
  for (Stmt* s : {&upsert, &del_refs, &del_search, &ins_ref, &ins_search}) {
    if (!s->ok()) return fail("preparing write");
  }
  const long long now = UnixNow();
  for (size_t i = 0; i < batch.size(); ++i) {
    const Record& r = batch[i];
    upsert.Reset();
    upsert.Bind(1, r.id).Bind(2, static_cast<long long>(r.kind)).Bind(3, r.type);
    if (r.valid.from.empty()) upsert.BindNull(4);
    else upsert.Bind(4, r.valid.from.EarliestDay());
    if (r.valid.to.empty()) upsert.BindNull(5);
    else upsert.Bind(5, r.valid.to.LatestDay());
    upsert.Bind(6, r.provenance.originator)
        .Bind(7, static_cast<long long>(r.handling.classification))
        .Bind(8, DayOr(r.handling.review_date, false, 0))
        .Bind(9, rows.Body(i))
        .Bind(10, now);
    if (upsert.Step() != SQLITE_ROW) return fail("writing record " + r.id);
    const long long rid = upsert.Int(0);
    const bool replaced = upsert.Int(1) > 1;
    if (upsert.Step() != SQLITE_DONE) return fail("writing record " + r.id);
    if (replaced) {
      del_refs.Reset();
      del_refs.Bind(1, rid);
      if (del_refs.Step() != SQLITE_DONE) return fail("updating record " + r.id);
      del_search.Reset();
      del_search.Bind(1, rid);
      if (del_search.Step() != SQLITE_DONE) return fail("updating record " + r.id);
    }
    bool ok = true;
    ForEachRef(r, [&](const std::string& ref, std::string_view role) {
      if (!ok) return;
      ins_ref.Reset();
      ins_ref.Bind(1, rid).Bind(2, ref).Bind(3, role);
      ok = ins_ref.Step() == SQLITE_DONE;
    });
    if (!ok) return fail("writing references of " + r.id);
    if (r.kind == RecordKind::kEntity) {
      ins_search.Reset();
      ins_search.Bind(1, rid).Bind(2, rows.tokens[i].first).Bind(3, rows.tokens[i].second);
      if (ins_search.Step() != SQLITE_DONE) return fail("indexing record " + r.id);
    }
  }
  if (options.keep_versions) {
    Stmt keep(db_, "UPDATE records SET version = ?, updated_at = ? WHERE id = ?");
    if (!keep.ok()) return fail("preparing write");
    for (const Record& r : batch) {
      if (r.version <= 0) continue;
      keep.Reset();
      keep.Bind(1, r.version).Bind(2, r.updated_at).Bind(3, r.id);
      if (keep.Step() != SQLITE_DONE) return fail("keeping the version of " + r.id);
    }
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("committing");
  return Status::Ok();
}

namespace {

Result<Record> RowToRecord(Stmt& q, int body_col, int version_col, int updated_col,
                           const FieldProtection* protection) {
  auto r = ReadStoredJson(q.TextView(body_col));
  if (!r.ok()) return r.status();
  if (protection) DISRUPT_RETURN_IF_ERROR(protection->Reveal(r.value()));
  r.value().version = q.Int(version_col);
  r.value().updated_at = q.Int(updated_col);
  return r;
}

}  // namespace

Result<std::optional<Record>> SqliteStore::Get(std::string_view id) {
  std::lock_guard lock(mu_);
  // The portal reads one record per request: the statement is prepared once.
  if (!impl_->get) impl_->get = std::make_unique<Stmt>(db_, "SELECT body, version, updated_at FROM records WHERE id = ?");
  Stmt& q = *impl_->get;
  if (!q.ok()) {
    impl_->get.reset();
    return SqlError(db_, "reading record");
  }
  q.Reset();
  q.Bind(1, id);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<Record>();
  if (rc != SQLITE_ROW) {
    Status error = SqlError(db_, "reading record");
    q.Reset();
    return error;
  }
  auto r = RowToRecord(q, 0, 1, 2, protection());
  q.Reset();  // ends the statement's read transaction now, not at the next Get
  if (!r.ok()) return r.status();
  return std::optional<Record>(std::move(r).value());
}

Result<std::vector<std::string>> SqliteStore::Existing(std::span<const std::string> ids) {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT 1 FROM records WHERE id = ?");
  if (!q.ok()) return SqlError(db_, "checking records");
  std::vector<std::string> out;
  for (const auto& id : ids) {
    q.Reset();
    q.Bind(1, id);
    if (q.Step() == SQLITE_ROW) out.push_back(id);
  }
  return out;
}

Status SqliteStore::Delete(std::string_view id) {
  std::lock_guard lock(mu_);
  Stmt find(db_, "SELECT rid FROM records WHERE id = ?");
  find.Bind(1, id);
  if (find.Step() != SQLITE_ROW) return Status::NotFound("no record " + std::string(id));
  long long rid = find.Int(0);
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db_, "deleting");
  auto fail = [&](const std::string& what) {
    Status s = SqlError(db_, what);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  };
  // Links whose end this record is go with it.
  Stmt links(db_, "SELECT rid FROM refs WHERE ref = ? AND role IN ('source', 'target')");
  links.Bind(1, id);
  std::vector<long long> doomed = {rid};
  while (links.Step() == SQLITE_ROW) doomed.push_back(links.Int(0));
  Stmt del(db_, "DELETE FROM records WHERE rid = ?");
  Stmt del_search(db_, "DELETE FROM search WHERE rowid = ?");
  Stmt del_refs_to(db_, "DELETE FROM refs WHERE ref = ?");
  for (long long d : doomed) {
    del.Reset();
    del.Bind(1, d);
    if (del.Step() != SQLITE_DONE) return fail("deleting record");
    del_search.Reset();
    del_search.Bind(1, d);
    if (del_search.Step() != SQLITE_DONE) return fail("deleting record");
  }
  del_refs_to.Bind(1, id);
  if (del_refs_to.Step() != SQLITE_DONE) return fail("deleting references");
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("committing delete");
  return Status::Ok();
}

Status SqliteStore::Scan(const RecordQuery& query, const std::function<bool(Record&&)>& visit) {
  std::lock_guard lock(mu_);
  std::string sql = "SELECT body, version, updated_at FROM records WHERE 1=1";
  if (query.kind) sql += " AND kind = ?";
  if (!query.types.empty()) {
    sql += " AND type IN (";
    for (size_t i = 0; i < query.types.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  }
  if (!query.network.empty()) sql += " AND rid IN (SELECT rid FROM refs WHERE ref = ? AND role = 'network')";
  if (!query.originator.empty()) sql += " AND originator = ?";
  if (!query.involving.empty()) sql += " AND rid IN (SELECT rid FROM refs WHERE ref = ? AND role <> 'network')";
  if (query.as_of_day) sql += " AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)";
  if (!query.after_id.empty()) sql += " AND id > ?";
  sql += " ORDER BY id";
  if (query.limit) sql += " LIMIT ?";
  Stmt* prepared = impl_->Cached(db_, sql);
  if (!prepared) return SqlError(db_, "scanning records");
  Stmt& q = *prepared;
  ResetOnExit reset_on_exit(q);
  int i = 1;
  if (query.kind) q.Bind(i++, static_cast<long long>(*query.kind));
  for (const auto& t : query.types) q.Bind(i++, t);
  if (!query.network.empty()) q.Bind(i++, query.network);
  if (!query.originator.empty()) q.Bind(i++, query.originator);
  if (!query.involving.empty()) q.Bind(i++, query.involving);
  if (query.as_of_day) {
    q.Bind(i++, *query.as_of_day);
    q.Bind(i++, *query.as_of_day);
  }
  if (!query.after_id.empty()) q.Bind(i++, query.after_id);
  if (query.limit) q.Bind(i++, static_cast<long long>(query.limit));
  for (;;) {
    int rc = q.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return SqlError(db_, "scanning records");
    DISRUPT_ASSIGN_OR_RETURN(Record r, RowToRecord(q, 0, 1, 2, protection()));
    if (query.as_of_day) {
      // Keep only the property values that held on that day.
      for (auto it = r.properties.begin(); it != r.properties.end();) {
        auto& values = it->second;
        values.erase(std::remove_if(values.begin(), values.end(),
                                    [&](const model::Value& v) { return !v.valid.Covers(*query.as_of_day); }),
                     values.end());
        it = values.empty() ? r.properties.erase(it) : std::next(it);
      }
    }
    if (!visit(std::move(r))) break;
  }
  return Status::Ok();
}

Result<std::vector<SearchHit>> SqliteStore::Search(const SearchQuery& query) {
  std::string match = BuildMatchQuery(query.text, protection());
  if (match.empty()) return Status::InvalidArgument("search text has no words", "q");
  std::lock_guard lock(mu_);
  std::string sql =
      "SELECT r.id, r.type, bm25(search, 10.0, 1.0) AS score FROM search JOIN records r ON r.rid = search.rowid "
      "WHERE search MATCH ?";
  if (!query.types.empty()) {
    sql += " AND r.type IN (";
    for (size_t i = 0; i < query.types.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  }
  sql += " ORDER BY score, r.id LIMIT ?";
  Stmt* prepared = impl_->Cached(db_, sql);
  if (!prepared) return SqlError(db_, "searching");
  Stmt& q = *prepared;
  ResetOnExit reset_on_exit(q);
  int i = 1;
  q.Bind(i++, match);
  for (const auto& t : query.types) q.Bind(i++, t);
  q.Bind(i++, static_cast<long long>(query.limit ? query.limit : 50));
  std::vector<SearchHit> hits;
  for (;;) {
    int rc = q.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return SqlError(db_, "searching");
    hits.push_back(SearchHit{q.Text(0), -sqlite3_column_double(q.get(), 2)});
  }
  return hits;
}

Result<bool> SqliteStore::BeginBulkLoad() {
  std::lock_guard lock(mu_);
  if (impl_->bulk) return true;
  DISRUPT_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Stmt any(db_, "SELECT 1 FROM records LIMIT 1");
  if (!any.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return SqlError(db_, "starting a bulk load");
  }
  if (any.Step() == SQLITE_ROW) {
    (void)Exec(db_, "ROLLBACK");
    return false;
  }
  for (const auto& index : kDeferredIndexes) {
    std::string drop = std::string("DROP INDEX IF EXISTS ") + index[0];
    if (Status s = Exec(db_, drop.c_str()); !s.ok()) {
      (void)Exec(db_, "ROLLBACK");
      return s.WithContext("starting a bulk load");
    }
  }
  DISRUPT_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
  sqlite3_wal_autocheckpoint(db_, kBulkCheckpointPages);
  impl_->bulk = true;
  return true;
}

Status SqliteStore::EndBulkLoad() {
  std::lock_guard lock(mu_);
  if (!impl_->bulk) return Status::Ok();
  sqlite3_wal_autocheckpoint(db_, kCheckpointPages);
  DISRUPT_RETURN_IF_ERROR(CreateDeferredIndexes(db_));
  impl_->bulk = false;
  return Status::Ok();
}

Status SqliteStore::CompactAfterProtecting() {
  // The words of the values now protected may survive in FTS5 segments that
  // still hold deleted rows, in freed pages and in the write-ahead log:
  // merge the index into one segment, rebuild the file without free pages,
  // and empty the log.
  std::lock_guard lock(mu_);
  DISRUPT_RETURN_IF_ERROR(Exec(db_, "INSERT INTO search(search) VALUES('optimize')"));
  DISRUPT_RETURN_IF_ERROR(Exec(db_, "VACUUM"));
  return Exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<CatalogueStats> SqliteStore::Stats() {
  std::lock_guard lock(mu_);
  CatalogueStats stats;
  Stmt q(db_, "SELECT kind, type, COUNT(*) FROM records GROUP BY kind, type");
  while (q.Step() == SQLITE_ROW) {
    long long n = q.Int(2);
    switch (static_cast<RecordKind>(q.Int(0))) {
      case RecordKind::kEntity: stats.entities += n; break;
      case RecordKind::kLink: stats.links += n; break;
      case RecordKind::kEvent: stats.events += n; break;
    }
    stats.by_type[q.Text(1)] = n;
  }
  Stmt o(db_, "SELECT originator, COUNT(*) FROM records GROUP BY originator");
  while (o.Step() == SQLITE_ROW) stats.by_originator[o.Text(0)] = o.Int(1);
  return stats;
}

Status SqliteStore::PutMembers(const std::vector<model::Member>& members) {
  std::lock_guard lock(mu_);
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db_, "members");
  Stmt ins(db_,
           "INSERT INTO members(code, name, kind, role, ad_hoc_group) VALUES(?,?,?,?,?) ON CONFLICT(code) DO UPDATE "
           "SET name=excluded.name, kind=excluded.kind, role=excluded.role, ad_hoc_group=excluded.ad_hoc_group");
  for (const auto& m : members) {
    ins.Reset();
    ins.Bind(1, m.code).Bind(2, m.name).Bind(3, model::ToString(m.kind)).Bind(4, model::ToString(m.role));
    ins.Bind(5, static_cast<long long>(m.ad_hoc_group));
    if (ins.Step() != SQLITE_DONE) {
      Status s = SqlError(db_, "writing member " + m.code);
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db_, "members");
  return Status::Ok();
}

Result<std::vector<model::Member>> SqliteStore::Members() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT code, name, kind, role, ad_hoc_group FROM members ORDER BY code");
  std::vector<model::Member> out;
  while (q.Step() == SQLITE_ROW) {
    model::Member m;
    m.code = q.Text(0);
    m.name = q.Text(1);
    std::string kind = q.Text(2), role = q.Text(3);
    m.kind = kind == "organisation" ? model::MemberKind::kOrganisation
             : kind == "territory"  ? model::MemberKind::kTerritory
                                    : model::MemberKind::kState;
    m.role = role == "observer"           ? model::MemberRole::kObserver
             : role == "meeting_observer" ? model::MemberRole::kMeetingObserver
                                          : model::MemberRole::kMember;
    m.ad_hoc_group = q.Int(4) != 0;
    out.push_back(std::move(m));
  }
  return out;
}

Status SqliteStore::PutGroup(const std::string& name, const std::vector<std::string>& member_codes) {
  if (Trim(name).empty()) return Status::InvalidArgument("group name is empty", "name");
  std::lock_guard lock(mu_);
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db_, "group");
  Stmt del(db_, "DELETE FROM member_groups WHERE name = ?");
  del.Bind(1, name);
  bool ok = del.Step() == SQLITE_DONE;
  Stmt ins(db_, "INSERT OR IGNORE INTO member_groups(name, member) VALUES(?,?)");
  for (const auto& m : member_codes) {
    ins.Reset();
    ins.Bind(1, name).Bind(2, m);
    ok = ok && ins.Step() == SQLITE_DONE;
  }
  if (!ok) {
    Status s = SqlError(db_, "writing group " + name);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return SqlError(db_, "group");
  return Status::Ok();
}

Result<std::map<std::string, std::vector<std::string>>> SqliteStore::Groups() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT name, member FROM member_groups ORDER BY name, member");
  std::map<std::string, std::vector<std::string>> out;
  while (q.Step() == SQLITE_ROW) out[q.Text(0)].push_back(q.Text(1));
  return out;
}

Status SqliteStore::AddTerm(const model::Term& term) {
  std::lock_guard lock(mu_);
  DISRUPT_RETURN_IF_ERROR(impl_->vocabularies.Add(term, false));
  Stmt ins(db_,
           "INSERT INTO vocabulary_terms(vocabulary, term, label) VALUES(?,?,?) ON CONFLICT(vocabulary, term) DO "
           "UPDATE SET label=excluded.label");
  ins.Bind(1, term.vocabulary).Bind(2, term.term).Bind(3, term.label.empty() ? term.term : term.label);
  if (ins.Step() != SQLITE_DONE) return SqlError(db_, "adding term");
  return Status::Ok();
}

Result<std::vector<model::Term>> SqliteStore::AddedTerms() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT vocabulary, term, label FROM vocabulary_terms ORDER BY vocabulary, term");
  std::vector<model::Term> out;
  while (q.Step() == SQLITE_ROW) out.push_back(model::Term{q.Text(0), q.Text(1), q.Text(2)});
  return out;
}

Result<std::optional<std::string>> SqliteStore::GetSetting(const std::string& key) {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT value FROM settings WHERE key = ?");
  q.Bind(1, key);
  int rc = q.Step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(q.Text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return SqlError(db_, "reading setting");
}

Status SqliteStore::PutSetting(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  Stmt q(db_, "INSERT INTO settings(key, value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  q.Bind(1, key).Bind(2, value);
  if (q.Step() != SQLITE_DONE) return SqlError(db_, "writing setting");
  return Status::Ok();
}

Result<std::map<std::string, std::string>> SqliteStore::Settings() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT key, value FROM settings ORDER BY key");
  if (!q.ok()) return SqlError(db_, "reading settings");
  std::map<std::string, std::string> out;
  for (;;) {
    int rc = q.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return SqlError(db_, "reading settings");
    out.emplace(q.Text(0), q.Text(1));
  }
  return out;
}

}  // namespace disrupt::store
