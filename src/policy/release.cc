// The release registry: requests, grants, refusals, revocations and
// bilateral agreements, kept in their own tables and echoed to the audit log.
// See release.h for the workflow and its rules.
#include "policy/release.h"

#include "core/date.h"
#include "core/text.h"

namespace disrupt::policy {

namespace {

using audit::Statement;

constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE release_request (
  id INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  originator TEXT NOT NULL,
  requester TEXT NOT NULL,
  requester_member TEXT NOT NULL,
  justification TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX release_request_originator ON release_request(originator, state);
CREATE INDEX release_request_requester ON release_request(requester);
CREATE TABLE release_grant (
  id INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  originator TEXT NOT NULL,
  kind TEXT NOT NULL,
  grantee TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  request_id INTEGER NOT NULL DEFAULT 0,
  granted_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX release_grant_record ON release_grant(record_id);
CREATE TABLE release_agreement (
  id INTEGER PRIMARY KEY,
  party_a TEXT NOT NULL,
  party_b TEXT NOT NULL,
  a_to_b INTEGER NOT NULL,
  b_to_a INTEGER NOT NULL,
  max_classification TEXT NOT NULL,
  reference TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  ended_at INTEGER NOT NULL DEFAULT 0
);
)sql",
};

constexpr std::string_view kRequestColumns =
    "id, record_id, originator, requester, requester_member, justification, state, created_at, decided_by, "
    "decision_reason, decided_at";
constexpr std::string_view kGrantColumns =
    "id, record_id, originator, kind, grantee, granted_by, reason, request_id, granted_at, revoked_at";
constexpr std::string_view kAgreementColumns =
    "id, party_a, party_b, a_to_b, b_to_a, max_classification, reference, recorded_by, recorded_at, ended_at";

RequestState ParseState(std::string_view s) {
  if (s == "granted") return RequestState::kGranted;
  if (s == "refused") return RequestState::kRefused;
  return RequestState::kPending;
}

ReleaseRequest ReadRequest(const Statement* st) {
  return ReleaseRequest{st->Int(0),  st->Text(1), st->Text(2), st->Text(3), st->Text(4), st->Text(5),
                        ParseState(st->Text(6)), st->Int(7), st->Text(8), st->Text(9), st->Int(10)};
}

ReleaseGrant ReadGrant(const Statement* st) {
  ReleaseGrant g;
  g.id = st->Int(0);
  g.record_id = st->Text(1);
  g.originator = st->Text(2);
  g.kind = ParseGranteeKind(st->Text(3)).ok() ? *ParseGranteeKind(st->Text(3)) : GranteeKind::kUser;
  g.grantee = st->Text(4);
  g.granted_by = st->Text(5);
  g.reason = st->Text(6);
  g.request_id = st->Int(7);
  g.granted_at = st->Int(8);
  g.revoked_at = st->Int(9);
  return g;
}

Agreement ReadAgreement(const Statement* st) {
  Agreement a;
  a.id = st->Int(0);
  a.party_a = st->Text(1);
  a.party_b = st->Text(2);
  a.a_to_b = st->Int(3) != 0;
  a.b_to_a = st->Int(4) != 0;
  auto level = model::ParseClassification(st->Text(5));
  a.max_classification = level.ok() ? *level : model::Classification::kUnclassified;
  a.reference = st->Text(6);
  a.recorded_by = st->Text(7);
  a.recorded_at = st->Int(8);
  a.ended_at = st->Int(9);
  return a;
}

Status CheckText(const std::string& text, const char* field, size_t max) {
  if (Trim(text).empty()) return Status::InvalidArgument(std::string(field) + " is required", field);
  if (text.size() > max || !IsValidUtf8(text)) {
    return Status::InvalidArgument(std::string(field) + " must be UTF-8 of at most " + std::to_string(max) + " bytes",
                                   field);
  }
  return Status::Ok();
}

bool IsFocalPoint(const Principal& p, const std::string& originator) {
  return p.member == originator && p.Has(Role::kMemberOfficial);
}

// Collects every row of a query.
template <typename T, typename Read>
Result<std::vector<T>> All(Statement* st, Read read) {
  std::vector<T> out;
  for (;;) {
    auto has = st->Step();
    if (!has.ok()) {
      st->Reset();
      return has.status();
    }
    if (!*has) break;
    out.push_back(read(st));
  }
  st->Reset();
  return out;
}

}  // namespace

std::string_view ToString(RequestState s) {
  switch (s) {
    case RequestState::kPending: return "pending";
    case RequestState::kGranted: return "granted";
    case RequestState::kRefused: return "refused";
  }
  return "pending";
}

ReleaseRegistry::ReleaseRegistry(std::unique_ptr<audit::SqliteDb> db, audit::AuditLog* audit,
                                 std::function<long long()> now)
    : db_(std::move(db)), audit_(audit), now_(now ? std::move(now) : [] { return UnixNow(); }) {}

Result<std::unique_ptr<ReleaseRegistry>> ReleaseRegistry::Open(const std::string& path, audit::AuditLog* audit,
                                                               std::function<long long()> now) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::SqliteDb::Open(path));
  DISRUPT_RETURN_IF_ERROR(db->Migrate("release", kMigrations));
  return std::unique_ptr<ReleaseRegistry>(new ReleaseRegistry(std::move(db), audit, std::move(now)));
}

