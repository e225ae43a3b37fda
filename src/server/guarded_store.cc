// GuardedStore; see guarded_store.h.
#include "server/guarded_store.h"

namespace disrupt::server {

Status GuardedStore::Put(std::span<const store::Record> batch, const store::PutOptions& options) {
  std::vector<std::string> ids;
  ids.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const auto& record = batch[i];
    std::string where = "records[" + std::to_string(i) + "] (id " + record.id + ")";
    auto decision = policy::Decide(principal_, record, policy::Operation::kWrite, context_);
    if (!decision) {
      if (on_denial_) on_denial_(record.id, decision.reason);
      return Status::Forbidden(std::string("you may not write this record: ") +
                                   std::string(policy::ReasonCode(decision.reason)),
                               where);
    }
    ids.push_back(record.id);
  }
  DISRUPT_ASSIGN_OR_RETURN(auto existing, inner_.Existing(ids));
  for (const auto& id : existing) {
    DISRUPT_ASSIGN_OR_RETURN(auto stored, inner_.Get(id));
    if (!stored) continue;
    auto decision = policy::Decide(principal_, *stored, policy::Operation::kWrite, context_);
    if (!decision) {
      if (on_denial_) on_denial_(id, decision.reason);
      return Status::Conflict("the id " + id + " is in use and cannot be written by you");
    }
  }
  return inner_.Put(batch, options);
}

}  // namespace disrupt::server
