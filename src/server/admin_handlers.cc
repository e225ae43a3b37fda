// Handlers of user, clearance and member administration; see admin_handlers.h.
// Thin: they check the request, call auth::Authenticator (which validates,
// stores and audits) and render.
#include "server/admin_handlers.h"

#include <map>

#include "core/text.h"
#include "governance/governance.h"
#include "server/services.h"

namespace disrupt::server::handlers {

namespace {

using nlohmann::json;

Status RequireSession(const RequestContext& c) {
  if (c.caller->via_token) {
    return Status::Forbidden("administration needs a signed-in session, not an API token", "Authorization");
  }
  return Status::Ok();
}

json UserJson(const auth::User& u) {
  json roles = json::array();
  for (auto r : u.roles) roles.push_back(std::string(policy::ToString(r)));
  json j = {{"id", u.id},
            {"display_name", u.display_name},
            {"member", u.member},
            {"agency", u.agency},
            {"roles", roles},
            {"compartments", u.compartments},
            {"disabled", u.disabled},
            {"totp_required", u.totp_required},
            {"totp_enrolled", u.totp_enrolled},
            {"totp_pending", u.totp_pending},
            {"created_at", u.created_at ? FormatTimestamp(u.created_at) : ""}};
  if (u.clearance) {
    j["clearance"] = {{"level", std::string(model::ToString(u.clearance->level))},
                      {"granted_by", u.clearance->granted_by},
                      {"expires", u.clearance->expires.ToString()}};
  } else {
    j["clearance"] = nullptr;
  }
  return j;
}

json EnrolmentJson(const auth::Enrolment& e) {
  return {{"totp_uri", e.totp_uri},
          {"totp_secret", e.totp_secret_base32},
          {"enrol_until", e.enrol_until ? FormatTimestamp(e.enrol_until) : std::string()}};
}

Result<std::string> StringAt(const json& body, const char* key, bool required, size_t max_bytes) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidArgument("missing field", key);
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidArgument("expected a string", key);
  std::string v = it->get<std::string>();
  if (v.size() > max_bytes || !IsValidUtf8(v)) return Status::InvalidArgument("too long or not UTF-8", key);
  return v;
}

Result<std::vector<std::string>> StringsAt(const json& body, const char* key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > 64) return Status::InvalidArgument("expected an array of at most 64 strings", key);
  for (const auto& v : *it) {
    if (!v.is_string() || v.get<std::string>().size() > 200) {
      return Status::InvalidArgument("expected strings of at most 200 bytes", key);
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

// Reads the fields an administrator sets on a user into `u` (everything but
// id and secrets). `fields` lists the keys the body may hold.
Status ReadUserFields(const json& body, auth::User& u, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return Status::InvalidArgument("expected a JSON object", "body");
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (auto a : allowed) known = known || it.key() == a;
    if (!known) return Status::InvalidArgument("unknown field", it.key());
  }
  DISRUPT_ASSIGN_OR_RETURN(u.display_name, StringAt(body, "display_name", false, 200));
  DISRUPT_ASSIGN_OR_RETURN(u.member, StringAt(body, "member", true, 16));
  DISRUPT_ASSIGN_OR_RETURN(u.agency, StringAt(body, "agency", false, 200));
  DISRUPT_ASSIGN_OR_RETURN(auto roles, StringsAt(body, "roles"));
  u.roles.clear();
  for (const auto& r : roles) {
    auto role = policy::ParseRole(r);
    if (!role.ok()) return Status::InvalidArgument("unknown role " + r, "roles");
    u.roles.insert(*role);
  }
  DISRUPT_ASSIGN_OR_RETURN(auto compartments, StringsAt(body, "compartments"));
  u.compartments = std::set<std::string>(compartments.begin(), compartments.end());
  DISRUPT_ASSIGN_OR_RETURN(std::string level, StringAt(body, "clearance", false, 32));
  if (level.empty()) {
    u.clearance.reset();
  } else {
    auto parsed = model::ParseClassification(level);
    if (!parsed.ok()) return Status::InvalidArgument("unknown classification " + level, "clearance");
    policy::Clearance cl;
    cl.level = *parsed;
    DISRUPT_ASSIGN_OR_RETURN(cl.granted_by, StringAt(body, "clearance_granted_by", false, 16));
    if (cl.granted_by.empty()) cl.granted_by = u.member;
    DISRUPT_ASSIGN_OR_RETURN(std::string expires, StringAt(body, "clearance_expires", false, 10));
    if (!expires.empty()) {
      auto day = PartialDate::Parse(expires);
      if (!day.ok()) return Status::InvalidArgument(day.status().message(), "clearance_expires");
      cl.expires = *day;
    }
    u.clearance = cl;
  }
  return Status::Ok();
}

// The member code must be one the platform knows.
Status CheckMember(Services& s, const std::string& code) {
  DISRUPT_ASSIGN_OR_RETURN(auto members, s.store.Members());
  for (const auto& m : members) {
    if (m.code == code) return Status::Ok();
  }
  return Status::InvalidArgument("no member " + code + " on this platform", "member");
}

void AuditInfo(Services& s, const RequestContext& c, const std::string& target, const char* reason) {
  (void)s.auditor.Record(audit::AuditEvent{c.caller->actor, c.caller->principal.member, audit::action::kUserAdmin,
                                           target, audit::Outcome::kInfo, reason, "request " + c.request_id});
}

Result<auth::User> ExistingUser(Services& s, std::string_view id) {
  DISRUPT_ASSIGN_OR_RETURN(auto found, s.auth.GetUser(std::string(id)));
  if (!found) return Status::NotFound("no such user", "id");
  return *found;
}

Result<Reply> UserReply(Services& s, std::string_view id) {
  DISRUPT_ASSIGN_OR_RETURN(auto user, ExistingUser(s, id));
  Reply reply;
  reply.body = {{"user", UserJson(user)}};
  return reply;
}

}  // namespace

Result<Reply> ListUsers(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  DISRUPT_ASSIGN_OR_RETURN(auto users, s.auth.ListUsers());
  json arr = json::array();
  for (const auto& u : users) arr.push_back(UserJson(u));
  AuditInfo(s, c, "users", "users_listed");
  Reply reply;
  reply.body = {{"users", std::move(arr)}};
  return reply;
}

Result<Reply> AddUser(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  auth::User u;
  DISRUPT_RETURN_IF_ERROR(ReadUserFields(c.body, u,
                                         {"id", "display_name", "member", "agency", "roles", "compartments",
                                          "clearance", "clearance_granted_by", "clearance_expires", "password"}));
  DISRUPT_ASSIGN_OR_RETURN(u.id, StringAt(c.body, "id", true, 64));
  DISRUPT_ASSIGN_OR_RETURN(std::string password, StringAt(c.body, "password", true, 1024));
  DISRUPT_RETURN_IF_ERROR(CheckMember(s, u.member));
  u.totp_required = true;  // accounts without a second factor are made only by the CLI, for demonstrations
  DISRUPT_ASSIGN_OR_RETURN(auto enrolment, s.auth.AddUser(c.caller->actor, u, password));
  Reply reply;
  reply.status = 201;
  reply.sensitive = true;
  reply.body = {{"user", UserJson(enrolment.user)}, {"enrolment", EnrolmentJson(enrolment)}};
  reply.headers.emplace_back("Location", "/api/v1/admin/users/" + enrolment.user.id);
  return reply;
}

Result<Reply> UpdateUser(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  DISRUPT_ASSIGN_OR_RETURN(auto user, ExistingUser(s, c.Path("id")));
  DISRUPT_RETURN_IF_ERROR(ReadUserFields(c.body, user,
                                         {"display_name", "member", "agency", "roles", "compartments", "clearance",
                                          "clearance_granted_by", "clearance_expires"}));
  DISRUPT_RETURN_IF_ERROR(CheckMember(s, user.member));
  if (user.id == c.caller->principal.user_id && !user.roles.count(policy::Role::kAdministrator)) {
    return Status::InvalidArgument("you cannot remove your own administrator role", "roles");
  }
  DISRUPT_RETURN_IF_ERROR(s.auth.UpdateUser(c.caller->actor, user));
  return UserReply(s, user.id);
}

Result<Reply> DisableUser(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  std::string id(c.Path("id"));
  if (id == c.caller->principal.user_id) return Status::InvalidArgument("you cannot disable yourself", "id");
  DISRUPT_RETURN_IF_ERROR(ExistingUser(s, id).status());
  DISRUPT_RETURN_IF_ERROR(s.auth.SetDisabled(c.caller->actor, id, true));
  return UserReply(s, id);
}

Result<Reply> EnableUser(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  std::string id(c.Path("id"));
  DISRUPT_RETURN_IF_ERROR(ExistingUser(s, id).status());
  DISRUPT_RETURN_IF_ERROR(s.auth.SetDisabled(c.caller->actor, id, false));
  return UserReply(s, id);
}

Result<Reply> ResetUserTotp(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  std::string id(c.Path("id"));
  DISRUPT_RETURN_IF_ERROR(ExistingUser(s, id).status());
  DISRUPT_ASSIGN_OR_RETURN(auto enrolment, s.auth.ResetTotp(c.caller->actor, id));
  Reply reply;
  reply.sensitive = true;
  reply.body = {{"user", UserJson(enrolment.user)}, {"enrolment", EnrolmentJson(enrolment)}};
  return reply;
}

Result<Reply> UnlockUser(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  std::string id(c.Path("id"));
  DISRUPT_RETURN_IF_ERROR(ExistingUser(s, id).status());
  DISRUPT_RETURN_IF_ERROR(s.auth.Unlock(c.caller->actor, id));
  return UserReply(s, id);
}

Result<Reply> ListMembers(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(RequireSession(c));
  DISRUPT_ASSIGN_OR_RETURN(auto members, s.store.Members());
  DISRUPT_ASSIGN_OR_RETURN(auto users, s.auth.ListUsers());
  DISRUPT_ASSIGN_OR_RETURN(auto registered, s.governance->Agencies());
  // Users per agency as the users of each member record it (by acronym or name).
  std::map<std::string, std::map<std::string, int>> named;
  for (const auto& u : users) ++named[u.member][u.agency];
  std::map<std::string, std::vector<const governance::Agency*>> by_member;
  for (const auto& a : registered) by_member[a.member].push_back(&a);
  json arr = json::array();
  for (const auto& m : members) {
    json ag = json::array();
    auto& counts = named[m.code];
    for (const auto* a : by_member[m.code]) {
      int n = 0;
      for (const auto* key : {&a->acronym, &a->name}) {
        if (auto it = counts.find(*key); it != counts.end()) {
          n += it->second;
          counts.erase(it);
        }
      }
      ag.push_back({{"acronym", a->acronym},
                    {"name", a->name},
                    {"focal_point", a->focal_point},
                    {"registered", true},
                    {"users", n}});
    }
    for (const auto& [name, count] : counts) {
      ag.push_back({{"acronym", ""}, {"name", name}, {"focal_point", ""}, {"registered", false}, {"users", count}});
    }
    arr.push_back({{"code", m.code},
                   {"name", m.name},
                   {"kind", std::string(model::ToString(m.kind))},
                   {"role", std::string(model::ToString(m.role))},
                   {"ad_hoc_group", m.ad_hoc_group},
                   {"agencies", std::move(ag)}});
  }
  AuditInfo(s, c, "members", "members_listed");
  Reply reply;
  reply.body = {{"members", std::move(arr)}};
  return reply;
}

}  // namespace disrupt::server::handlers