namespace {
void Record(audit::AuditLog* log, const Principal& p, const std::string& target, const char* reason,
            const std::string& detail) {
  if (log) (void)log->Append({p.user_id, p.member, audit::action::kRelease, target, audit::Outcome::kInfo, reason, detail});
}
}  // namespace

Result<ReleaseRequest> ReleaseRegistry::Request(const Principal& requester, const std::string& record_id,
                                                const std::string& originator, const std::string& justification) {
  DISRUPT_RETURN_IF_ERROR(CheckText(record_id, "record_id", 200));
  DISRUPT_RETURN_IF_ERROR(CheckText(originator, "originator", 16));
  DISRUPT_RETURN_IF_ERROR(CheckText(justification, "justification", 1000));
  if (requester.member == originator) {
    return Status::FailedPrecondition("the record is your own member's: nothing to request");
  }
  ReleaseRequest r{0, record_id, originator, requester.user_id, requester.member, justification,
                   RequestState::kPending, now_(), "", "", 0};
  {
    auto lock = db_->Lock();
    audit::Transaction tx(*db_);
    DISRUPT_RETURN_IF_ERROR(tx.Begin());
    DISRUPT_ASSIGN_OR_RETURN(Statement * dup, db_->Prepare("SELECT count(*) FROM release_request WHERE record_id = ? "
                                                           "AND requester = ? AND state = 'pending'"));
    dup->Bind(1, record_id).Bind(2, requester.user_id);
    DISRUPT_ASSIGN_OR_RETURN(bool row, dup->Step());
    long long pending = row ? dup->Int(0) : 0;
    dup->Reset();
    if (pending > 0) return Status::Conflict("you already have a pending request for this record");
    DISRUPT_ASSIGN_OR_RETURN(
        Statement * st,
        db_->Prepare("INSERT INTO release_request(record_id, originator, requester, requester_member, justification, "
                     "state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)"));
    st->Bind(1, record_id).Bind(2, originator).Bind(3, r.requester).Bind(4, r.requester_member);
    st->Bind(5, justification).Bind(6, r.created_at);
    DISRUPT_RETURN_IF_ERROR(st->Run());
    st->Reset();
    r.id = db_->LastInsertId();
    DISRUPT_RETURN_IF_ERROR(tx.Commit());
  }
  Record(audit_, requester, record_id, "release_requested", "request " + std::to_string(r.id));
  return r;
}


Result<std::optional<ReleaseRequest>> ReleaseRegistry::GetRequest(long long id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                           db_->Prepare("SELECT " + std::string(kRequestColumns) + " FROM release_request WHERE id = ?"));
  st->Bind(1, id);
  DISRUPT_ASSIGN_OR_RETURN(auto rows, All<ReleaseRequest>(st, ReadRequest));
  if (rows.empty()) return std::optional<ReleaseRequest>();
  return std::optional<ReleaseRequest>(rows[0]);
}

