// Handlers of release requests, grants, agreements and retention review; see
// handling_handlers.h.
#include "server/handling_handlers.h"

#include <httplib.h>

#include "core/text.h"
#include "policy/release.h"
#include "retention/retention.h"
#include "server/body_fields.h"
#include "server/services.h"

namespace disrupt::server::handlers {

namespace {

using nlohmann::json;

constexpr size_t kMaxText = 1000;

// The one answer for a record, request or grant the caller may not act on.
Status NotFound(const char* what, const char* field) { return Status::NotFound(std::string("no such ") + what, field); }

Result<std::string> Text(const json& body, const char* key, bool required, size_t max_bytes = kMaxText) {
  return TextField(body, key, required, max_bytes);
}

Result<long long> PathId(const RequestContext& c) {
  long long id = 0;
  if (!ParseInt64(c.Path("id"), id) || id <= 0) return Status::NotFound("no such item", "id");
  return id;
}

policy::ReleaseRegistry& Registry(Services& s) { return *s.releases; }

std::string Time(long long unix_seconds) { return unix_seconds > 0 ? FormatTimestamp(unix_seconds) : std::string(); }

json ToJson(const policy::ReleaseRequest& r) {
  return {{"id", r.id},
          {"record_id", r.record_id},
          {"originator", r.originator},
          {"requester", r.requester},
          {"requester_member", r.requester_member},
          {"justification", r.justification},
          {"state", std::string(policy::ToString(r.state))},
          {"created_at", Time(r.created_at)},
          {"decided_by", r.decided_by},
          {"decision_reason", r.decision_reason},
          {"decided_at", Time(r.decided_at)}};
}

json ToJson(const policy::ReleaseGrant& g) {
  return {{"id", g.id},
          {"record_id", g.record_id},
          {"originator", g.originator},
          {"grantee_kind", std::string(policy::ToString(g.kind))},
          {"grantee", g.grantee},
          {"granted_by", g.granted_by},
          {"reason", g.reason},
          {"request_id", g.request_id},
          {"granted_at", Time(g.granted_at)}};
}

json ToJson(const policy::Agreement& a) {
  return {{"id", a.id},
          {"party_a", a.party_a},
          {"party_b", a.party_b},
          {"a_to_b", a.a_to_b},
          {"b_to_a", a.b_to_a},
          {"max_classification", std::string(model::ToString(a.max_classification))},
          {"reference", a.reference},
          {"recorded_by", a.recorded_by},
          {"recorded_at", Time(a.recorded_at)}};
}

// The caller's member's own record `id`, or kNotFound (missing, or another
// member's: the same answer).
Result<model::Record> OwnRecord(Services& s, const RequestContext& c, const std::string& id) {
  DISRUPT_ASSIGN_OR_RETURN(auto found, s.store.Get(id));
  if (!found || found->provenance.originator != c.caller->principal.member) return NotFound("record", "record_id");
  return std::move(*found);
}

Result<std::pair<policy::GranteeKind, std::string>> Grantee(const json& body) {
  DISRUPT_ASSIGN_OR_RETURN(std::string kind_text, Text(body, "grantee_kind", false, 16));
  policy::GranteeKind kind = policy::GranteeKind::kMember;
  if (!kind_text.empty()) {
    auto parsed = policy::ParseGranteeKind(kind_text);
    if (!parsed.ok()) return Status::InvalidArgument("member, user or group", "grantee_kind");
    kind = *parsed;
  }
  DISRUPT_ASSIGN_OR_RETURN(std::string grantee, Text(body, "grantee", false, 200));
  return std::make_pair(kind, grantee);
}

Status Audit(Services& s, const RequestContext& c, const char* action, std::string target, std::string reason,
             std::string detail) {
  return s.auditor.Record(audit::AuditEvent{c.caller->actor, c.caller->principal.member, action, std::move(target),
                                            audit::Outcome::kAllow, std::move(reason), std::move(detail)});
}

Reply Created(json body) {
  Reply reply;
  reply.status = 201;
  reply.body = std::move(body);
  return reply;
}

}  // namespace

Result<Reply> RequestRelease(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"record_id", "originator", "justification"}));
  DISRUPT_ASSIGN_OR_RETURN(std::string record_id, Text(c.body, "record_id", true, 200));
  DISRUPT_ASSIGN_OR_RETURN(std::string originator, Text(c.body, "originator", true, 16));
  DISRUPT_ASSIGN_OR_RETURN(std::string justification, Text(c.body, "justification", true));
  // The record is not looked up: whether it exists stays with its originator,
  // whose focal point sees the request and answers it.
  DISRUPT_ASSIGN_OR_RETURN(auto members, s.store.Members());
  bool known = false;
  for (const auto& m : members) known = known || m.code == originator;
  if (!known) return Status::InvalidArgument("not a member code", "originator");
  DISRUPT_ASSIGN_OR_RETURN(auto request,
                           Registry(s).Request(c.caller->principal, record_id, originator, justification));
  return Created(ToJson(request));
}

