// The Authenticator: user administration, sign-in (password, TOTP,
// lockout), sessions, CSRF tokens and API tokens over an AuthStore.
// See auth.h for the contract and docs/security-model.md for the design.
#include <algorithm>
#include <cctype>

#include "auth/auth.h"
#include "auth/totp.h"
#include "core/date.h"
#include "core/text.h"
#include "crypto/keys.h"

namespace disrupt::auth {

namespace {

constexpr size_t kSecretBytes = 32;
constexpr std::string_view kTokenPrefix = "dsk_";
constexpr std::string_view kCsrfKey = "disrupt-csrf-token-v1";
const char* const kInvalidCredentials = "invalid credentials";

std::string HashSecret(std::string_view secret) { return crypto::Blake2b(secret, 32); }

bool ValidUserId(std::string_view id) {
  if (id.size() < 2 || id.size() > 64 || !(id[0] >= 'a' && id[0] <= 'z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

bool ValidCode(std::string_view code) {
  return !code.empty() && code.size() <= 16 &&
         std::all_of(code.begin(), code.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

Status ValidateUser(const User& u) {
  if (!ValidUserId(u.id)) {
    return Status::InvalidArgument("user id must be 2-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter",
                                   "id");
  }
  if (!ValidCode(u.member)) return Status::InvalidArgument("member must be an upper-case member code", "member");
  if (!IsValidUtf8(u.display_name) || u.display_name.size() > 200) {
    return Status::InvalidArgument("display name must be UTF-8 of at most 200 bytes", "display_name");
  }
  if (!IsValidUtf8(u.agency) || u.agency.size() > 200) {
    return Status::InvalidArgument("agency must be UTF-8 of at most 200 bytes", "agency");
  }
  if (u.roles.empty()) return Status::InvalidArgument("a user needs at least one role", "roles");
  if (u.clearance && !u.clearance->granted_by.empty() && !ValidCode(u.clearance->granted_by)) {
    return Status::InvalidArgument("clearance granting state must be a member code", "clearance.granted_by");
  }
  for (const auto& c : u.compartments) {
    if (c.empty() || c.find(',') != std::string::npos || !IsValidUtf8(c)) {
      return Status::InvalidArgument("compartment names are non-empty and contain no comma", "compartments");
    }
  }
  return Status::Ok();
}

std::string_view ToString(Scope s) {
  switch (s) {
    case Scope::kRead: return "read";
    case Scope::kWrite: return "write";
    case Scope::kExport: return "export";
    case Scope::kAudit: return "audit";
  }
  return "read";
}

Result<Scope> ParseScope(std::string_view s) {
  for (Scope scope : {Scope::kRead, Scope::kWrite, Scope::kExport, Scope::kAudit})
    if (ToString(scope) == s) return scope;
  return Status::InvalidArgument("unknown scope '" + std::string(s) + "' (read, write, export, audit)", "scopes");
}

Authenticator::Authenticator(AuthStore& store, AuthOptions options) : store_(store), options_(std::move(options)) {
  // A hash of a random password at the configured cost, verified against when
  // a sign-in names an unknown user so that the answer takes as long.
  auto dummy = HashPassword(crypto::ToBase64Url(crypto::RandomBytes(16)), options_.limits.password_cost);
  if (dummy.ok()) dummy_hash_ = *dummy;
}

long long Authenticator::Now() const { return options_.now ? options_.now() : UnixNow(); }

policy::Principal Authenticator::ToPrincipal(const User& u) const {
  policy::Principal p;
  p.user_id = u.id;
  p.member = u.member;
  p.agency = u.agency;
  p.roles = u.roles;
  p.clearance = u.clearance;
  p.compartments = u.compartments;
  if (options_.resolve_groups) p.groups = options_.resolve_groups(u.member);
  return p;
}

std::string Authenticator::SealTotp(const std::string& user_id, const std::string& secret) const {
  std::string b32 = Base32Encode(secret);
  if (!options_.cipher) return b32;
  return options_.cipher->Encrypt(b32, "auth_user/" + user_id + "/totp_secret");
}

Result<std::string> Authenticator::OpenTotp(const std::string& user_id, const std::string& stored) const {
  std::string b32 = stored;
  if (crypto::FieldCipher::IsEncrypted(stored)) {
    if (!options_.cipher) return Status::FailedPrecondition("TOTP secrets are encrypted but no field key is loaded");
    DISRUPT_ASSIGN_OR_RETURN(b32, options_.cipher->Decrypt(stored, "auth_user/" + user_id + "/totp_secret"));
  }
  return Base32Decode(b32);
}

void Authenticator::Audit(const std::string& actor, const std::string& member, const char* action,
                          const std::string& target, audit::Outcome outcome, const std::string& reason,
                          const std::string& detail) {
  if (!options_.audit) return;
  // An audit failure must not be silent, but it must not let a sign-in through
  // either: callers of state-changing methods see it via the next append; here
  // we can only drop it, so the server's metrics count audit write errors.
  (void)options_.audit->Append({actor, member, action, target, outcome, reason, detail.substr(0, audit::kMaxDetail)});
}

// ---- administration --------------------------------------------------------------

Result<Enrolment> Authenticator::AddUser(const std::string& actor, User user, const std::string& password) {
  DISRUPT_RETURN_IF_ERROR(ValidateUser(user));
  DISRUPT_RETURN_IF_ERROR(CheckPasswordRules(password));
  UserRow row;
  DISRUPT_ASSIGN_OR_RETURN(row.password_hash, HashPassword(password, options_.limits.password_cost));
  user.created_at = Now();
  Enrolment enrolment;
  if (user.totp_required) {
    std::string secret = GenerateTotpSecret();
    row.totp_secret = SealTotp(user.id, secret);
    row.totp_enrol_until = user.created_at + options_.limits.enrolment_seconds;
    enrolment.totp_secret_base32 = Base32Encode(secret);
    enrolment.totp_uri = OtpAuthUri(options_.totp_issuer, user.id, secret);
    enrolment.enrol_until = row.totp_enrol_until;
  }
  user.disabled = false;
  user.totp_enrolled = false;
  user.totp_pending = user.totp_required;
  row.user = user;
  DISRUPT_RETURN_IF_ERROR(store_.InsertUser(row));
  std::string roles;
  for (auto r : user.roles) roles += std::string(roles.empty() ? "" : ",") + std::string(policy::ToString(r));
  Audit(actor, "", audit::action::kUserAdmin, user.id, audit::Outcome::kInfo, "user_added", "roles=" + roles);
  enrolment.user = std::move(user);
  return enrolment;
}

Status Authenticator::UpdateUser(const std::string& actor, const User& user) {
  DISRUPT_RETURN_IF_ERROR(ValidateUser(user));
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user.id));
  if (!row) return Status::NotFound("no user " + user.id);
  User updated = user;
  updated.created_at = row->user.created_at;
  updated.disabled = row->user.disabled;
  updated.totp_enrolled = row->user.totp_enrolled;
  updated.totp_pending = row->user.totp_pending;
  row->user = updated;
  DISRUPT_RETURN_IF_ERROR(store_.UpdateUser(*row));
  Audit(actor, "", audit::action::kUserAdmin, user.id, audit::Outcome::kInfo, "user_updated");
  return Status::Ok();
}

Status Authenticator::SetDisabled(const std::string& actor, const std::string& user_id, bool disabled) {
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user_id));
  if (!row) return Status::NotFound("no user " + user_id);
  row->user.disabled = disabled;
  DISRUPT_RETURN_IF_ERROR(store_.UpdateUser(*row));
  if (disabled) DISRUPT_RETURN_IF_ERROR(store_.DeleteSessionsOf(user_id));
  Audit(actor, "", audit::action::kUserAdmin, user_id, audit::Outcome::kInfo,
        disabled ? "user_disabled" : "user_enabled");
  return Status::Ok();
}

Result<Enrolment> Authenticator::ResetTotp(const std::string& actor, const std::string& user_id) {
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user_id));
  if (!row) return Status::NotFound("no user " + user_id);
  std::string secret = GenerateTotpSecret();
  row->totp_secret = SealTotp(user_id, secret);
  row->totp_last_step = 0;
  row->totp_enrol_until = Now() + options_.limits.enrolment_seconds;
  row->user.totp_required = true;
  row->user.totp_enrolled = false;
  row->user.totp_pending = true;
  DISRUPT_RETURN_IF_ERROR(store_.UpdateUser(*row));
  DISRUPT_RETURN_IF_ERROR(store_.DeleteSessionsOf(user_id));
  Audit(actor, "", audit::action::kUserAdmin, user_id, audit::Outcome::kInfo, "totp_reset");
  return Enrolment{row->user, Base32Encode(secret), OtpAuthUri(options_.totp_issuer, user_id, secret),
                   row->totp_enrol_until};
}

Status Authenticator::SetPassword(const std::string& actor, const std::string& user_id, const std::string& password) {
  DISRUPT_RETURN_IF_ERROR(CheckPasswordRules(password));
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user_id));
  if (!row) return Status::NotFound("no user " + user_id);
  DISRUPT_ASSIGN_OR_RETURN(row->password_hash, HashPassword(password, options_.limits.password_cost));
  DISRUPT_RETURN_IF_ERROR(store_.UpdateUser(*row));
  DISRUPT_RETURN_IF_ERROR(store_.DeleteSessionsOf(user_id));
  Audit(actor, "", audit::action::kUserAdmin, user_id, audit::Outcome::kInfo, "password_set");
  return Status::Ok();
}

