// A store held in memory for the ingest tests, so the importer's batching,
// rejection and reference rules can be tested without a database. It keeps
// the Store contract the importer relies on: Put validates every record and
// its references and applies the batch all or nothing; Scan visits in id
// order with the kind, types and network filters. Only the ingest tests use
// it; the real stores are tested by their own suite.
#pragma once

#include <map>

#include "store/store.h"

namespace disrupt::ingest::testing {

class MemoryStore final : public store::Store {
 public:
  int SchemaVersion() override { return 1; }
  Status Put(std::span<const model::Record> batch, const store::PutOptions& options) override {
    ++put_calls;
    auto vocab = model::Vocabularies::Defaults();
    std::map<std::string, const model::Record*> in_batch;
    for (const auto& r : batch) in_batch[r.id] = &r;
    for (size_t i = 0; i < batch.size(); ++i) {
      Status s = model::Validate(batch[i], &vocab);
      if (!s.ok()) return Status::InvalidArgument("records[" + std::to_string(i) + "]: " + s.message(), s.field());
      if (!options.check_references) continue;
      for (const auto& ref : batch[i].References()) {
        if (!in_batch.count(ref) && !records.count(ref)) {
          return Status::InvalidArgument("records[" + std::to_string(i) + "]: dangling reference " + ref);
        }
      }
    }
    for (const auto& r : batch) records[r.id] = r;
    return Status::Ok();
  }
  Result<std::optional<model::Record>> Get(std::string_view id) override {
    auto it = records.find(std::string(id));
    if (it == records.end()) return std::optional<model::Record>();
    return std::optional<model::Record>(it->second);
  }
  Result<std::vector<std::string>> Existing(std::span<const std::string> ids) override {
    std::vector<std::string> out;
    for (const auto& id : ids) {
      if (records.count(id)) out.push_back(id);
    }
    return out;
  }
  Status Delete(std::string_view id) override {
    return records.erase(std::string(id)) ? Status::Ok() : Status::NotFound("no record");
  }
  Status Scan(const store::RecordQuery& q, const std::function<bool(model::Record&&)>& visit) override {
    for (const auto& [id, r] : records) {
      if (q.kind && r.kind != *q.kind) continue;
      if (!q.types.empty() && std::find(q.types.begin(), q.types.end(), r.type) == q.types.end()) continue;
      if (!q.network.empty() && std::find(r.networks.begin(), r.networks.end(), q.network) == r.networks.end()) {
        continue;
      }
      model::Record copy = r;
      if (!visit(std::move(copy))) break;
    }
    return Status::Ok();
  }
  Result<std::vector<store::SearchHit>> Search(const store::SearchQuery&) override { return Unsupported(); }
  Result<store::CatalogueStats> Stats() override { return Unsupported(); }
  Status PutMembers(const std::vector<model::Member>&) override { return Unsupported(); }
  Result<std::vector<model::Member>> Members() override { return Unsupported(); }
  Status PutGroup(const std::string&, const std::vector<std::string>&) override { return Unsupported(); }
  Result<std::map<std::string, std::vector<std::string>>> Groups() override { return Unsupported(); }
  Status AddTerm(const model::Term&) override { return Unsupported(); }
  Result<std::vector<model::Term>> AddedTerms() override { return std::vector<model::Term>{}; }
  Result<std::optional<std::string>> GetSetting(const std::string&) override { return Unsupported(); }
  Status PutSetting(const std::string&, const std::string&) override { return Unsupported(); }

  std::map<std::string, model::Record> records;
  int put_calls = 0;

 private:
  static Status Unsupported() { return Status::Unavailable("not held by the in-memory test store"); }
};

}  // namespace disrupt::ingest::testing
