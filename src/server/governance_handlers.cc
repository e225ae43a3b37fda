// Handlers of meetings, actions, members and agencies; see
// governance_handlers.h.
#include "server/governance_handlers.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "governance/governance.h"
#include "notify/notifier.h"
#include "server/body_fields.h"
#include "server/member_directory.h"
#include "server/services.h"

namespace disrupt::server::handlers {

namespace {

using nlohmann::json;

constexpr const char* kGovernanceRead = "governance.read";
constexpr const char* kGovernanceWrite = "governance.write";
constexpr const char* kMemberAdmin = "admin.member";

// Every text of this area fits in 20,000 bytes; governance::Validate applies each field's own limit.
constexpr size_t kMaxText = 20000;

Result<std::string> Text(const json& body, const char* key, bool required, const std::string& fallback = {}) {
  return TextField(body, key, required, kMaxText, fallback);
}

Result<long long> Time(const json& body, const char* key, bool required, long long fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidArgument("missing field", key);
    return fallback;
  }
  if (!it->is_string()) return Status::InvalidArgument("expected a UTC time such as 2026-12-03T09:30:00Z", key);
  auto t = governance::ParseTimestamp(it->get<std::string>());
  if (!t.ok()) return Status::InvalidArgument(t.status().message(), key);
  return *t;
}

// The marking of a meeting or action: classification, TLP, releasable-to
// list and compartment. Defaults: RESTRICTED, AMBER, releasable to every member.
Result<model::Handling> HandlingFrom(const json& body, const model::Handling& fallback) {
  auto it = body.find("handling");
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_object()) return Status::InvalidArgument("expected an object", "handling");
  DISRUPT_RETURN_IF_ERROR(ExpectFields(*it, {"classification", "tlp", "releasable_to", "compartment"}));
  model::Handling h = fallback;
  if (auto c = it->find("classification"); c != it->end()) {
    if (!c->is_string()) return Status::InvalidArgument("expected a string", "handling.classification");
    auto parsed = model::ParseClassification(c->get<std::string>());
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "handling.classification");
    h.classification = *parsed;
  }
  if (auto t = it->find("tlp"); t != it->end()) {
    if (!t->is_string()) return Status::InvalidArgument("expected a string", "handling.tlp");
    auto parsed = model::ParseTlp(t->get<std::string>());
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "handling.tlp");
    h.tlp = *parsed;
  }
  if (auto r = it->find("releasable_to"); r != it->end()) {
    if (!r->is_array()) return Status::InvalidArgument("expected an array of member codes or groups", "handling.releasable_to");
    h.releasable_to.clear();
    for (const auto& v : *r) {
      if (!v.is_string()) return Status::InvalidArgument("expected strings", "handling.releasable_to");
      h.releasable_to.push_back(v.get<std::string>());
    }
  }
  if (auto k = it->find("compartment"); k != it->end()) {
    if (!k->is_string()) return Status::InvalidArgument("expected a string", "handling.compartment");
    h.compartment = k->get<std::string>();
  }
  return h;
}

model::Handling DefaultHandling() {
  model::Handling h;
  h.classification = model::Classification::kRestricted;
  h.tlp = model::Tlp::kAmber;
  h.releasable_to = {std::string(model::kGroupAllMembers)};
  return h;
}

json HandlingJson(const model::Handling& h) {
  json j = {{"classification", std::string(model::ToString(h.classification))},
            {"tlp", std::string(model::ToString(h.tlp))},
            {"releasable_to", h.releasable_to}};
  if (!h.compartment.empty()) j["compartment"] = h.compartment;
  return j;
}

std::string Stamp(long long t) { return t > 0 ? FormatTimestamp(t) : std::string(); }

json MeetingJson(const governance::Meeting& m) {
  return {{"id", m.id},
          {"title", m.title},
          {"kind", std::string(governance::ToString(m.kind))},
          {"starts_at", Stamp(m.starts_at)},
          {"ends_at", Stamp(m.ends_at)},
          {"location", m.location},
          {"chatham_house", m.chatham_house},
          {"agenda", m.agenda},
          {"originator", m.originator},
          {"handling", HandlingJson(m.handling)},
          {"cancelled", m.cancelled},
          {"created_by", m.created_by},
          {"created_at", Stamp(m.created_at)},
          {"updated_at", Stamp(m.updated_at)}};
}

