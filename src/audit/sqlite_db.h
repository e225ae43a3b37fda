// SqliteDb: the security subsystems' tables (audit, auth, policy's release
// registry) in the catalogue's SQLite file. It lives in audit/ because audit
// is the lowest of the three. The common interface, Statement and
// Transaction are in security_db.h; PostgresDb (postgres_db.h) is the
// PostgreSQL counterpart.
//
// Each subsystem opens its own connection to the same file as the catalogue
// store (the path comes from the store URI, see PathFromStoreUri), keeps its
// own tables and migrations (Migrate), and talks to SQLite through prepared
// statements only. No per-process state is kept beyond the connection, so
// several processes may share one database file (SQLite's locking
// serialises writers; WAL lets readers run alongside).
//
// Thread safety: as SecurityDb.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "audit/security_db.h"

struct sqlite3;
struct sqlite3_stmt;

namespace disrupt::audit {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override;

  Statement& Bind(int index, std::string_view text) override;
  Statement& Bind(int index, long long value) override;
  Statement& BindBlob(int index, std::string_view bytes) override;
  Statement& BindNull(int index) override;
  Result<bool> Step() override;
  void Reset() override;
  bool IsNull(int column) const override;
  long long Int(int column) const override;
  std::string Text(int column) const override;
  std::string Blob(int column) const override;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb final : public SecurityDb {
 public:
  // Opens (creating if needed) the database file with WAL, foreign keys and a
  // busy timeout of 5 s. kUnavailable when it cannot be opened.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<Statement*> Prepare(std::string_view sql) override;
  long long Changes() override;
  long long LastInsertId() override;
  Status Begin() override;
  Status BeginRead() override;
  Status Commit() override;
  void Rollback() override;

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteDb() = default;
  Status ExecScript(const char* sql) override;
  // BEGIN IMMEDIATE already holds the write lock.
  Status LockForMigration(std::string_view) override { return Status::Ok(); }
  sqlite3* db_ = nullptr;
  std::string path_;
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> cache_;
};

}  // namespace disrupt::audit
