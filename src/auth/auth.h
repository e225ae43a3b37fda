// Identity: users, sign-in with password and TOTP, lockout, sessions and API
// tokens. The portal server authenticates every request through an
// Authenticator and hands the resulting policy::Principal to the policy.
//
// Users belong to a member and an agency, hold roles and a clearance
// (policy.h), and may be disabled. Secrets are never stored in the clear:
//  - passwords as Argon2id hashes (password.h);
//  - session ids (256 random bits) and API tokens (256 random bits) as their
//    BLAKE2b-256 hash, so a copy of the database cannot be replayed; the
//    plaintext is returned once, to be put in a cookie or shown to the user;
//  - TOTP secrets encrypted with the field key (crypto/field_cipher.h) when
//    the Authenticator has one, otherwise as given.
// The CSRF token of a session is derived from its id (keyed BLAKE2b,
// domain-separated), so it needs no storage and changes with the session.
//
// Lockout: after AuthLimits::free_failures consecutive failed sign-ins a user is locked
// for 30 s, doubling with each further failure up to 15 min; while locked,
// sign-in is refused (kResourceExhausted) without checking the password.
// A successful sign-in clears the count.
//
// Errors never say which factor failed or whether the user exists: a wrong
// user, password or code, and a disabled user, all give the same
// kUnauthenticated "invalid credentials" (after the same Argon2id work).
//
// Persistence sits behind AuthStore (below); SqlAuthStore keeps its tables
// in the catalogue's database, the SQLite file or PostgreSQL. No state lives
// in the process: several servers sharing one PostgreSQL database see the
// same users, sessions (a session opened through one server is valid on
// every other), API tokens and lockouts (failures counted together).
//
// Every sign-in (success or failure) and user administration step is
// appended to the audit log when one is given.
//
// Thread safety: Authenticator and SqlAuthStore may be used from several threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/password.h"
#include "core/status.h"
#include "crypto/field_cipher.h"
#include "policy/policy.h"

namespace disrupt::auth {

// ---- users ----------------------------------------------------------------

struct User {
  std::string id;            // login name: 2-64 of [a-z0-9._-], starting with a letter
  std::string display_name;
  std::string member;        // member code
  std::string agency;
  std::set<policy::Role> roles;
  std::optional<policy::Clearance> clearance;
  std::set<std::string> compartments;
  bool disabled = false;
  bool totp_required = true;  // false only for demonstration accounts
  bool totp_enrolled = false; // maintained by the Authenticator: a confirmed second factor
  bool totp_pending = false;  // maintained by the Authenticator: set up, waiting for the user's first code
  long long created_at = 0;
};

// Checks the id's form, member code (non-empty, upper case), at least one
// role, clearance fields. kInvalidArgument naming the field.
Status ValidateUser(const User& user);

// ---- API token scopes ---------------------------------------------------------

enum class Scope { kRead, kWrite, kExport, kAudit };
std::string_view ToString(Scope s);           // "read", "write", "export", "audit"
Result<Scope> ParseScope(std::string_view s);

// ---- persistence --------------------------------------------------------------

// Stored user row: the User plus its secrets and lockout state.
struct UserRow {
  User user;
  std::string password_hash;
  std::string totp_secret;       // as stored (maybe encrypted); empty = not enrolled
  long long totp_last_step = 0;  // last accepted TOTP step (replay guard)
  int failures = 0;              // consecutive failed sign-ins
  long long locked_until = 0;    // Unix seconds
  // A second factor set by an administrator and not yet confirmed by a code
  // from the user's app: usable for enrolment until this time (Unix seconds).
  // 0 = confirmed (or none).
  long long totp_enrol_until = 0;
};

struct SessionRow {
  std::string id_hash;  // BLAKE2b-256 of the session id
  std::string user_id;
  long long created_at = 0;
  long long last_seen = 0;
  std::string client;   // e.g. the client's address, for the user's session list
};

struct TokenRow {
  std::string id;         // public id ("tok_" + 8 hex), shown in lists and audit
  std::string hash;       // BLAKE2b-256 of the token
  std::string user_id;
  std::string name;
  std::set<Scope> scopes;
  long long created_at = 0;
  long long expires_at = 0;  // 0 = no expiry
  long long revoked_at = 0;  // 0 = active
  long long last_used = 0;
};

// The narrow persistence interface. Implementations make each call atomic.
class AuthStore {
 public:
  virtual ~AuthStore() = default;
  // kConflict when the id exists.
  virtual Status InsertUser(const UserRow& row) = 0;
  // Replaces the row. kNotFound when absent.
  virtual Status UpdateUser(const UserRow& row) = 0;
  virtual Result<std::optional<UserRow>> GetUser(const std::string& id) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Records a failed sign-in atomically: increments the count and sets
  // locked_until from `lock_for(new count)` seconds after `now`. Returns the new count.
  virtual Result<int> RecordFailure(const std::string& id, long long now,
                                    const std::function<long long(int)>& lock_for) = 0;
  // Clears failures and sets the last TOTP step, only if `totp_step` is greater
  // than the stored one (atomic replay guard). False when the step was used.
  virtual Result<bool> RecordSuccess(const std::string& id, long long totp_step) = 0;