Status Authenticator::Unlock(const std::string& actor, const std::string& user_id) {
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user_id));
  if (!row) return Status::NotFound("no user " + user_id);
  row->failures = 0;
  row->locked_until = 0;
  DISRUPT_RETURN_IF_ERROR(store_.UpdateUser(*row));
  Audit(actor, "", audit::action::kUserAdmin, user_id, audit::Outcome::kInfo, "user_unlocked");
  return Status::Ok();
}

Result<std::optional<User>> Authenticator::GetUser(const std::string& user_id) {
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user_id));
  if (!row) return std::optional<User>();
  return std::optional<User>(row->user);
}

Result<std::vector<User>> Authenticator::ListUsers() { return store_.ListUsers(); }

Result<policy::Principal> Authenticator::PrincipalFor(const std::string& user_id) {
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetUser(user_id));
  if (!row) return Status::NotFound("no user " + user_id);
  return ToPrincipal(row->user);
}

// ---- sign-in and sessions -------------------------------------------------------------

Result<SignedIn> Authenticator::SignIn(const SignInRequest& request) {
  const long long now = Now();
  const std::string actor = ValidUserId(request.user_id) ? request.user_id : "(malformed user id)";
  const std::string& client = request.client;
  auto deny = [&](const std::string& member, const char* reason) {
    Audit(actor, member, audit::action::kSignIn, actor, audit::Outcome::kDeny, reason, client);
    return Status::Unauthenticated(kInvalidCredentials);
  };
  if (request.password.size() > kMaxPasswordBytes) return deny("", "bad_password");
  auto found = ValidUserId(request.user_id) ? store_.GetUser(request.user_id)
                                            : Result<std::optional<UserRow>>(std::optional<UserRow>());
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    (void)VerifyPassword(dummy_hash_, request.password);
    return deny("", "unknown_user");
  }
  UserRow row = std::move(**found);
  const std::string& member = row.user.member;
  if (row.locked_until > now) {
    Audit(actor, member, audit::action::kSignIn, actor, audit::Outcome::kDeny, "locked", client);
    return Status::ResourceExhausted("too many failed sign-ins; try again in " +
                                     std::to_string(row.locked_until - now) + " s");
  }
  const auto& limits = options_.limits;
  auto lock_for = [&limits](int failures) -> long long {
    if (failures <= limits.free_failures) return 0;
    long long seconds = limits.first_lock_seconds;
    for (int i = limits.free_failures + 1; i < failures && seconds < limits.max_lock_seconds; ++i) seconds *= 2;
    return std::min(seconds, limits.max_lock_seconds);
  };
  auto fail = [&](const char* reason) -> Status {
    auto failures = store_.RecordFailure(row.user.id, now, lock_for);
    if (!failures.ok()) return failures.status();
    return deny(member, reason);
  };
  if (!VerifyPassword(row.password_hash, request.password)) return fail("bad_password");
  if (row.user.disabled) return deny(member, "disabled");

  long long step = 0;
  const bool enrolling = row.totp_enrol_until != 0 && !row.totp_secret.empty();
  if (row.user.totp_required || !row.totp_secret.empty()) {
    if (row.totp_secret.empty()) return deny(member, "totp_not_enrolled");
    DISRUPT_ASSIGN_OR_RETURN(std::string secret, OpenTotp(row.user.id, row.totp_secret));
    // Past the deadline the factor is no longer shown; a code from it (handed
    // over in person by an administrator) still confirms it below.
    if (enrolling && request.totp_code.empty() && now >= row.totp_enrol_until) {
      Audit(actor, member, audit::action::kSignIn, actor, audit::Outcome::kDeny, "totp_enrolment_expired", client);
      return Status::FailedPrecondition(
          "the second factor was not set up in time; ask an administrator to reset it");
    }
    if (enrolling && request.totp_code.empty()) {
      // The right password, no code yet: show the factor to set up. No
      // session, no failure counted, and the lockout count stays as it is.
      Audit(actor, member, audit::action::kSignIn, actor, audit::Outcome::kInfo, "totp_enrolment_shown", client);
      SignedIn out;
      out.enrolment = Enrolment{row.user, Base32Encode(secret), OtpAuthUri(options_.totp_issuer, row.user.id, secret),
                                row.totp_enrol_until};
      return out;
    }
    auto matched = MatchTotp(secret, request.totp_code, now);
    if (!matched) return fail("bad_totp");
    step = *matched;
  }
  DISRUPT_ASSIGN_OR_RETURN(bool fresh, store_.RecordSuccess(row.user.id, step));
  if (!fresh) return fail("totp_replayed");
  if (enrolling) {
    // The first valid code confirms the factor (re-read: RecordSuccess changed the row).
    DISRUPT_ASSIGN_OR_RETURN(auto current, store_.GetUser(row.user.id));
    if (!current) return deny(member, "unknown_user");
    current->totp_enrol_until = 0;
    current->user.totp_enrolled = true;
    current->user.totp_pending = false;
    DISRUPT_RETURN_IF_ERROR(store_.UpdateUser(*current));
    Audit(actor, member, audit::action::kUserAdmin, actor, audit::Outcome::kInfo, "totp_enrolled", client);
  }

  if (NeedsRehash(row.password_hash, limits.password_cost)) {
    auto rehashed = HashPassword(request.password, limits.password_cost);
    auto current = store_.GetUser(row.user.id);
    if (rehashed.ok() && current.ok() && current->has_value()) {
      (*current)->password_hash = *rehashed;
      (void)store_.UpdateUser(**current);  // best effort: the old hash still works
    }
  }

  std::string token = crypto::ToBase64Url(crypto::RandomBytes(kSecretBytes));
  SessionRow session{HashSecret(token), row.user.id, now, now, client.substr(0, 100)};
  DISRUPT_RETURN_IF_ERROR(store_.InsertSession(session));
  // Nobody is signed in unaudited: when the entry cannot be written (the
  // database went away between the two writes), the session is withdrawn.
  if (options_.audit) {
    auto audited = options_.audit->Append({actor, member, audit::action::kSignIn, actor, audit::Outcome::kAllow,
                                           step ? "password_totp" : "password", client.substr(0, audit::kMaxDetail)});
    if (!audited.ok()) {
      (void)store_.DeleteSession(session.id_hash);
      return Status::Unavailable("the audit log cannot be written; try again");
    }
  }
  SignedIn out;
  out.session_token = token;
  out.session = Session{ToPrincipal(row.user), crypto::ToBase64Url(crypto::Blake2b(token, 32, kCsrfKey)), now,
                        now + limits.session_idle_seconds, now + limits.session_absolute_seconds};
  return out;
}

