// PostgresStore: the catalogue in a PostgreSQL database, for several portal
// servers sharing one catalogue (docs/deployment.md). Same contract and same
// results as SqliteStore (store.h); both pass store_suite_test.cc.
//
// URI: a libpq URI, "postgresql://[user[:password]@][host][:port]/dbname
// [?param=value&...]", with two parameters of our own that are removed before
// the URI reaches libpq:
//   pool_size=N   connections kept open (1..64, default 4);
//   schema=NAME   keep the catalogue in this schema (created if missing;
//                 [a-z_][a-z0-9_]*, at most 63 characters) instead of the
//                 connection's default search path. Several catalogues (an
//                 exercise beside the live one, one per test) can then share
//                 a database.
// Every other libpq parameter (host=/run/postgresql for a Unix socket,
// sslmode=verify-full, connect_timeout, ...) passes through.
//
// Schema: versioned migrations recorded in schema_migrations, applied at
// Open inside one transaction under an advisory lock keyed by the schema
// name, so several servers starting at once apply each migration exactly
// once. Tables mirror SqliteStore's: records (one row per record, the record
// as JSON in `body`), refs (what each record refers to), search_terms (the
// search index, see below), members, member_groups, vocabulary_terms and
// settings.
//
// Search gives the same hits in the same order as SqliteStore's FTS5 index
// on the same data: search_terms holds the tokens FTS5 would index for each
// entity (search_tokens.h, split and case-folded as FTS5's unicode61
// tokenizer does, with their positions), and the score is FTS5's bm25 with
// the exact column weighted 10 and the skeleton column 1, computed from the
// same statistics (kept in search_totals). Ties are ordered by id.
//
// Connections: a pool of `pool_size` connections, opened on demand. A
// connection the server closed (restart, failover) is detected when it is
// taken from the pool and replaced. Operations in flight when the server goes
// away fail with kUnavailable; a write then either committed as a whole or
// not at all (kUnavailable says which is unknown only when the connection
// broke during COMMIT).
//
// Statements: all prepared, with bound parameters; batches go through array
// parameters (unnest), so a batch costs a fixed number of round trips.
//
// Errors: kUnavailable when the server cannot be reached or went away,
// kConflict when another server wrote the same record at the same moment
// (retry), kInvalidArgument for bad input, kInternal otherwise. Messages name
// the operation and PostgreSQL's SQLSTATE, never record contents.
//
// Thread safety: every method may be called from several threads; each call
// takes one pooled connection for its duration (Scan holds it while it
// visits, so `visit` must not call back into the store).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"

namespace disrupt::store {

class PostgresStore final : public Store {
 public:
  struct Options {
    std::string conninfo;  // libpq URI without our own parameters
    std::string schema;    // empty = the connection's search path
    size_t pool_size = 4;
    // How long a call waits for a free pooled connection before kUnavailable.
    std::chrono::milliseconds acquire_timeout{30000};
  };

  // Splits a postgresql:// or postgres:// URI into Options (see the header
  // comment). kInvalidArgument naming the parameter when one is malformed.
  static Result<Options> ParseUri(const std::string& uri);

  // Connects, creates the schema if needed and migrates it. kUnavailable when
  // the server cannot be reached, kInvalidArgument for a bad URI.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& uri);
  static Result<std::unique_ptr<PostgresStore>> Open(const Options& options);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  int SchemaVersion() override;
  Status Put(std::span<const Record> batch, const PutOptions& options) override;
  Result<std::optional<Record>> Get(std::string_view id) override;
  Result<std::vector<std::string>> Existing(std::span<const std::string> ids) override;
  Status Delete(std::string_view id) override;
  Status Scan(const RecordQuery& query, const std::function<bool(Record&&)>& visit) override;
  Result<std::vector<SearchHit>> Search(const SearchQuery& query) override;
  Result<CatalogueStats> Stats() override;
  Status PutMembers(const std::vector<model::Member>& members) override;
  Result<std::vector<model::Member>> Members() override;
  Status PutGroup(const std::string& name, const std::vector<std::string>& member_codes) override;
  Result<std::map<std::string, std::vector<std::string>>> Groups() override;
  Status AddTerm(const model::Term& term) override;
  Result<std::vector<model::Term>> AddedTerms() override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;
  Result<std::map<std::string, std::string>> Settings() override;

  // Removes the schema named in `uri` with everything in it (for tests and
  // for discarding an exercise catalogue). kInvalidArgument when the URI
  // names no schema.
  static Status DropSchema(const std::string& uri);

 private:
  explicit PostgresStore(const Options& options);
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace disrupt::store
