// SecurityDb: the database connection the security subsystems (audit log,
// users and sessions, release registry) keep their own tables through, in
// the same database as the catalogue: a SQLite file (SqliteDb, sqlite_db.h)
// or a PostgreSQL database (PostgresDb, postgres_db.h) when the catalogue
// store is postgresql://, so that several portal servers share one set of
// users, sessions, lockouts, audit chain and release grants.
//
// The subsystems write their SQL once, in the common subset of both
// dialects, with `?` or `?N` parameters (PostgresDb rewrites them to `$N`),
// integers, text and blobs (bytea on PostgreSQL). Where the dialects differ
// (DDL, row locks, advisory locks) the caller asks dialect(). Values are
// always bound: there is no way to run SQL with values spliced into it.
//
// Thread safety: a SecurityDb may be used from several threads; callers hold
// Lock() for the whole of a statement or transaction (Transaction does).
// A Statement belongs to its SecurityDb's cache and is used under its lock.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace disrupt::audit {

enum class Dialect { kSqlite, kPostgres };

// Where a store URI keeps the security tables: the SQLite path for
// "sqlite:PATH" or a bare PATH, the URI itself for postgresql:// and
// postgres:// (its pool_size parameter is ignored; schema= is honoured).
// kInvalidArgument for an empty one.
Result<std::string> PathFromStoreUri(const std::string& uri);

// True for a postgresql:// or postgres:// location.
bool IsPostgresLocation(std::string_view location);

// One prepared statement. Bind indexes start at 1, column indexes at 0.
// Non-copyable; owned by its SecurityDb's cache.
class Statement {
 public:
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  virtual Statement& Bind(int index, std::string_view text) = 0;
  virtual Statement& Bind(int index, long long value) = 0;
  virtual Statement& BindBlob(int index, std::string_view bytes) = 0;
  virtual Statement& BindNull(int index) = 0;
  // Steps once: true when a row is available, false when done. kUnavailable
  // when the database is busy beyond its timeout or unreachable, kConflict
  // for a constraint violation, kDataLoss when corrupt.
  virtual Result<bool> Step() = 0;
  // Steps to completion, ignoring rows.
  Status Run();
  // Steps through every row, calling `visit` on each; resets the statement
  // on every way out. A Status `visit` returns that is not Ok stops it.
  Status ForEachRow(const std::function<Status(const Statement&)>& visit);
  // The first row as `read` makes it (a Result<T> from the statement), or
  // nullopt when there is none; resets the statement on every way out.
  template <typename T, typename Read>
  Result<std::optional<T>> ReadOne(Read&& read);
  // Every row as `read` makes it, in order; resets the statement on every
  // way out.
  template <typename T, typename Read>
  Result<std::vector<T>> ReadAll(Read&& read);
  // Resets for reuse and clears bindings.
  virtual void Reset() = 0;

  virtual bool IsNull(int column) const = 0;
  virtual long long Int(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  virtual std::string Blob(int column) const = 0;

 protected:
  Statement() = default;
};

template <typename T, typename Read>
Result<std::optional<T>> Statement::ReadOne(Read&& read) {
  auto has = Step();
  std::optional<T> out;
  if (has.ok() && *has) {
    Result<T> row = read(static_cast<const Statement&>(*this));
    if (!row.ok()) {
      Reset();
      return row.status();
    }
    out = std::move(row).value();
  }
  Reset();
  if (!has.ok()) return has.status();
  return out;
}

template <typename T, typename Read>
Result<std::vector<T>> Statement::ReadAll(Read&& read) {
  std::vector<T> out;
  DISRUPT_RETURN_IF_ERROR(ForEachRow([&](const Statement& row) -> Status {
    Result<T> item = read(row);
    if (!item.ok()) return item.status();
    out.push_back(std::move(item).value());
    return Status::Ok();
  }));
  return out;
}

class SecurityDb {
 public:
  virtual ~SecurityDb() = default;
  SecurityDb(const SecurityDb&) = delete;
  SecurityDb& operator=(const SecurityDb&) = delete;

  virtual Dialect dialect() const = 0;

  // Brings `component`'s tables to version steps.size(): step i (0-based)
  // takes the schema from version i to i+1. Steps are fixed DDL text in this
  // database's dialect; each runs in its own transaction with the version
  // update. Safe when several processes start at once.
  Status Migrate(std::string_view component, std::span<const char* const> steps);

  // A cached prepared statement for fixed SQL text, reset and ready to bind.
  // The caller must hold Lock(). kInternal for SQL that does not compile
  // (PostgreSQL compiles on first Step).
  virtual Result<Statement*> Prepare(std::string_view sql) = 0;

  // Rows changed by the last INSERT, UPDATE or DELETE (caller holds Lock()).
  virtual long long Changes() = 0;
  // Id given to the row of the last successful INSERT into a table with an
  // integer key on this connection (caller holds Lock()); 0 when unknown.
  virtual long long LastInsertId() = 0;

  // Transactions (caller holds Lock()); prefer the Transaction guard.
  // Begin takes the write lock at once on SQLite (BEGIN IMMEDIATE);
  // BeginRead gives one consistent snapshot for several reads.
  virtual Status Begin() = 0;
  virtual Status BeginRead() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // For a connection that keeps only soft state (rate-limit buckets): its
  // commits need not wait for the disk, now and after any reconnection. A
  // crash of the database may then lose its last fraction of a second of
  // commits. No effect on SQLite. Caller holds Lock().
  virtual Status RelaxCommitDurability() { return Status::Ok(); }

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }

 protected:
  SecurityDb() = default;
  // Runs fixed DDL text (possibly several statements) without parameters.
  virtual Status ExecScript(const char* sql) = 0;
  // Called inside Migrate's transaction before the version is read: keeps
  // other processes from migrating the same component at the same time.
  virtual Status LockForMigration(std::string_view component) = 0;

 private:
  std::mutex mu_;
};

// Opens the security database at `location` (PathFromStoreUri's result):
// SqliteDb for a path, PostgresDb for a PostgreSQL URI. kUnavailable when it
// cannot be opened or reached, kInvalidArgument for a malformed URI.
Result<std::unique_ptr<SecurityDb>> OpenSecurityDb(const std::string& location);

// Begin ... Commit, rolled back on destruction unless committed.
// The caller holds the database's lock for the transaction's lifetime.
class Transaction {
 public:
  explicit Transaction(SecurityDb& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Begin();
  Status BeginRead();
  Status Commit();

 private:
  SecurityDb& db_;
  bool open_ = false;
};

}  // namespace disrupt::audit
