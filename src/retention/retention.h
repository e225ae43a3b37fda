// Retention: records are kept only as long as their originator's legal basis
// allows. Each record's handling carries a review date
// (model::Handling::review_date). As it approaches, the originator is told
// (Due); one of its analysts or focal points either renews the record with a
// later review date (Renew) or lets it lapse. Past the review date the policy
// already hides the record from everyone but its originator (policy.h, rule
// 1); after a grace period Sweep removes it from the catalogue for good,
// with the links and events that refer to it, so it drops out of every view
// and of every product derived from the catalogue (analyses are computed
// from the live catalogue). Each removal is written to the audit log with
// the record's id and review date, never its contents.
//
// Thread safety: the functions hold no state; the store and audit log
// serialise internally.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "core/date.h"
#include "core/status.h"
#include "model/record.h"
#include "policy/policy.h"
#include "store/store.h"

namespace disrupt::retention {

// A record whose review date has come or is coming.
struct DueRecord {
  std::string id;
  std::string type;
  PartialDate review_date;
  long long days_left = 0;  // negative once the date has passed
  model::Classification classification = model::Classification::kRestricted;
};

// The records originated by `member` whose review date falls on or before
// `today` + `within_days` (days since the epoch), earliest date first, then
// by id. A partial review date ("2025-06") counts from its last day.
// Costs one scan of the member's records.
Result<std::vector<DueRecord>> Due(store::Store& store, std::string_view member, long long today,
                                   int within_days);

// Renews record `id` until `until`, which must be a complete date after
// `context.today` (kInvalidArgument, field "review_date"). The principal
// must be allowed to write the record (an analyst or focal point of its
// originating member: policy Decide with Operation::kWrite); a record that
// is missing or that the principal may not write answers kNotFound alike.
// Writes a new version of the record and returns it.
Result<model::Record> Renew(store::Store& store, const policy::Principal& principal,
                            const policy::PolicyContext& context, std::string_view id, const PartialDate& until);

struct SweepOptions {
  long long today = 0;      // days since the epoch
  int grace_days = 30;      // removed once this many days past the review date
  bool dry_run = false;     // list only
  std::string actor;        // written in the audit log, e.g. "cli:root"
};

struct SweepResult {
  std::vector<DueRecord> removed;  // or, on a dry run, those that would be
};

// Removes every record whose review date plus the grace period has passed.
// Each removal is audited before it is made (action "retention", the id, the
// review date); when the audit log cannot be written nothing more is
// removed and the error is returned. `audit` may be null only for a dry run.
Result<SweepResult> Sweep(store::Store& store, audit::AuditLog* audit, const SweepOptions& options);

}  // namespace disrupt::retention