Result<Reply> ListReleaseRequests(Services& s, RequestContext& c) {
  std::string_view view = c.Query("view");
  std::vector<policy::ReleaseRequest> requests;
  if (view.empty() || view == "mine") {
    DISRUPT_ASSIGN_OR_RETURN(requests, Registry(s).RequestsBy(c.caller->principal.user_id));
  } else if (view == "incoming") {
    if (!c.caller->principal.Has(policy::Role::kMemberOfficial)) {
      return Status::Forbidden("only a member's focal point (member_official) answers release requests");
    }
    DISRUPT_ASSIGN_OR_RETURN(requests, Registry(s).PendingFor(c.caller->principal.member));
  } else {
    return Status::InvalidArgument("mine or incoming", "view");
  }
  json items = json::array();
  for (const auto& r : requests) items.push_back(ToJson(r));
  Reply reply;
  reply.body = {{"requests", std::move(items)}};
  return reply;
}

namespace {

// A pending request addressed to the caller's member whose record really is
// that member's; kNotFound otherwise (other members' requests stay unseen).
Result<policy::ReleaseRequest> RequestToAnswer(Services& s, const RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(long long id, PathId(c));
  DISRUPT_ASSIGN_OR_RETURN(auto request, Registry(s).GetRequest(id));
  if (!request || request->originator != c.caller->principal.member) return NotFound("release request", "id");
  return std::move(*request);
}

}  // namespace

Result<Reply> GrantReleaseRequest(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"grantee_kind", "grantee", "reason"}));
  DISRUPT_ASSIGN_OR_RETURN(auto request, RequestToAnswer(s, c));
  DISRUPT_ASSIGN_OR_RETURN(auto grantee, Grantee(c.body));
  DISRUPT_ASSIGN_OR_RETURN(std::string reason, Text(c.body, "reason", true));
  // The requester named the originator; only the catalogue can confirm it.
  auto record = OwnRecord(s, c, request.record_id);
  if (!record.ok()) {
    return Status::FailedPrecondition("record " + request.record_id + " is not one of " +
                                      c.caller->principal.member + "'s records: refuse the request", "id");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto grant, Registry(s).Grant(c.caller->principal, request.id, grantee.first,
                                                         grantee.second, reason));
  s.policy.Invalidate();
  return Created(ToJson(grant));
}

Result<Reply> RefuseReleaseRequest(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"reason"}));
  DISRUPT_ASSIGN_OR_RETURN(auto request, RequestToAnswer(s, c));
  DISRUPT_ASSIGN_OR_RETURN(std::string reason, Text(c.body, "reason", true));
  DISRUPT_ASSIGN_OR_RETURN(auto refused, Registry(s).Refuse(c.caller->principal, request.id, reason));
  Reply reply;
  reply.body = ToJson(refused);
  return reply;
}

Result<Reply> ListGrants(Services& s, RequestContext& c) {
  std::string record_id(c.Query("record"));
  DISRUPT_ASSIGN_OR_RETURN(auto record, OwnRecord(s, c, record_id));
  DISRUPT_ASSIGN_OR_RETURN(auto grants, Registry(s).GrantsFor(record.id));
  json items = json::array();
  for (const auto& g : grants) items.push_back(ToJson(g));
  Reply reply;
  reply.body = {{"grants", std::move(items)}};
  return reply;
}

Result<Reply> RevokeGrant(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"reason"}));
  DISRUPT_ASSIGN_OR_RETURN(long long id, PathId(c));
  DISRUPT_ASSIGN_OR_RETURN(std::string reason, Text(c.body, "reason", true));
  Status revoked = Registry(s).Revoke(c.caller->principal, id, reason);
  // Another member's grant answers like a missing one.
  if (revoked.code() == StatusCode::kForbidden) return NotFound("grant", "id");
  DISRUPT_RETURN_IF_ERROR(revoked);
  s.policy.Invalidate();
  Reply reply;
  reply.body = {{"revoked", id}};
  return reply;
}

Result<Reply> ListAgreements(Services& s, RequestContext& c) {
  (void)c;
  DISRUPT_ASSIGN_OR_RETURN(auto agreements, Registry(s).Agreements());
  json items = json::array();
  for (const auto& a : agreements) items.push_back(ToJson(a));
  Reply reply;
  reply.body = {{"agreements", std::move(items)}};
  return reply;
}