Result<ReleaseGrant> ReleaseRegistry::Grant(const Principal& focal_point, long long request_id, GranteeKind kind,
                                            const std::string& grantee, const std::string& reason) {
  DISRUPT_RETURN_IF_ERROR(CheckText(reason, "reason", 1000));
  DISRUPT_ASSIGN_OR_RETURN(auto request, GetRequest(request_id));
  if (!request) return Status::NotFound("no release request " + std::to_string(request_id));
  if (!IsFocalPoint(focal_point, request->originator)) {
    return Status::Forbidden("only a focal point (member_official) of " + request->originator + " may decide");
  }
  if (request->state != RequestState::kPending) {
    return Status::Conflict("request " + std::to_string(request_id) + " is already " +
                            std::string(ToString(request->state)));
  }
  std::string to = grantee;
  if (to.empty() && kind == GranteeKind::kMember) to = request->requester_member;
  if (to.empty() && kind == GranteeKind::kUser) to = request->requester;
  DISRUPT_RETURN_IF_ERROR(CheckText(to, "grantee", 200));
  const long long now = now_();
  ReleaseGrant g{0, request->record_id, request->originator, kind, to, focal_point.user_id, reason, request_id, now, 0};
  {
    auto lock = db_->Lock();
    audit::Transaction tx(*db_);
    DISRUPT_RETURN_IF_ERROR(tx.Begin());
    DISRUPT_ASSIGN_OR_RETURN(
        Statement * up, db_->Prepare("UPDATE release_request SET state = 'granted', decided_by = ?, decision_reason = ?, "
                                     "decided_at = ? WHERE id = ? AND state = 'pending'"));
    up->Bind(1, focal_point.user_id).Bind(2, reason).Bind(3, now).Bind(4, request_id);
    DISRUPT_RETURN_IF_ERROR(up->Run());
    up->Reset();
    if (db_->Changes() == 0) return Status::Conflict("request " + std::to_string(request_id) + " was decided meanwhile");
    DISRUPT_ASSIGN_OR_RETURN(
        Statement * ins, db_->Prepare("INSERT INTO release_grant(record_id, originator, kind, grantee, granted_by, "
                                      "reason, request_id, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    ins->Bind(1, g.record_id).Bind(2, g.originator).Bind(3, ToString(kind)).Bind(4, to).Bind(5, g.granted_by);
    ins->Bind(6, reason).Bind(7, request_id).Bind(8, now);
    DISRUPT_RETURN_IF_ERROR(ins->Run());
    ins->Reset();
    g.id = db_->LastInsertId();
    DISRUPT_RETURN_IF_ERROR(tx.Commit());
  }
  Record(audit_, focal_point, g.record_id, "release_granted",
         "request " + std::to_string(request_id) + " to " + std::string(ToString(kind)) + " " + to);
  return g;
}

Result<ReleaseRequest> ReleaseRegistry::Refuse(const Principal& focal_point, long long request_id,
                                               const std::string& reason) {
  DISRUPT_RETURN_IF_ERROR(CheckText(reason, "reason", 1000));
  DISRUPT_ASSIGN_OR_RETURN(auto request, GetRequest(request_id));
  if (!request) return Status::NotFound("no release request " + std::to_string(request_id));
  if (!IsFocalPoint(focal_point, request->originator)) {
    return Status::Forbidden("only a focal point (member_official) of " + request->originator + " may decide");
  }
  if (request->state != RequestState::kPending) {
    return Status::Conflict("request " + std::to_string(request_id) + " is already " +
                            std::string(ToString(request->state)));
  }
  const long long now = now_();
  {
    auto lock = db_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(
        Statement * up, db_->Prepare("UPDATE release_request SET state = 'refused', decided_by = ?, decision_reason = ?, "
                                     "decided_at = ? WHERE id = ? AND state = 'pending'"));
    up->Bind(1, focal_point.user_id).Bind(2, reason).Bind(3, now).Bind(4, request_id);
    DISRUPT_RETURN_IF_ERROR(up->Run());
    up->Reset();
    if (db_->Changes() == 0) return Status::Conflict("request " + std::to_string(request_id) + " was decided meanwhile");
  }
  request->state = RequestState::kRefused;
  request->decided_by = focal_point.user_id;
  request->decision_reason = reason;
  request->decided_at = now;
  Record(audit_, focal_point, request->record_id, "release_refused", "request " + std::to_string(request_id));
  return *request;
}

Result<ReleaseGrant> ReleaseRegistry::GrantDirect(const Principal& focal_point, const std::string& record_id,
                                                  const std::string& originator, GranteeKind kind,
                                                  const std::string& grantee, const std::string& reason) {
  DISRUPT_RETURN_IF_ERROR(CheckText(record_id, "record_id", 200));
  DISRUPT_RETURN_IF_ERROR(CheckText(grantee, "grantee", 200));
  DISRUPT_RETURN_IF_ERROR(CheckText(reason, "reason", 1000));
  if (!IsFocalPoint(focal_point, originator)) {
    return Status::Forbidden("only a focal point (member_official) of " + originator + " may release its records");
  }
  const long long now = now_();
  ReleaseGrant g{0, record_id, originator, kind, grantee, focal_point.user_id, reason, 0, now, 0};
  {
    auto lock = db_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(
        Statement * ins, db_->Prepare("INSERT INTO release_grant(record_id, originator, kind, grantee, granted_by, "
                                      "reason, request_id, granted_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)"));
    ins->Bind(1, record_id).Bind(2, originator).Bind(3, ToString(kind)).Bind(4, grantee).Bind(5, g.granted_by);
    ins->Bind(6, reason).Bind(7, now);
    DISRUPT_RETURN_IF_ERROR(ins->Run());
    ins->Reset();
    g.id = db_->LastInsertId();
  }
  Record(audit_, focal_point, record_id, "release_granted", "direct to " + std::string(ToString(kind)) + " " + grantee);
  return g;
}

Status ReleaseRegistry::Revoke(const Principal& focal_point, long long grant_id, const std::string& reason) {
  DISRUPT_RETURN_IF_ERROR(CheckText(reason, "reason", 1000));
  std::string record_id;
  {
    auto lock = db_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(Statement * get, db_->Prepare("SELECT " + std::string(kGrantColumns) +
                                                           " FROM release_grant WHERE id = ? AND revoked_at = 0"));
    get->Bind(1, grant_id);
    DISRUPT_ASSIGN_OR_RETURN(auto grants, All<ReleaseGrant>(get, ReadGrant));
    if (grants.empty()) return Status::NotFound("no active grant " + std::to_string(grant_id));
    if (!IsFocalPoint(focal_point, grants[0].originator)) {
      return Status::Forbidden("only a focal point (member_official) of " + grants[0].originator + " may revoke");
    }
    record_id = grants[0].record_id;
    DISRUPT_ASSIGN_OR_RETURN(Statement * up,
                             db_->Prepare("UPDATE release_grant SET revoked_at = ? WHERE id = ? AND revoked_at = 0"));
    up->Bind(1, now_()).Bind(2, grant_id);
    DISRUPT_RETURN_IF_ERROR(up->Run());
    up->Reset();
  }
  Record(audit_, focal_point, record_id, "release_revoked", "grant " + std::to_string(grant_id));
  return Status::Ok();
}

Result<std::vector<ReleaseRequest>> ReleaseRegistry::PendingFor(const std::string& originator) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT " + std::string(kRequestColumns) +
                                                         " FROM release_request WHERE originator = ? AND state = "
                                                         "'pending' ORDER BY id"));
  st->Bind(1, originator);
  return All<ReleaseRequest>(st, ReadRequest);
}

