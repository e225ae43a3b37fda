// SqliteStore: the embedded catalogue store (SQLite, WAL, foreign keys,
// versioned migrations, prepared statements only, FTS5 search).
// See store.h for the contract and docs/architecture.md for the schema.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/store.h"

struct sqlite3;

namespace disrupt::store {

class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` and migrates it.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

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
  Result<bool> BeginBulkLoad() override;
  Status EndBulkLoad() override;

  // The raw handle, for subsystems that keep their own tables in the same
  // database file (auth, audit). Callers must hold mutex().
  sqlite3* handle() { return db_; }
  std::mutex& mutex() { return mu_; }

 protected:
  Status CompactAfterProtecting() override;

 private:
  SqliteStore() = default;
  class Impl;
  std::mutex mu_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Impl> impl_;
};

}  // namespace disrupt::store