  virtual Status InsertSession(const SessionRow& row) = 0;
  virtual Result<std::optional<SessionRow>> GetSession(const std::string& id_hash) = 0;
  virtual Status TouchSession(const std::string& id_hash, long long now) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  virtual Status DeleteSessionsOf(const std::string& user_id) = 0;
  // Deletes sessions last seen before `idle_before` or created before `created_before`.
  virtual Status PurgeSessions(long long idle_before, long long created_before) = 0;

  virtual Status InsertToken(const TokenRow& row) = 0;
  virtual Result<std::optional<TokenRow>> GetTokenByHash(const std::string& hash) = 0;
  virtual Result<std::vector<TokenRow>> ListTokens(const std::string& user_id) = 0;  // all users when empty
  virtual Status RevokeToken(const std::string& id, long long now) = 0;  // kNotFound when absent
  virtual Status TouchToken(const std::string& id, long long now) = 0;
};

// AuthStore over the security database (audit/security_db.h): SQLite or
// PostgreSQL, chosen by the location.
class SqlAuthStore final : public AuthStore {
 public:
  // Opens the auth tables at `path`: a SQLite file or a postgresql:// store
  // URI (audit::PathFromStoreUri), created and migrated. kUnavailable when
  // the database cannot be opened or reached.
  static Result<std::unique_ptr<SqlAuthStore>> Open(const std::string& path);
  ~SqlAuthStore() override;

  Status InsertUser(const UserRow& row) override;
  Status UpdateUser(const UserRow& row) override;
  Result<std::optional<UserRow>> GetUser(const std::string& id) override;
  Result<std::vector<User>> ListUsers() override;
  Result<int> RecordFailure(const std::string& id, long long now,
                            const std::function<long long(int)>& lock_for) override;
  Result<bool> RecordSuccess(const std::string& id, long long totp_step) override;
  Status InsertSession(const SessionRow& row) override;
  Result<std::optional<SessionRow>> GetSession(const std::string& id_hash) override;
  Status TouchSession(const std::string& id_hash, long long now) override;
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteSessionsOf(const std::string& user_id) override;
  Status PurgeSessions(long long idle_before, long long created_before) override;
  Status InsertToken(const TokenRow& row) override;
  Result<std::optional<TokenRow>> GetTokenByHash(const std::string& hash) override;
  Result<std::vector<TokenRow>> ListTokens(const std::string& user_id) override;
  Status RevokeToken(const std::string& id, long long now) override;
  Status TouchToken(const std::string& id, long long now) override;

 private:
  explicit SqlAuthStore(std::unique_ptr<audit::SecurityDb> db);
  std::unique_ptr<audit::SecurityDb> db_;
};

// The name SqlAuthStore had when it served SQLite only.
using SqliteAuthStore = SqlAuthStore;

// ---- the authenticator ------------------------------------------------------------

struct AuthLimits {
  long long session_idle_seconds = 30 * 60;        // signed out after 30 min without a request
  long long session_absolute_seconds = 12 * 3600;  // and after 12 h in any case
  long long session_touch_seconds = 60;            // last_seen is written at most once a minute
  int free_failures = 5;                           // failures before the first lock
  long long first_lock_seconds = 30;               // doubled per further failure
  long long max_lock_seconds = 15 * 60;
  long long enrolment_seconds = 72 * 3600;         // a new second factor must be confirmed within 3 days
  PasswordCost password_cost = kOwaspCost;
};

struct AuthOptions {
  AuthLimits limits;
  // Encrypts TOTP secrets at rest when set; must outlive the Authenticator.
  const crypto::FieldCipher* cipher = nullptr;
  // Appends sign-ins and administration steps when set; must outlive the Authenticator.
  audit::AuditLog* audit = nullptr;
  // Resolves the groups of a member for Principal::groups (policy::GroupDirectory::GroupsOf).
  std::function<std::set<std::string>(const std::string& member)> resolve_groups;
  // Clock (Unix seconds); tests inject their own.
  std::function<long long()> now;
  std::string totp_issuer = "Disrupt";
};

// A second factor waiting for its first code: what a new user or a TOTP
// reset gives the administrator, once, and what the user is shown at a
// sign-in with the right password until the factor is confirmed.
struct Enrolment {
  User user;
  std::string totp_secret_base32;  // empty when TOTP is not required
  std::string totp_uri;            // otpauth:// URI for an authenticator app
  long long enrol_until = 0;       // the factor must be confirmed by then (Unix seconds)
};

struct SignInRequest {
  std::string user_id;
  std::string password;
  std::string totp_code;  // ignored for users without TOTP
  std::string client;     // the client's address, for the audit log (no secrets)
};

// A live session as the server sees it on each request.
struct Session {
  policy::Principal principal;
  std::string csrf_token;        // to embed in pages and compare on state changes
  long long created_at = 0;
  long long idle_expires_at = 0;
  long long absolute_expires_at = 0;
};

// Either a session, or (self-service enrolment) no session yet but the
// second factor to set up: the client shows it and signs in again with the
// password and the first code from the app.
struct SignedIn {
  std::string session_token;     // put in the cookie; never stored or logged; empty with `enrolment`
  Session session;
  std::optional<Enrolment> enrolment;
};

struct IssuedToken {
  TokenRow row;                  // without the secret
  std::string token;             // "dsk_" + base64url(32 bytes): shown once
};

class Authenticator {
 public:
  Authenticator(AuthStore& store, AuthOptions options);