Result<std::vector<ReleaseRequest>> ReleaseRegistry::RequestsBy(const std::string& user_id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT " + std::string(kRequestColumns) +
                                                         " FROM release_request WHERE requester = ? ORDER BY id DESC"));
  st->Bind(1, user_id);
  return All<ReleaseRequest>(st, ReadRequest);
}

Result<std::vector<ReleaseGrant>> ReleaseRegistry::GrantsFor(const std::string& record_id) {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT " + std::string(kGrantColumns) +
                                                         " FROM release_grant WHERE record_id = ? AND revoked_at = 0 "
                                                         "ORDER BY id"));
  st->Bind(1, record_id);
  return All<ReleaseGrant>(st, ReadGrant);
}

Result<Agreement> ReleaseRegistry::RecordAgreement(const Principal& recorder, Agreement a) {
  if (!recorder.Has(Role::kAdministrator) && !recorder.Has(Role::kSecretariat)) {
    return Status::Forbidden("only administrators and the secretariat record agreements");
  }
  DISRUPT_RETURN_IF_ERROR(CheckText(a.party_a, "party_a", 16));
  DISRUPT_RETURN_IF_ERROR(CheckText(a.party_b, "party_b", 16));
  DISRUPT_RETURN_IF_ERROR(CheckText(a.reference, "reference", 500));
  if (a.party_a == a.party_b) return Status::InvalidArgument("an agreement needs two different parties", "party_b");
  if (!a.a_to_b && !a.b_to_a) return Status::InvalidArgument("an agreement releases in at least one direction", "a_to_b");
  a.recorded_by = recorder.user_id;
  a.recorded_at = now_();
  a.ended_at = 0;
  {
    auto lock = db_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(
        Statement * st, db_->Prepare("INSERT INTO release_agreement(party_a, party_b, a_to_b, b_to_a, max_classification, "
                                     "reference, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    st->Bind(1, a.party_a).Bind(2, a.party_b).Bind(3, static_cast<long long>(a.a_to_b));
    st->Bind(4, static_cast<long long>(a.b_to_a)).Bind(5, model::ToString(a.max_classification));
    st->Bind(6, a.reference).Bind(7, a.recorded_by).Bind(8, a.recorded_at);
    DISRUPT_RETURN_IF_ERROR(st->Run());
    st->Reset();
    a.id = db_->LastInsertId();
  }
  Record(audit_, recorder, "agreement/" + std::to_string(a.id), "agreement_recorded", a.party_a + "-" + a.party_b);
  return a;
}

Status ReleaseRegistry::EndAgreement(const Principal& recorder, long long agreement_id) {
  if (!recorder.Has(Role::kAdministrator) && !recorder.Has(Role::kSecretariat)) {
    return Status::Forbidden("only administrators and the secretariat end agreements");
  }
  {
    auto lock = db_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(Statement * st,
                             db_->Prepare("UPDATE release_agreement SET ended_at = ? WHERE id = ? AND ended_at = 0"));
    st->Bind(1, now_()).Bind(2, agreement_id);
    DISRUPT_RETURN_IF_ERROR(st->Run());
    st->Reset();
    if (db_->Changes() == 0) return Status::NotFound("no agreement in force with id " + std::to_string(agreement_id));
  }
  Record(audit_, recorder, "agreement/" + std::to_string(agreement_id), "agreement_ended", "");
  return Status::Ok();
}

Result<std::vector<Agreement>> ReleaseRegistry::Agreements() {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT " + std::string(kAgreementColumns) +
                                                         " FROM release_agreement WHERE ended_at = 0 ORDER BY id"));
  return All<Agreement>(st, ReadAgreement);
}

Result<PolicyContext> ReleaseRegistry::LoadContext() {
  PolicyContext ctx;
  ctx.today = now_() / 86400;
  DISRUPT_ASSIGN_OR_RETURN(auto agreements, Agreements());
  for (const auto& a : agreements) {
    if (a.a_to_b) ctx.agreements.push_back({a.party_a, a.party_b, a.max_classification});
    if (a.b_to_a) ctx.agreements.push_back({a.party_b, a.party_a, a.max_classification});
  }
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(Statement * st, db_->Prepare("SELECT " + std::string(kGrantColumns) +
                                                         " FROM release_grant WHERE revoked_at = 0"));
  DISRUPT_ASSIGN_OR_RETURN(auto grants, All<ReleaseGrant>(st, ReadGrant));
  for (const auto& g : grants) ctx.grants[g.record_id].push_back({g.kind, g.grantee});
  return ctx;
}

}  // namespace disrupt::policy