Result<Session> Authenticator::ResumeSession(const std::string& session_token) {
  const long long now = Now();
  const auto& limits = options_.limits;
  if (session_token.empty() || session_token.size() > 100) return Status::Unauthenticated("no valid session");
  const std::string id_hash = HashSecret(session_token);
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetSession(id_hash));
  if (!row) return Status::Unauthenticated("no valid session");
  if (now - row->last_seen > limits.session_idle_seconds || now - row->created_at > limits.session_absolute_seconds) {
    DISRUPT_RETURN_IF_ERROR(store_.DeleteSession(id_hash));
    return Status::Unauthenticated("session expired; sign in again");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto user, store_.GetUser(row->user_id));
  if (!user || user->user.disabled) {
    DISRUPT_RETURN_IF_ERROR(store_.DeleteSession(id_hash));
    return Status::Unauthenticated("no valid session");
  }
  long long last_seen = row->last_seen;
  if (now - last_seen >= limits.session_touch_seconds) {
    DISRUPT_RETURN_IF_ERROR(store_.TouchSession(id_hash, now));
    last_seen = now;
  }
  return Session{ToPrincipal(user->user), crypto::ToBase64Url(crypto::Blake2b(session_token, 32, kCsrfKey)),
                 row->created_at, last_seen + limits.session_idle_seconds,
                 row->created_at + limits.session_absolute_seconds};
}