  // -- user administration (the caller has checked the administrator role) --

  // Creates a user with `password` (CheckPasswordRules) and, when
  // totp_required, a new TOTP secret. kConflict for an existing id,
  // kInvalidArgument for a bad user or password. `actor` is recorded in the audit log.
  Result<Enrolment> AddUser(const std::string& actor, User user, const std::string& password);
  // Replaces roles, clearance, compartments, names (not secrets). kNotFound.
  Status UpdateUser(const std::string& actor, const User& user);
  // Disables (or re-enables) a user; disabling also ends their sessions.
  Status SetDisabled(const std::string& actor, const std::string& user_id, bool disabled);
  // A new TOTP secret (the old one stops working); ends the user's sessions.
  Result<Enrolment> ResetTotp(const std::string& actor, const std::string& user_id);
  Status SetPassword(const std::string& actor, const std::string& user_id, const std::string& password);
  // Clears a lockout.
  Status Unlock(const std::string& actor, const std::string& user_id);
  Result<std::optional<User>> GetUser(const std::string& user_id);
  Result<std::vector<User>> ListUsers();

  // -- sign-in and sessions --

  // Password, then TOTP, then a new session. kUnauthenticated "invalid
  // credentials" for any wrong factor, unknown or disabled user, or a
  // replayed code; kResourceExhausted "too many failed sign-ins, try again
  // in N s" while locked.
  // Self-service enrolment: while the user's second factor is unconfirmed
  // (new user, or reset), the right password without a code returns the
  // Enrolment instead of a session (audited, not counted as a failure); the
  // right password with a valid code confirms the factor and opens the
  // session. After AuthLimits::enrolment_seconds the factor is no longer
  // shown: the password alone gives kFailedPrecondition (after the right
  // password only); a valid code from it (handed over by an administrator)
  // still confirms it.
  Result<SignedIn> SignIn(const SignInRequest& request);
  // The session behind a cookie's token. kUnauthenticated when unknown,
  // idle or past its absolute expiry (expired sessions are deleted), or
  // when the user has been disabled since.
  Result<Session> ResumeSession(const std::string& session_token);
  // True when `presented` is the session's CSRF token (constant time).
  bool CheckCsrf(const std::string& session_token, const std::string& presented) const;
  Status SignOut(const std::string& session_token);
  Status SignOutEverywhere(const std::string& user_id);
  // Deletes expired sessions (the server runs it now and then).
  Status PurgeExpiredSessions();

  // -- API tokens for machine clients --

  // kInvalidArgument for no scopes or an empty name; kNotFound for no such user.
  // expires_at 0 = no expiry.
  Result<IssuedToken> IssueToken(const std::string& actor, const std::string& user_id, const std::string& name,
                                 const std::set<Scope>& scopes, long long expires_at);
  // The principal behind a token, if it carries `scope`. kUnauthenticated for
  // an unknown, revoked or expired token or a disabled user; kForbidden
  // ("token lacks scope write") when the scope is missing.
  Result<policy::Principal> AuthenticateToken(const std::string& token, Scope scope);
  Status RevokeToken(const std::string& actor, const std::string& token_id);
  Result<std::vector<TokenRow>> ListTokens(const std::string& user_id);

  // The principal for a user (groups resolved). kNotFound.
  Result<policy::Principal> PrincipalFor(const std::string& user_id);

 private:
  long long Now() const;
  policy::Principal ToPrincipal(const User& user) const;
  std::string SealTotp(const std::string& user_id, const std::string& secret) const;
  Result<std::string> OpenTotp(const std::string& user_id, const std::string& stored) const;
  void Audit(const std::string& actor, const std::string& member, const char* action, const std::string& target,
             audit::Outcome outcome, const std::string& reason, const std::string& detail = {});
  AuthStore& store_;
  AuthOptions options_;
  std::string dummy_hash_;  // verified against when the user is unknown, to equalise timing
};

// For `disrupt init`: creates the first administrator of a fresh platform.
// kFailedPrecondition when any user with the administrator role exists.
// The user gets the administrator role (plus any in `admin.roles`) and a TOTP enrolment.
Result<Enrolment> CreateFirstAdministrator(Authenticator& authenticator, User admin, const std::string& password);

}  // namespace disrupt::auth
