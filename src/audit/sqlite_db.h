// SqliteDb: the SQLite connection the security subsystems (audit, auth,
// policy's release registry) use for their own tables in the catalogue's
// database file. It lives in audit/ because audit is the lowest of the three.
//
// Each subsystem opens its own connection to the same file as the catalogue
// store (the path comes from the store URI, see PathFromStoreUri), keeps its
// own tables and migrations (Migrate), and talks to SQLite through prepared
// statements only: there is no way to run SQL with values spliced into it.
// No per-process state is kept beyond the connection, so several processes
// may share one database file (SQLite's locking serialises writers; WAL lets
// readers run alongside).
//
// Thread safety: a SqliteDb may be used from several threads; callers hold
// Lock() for the whole of a statement or transaction (Transaction does).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace disrupt::audit {

// The SQLite path named by a store URI ("sqlite:PATH" or a bare PATH).
// kUnavailable for a PostgreSQL URI (not yet supported by the security
// tables), kInvalidArgument for an empty one.
Result<std::string> PathFromStoreUri(const std::string& uri);

// One prepared statement. Bind indexes start at 1, column indexes at 0.
// Non-copyable; owned by the SqliteDb cache or by the caller.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, long long value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  // Steps once: true when a row is available, false when done. kUnavailable
  // when the database is busy beyond the timeout, kDataLoss when corrupt.
  Result<bool> Step();
  // Steps to completion, ignoring rows.
  Status Run();
  // Resets for reuse and clears bindings.
  void Reset();

  bool IsNull(int column) const;
  long long Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating if needed) the database file with WAL, foreign keys and a
  // busy timeout of 5 s. kUnavailable when it cannot be opened.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Brings `component`'s tables to version steps.size(): step i (0-based)
  // takes the schema from version i to i+1. Steps are fixed DDL text; each
  // runs in its own transaction with the version update.
  Status Migrate(std::string_view component, std::span<const char* const> steps);

  // A cached prepared statement for fixed SQL text, reset and ready to bind.
  // The caller must hold Lock(). kInternal for SQL that does not compile.
  Result<Statement*> Prepare(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE (caller holds Lock()).
  long long Changes();
  // Rowid of the last successful INSERT on this connection (caller holds Lock()).
  long long LastInsertId();

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  SqliteDb() = default;
  Status ExecDdl(const char* sql);
  std::mutex mu_;
  sqlite3* db_ = nullptr;
  std::string path_;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back on destruction unless committed.
// The caller holds the SqliteDb's lock for the transaction's lifetime.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db) : db_(db) {}
  ~Transaction();
  Status Begin();
  Status Commit();

 private:
  SqliteDb& db_;
  bool open_ = false;
};

}  // namespace disrupt::audit