bool Authenticator::CheckCsrf(const std::string& session_token, const std::string& presented) const {
  if (session_token.empty() || presented.empty()) return false;
  return crypto::ConstantTimeEquals(crypto::ToBase64Url(crypto::Blake2b(session_token, 32, kCsrfKey)), presented);
}

Status Authenticator::SignOut(const std::string& session_token) {
  const std::string id_hash = HashSecret(session_token);
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetSession(id_hash));
  if (!row) return Status::Ok();
  DISRUPT_RETURN_IF_ERROR(store_.DeleteSession(id_hash));
  Audit(row->user_id, "", audit::action::kSignOut, row->user_id, audit::Outcome::kInfo, "signed_out");
  return Status::Ok();
}

Status Authenticator::SignOutEverywhere(const std::string& user_id) {
  DISRUPT_RETURN_IF_ERROR(store_.DeleteSessionsOf(user_id));
  Audit(user_id, "", audit::action::kSignOut, user_id, audit::Outcome::kInfo, "signed_out_everywhere");
  return Status::Ok();
}

Status Authenticator::PurgeExpiredSessions() {
  const long long now = Now();
  return store_.PurgeSessions(now - options_.limits.session_idle_seconds,
                              now - options_.limits.session_absolute_seconds);
}

// ---- API tokens ----------------------------------------------------------------------------

