// TimedStore; see timed_store.h.
#include "server/timed_store.h"

#include <chrono>

namespace disrupt::server {

namespace {

bool IsOk(const Status& s) { return s.ok(); }
template <typename T>
bool IsOk(const Result<T>& r) {
  return r.ok();
}

// Runs `fn`, records its duration under `op`, returns its result.
template <typename Fn>
auto Timed(Metrics& metrics, const char* op, Fn&& fn) {
  auto start = std::chrono::steady_clock::now();
  auto result = fn();
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  metrics.CountStoreOperation(op, IsOk(result), elapsed.count());
  return result;
}

}  // namespace

int TimedStore::SchemaVersion() { return inner_->SchemaVersion(); }

Status TimedStore::Put(std::span<const store::Record> batch, const store::PutOptions& options) {
  return Timed(metrics_, "put", [&] { return inner_->Put(batch, options); });
}
Result<std::optional<store::Record>> TimedStore::Get(std::string_view id) {
  return Timed(metrics_, "get", [&] { return inner_->Get(id); });
}
Result<std::vector<std::string>> TimedStore::Existing(std::span<const std::string> ids) {
  return Timed(metrics_, "existing", [&] { return inner_->Existing(ids); });
}
Status TimedStore::Delete(std::string_view id) {
  return Timed(metrics_, "delete", [&] { return inner_->Delete(id); });
}
Status TimedStore::Scan(const store::RecordQuery& query, const std::function<bool(store::Record&&)>& visit) {
  return Timed(metrics_, "scan", [&] { return inner_->Scan(query, visit); });
}
Result<std::vector<store::SearchHit>> TimedStore::Search(const store::SearchQuery& query) {
  return Timed(metrics_, "search", [&] { return inner_->Search(query); });
}
Result<store::CatalogueStats> TimedStore::Stats() {
  return Timed(metrics_, "stats", [&] { return inner_->Stats(); });
}
Status TimedStore::PutMembers(const std::vector<model::Member>& members) {
  return Timed(metrics_, "put_members", [&] { return inner_->PutMembers(members); });
}
Result<std::vector<model::Member>> TimedStore::Members() {
  return Timed(metrics_, "members", [&] { return inner_->Members(); });
}
Status TimedStore::PutGroup(const std::string& name, const std::vector<std::string>& member_codes) {
  return Timed(metrics_, "put_group", [&] { return inner_->PutGroup(name, member_codes); });
}
Result<std::map<std::string, std::vector<std::string>>> TimedStore::Groups() {
  return Timed(metrics_, "groups", [&] { return inner_->Groups(); });
}
Status TimedStore::AddTerm(const model::Term& term) {
  return Timed(metrics_, "add_term", [&] { return inner_->AddTerm(term); });
}
Result<std::vector<model::Term>> TimedStore::AddedTerms() {
  return Timed(metrics_, "added_terms", [&] { return inner_->AddedTerms(); });
}
Result<std::optional<std::string>> TimedStore::GetSetting(const std::string& key) {
  return Timed(metrics_, "get_setting", [&] { return inner_->GetSetting(key); });
}
Status TimedStore::PutSetting(const std::string& key, const std::string& value) {
  return Timed(metrics_, "put_setting", [&] { return inner_->PutSetting(key, value); });
}

}  // namespace disrupt::server