json ActionJson(const governance::Action& a) {
  return {{"id", a.id},
          {"title", a.title},
          {"detail", a.detail},
          {"meeting_id", a.meeting_id},
          {"owner", a.owner},
          {"assignee", a.assignee},
          {"due", a.due.ToString()},
          {"status", std::string(governance::ToString(a.status))},
          {"originator", a.originator},
          {"handling", HandlingJson(a.handling)},
          {"created_by", a.created_by},
          {"created_at", Stamp(a.created_at)},
          {"updated_at", Stamp(a.updated_at)}};
}

governance::Registry& Registry(Services& s) { return *s.governance; }

bool Organiser(const policy::Principal& p) {
  return p.Has(policy::Role::kSecretariat) || p.Has(policy::Role::kCoChair);
}

audit::AuditEvent Event(const RequestContext& c, const char* action, const std::string& target,
                        audit::Outcome outcome, const std::string& reason) {
  return audit::AuditEvent{c.caller->actor, c.caller->principal.member, action, target, outcome, reason,
                           "request " + c.request_id};
}

Status Audit(Services& s, const RequestContext& c, const char* action, const std::string& target,
             audit::Outcome outcome, const std::string& reason) {
  return s.auditor.Record(Event(c, action, target, outcome, reason));
}

// The answer for a meeting or action the caller may not see, or that does not
// exist: the same, after auditing the refusal when it exists.
Status Hidden(Services& s, const RequestContext& c, const std::string& id, const policy::Decision* decision) {
  if (decision) (void)Audit(s, c, kGovernanceRead, id, audit::Outcome::kDeny, std::string(policy::ReasonCode(decision->reason)));
  return Status::NotFound("no such item", "id");
}

// A meeting the caller may read, or the one not-found answer.
Result<governance::Meeting> VisibleMeeting(Services& s, const RequestContext& c, const policy::PolicyContext& context,
                                           const std::string& id) {
  DISRUPT_ASSIGN_OR_RETURN(auto found, Registry(s).GetMeeting(id));
  if (!found) return Hidden(s, c, id, nullptr);
  auto decision = policy::Decide(c.caller->principal, governance::AsRecord(*found), policy::Operation::kRead, context);
  if (!decision) return Hidden(s, c, id, &decision);
  return std::move(*found);
}

Result<governance::Action> VisibleAction(Services& s, const RequestContext& c, const policy::PolicyContext& context,
                                         const std::string& id) {
  DISRUPT_ASSIGN_OR_RETURN(auto found, Registry(s).GetAction(id));
  if (!found) return Hidden(s, c, id, nullptr);
  auto decision = policy::Decide(c.caller->principal, governance::AsRecord(*found), policy::Operation::kRead, context);
  if (!decision) return Hidden(s, c, id, &decision);
  return std::move(*found);
}

// Fills a meeting's editable fields from the body over `m`.
Status MeetingFrom(const json& body, governance::Meeting& m, bool create) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(
      body, {"title", "kind", "starts_at", "ends_at", "location", "chatham_house", "agenda", "handling", "cancelled"}));
  DISRUPT_ASSIGN_OR_RETURN(m.title, Text(body, "title", create, m.title));
  DISRUPT_ASSIGN_OR_RETURN(std::string kind, Text(body, "kind", false, std::string(governance::ToString(m.kind))));
  DISRUPT_ASSIGN_OR_RETURN(m.kind, governance::ParseMeetingKind(kind));
  DISRUPT_ASSIGN_OR_RETURN(m.starts_at, Time(body, "starts_at", create, m.starts_at));
  DISRUPT_ASSIGN_OR_RETURN(m.ends_at, Time(body, "ends_at", false, create ? m.starts_at : m.ends_at));
  DISRUPT_ASSIGN_OR_RETURN(m.location, Text(body, "location", false, m.location));
  DISRUPT_ASSIGN_OR_RETURN(m.chatham_house, FlagField(body, "chatham_house", m.chatham_house));
  DISRUPT_ASSIGN_OR_RETURN(m.agenda, Text(body, "agenda", false, m.agenda));
  DISRUPT_ASSIGN_OR_RETURN(m.handling, HandlingFrom(body, m.handling));
  DISRUPT_ASSIGN_OR_RETURN(m.cancelled, FlagField(body, "cancelled", m.cancelled));
  return Status::Ok();
}

// The caller must be able to read what they mark: a marking that shuts out its
// own author is a mistake, refused before anything is written.
Status CheckOwnMarking(const RequestContext& c, const model::Record& as_record, const policy::PolicyContext& context) {
  if (!policy::Decide(c.caller->principal, as_record, policy::Operation::kRead, context)) {
    return Status::InvalidArgument("this marking would hide the item from you; check its classification, "
                                   "releasability and compartment",
                                   "handling");
  }
  return Status::Ok();
}