Result<IssuedToken> Authenticator::IssueToken(const std::string& actor, const std::string& user_id,
                                              const std::string& name, const std::set<Scope>& scopes,
                                              long long expires_at) {
  if (scopes.empty()) return Status::InvalidArgument("a token needs at least one scope", "scopes");
  if (Trim(name).empty() || name.size() > 100 || !IsValidUtf8(name)) {
    return Status::InvalidArgument("a token needs a name of at most 100 bytes", "name");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto user, store_.GetUser(user_id));
  if (!user) return Status::NotFound("no user " + user_id);
  IssuedToken out;
  out.token = std::string(kTokenPrefix) + crypto::ToBase64Url(crypto::RandomBytes(kSecretBytes));
  const std::string id_bytes = crypto::RandomBytes(4);
  out.row = TokenRow{"tok_" + crypto::ToHex(id_bytes.data(), id_bytes.size()),
                     HashSecret(out.token),
                     user_id,
                     name,
                     scopes,
                     Now(),
                     expires_at,
                     0,
                     0};
  DISRUPT_RETURN_IF_ERROR(store_.InsertToken(out.row));
  std::string scope_list;
  for (auto s : scopes) scope_list += std::string(scope_list.empty() ? "" : ",") + std::string(ToString(s));
  Audit(actor, "", audit::action::kUserAdmin, user_id, audit::Outcome::kInfo, "token_issued",
        out.row.id + " scopes=" + scope_list);
  out.row.hash.clear();
  return out;
}

Result<policy::Principal> Authenticator::AuthenticateToken(const std::string& token, Scope scope) {
  if (!StartsWith(token, kTokenPrefix) || token.size() > 100) return Status::Unauthenticated("invalid token");
  const long long now = Now();
  DISRUPT_ASSIGN_OR_RETURN(auto row, store_.GetTokenByHash(HashSecret(token)));
  if (!row || row->revoked_at != 0 || (row->expires_at != 0 && row->expires_at <= now)) {
    return Status::Unauthenticated("invalid token");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto user, store_.GetUser(row->user_id));
  if (!user || user->user.disabled) return Status::Unauthenticated("invalid token");
  if (!row->scopes.count(scope)) return Status::Forbidden("token lacks scope " + std::string(ToString(scope)));
  if (now - row->last_used >= options_.limits.session_touch_seconds) {
    DISRUPT_RETURN_IF_ERROR(store_.TouchToken(row->id, now));
  }
  return ToPrincipal(user->user);
}

Status Authenticator::RevokeToken(const std::string& actor, const std::string& token_id) {
  DISRUPT_RETURN_IF_ERROR(store_.RevokeToken(token_id, Now()));
  Audit(actor, "", audit::action::kUserAdmin, token_id, audit::Outcome::kInfo, "token_revoked");
  return Status::Ok();
}

Result<std::vector<TokenRow>> Authenticator::ListTokens(const std::string& user_id) {
  return store_.ListTokens(user_id);
}

Result<Enrolment> CreateFirstAdministrator(Authenticator& authenticator, User admin, const std::string& password) {
  DISRUPT_ASSIGN_OR_RETURN(auto users, authenticator.ListUsers());
  for (const auto& u : users) {
    if (u.roles.count(policy::Role::kAdministrator)) {
      return Status::FailedPrecondition("an administrator already exists (" + u.id + ")");
    }
  }
  admin.roles.insert(policy::Role::kAdministrator);
  return authenticator.AddUser("init", std::move(admin), password);
}

}  // namespace disrupt::auth
