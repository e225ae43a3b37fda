// Handlers of sign-in and sessions. The session travels in a cookie that
// scripts cannot read (HttpOnly), that is never sent cross-site
// (SameSite=Strict) and, under TLS, only over HTTPS (Secure). The CSRF token
// the browser must echo in X-CSRF-Token is returned in the body.
#include <httplib.h>

#include "server/handlers.h"
#include "server/services.h"

namespace disrupt::server::handlers {

namespace {

using nlohmann::json;

std::string CookieHeader(const Services& s, const std::string& value, long long max_age) {
  std::string cookie = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(max_age);
  if (s.config.tls()) cookie += "; Secure";
  return cookie;
}

json SessionJson(const auth::Session& session) {
  const auto& p = session.principal;
  json roles = json::array();
  for (auto r : p.roles) roles.push_back(std::string(policy::ToString(r)));
  json j = {{"user", p.user_id},
            {"member", p.member},
            {"agency", p.agency},
            {"roles", roles},
            {"csrf_token", session.csrf_token},
            {"expires_at", FormatTimestamp(std::min(session.idle_expires_at, session.absolute_expires_at))}};
  if (p.clearance) {
    j["clearance"] = std::string(model::ToString(p.clearance->level));
    j["clearance_expires"] = p.clearance->expires.ToString();
  }
  return j;
}

Result<std::string> StringField(const json& body, const char* key, bool required, size_t max_bytes) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidArgument("missing field", key);
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidArgument("expected a string", key);
  std::string v = it->get<std::string>();
  if (v.size() > max_bytes) return Status::InvalidArgument("too long", key);
  return v;
}

}  // namespace

Result<Reply> SignIn(Services& s, RequestContext& c) {
  if (!c.body.is_object()) return Status::InvalidArgument("expected a JSON object", "body");
  for (auto it = c.body.begin(); it != c.body.end(); ++it) {
    if (it.key() != "username" && it.key() != "password" && it.key() != "totp") {
      return Status::InvalidArgument("unknown field", it.key());
    }
  }
  auth::SignInRequest request;
  DISRUPT_ASSIGN_OR_RETURN(request.user_id, StringField(c.body, "username", true, 64));
  DISRUPT_ASSIGN_OR_RETURN(request.password, StringField(c.body, "password", true, 1024));
  DISRUPT_ASSIGN_OR_RETURN(request.totp_code, StringField(c.body, "totp", false, 16));
  request.client = c.client_address;
  auto signed_in = s.auth.SignIn(request);
  if (!signed_in.ok()) {
    // A lockout, and a database that cannot be reached (503: try again; it
    // says nothing about the account), are not wrong credentials; nor is a
    // second factor left unconfirmed past its deadline (said only after the
    // right password).
    const StatusCode code = signed_in.status().code();
    if (code == StatusCode::kResourceExhausted || code == StatusCode::kUnavailable ||
        code == StatusCode::kFailedPrecondition) {
      return signed_in.status();
    }
    return Status::Unauthenticated("invalid credentials");
  }
  if (signed_in->enrolment) {
    // Self-service enrolment: the factor to set up, no session, no cookie.
    const auth::Enrolment& e = *signed_in->enrolment;
    Reply reply;
    reply.sensitive = true;
    reply.body = {{"enrolment_required", true},
                  {"user", e.user.id},
                  {"totp_secret", e.totp_secret_base32},
                  {"totp_uri", e.totp_uri},
                  {"enrol_until", FormatTimestamp(e.enrol_until)}};
    return reply;
  }
  if (!s.config.demo_mode) {
    // Accounts without a second factor exist only for demonstrations.
    auto user = s.auth.GetUser(request.user_id);
    if (!user.ok() || !*user || !(*user)->totp_required) {
      (void)s.auth.SignOut(signed_in->session_token);
      return Status::Unauthenticated("invalid credentials");
    }
  }
  Reply reply;
  reply.sensitive = true;
  reply.body = SessionJson(signed_in->session);
  long long max_age = signed_in->session.absolute_expires_at - UnixNow();
  reply.headers.emplace_back("Set-Cookie", CookieHeader(s, signed_in->session_token, std::max(1LL, max_age)));
  return reply;
}

Result<Reply> CurrentSession(Services& s, RequestContext& c) {
  if (c.caller->via_token) {
    auth::Session session;
    session.principal = c.caller->principal;
    Reply reply;
    reply.body = SessionJson(session);
    reply.body.erase("csrf_token");
    reply.body.erase("expires_at");
    return reply;
  }
  DISRUPT_ASSIGN_OR_RETURN(auto session, s.auth.ResumeSession(c.caller->session_token));
  Reply reply;
  reply.sensitive = true;
  reply.body = SessionJson(session);
  return reply;
}

Result<Reply> SignOut(Services& s, RequestContext& c) {
  if (c.caller->via_token) return Status::InvalidArgument("API tokens have no session to end", "Authorization");
  DISRUPT_RETURN_IF_ERROR(s.auth.SignOut(c.caller->session_token));
  Reply reply;
  reply.status = 204;
  reply.headers.emplace_back("Set-Cookie", CookieHeader(s, "", 0));
  return reply;
}

}  // namespace disrupt::server::handlers
