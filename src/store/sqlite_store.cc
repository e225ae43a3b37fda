// SqliteStore: placeholder until the implementation lands.
#include "store/sqlite_store.h"

#include <sqlite3.h>

namespace disrupt::store {

class SqliteStore::Impl {};

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string&) {
  return Status::Unavailable("SQLite store not implemented yet");
}
SqliteStore::~SqliteStore() = default;
int SqliteStore::SchemaVersion() { return 0; }
Status SqliteStore::Put(std::span<const Record>, const PutOptions&) { return Status::Unavailable("x"); }
Result<std::optional<Record>> SqliteStore::Get(std::string_view) { return Status::Unavailable("x"); }
Result<std::vector<std::string>> SqliteStore::Existing(std::span<const std::string>) { return Status::Unavailable("x"); }
Status SqliteStore::Delete(std::string_view) { return Status::Unavailable("x"); }
Status SqliteStore::Scan(const RecordQuery&, const std::function<bool(Record&&)>&) { return Status::Unavailable("x"); }
Result<std::vector<SearchHit>> SqliteStore::Search(const SearchQuery&) { return Status::Unavailable("x"); }
Result<CatalogueStats> SqliteStore::Stats() { return Status::Unavailable("x"); }
Status SqliteStore::PutMembers(const std::vector<model::Member>&) { return Status::Unavailable("x"); }
Result<std::vector<model::Member>> SqliteStore::Members() { return Status::Unavailable("x"); }
Status SqliteStore::PutGroup(const std::string&, const std::vector<std::string>&) { return Status::Unavailable("x"); }
Result<std::map<std::string, std::vector<std::string>>> SqliteStore::Groups() { return Status::Unavailable("x"); }
Status SqliteStore::AddTerm(const model::Term&) { return Status::Unavailable("x"); }
Result<std::vector<model::Term>> SqliteStore::AddedTerms() { return Status::Unavailable("x"); }
Result<std::optional<std::string>> SqliteStore::GetSetting(const std::string&) { return Status::Unavailable("x"); }
Status SqliteStore::PutSetting(const std::string&, const std::string&) { return Status::Unavailable("x"); }

}  // namespace disrupt::store