// The built-in groups as `disrupt init` sets them, after a change of members:
// ALL_MEMBERS = the full members (not observers), AHG = those of them in the
// Ad Hoc Group. WG_DISRUPTION follows ALL_MEMBERS unless the secretariat has
// narrowed it (it then differs from the old ALL_MEMBERS and is left alone).
Status UpdateMemberGroups(store::Store& store) {
  DISRUPT_ASSIGN_OR_RETURN(auto members, store.Members());
  DISRUPT_ASSIGN_OR_RETURN(auto groups, store.Groups());
  std::vector<std::string> all, ahg;
  for (const auto& m : members) {
    if (m.role != model::MemberRole::kMember) continue;
    all.push_back(m.code);
    if (m.ad_hoc_group) ahg.push_back(m.code);
  }
  auto as_set = [](const std::vector<std::string>& v) { return std::set<std::string>(v.begin(), v.end()); };
  const std::string wg(model::kGroupWorkingGroup);
  const std::string everyone(model::kGroupAllMembers);
  const bool wg_follows = !groups.count(wg) || !groups.count(everyone) || as_set(groups[wg]) == as_set(groups[everyone]);
  DISRUPT_RETURN_IF_ERROR(store.PutGroup(everyone, all));
  DISRUPT_RETURN_IF_ERROR(store.PutGroup(std::string(model::kGroupAdHocGroup), ahg));
  if (wg_follows) DISRUPT_RETURN_IF_ERROR(store.PutGroup(wg, all));
  return Status::Ok();
}

}  // namespace

// ---- meetings ---------------------------------------------------------------------------

Result<Reply> ListMeetings(Services& s, RequestContext& c) {
  const long long now = UnixNow();
  long long from = now - 86400;
  long long to = now + 366LL * 86400;
  if (auto f = c.Query("from"); !f.empty()) {
    auto t = governance::ParseTimestamp(f);
    if (!t.ok()) return Status::InvalidArgument(t.status().message(), "from");
    from = *t;
  }
  if (auto t = c.Query("to"); !t.empty()) {
    auto parsed = governance::ParseTimestamp(t);
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "to");
    to = *parsed;
  }
  long long limit = 100;
  if (auto l = c.Query("limit"); !l.empty()) ParseInt64(l, limit);  // range checked by the route
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_ASSIGN_OR_RETURN(auto meetings, Registry(s).Meetings(from, to));
  json items = json::array();
  std::vector<audit::AuditEvent> shown;
  for (const auto& m : meetings) {
    if (static_cast<long long>(items.size()) >= limit) break;
    if (!policy::Decide(c.caller->principal, governance::AsRecord(m), policy::Operation::kRead, *context)) continue;
    items.push_back(MeetingJson(m));
    shown.push_back(Event(c, kGovernanceRead, m.id, audit::Outcome::kAllow, "listed"));
  }
  DISRUPT_RETURN_IF_ERROR(s.auditor.RecordShown(std::move(shown)));
  Reply reply;
  reply.body = {{"meetings", std::move(items)}};
  return reply;
}

Result<Reply> GetMeeting(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_ASSIGN_OR_RETURN(auto meeting, VisibleMeeting(s, c, *context, std::string(c.Path("id"))));
  DISRUPT_RETURN_IF_ERROR(
      s.auditor.RecordShown(Event(c, kGovernanceRead, meeting.id, audit::Outcome::kAllow, "meeting")));
  // The meeting's actions the caller may see.
  DISRUPT_ASSIGN_OR_RETURN(auto actions, Registry(s).ActionsOf(meeting.id));
  json linked = json::array();
  for (const auto& a : actions) {
    if (!policy::Decide(c.caller->principal, governance::AsRecord(a), policy::Operation::kRead, *context)) continue;
    linked.push_back(ActionJson(a));
  }
  Reply reply;
  reply.body = MeetingJson(meeting);
  reply.body["actions"] = std::move(linked);
  return reply;
}

