// The security subsystems' SQLite connection: prepared statements, cached;
// per-component migrations; immediate transactions. See sqlite_db.h.
#include "audit/sqlite_db.h"

#include <sqlite3.h>

#include "core/text.h"

namespace disrupt::audit {

namespace {

Status FromSqlite(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return Status::Unavailable(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(message);
    case SQLITE_CONSTRAINT:
      return Status::Conflict(message);
    default:
      return Status::Internal(message);
  }
}

}  // namespace

Result<std::string> PathFromStoreUri(const std::string& uri) {
  if (StartsWith(uri, "postgresql://") || StartsWith(uri, "postgres://")) {
    return Status::Unavailable("the security tables support SQLite stores only in this version");
  }
  std::string path = StartsWith(uri, "sqlite:") ? uri.substr(7) : uri;
  if (path.empty()) return Status::InvalidArgument("empty store path", "store");
  return path;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::string_view text) {
  // A default-constructed view has a null data pointer, which SQLite would bind as NULL.
  sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, long long value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data() ? bytes.data() : "", static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return FromSqlite(db_, rc, "database");
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
long long Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
std::string Statement::Text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column)) : std::string();
}
std::string Statement::Blob(int column) const {
  const auto* p = sqlite3_column_blob(stmt_, column);
  return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, column)) : std::string();
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path) {
  std::unique_ptr<SqliteDb> db(new SqliteDb());
  db->path_ = path;
  int rc = sqlite3_open_v2(path.c_str(), &db->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) return Status::Unavailable("cannot open database " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(db->db_, 5000);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
    DISRUPT_RETURN_IF_ERROR(db->ExecDdl(pragma).WithContext(path));
  }
  DISRUPT_RETURN_IF_ERROR(db->ExecDdl(
      "CREATE TABLE IF NOT EXISTS security_migration (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"));
  return db;
}

SqliteDb::~SqliteDb() {
  cache_.clear();  // finalize statements before closing
  if (db_) sqlite3_close(db_);
}

Status SqliteDb::ExecDdl(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return FromSqlite(nullptr, rc, message);
  }
  return Status::Ok();
}

Result<Statement*> SqliteDb::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) return FromSqlite(db_, rc, "preparing statement");
  auto owned = std::make_unique<Statement>(db_, stmt);
  Statement* raw = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return raw;
}

long long SqliteDb::Changes() { return sqlite3_changes64(db_); }
long long SqliteDb::LastInsertId() { return sqlite3_last_insert_rowid(db_); }

Status SqliteDb::Migrate(std::string_view component, std::span<const char* const> steps) {
  auto lock = Lock();
  for (;;) {
    Transaction tx(*this);
    DISRUPT_RETURN_IF_ERROR(tx.Begin());
    DISRUPT_ASSIGN_OR_RETURN(Statement * get, Prepare("SELECT version FROM security_migration WHERE component = ?"));
    get->Bind(1, component);
    DISRUPT_ASSIGN_OR_RETURN(bool has, get->Step());
    long long version = has ? get->Int(0) : 0;
    get->Reset();
    if (version > static_cast<long long>(steps.size())) {
      return Status::FailedPrecondition(std::string(component) + " tables are at version " + std::to_string(version) +
                                        ", newer than this program knows (" + std::to_string(steps.size()) + ")");
    }
    if (version == static_cast<long long>(steps.size())) return tx.Commit();
    DISRUPT_RETURN_IF_ERROR(ExecDdl(steps[version]).WithContext(std::string(component) + " migration " +
                                                                 std::to_string(version + 1)));
    DISRUPT_ASSIGN_OR_RETURN(Statement * put,
                             Prepare("INSERT INTO security_migration(component, version) VALUES (?, ?) "
                                     "ON CONFLICT(component) DO UPDATE SET version = excluded.version"));
    put->Bind(1, component).Bind(2, version + 1);
    DISRUPT_RETURN_IF_ERROR(put->Run());
    DISRUPT_RETURN_IF_ERROR(tx.Commit());
  }
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Begin() {
  int rc = sqlite3_exec(db_.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(db_.handle(), rc, "beginning transaction");
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  int rc = sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(db_.handle(), rc, "committing transaction");
  open_ = false;
  return Status::Ok();
}

}  // namespace disrupt::audit