Result<Reply> RecordAgreement(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(
      ExpectFields(c.body, {"party_a", "party_b", "a_to_b", "b_to_a", "max_classification", "reference"}));
  policy::Agreement a;
  DISRUPT_ASSIGN_OR_RETURN(a.party_a, Text(c.body, "party_a", true, 16));
  DISRUPT_ASSIGN_OR_RETURN(a.party_b, Text(c.body, "party_b", true, 16));
  DISRUPT_ASSIGN_OR_RETURN(a.a_to_b, FlagField(c.body, "a_to_b", true));
  DISRUPT_ASSIGN_OR_RETURN(a.b_to_a, FlagField(c.body, "b_to_a", true));
  if (!a.a_to_b && !a.b_to_a) return Status::InvalidArgument("an agreement releases in at least one direction", "a_to_b");
  DISRUPT_ASSIGN_OR_RETURN(std::string level, Text(c.body, "max_classification", false, 32));
  if (!level.empty()) {
    auto parsed = model::ParseClassification(level);
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "max_classification");
    a.max_classification = *parsed;
  }
  DISRUPT_ASSIGN_OR_RETURN(a.reference, Text(c.body, "reference", true, 200));
  DISRUPT_ASSIGN_OR_RETURN(auto members, s.store.Members());
  for (const auto* party : {&a.party_a, &a.party_b}) {
    bool known = false;
    for (const auto& m : members) known = known || m.code == *party;
    if (!known) return Status::InvalidArgument("not a member code", party == &a.party_a ? "party_a" : "party_b");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto recorded, Registry(s).RecordAgreement(c.caller->principal, a));
  s.policy.Invalidate();
  return Created(ToJson(recorded));
}

Result<Reply> EndAgreement(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(long long id, PathId(c));
  DISRUPT_RETURN_IF_ERROR(Registry(s).EndAgreement(c.caller->principal, id));
  s.policy.Invalidate();
  Reply reply;
  reply.body = {{"ended", id}};
  return reply;
}

Result<Reply> RetentionDue(Services& s, RequestContext& c) {
  const auto& p = c.caller->principal;
  if (!p.Has(policy::Role::kAnalyst) && !p.Has(policy::Role::kMemberOfficial)) {
    return Status::Forbidden("retention review is for the member's analysts and focal points");
  }
  long long within = 30;
  if (std::string_view w = c.Query("within_days"); !w.empty()) ParseInt64(w, within);  // range checked by the route
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_ASSIGN_OR_RETURN(auto due, retention::Due(s.store, p.member, context->today, static_cast<int>(within)));
  json items = json::array();
  std::vector<audit::AuditEvent> shown;
  for (const auto& d : due) {
    json item = {{"id", d.id},
                 {"type", d.type},
                 {"review_date", d.review_date.ToString()},
                 {"days_left", d.days_left},
                 {"classification", std::string(model::ToString(d.classification))}};
    // The name only to those whose clearance and compartments cover the record.
    DISRUPT_ASSIGN_OR_RETURN(auto record, s.store.Get(d.id));
    if (record && policy::Decide(p, *record, policy::Operation::kReview, *context)) {
      item["label"] = record->Label();
      shown.push_back(audit::AuditEvent{c.caller->actor, p.member, audit::action::kRead, d.id,
                                        audit::Outcome::kAllow, "retention_review", "request " + c.request_id});
    }
    items.push_back(std::move(item));
  }
  DISRUPT_RETURN_IF_ERROR(s.auditor.RecordShown(std::move(shown)));
  Reply reply;
  reply.body = {{"due", std::move(items)}};
  return reply;
}

Result<Reply> RenewRetention(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"review_date"}));
  DISRUPT_ASSIGN_OR_RETURN(std::string date_text, Text(c.body, "review_date", true, 32));
  auto until = PartialDate::Parse(date_text);
  if (!until.ok()) return Status::InvalidArgument(until.status().message(), "review_date");
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  std::string id(c.Path("id"));
  DISRUPT_ASSIGN_OR_RETURN(auto renewed, retention::Renew(s.store, c.caller->principal, *context, id, *until));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, audit::action::kRetention, id, "renewed",
                                "review date " + until->ToString() + "; request " + c.request_id));
  Reply reply;
  reply.body = {{"id", renewed.id}, {"version", renewed.version}, {"review_date", renewed.handling.review_date.ToString()}};
  return reply;
}

}  // namespace disrupt::server::handlers
