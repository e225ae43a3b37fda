// GuardedStore: a Store decorator that lets a batch through Put() only when
// the caller may write every record in it (policy::Decide, operation write)
// and, for ids that already exist, may write the stored record too, so that
// an import or an API write can never create or replace another member's
// records. Reads pass through unchanged (callers filter what they show).
//
// A refusal is kForbidden naming the record ("records[3] (id X): ...") with
// the policy's reason code; for an existing record the caller may not even
// see, the message says only that the id cannot be written.
//
// Holds references; thread safety is that of the wrapped store.
#pragma once

#include <functional>

#include "policy/policy.h"
#include "store/store.h"

namespace disrupt::server {

class GuardedStore final : public store::Store {
 public:
  // `on_denial` is told each refusal's reason code (metrics, audit).
  GuardedStore(store::Store& inner, const policy::Principal& principal, const policy::PolicyContext& context,
               std::function<void(const std::string& id, policy::Reason)> on_denial)
      : inner_(inner), principal_(principal), context_(context), on_denial_(std::move(on_denial)) {}

  int SchemaVersion() override { return inner_.SchemaVersion(); }
  Status Put(std::span<const store::Record> batch, const store::PutOptions& options) override;
  Result<std::optional<store::Record>> Get(std::string_view id) override { return inner_.Get(id); }
  Result<std::vector<std::string>> Existing(std::span<const std::string> ids) override { return inner_.Existing(ids); }
  Status Delete(std::string_view) override { return Status::Forbidden("deleting is not allowed here"); }
  Status Scan(const store::RecordQuery& query, const std::function<bool(store::Record&&)>& visit) override {
    return inner_.Scan(query, visit);
  }
  Result<std::vector<store::SearchHit>> Search(const store::SearchQuery& query) override {
    return inner_.Search(query);
  }
  Result<store::CatalogueStats> Stats() override { return inner_.Stats(); }
  Status PutMembers(const std::vector<model::Member>&) override { return Status::Forbidden("not allowed here"); }
  Result<std::vector<model::Member>> Members() override { return inner_.Members(); }
  Status PutGroup(const std::string&, const std::vector<std::string>&) override {
    return Status::Forbidden("not allowed here");
  }
  Result<std::map<std::string, std::vector<std::string>>> Groups() override { return inner_.Groups(); }
  Status AddTerm(const model::Term&) override { return Status::Forbidden("not allowed here"); }
  Result<std::vector<model::Term>> AddedTerms() override { return inner_.AddedTerms(); }
  Result<std::optional<std::string>> GetSetting(const std::string& key) override { return inner_.GetSetting(key); }
  Status PutSetting(const std::string&, const std::string&) override { return Status::Forbidden("not allowed here"); }

 private:
  store::Store& inner_;
  const policy::Principal& principal_;
  const policy::PolicyContext& context_;
  std::function<void(const std::string&, policy::Reason)> on_denial_;
};

}  // namespace disrupt::server