Result<Reply> AddMeeting(Services& s, RequestContext& c) {
  const auto& p = c.caller->principal;
  if (!Organiser(p)) return Status::Forbidden("meetings are organised by the secretariat and the co-chairs");
  governance::Meeting m;
  m.handling = DefaultHandling();
  DISRUPT_RETURN_IF_ERROR(MeetingFrom(c.body, m, true));
  m.originator = p.member;
  m.created_by = p.user_id;
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_RETURN_IF_ERROR(CheckOwnMarking(c, governance::AsRecord(m), *context));
  DISRUPT_ASSIGN_OR_RETURN(auto added, Registry(s).AddMeeting(std::move(m)));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, kGovernanceWrite, added.id, audit::Outcome::kAllow, "meeting_added"));
  Reply reply;
  reply.status = 201;
  reply.body = MeetingJson(added);
  return reply;
}

Result<Reply> UpdateMeeting(Services& s, RequestContext& c) {
  const auto& p = c.caller->principal;
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_ASSIGN_OR_RETURN(auto meeting, VisibleMeeting(s, c, *context, std::string(c.Path("id"))));
  if (!Organiser(p) || p.member != meeting.originator) {
    (void)Audit(s, c, kGovernanceWrite, meeting.id, audit::Outcome::kDeny, "not_organiser");
    return Status::Forbidden("only the organising member's secretariat or co-chair may change a meeting");
  }
  DISRUPT_RETURN_IF_ERROR(MeetingFrom(c.body, meeting, false));
  DISRUPT_RETURN_IF_ERROR(CheckOwnMarking(c, governance::AsRecord(meeting), *context));
  DISRUPT_ASSIGN_OR_RETURN(auto updated, Registry(s).UpdateMeeting(meeting));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, kGovernanceWrite, updated.id, audit::Outcome::kAllow,
                                updated.cancelled ? "meeting_cancelled" : "meeting_updated"));
  Reply reply;
  reply.body = MeetingJson(updated);
  return reply;
}

// ---- actions ----------------------------------------------------------------------------

Result<Reply> ListActions(Services& s, RequestContext& c) {
  const std::string_view status = c.Query("status");
  if (!status.empty() && status != "open" && status != "all") {
    return Status::InvalidArgument("expected open or all", "status");
  }
  const std::string_view owner = c.Query("owner");
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_ASSIGN_OR_RETURN(auto actions, Registry(s).Actions(status != "all"));
  json items = json::array();
  std::vector<audit::AuditEvent> shown;
  for (const auto& a : actions) {
    if (!owner.empty() && a.owner != owner) continue;
    if (!policy::Decide(c.caller->principal, governance::AsRecord(a), policy::Operation::kRead, *context)) continue;
    items.push_back(ActionJson(a));
    shown.push_back(Event(c, kGovernanceRead, a.id, audit::Outcome::kAllow, "listed"));
  }
  DISRUPT_RETURN_IF_ERROR(s.auditor.RecordShown(std::move(shown)));
  Reply reply;
  reply.body = {{"actions", std::move(items)}};
  return reply;
}

Result<Reply> AddAction(Services& s, RequestContext& c) {
  const auto& p = c.caller->principal;
  if (!Organiser(p)) return Status::Forbidden("actions are recorded by the secretariat and the co-chairs");
  DISRUPT_RETURN_IF_ERROR(
      ExpectFields(c.body, {"title", "detail", "meeting_id", "owner", "assignee", "due", "handling"}));
  governance::Action a;
  DISRUPT_ASSIGN_OR_RETURN(a.title, Text(c.body, "title", true));
  DISRUPT_ASSIGN_OR_RETURN(a.detail, Text(c.body, "detail", false));
  DISRUPT_ASSIGN_OR_RETURN(a.meeting_id, Text(c.body, "meeting_id", false));
  DISRUPT_ASSIGN_OR_RETURN(a.owner, Text(c.body, "owner", true));
  DISRUPT_ASSIGN_OR_RETURN(a.assignee, Text(c.body, "assignee", false));
  DISRUPT_ASSIGN_OR_RETURN(std::string due, Text(c.body, "due", false));
  if (!due.empty()) {
    auto parsed = PartialDate::Parse(due);
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "due");
    a.due = *parsed;
  }
  DISRUPT_ASSIGN_OR_RETURN(a.handling, HandlingFrom(c.body, DefaultHandling()));
  a.originator = p.member;
  a.created_by = p.user_id;
  if (!s.members->IsMember(a.owner)) return Status::InvalidArgument("no member " + a.owner + " on this platform", "owner");
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  if (!a.meeting_id.empty()) {
    // Only a meeting the caller may see can be named (a hidden one answers as missing).
    auto meeting = VisibleMeeting(s, c, *context, a.meeting_id);
    if (!meeting.ok()) return Status::InvalidArgument("no such meeting", "meeting_id");
  }
  DISRUPT_RETURN_IF_ERROR(CheckOwnMarking(c, governance::AsRecord(a), *context));
  DISRUPT_ASSIGN_OR_RETURN(auto added, Registry(s).AddAction(std::move(a)));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, kGovernanceWrite, added.id, audit::Outcome::kAllow, "action_added"));
  Reply reply;
  reply.status = 201;
  reply.body = ActionJson(added);
  return reply;
}

