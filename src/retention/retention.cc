// Retention review, renewal and removal; see retention.h.
#include "retention/retention.h"

#include <algorithm>

namespace disrupt::retention {

namespace {

DueRecord Describe(const model::Record& r, long long today) {
  return DueRecord{r.id, r.type, r.handling.review_date, r.handling.review_date.LatestDay() - today,
                   r.handling.classification};
}

void SortByDate(std::vector<DueRecord>& records) {
  std::sort(records.begin(), records.end(), [](const DueRecord& a, const DueRecord& b) {
    return a.days_left != b.days_left ? a.days_left < b.days_left : a.id < b.id;
  });
}

}  // namespace

Result<std::vector<DueRecord>> Due(store::Store& store, std::string_view member, long long today,
                                   int within_days) {
  if (member.empty()) return Status::InvalidArgument("a member code is required", "member");
  if (within_days < 0) return Status::InvalidArgument("must not be negative", "within_days");
  std::vector<DueRecord> due;
  store::RecordQuery query;
  query.originator = std::string(member);
  DISRUPT_RETURN_IF_ERROR(store.Scan(query, [&](model::Record&& r) {
    if (!r.handling.review_date.empty() && r.handling.review_date.LatestDay() <= today + within_days) {
      due.push_back(Describe(r, today));
    }
    return true;
  }));
  SortByDate(due);
  return due;
}

Result<model::Record> Renew(store::Store& store, const policy::Principal& principal,
                            const policy::PolicyContext& context, std::string_view id, const PartialDate& until) {
  if (!until.complete()) return Status::InvalidArgument("a full date (YYYY-MM-DD) is required", "review_date");
  if (until.EarliestDay() <= context.today) {
    return Status::InvalidArgument("the new review date must be after today", "review_date");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto found, store.Get(id));
  if (!found || !policy::Decide(principal, *found, policy::Operation::kWrite, context)) {
    return Status::NotFound("no such record", "id");
  }
  model::Record renewed = std::move(*found);
  renewed.handling.review_date = until;
  DISRUPT_RETURN_IF_ERROR(store.Put(std::span<const model::Record>(&renewed, 1)));
  DISRUPT_ASSIGN_OR_RETURN(auto stored, store.Get(id));
  if (!stored) return Status::Internal("the renewed record " + std::string(id) + " cannot be read back");
  return std::move(*stored);
}

Result<SweepResult> Sweep(store::Store& store, audit::AuditLog* audit, const SweepOptions& options) {
  if (options.grace_days < 0) return Status::InvalidArgument("must not be negative", "grace_days");
  if (audit == nullptr && !options.dry_run) {
    return Status::FailedPrecondition("removals must be audited: no audit log is open");
  }
  // Collected first: the store is not written while it is being scanned.
  std::vector<DueRecord> lapsed;
  DISRUPT_RETURN_IF_ERROR(store.Scan({}, [&](model::Record&& r) {
    const auto& date = r.handling.review_date;
    if (!date.empty() && date.LatestDay() + options.grace_days < options.today) {
      lapsed.push_back(Describe(r, options.today));
    }
    return true;
  }));
  SortByDate(lapsed);
  SweepResult result;
  if (options.dry_run) {
    result.removed = std::move(lapsed);
    return result;
  }
  for (auto& due : lapsed) {
    audit::AuditEvent event{options.actor, "", audit::action::kRetention, due.id, audit::Outcome::kInfo,
                            "review_date_passed",
                            "review date " + due.review_date.ToString() + "; removed with the links and events "
                            "that refer to it"};
    auto appended = audit->Append(event);
    if (!appended.ok()) {
      return appended.status().WithContext("auditing the removal of " + due.id + " (nothing more removed)");
    }
    Status removed = store.Delete(due.id);
    if (removed.code() == StatusCode::kNotFound) continue;  // removed already, e.g. with a link end
    if (!removed.ok()) {
      event.outcome = audit::Outcome::kInfo;
      event.reason = "removal_failed";
      event.detail = "the record is still in the catalogue";
      (void)audit->Append(event);
      return removed.WithContext("removing " + due.id);
    }
    result.removed.push_back(std::move(due));
  }
  return result;
}

}  // namespace disrupt::retention
