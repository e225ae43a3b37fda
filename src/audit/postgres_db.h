// PostgresDb: the security subsystems' tables (audit log, users and
// sessions, release registry) in the catalogue's PostgreSQL database, so
// that several portal servers share them (docs/deployment.md). The
// counterpart of SqliteDb; the interface is SecurityDb (security_db.h).
//
// Location: the catalogue's store URI (postgres_store.h): the libpq URI and
// its schema= parameter, so the security tables sit beside the catalogue in
// the same schema; pool_size= is ignored (one connection per PostgresDb).
//
// SQL: statements are written with `?` / `?N` parameters and rewritten to
// `$N`; integers are sent as bigint, text as text, blobs as bytea, so the
// tables declare bigint, text and bytea columns. Each statement is prepared
// on the connection the first time it runs (and again after a reconnect).
// Results are read whole: keep result sets small or page through them.
//
// Connection loss (server restart, failover, network): the statement that
// meets it fails with kUnavailable and the connection is marked broken.
// Outside a transaction the next statement reconnects; inside one, every
// statement fails with kUnavailable until the transaction is ended
// (Rollback or a failed Commit), so a transaction never silently continues
// on a new connection. A connection the server closed while idle is noticed
// before use and replaced, so the first request after a restart succeeds.
// A COMMIT whose connection breaks gives kUnavailable saying the outcome is
// unknown.
//
// Thread safety: as SecurityDb (one connection, serialised by Lock()).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/security_db.h"

struct pg_conn;
struct pg_result;

namespace disrupt::audit {

class PostgresDb;

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PostgresDb& db, std::string sql, int params);
  ~PostgresStatement() override;

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
  friend class PostgresDb;
  enum class Kind { kNull, kInt, kText, kBytes };
  struct Param {
    Kind kind = Kind::kNull;
    std::string value;
  };
  Param& At(int index);

  PostgresDb& db_;
  std::string sql_;       // with $N parameters
  std::string name_;      // prepared statement name
  long long prepared_generation_ = -1;
  std::vector<Param> params_;
  pg_result* result_ = nullptr;
  int row_ = -1;
  bool executed_ = false;
};

class PostgresDb final : public SecurityDb {
 public:
  // Connects to the database named by a postgresql:// store URI, creates its
  // schema if needed. kUnavailable when the server cannot be reached,
  // kInvalidArgument for a malformed URI.
  static Result<std::unique_ptr<PostgresDb>> Open(const std::string& uri);
  ~PostgresDb() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<Statement*> Prepare(std::string_view sql) override;
  long long Changes() override { return changes_; }
  long long LastInsertId() override;
  Status Begin() override;
  Status BeginRead() override;
  Status Commit() override;
  void Rollback() override;
  Status RelaxCommitDurability() override;

  // The schema the tables live in ("" = the connection's search path).
  const std::string& schema() const { return schema_; }

 private:
  friend class PostgresStatement;
  PostgresDb() = default;
  Status ExecScript(const char* sql) override;
  Status LockForMigration(std::string_view component) override;
  // A usable connection: reconnects when broken outside a transaction.
  Status Ready(std::string_view what);
  Status Connect();
  // Turns a failed result (or a lost connection) into a Status; marks the
  // connection broken when it is gone. Clears `result`.
  Status Failure(pg_result* result, std::string_view what);
  // Runs a parameterless command (BEGIN, COMMIT, DDL).
  Status Command(const char* sql, std::string_view what);

  std::string conninfo_;
  std::string schema_;
  pg_conn* conn_ = nullptr;
  bool broken_ = false;
  bool goodbye_ = false;  // the server announced it is ending the connection
  bool in_transaction_ = false;
  bool relaxed_ = false;  // synchronous_commit off (RelaxCommitDurability)
  long long generation_ = 0;  // incremented on each new connection
  long long changes_ = 0;
  long long next_name_ = 0;
  std::map<std::string, std::unique_ptr<PostgresStatement>, std::less<>> cache_;
};

// `sql` with SQLite-style parameters (`?` numbered in order, `?N`) rewritten
// to PostgreSQL's `$N`, outside quoted literals and identifiers; `params`
// receives the highest parameter number. Exposed for tests.
std::string ToPostgresParameters(std::string_view sql, int* params);

}  // namespace disrupt::audit
