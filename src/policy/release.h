// Release requests, grants and bilateral agreements: how a record reaches a
// member it was not released to, with every step recorded.
//
// Workflow (docs/security-model.md, "Release requests"):
//  1. A user who learned that a record exists without being able to see it
//     (a deconfliction hit or a discovery notice naming the originator, never
//     the content) asks the originator to release it: Request().
//  2. A focal point of the originating member (role member_official) grants
//     it, to the requesting member, the requesting user or a group, with a
//     reason (Grant), or refuses it with a reason (Refuse). A focal point may
//     also grant without a request (GrantDirect) and revoke a grant (Revoke).
//  3. Active grants feed the policy: LoadContext() fills PolicyContext.grants
//     and .agreements, which Decide() consults.
// Bilateral agreements between two members are recorded by the secretariat
// or an administrator (RecordAgreement) and ended with EndAgreement; while in
// force, records of one party (up to a classification) are releasable to the other.
//
// Every step is kept in the registry's own tables (release_request,
// release_grant, release_agreement) and, when an AuditLog is given, appended
// to the audit log (action "release", no record contents).
//
// The registry does not read the catalogue: callers pass the record's id and
// originator, taken from the record they already hold.
//
// Thread safety: all methods may be called from several threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "audit/security_db.h"
#include "core/status.h"
#include "policy/policy.h"

namespace disrupt::policy {

enum class RequestState { kPending, kGranted, kRefused };
std::string_view ToString(RequestState s);

struct ReleaseRequest {
  long long id = 0;
  std::string record_id;
  std::string originator;         // the record's originating member
  std::string requester;          // user id
  std::string requester_member;
  std::string justification;      // why the requester needs it (no record contents)
  RequestState state = RequestState::kPending;
  long long created_at = 0;
  std::string decided_by;         // focal point's user id
  std::string decision_reason;
  long long decided_at = 0;
};

struct ReleaseGrant {
  long long id = 0;
  std::string record_id;
  std::string originator;
  GranteeKind kind = GranteeKind::kMember;
  std::string grantee;
  std::string granted_by;
  std::string reason;
  long long request_id = 0;  // 0 when granted directly
  long long granted_at = 0;
  long long revoked_at = 0;  // 0 while active
};

struct Agreement {
  long long id = 0;
  std::string party_a, party_b;
  bool a_to_b = true, b_to_a = true;
  model::Classification max_classification = model::Classification::kSecret;
  std::string reference;  // the agreement's title or reference number
  std::string recorded_by;
  long long recorded_at = 0;
  long long ended_at = 0;  // 0 while in force
};

class ReleaseRegistry {
 public:
  // Opens the registry at `path`: a SQLite file or a postgresql:// store URI
  // (audit::PathFromStoreUri), where several servers share it. `audit` may
  // be null; it must outlive the registry.
  static Result<std::unique_ptr<ReleaseRegistry>> Open(const std::string& path, audit::AuditLog* audit,
                                                       std::function<long long()> now = {});

  // Files a request. kInvalidArgument for an empty record id, originator or
  // justification (at most 1000 characters); kFailedPrecondition when the
  // requester's member is the originator (nothing to request); kConflict
  // when the same user already has a pending request for the record.
  Result<ReleaseRequest> Request(const Principal& requester, const std::string& record_id,
                                 const std::string& originator, const std::string& justification);

  // Grants a pending request. kNotFound for no such request; kForbidden
  // unless `focal_point` is a member_official of the originating member;
  // kConflict when already decided; kInvalidArgument for an empty reason or
  // an unknown grantee kind/name (a member grant goes to the requesting member,
  // a user grant to the requesting user when `grantee` is empty).
  Result<ReleaseGrant> Grant(const Principal& focal_point, long long request_id, GranteeKind kind,
                             const std::string& grantee, const std::string& reason);
  // Refuses a pending request (same errors as Grant).
  Result<ReleaseRequest> Refuse(const Principal& focal_point, long long request_id, const std::string& reason);
  // Grants without a request (same authority rule: a focal point of `originator`).
  Result<ReleaseGrant> GrantDirect(const Principal& focal_point, const std::string& record_id,
                                   const std::string& originator, GranteeKind kind, const std::string& grantee,
                                   const std::string& reason);
  // Revokes an active grant (a focal point of the originator).
  Status Revoke(const Principal& focal_point, long long grant_id, const std::string& reason);

  // Pending requests addressed to `originator`, oldest first.
  Result<std::vector<ReleaseRequest>> PendingFor(const std::string& originator);
  // Requests filed by a user, newest first.
  Result<std::vector<ReleaseRequest>> RequestsBy(const std::string& user_id);
  Result<std::optional<ReleaseRequest>> GetRequest(long long id);
  // Active grants of one record.
  Result<std::vector<ReleaseGrant>> GrantsFor(const std::string& record_id);

  // Records an agreement. kForbidden unless `recorder` is an administrator or
  // secretariat; kInvalidArgument for empty or equal parties.
  Result<Agreement> RecordAgreement(const Principal& recorder, Agreement agreement);
  Status EndAgreement(const Principal& recorder, long long agreement_id);
  Result<std::vector<Agreement>> Agreements();  // in force

  // A PolicyContext holding today, every active grant and every agreement in force.
  Result<PolicyContext> LoadContext();

  // `hook` runs after every committed change that alters LoadContext()'s
  // answer (a grant, a revocation, an agreement recorded or ended), on the
  // thread that made it: the portal server uses it to tell every server
  // sharing the database to reload (notify/notifier.h). Set it before the
  // registry is used; it must be quick and must not call back into the registry.
  void OnPolicyChange(std::function<void()> hook);

 private:
  ReleaseRegistry(std::unique_ptr<audit::SecurityDb> db, audit::AuditLog* audit, std::function<long long()> now);
  std::unique_ptr<audit::SecurityDb> db_;
  audit::AuditLog* audit_;
  std::function<long long()> now_;
  std::function<void()> on_change_;
};

}  // namespace disrupt::policy