Result<Reply> UpdateAction(Services& s, RequestContext& c) {
  const auto& p = c.caller->principal;
  DISRUPT_ASSIGN_OR_RETURN(auto context, s.policy.Get(s.monotonic_seconds()));
  DISRUPT_ASSIGN_OR_RETURN(auto action, VisibleAction(s, c, *context, std::string(c.Path("id"))));
  const bool organiser = Organiser(p) && p.member == action.originator;
  const bool owner = p.member == action.owner &&
                     (p.Has(policy::Role::kAnalyst) || p.Has(policy::Role::kMemberOfficial) || Organiser(p));
  if (!organiser && !owner) {
    (void)Audit(s, c, kGovernanceWrite, action.id, audit::Outcome::kDeny, "not_owner");
    return Status::Forbidden("an action is updated by its owner member or the member that recorded it");
  }
  // The owner reports progress (status, assignee); the recording member may change everything.
  if (organiser) {
    DISRUPT_RETURN_IF_ERROR(
        ExpectFields(c.body, {"title", "detail", "meeting_id", "owner", "assignee", "due", "status", "handling"}));
  } else {
    DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"status", "assignee"}).ok()
                                ? Status::Ok()
                                : Status::Forbidden("the owner member may change an action's status and assignee only"));
  }
  DISRUPT_ASSIGN_OR_RETURN(action.title, Text(c.body, "title", false, action.title));
  DISRUPT_ASSIGN_OR_RETURN(action.detail, Text(c.body, "detail", false, action.detail));
  DISRUPT_ASSIGN_OR_RETURN(action.meeting_id, Text(c.body, "meeting_id", false, action.meeting_id));
  DISRUPT_ASSIGN_OR_RETURN(action.owner, Text(c.body, "owner", false, action.owner));
  DISRUPT_ASSIGN_OR_RETURN(action.assignee, Text(c.body, "assignee", false, action.assignee));
  DISRUPT_ASSIGN_OR_RETURN(std::string due, Text(c.body, "due", false, action.due.ToString()));
  if (due.empty()) {
    action.due = PartialDate();
  } else {
    auto parsed = PartialDate::Parse(due);
    if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), "due");
    action.due = *parsed;
  }
  DISRUPT_ASSIGN_OR_RETURN(std::string status, Text(c.body, "status", false, std::string(governance::ToString(action.status))));
  DISRUPT_ASSIGN_OR_RETURN(action.status, governance::ParseActionStatus(status));
  DISRUPT_ASSIGN_OR_RETURN(action.handling, HandlingFrom(c.body, action.handling));
  if (!s.members->IsMember(action.owner)) {
    return Status::InvalidArgument("no member " + action.owner + " on this platform", "owner");
  }
  DISRUPT_RETURN_IF_ERROR(CheckOwnMarking(c, governance::AsRecord(action), *context));
  DISRUPT_ASSIGN_OR_RETURN(auto updated, Registry(s).UpdateAction(action));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, kGovernanceWrite, updated.id, audit::Outcome::kAllow,
                                "action_" + std::string(governance::ToString(updated.status))));
  Reply reply;
  reply.body = ActionJson(updated);
  return reply;
}

// ---- members and agencies (administrators) --------------------------------------------------

