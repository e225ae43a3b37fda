// What SqliteDb and PostgresDb share: locating the security tables from a
// store URI, opening the right database, per-component migrations and the
// transaction guard. See security_db.h.
#include "audit/security_db.h"

#include "audit/postgres_db.h"
#include "audit/sqlite_db.h"
#include "core/text.h"

namespace disrupt::audit {

bool IsPostgresLocation(std::string_view location) {
  return StartsWith(location, "postgresql://") || StartsWith(location, "postgres://");
}

Result<std::string> PathFromStoreUri(const std::string& uri) {
  if (IsPostgresLocation(uri)) return uri;
  std::string path = StartsWith(uri, "sqlite:") ? uri.substr(7) : uri;
  if (path.empty()) return Status::InvalidArgument("empty store path", "store");
  return path;
}

Result<std::unique_ptr<SecurityDb>> OpenSecurityDb(const std::string& location) {
  if (IsPostgresLocation(location)) {
    DISRUPT_ASSIGN_OR_RETURN(auto db, PostgresDb::Open(location));
    return std::unique_ptr<SecurityDb>(std::move(db));
  }
  DISRUPT_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(location));
  return std::unique_ptr<SecurityDb>(std::move(db));
}

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

Status Statement::ForEachRow(const std::function<Status(const Statement&)>& visit) {
  for (;;) {
    auto row = Step();
    Status s = !row.ok() ? row.status() : *row ? visit(*this) : Status::Ok();
    if (!s.ok() || !*row) {
      Reset();
      return s;
    }
  }
}

Status SecurityDb::Migrate(std::string_view component, std::span<const char* const> steps) {
  auto lock = Lock();
  for (;;) {
    Transaction tx(*this);
    DISRUPT_RETURN_IF_ERROR(tx.Begin());
    DISRUPT_RETURN_IF_ERROR(LockForMigration(component));
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
    DISRUPT_RETURN_IF_ERROR(ExecScript(steps[version]).WithContext(std::string(component) + " migration " +
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
  if (open_) db_.Rollback();
}

Status Transaction::Begin() {
  DISRUPT_RETURN_IF_ERROR(db_.Begin());
  open_ = true;
  return Status::Ok();
}

Status Transaction::BeginRead() {
  DISRUPT_RETURN_IF_ERROR(db_.BeginRead());
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  Status s = db_.Commit();
  // A failed COMMIT has ended the transaction on PostgreSQL and left it
  // open on SQLite (busy); the destructor rolls back in either case.
  if (s.ok()) open_ = false;
  return s;
}

}  // namespace disrupt::audit
