// TimedStore: a Store decorator that times every operation into Metrics
// (disrupt_store_operation_duration_seconds{op,outcome}). The server wraps
// the catalogue store in one so that store latency is visible apart from
// request latency.
//
// Owns the wrapped store. Thread safety is that of the wrapped store; the
// metrics are thread-safe.
#pragma once

#include <memory>

#include "server/metrics.h"
#include "store/store.h"

namespace disrupt::server {

class TimedStore final : public store::Store {
 public:
  // `metrics` must outlive this object.
  TimedStore(std::unique_ptr<store::Store> inner, Metrics& metrics) : inner_(std::move(inner)), metrics_(metrics) {}

  store::Store& inner() { return *inner_; }

  int SchemaVersion() override;
  Status Put(std::span<const store::Record> batch, const store::PutOptions& options) override;
  Result<std::optional<store::Record>> Get(std::string_view id) override;
  Result<std::vector<std::string>> Existing(std::span<const std::string> ids) override;
  Status Delete(std::string_view id) override;
  Status Scan(const store::RecordQuery& query, const std::function<bool(store::Record&&)>& visit) override;
  Result<std::vector<store::SearchHit>> Search(const store::SearchQuery& query) override;
  Result<store::CatalogueStats> Stats() override;
  Status PutMembers(const std::vector<model::Member>& members) override;
  Result<std::vector<model::Member>> Members() override;
  Status PutGroup(const std::string& name, const std::vector<std::string>& member_codes) override;
  Result<std::map<std::string, std::vector<std::string>>> Groups() override;
  Status AddTerm(const model::Term& term) override;
  Result<std::vector<model::Term>> AddedTerms() override;
  Result<std::optional<std::string>> GetSetting(const std::string& key) override;
  Status PutSetting(const std::string& key, const std::string& value) override;

 private:
  std::unique_ptr<store::Store> inner_;
  Metrics& metrics_;
};

}  // namespace disrupt::server