Result<Reply> PutMember(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"name", "kind", "role", "ad_hoc_group"}));
  const std::string code(c.Path("code"));
  DISRUPT_ASSIGN_OR_RETURN(auto members, s.store.Members());
  model::Member m;
  m.code = code;
  bool exists = false;
  for (const auto& existing : members) {
    if (existing.code == code) {
      m = existing;
      exists = true;
    }
  }
  DISRUPT_ASSIGN_OR_RETURN(m.name, Text(c.body, "name", !exists, m.name));
  if (Trim(m.name).empty() || m.name.size() > 200 || !IsValidUtf8(m.name)) {
    return Status::InvalidArgument("must be 1 to 200 characters of UTF-8", "name");
  }
  DISRUPT_ASSIGN_OR_RETURN(std::string kind, Text(c.body, "kind", false, std::string(model::ToString(m.kind))));
  if (kind == "state") m.kind = model::MemberKind::kState;
  else if (kind == "territory") m.kind = model::MemberKind::kTerritory;
  else if (kind == "organisation") m.kind = model::MemberKind::kOrganisation;
  else return Status::InvalidArgument("expected state, territory or organisation", "kind");
  DISRUPT_ASSIGN_OR_RETURN(std::string role, Text(c.body, "role", false, std::string(model::ToString(m.role))));
  if (role == "member") m.role = model::MemberRole::kMember;
  else if (role == "observer") m.role = model::MemberRole::kObserver;
  else if (role == "meeting_observer") m.role = model::MemberRole::kMeetingObserver;
  else return Status::InvalidArgument("expected member, observer or meeting_observer", "role");
  DISRUPT_ASSIGN_OR_RETURN(m.ad_hoc_group, FlagField(c.body, "ad_hoc_group", m.ad_hoc_group));
  // States and territories go by their ISO 3166 code; organisations by a short upper-case code.
  if (m.kind != model::MemberKind::kOrganisation && !model::IsCountryCode(code)) {
    return Status::InvalidArgument("a state or territory is named by its ISO 3166-1 alpha-3 code", "code");
  }
  if (code.size() < 2 || code.size() > 16 ||
      !std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); })) {
    return Status::InvalidArgument("a member code is 2 to 16 of A-Z and 0-9", "code");
  }
  if (s.members->IsGroup(code) && !s.members->IsMember(code)) {
    return Status::InvalidArgument("that code names a group", "code");
  }
  DISRUPT_RETURN_IF_ERROR(s.store.PutMembers({m}));
  DISRUPT_RETURN_IF_ERROR(UpdateMemberGroups(s.store));
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, kMemberAdmin, code, audit::Outcome::kInfo, exists ? "member_updated" : "member_added"));
  // Groups follow at once here, and on every other server through the notifier.
  DISRUPT_RETURN_IF_ERROR(s.members->Reload());
  if (s.notifier) (void)s.notifier->Publish(kMembersChannel, code);
  Reply reply;
  reply.status = exists ? 200 : 201;
  reply.body = {{"code", m.code},
                {"name", m.name},
                {"kind", std::string(model::ToString(m.kind))},
                {"role", std::string(model::ToString(m.role))},
                {"ad_hoc_group", m.ad_hoc_group}};
  return reply;
}

Result<Reply> PutAgency(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(ExpectFields(c.body, {"name", "focal_point"}));
  governance::Agency a;
  a.member = std::string(c.Path("code"));
  a.acronym = std::string(c.Path("acronym"));
  if (!s.members->IsMember(a.member)) return Status::NotFound("no such member", "code");
  DISRUPT_ASSIGN_OR_RETURN(a.name, Text(c.body, "name", true));
  DISRUPT_ASSIGN_OR_RETURN(a.focal_point, Text(c.body, "focal_point", false));
  if (!a.focal_point.empty()) {
    auto user = s.auth.GetUser(a.focal_point);
    if (!user.ok()) return user.status();
    if (!*user || (*user)->member != a.member) {
      return Status::InvalidArgument("the focal point must be a user of " + a.member, "focal_point");
    }
  }
  DISRUPT_RETURN_IF_ERROR(Registry(s).PutAgency(a));
  DISRUPT_RETURN_IF_ERROR(
      Audit(s, c, kMemberAdmin, a.member + "/" + a.acronym, audit::Outcome::kInfo, "agency_saved"));
  Reply reply;
  reply.body = {{"member", a.member}, {"acronym", a.acronym}, {"name", a.name}, {"focal_point", a.focal_point}};
  return reply;
}

Result<Reply> RemoveAgency(Services& s, RequestContext& c) {
  const std::string member(c.Path("code"));
  const std::string acronym(c.Path("acronym"));
  Status removed = Registry(s).RemoveAgency(member, acronym);
  if (removed.code() == StatusCode::kNotFound) return Status::NotFound("no such agency", "acronym");
  DISRUPT_RETURN_IF_ERROR(removed);
  DISRUPT_RETURN_IF_ERROR(Audit(s, c, kMemberAdmin, member + "/" + acronym, audit::Outcome::kInfo, "agency_removed"));
  Reply reply;
  reply.status = 204;
  return reply;
}

}  // namespace disrupt::server::handlers
