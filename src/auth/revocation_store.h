// RevocationStore: an AuthStore decorator that tells a listener, after each
// write that can end a session or change who its user is, which sessions
// that write concerns. The portal server keeps a cache of resolved sessions
// (server/session_cache.h); this is how the cache learns, at once, that a
// session was signed out, that a user was disabled or changed (roles,
// clearance, compartments, member), or that all of a user's sessions ended.
//
// What is announced, after the wrapped write succeeded:
//   DeleteSession(id_hash)          -> Revocation{kSession, id_hash}
//   DeleteSessionsOf(user_id)       -> Revocation{kUser, user_id}
//   UpdateUser(row)                 -> Revocation{kUser, row.user.id}
//   PurgeSessions(...)              -> Revocation{kAll, ""} (rare: a periodic sweep)
// Nothing else changes a resolved session: failed and successful sign-ins
// (RecordFailure, RecordSuccess) touch only lockout and TOTP-replay columns,
// TouchSession only moves the idle clock (which the cache re-reads from the
// store at every touch interval), and API tokens are not cached.
// A write that fails announces nothing (nothing changed). When the listener
// is called the change is committed, so a cache that drops the entry and
// re-reads sees the new state.
//
// Holds a reference to the wrapped store, which must outlive it. Thread
// safety: that of the wrapped store; the listener may be called from
// several threads at once and must be quick.
#pragma once

#include <functional>
#include <string>

#include "auth/auth.h"

namespace disrupt::auth {

struct Revocation {
  enum class Kind { kSession, kUser, kAll };
  Kind kind = Kind::kAll;
  std::string key;  // the session's id hash (kSession), the user id (kUser), "" (kAll)
};

class RevocationStore final : public AuthStore {
 public:
  using Listener = std::function<void(const Revocation&)>;
  RevocationStore(AuthStore& inner, Listener listener) : inner_(inner), listener_(std::move(listener)) {}

  Status InsertUser(const UserRow& row) override { return inner_.InsertUser(row); }
  Status UpdateUser(const UserRow& row) override;
  Result<std::optional<UserRow>> GetUser(const std::string& id) override { return inner_.GetUser(id); }
  Result<std::vector<User>> ListUsers() override { return inner_.ListUsers(); }
  Result<int> RecordFailure(const std::string& id, long long now,
                            const std::function<long long(int)>& lock_for) override {
    return inner_.RecordFailure(id, now, lock_for);
  }
  Result<bool> RecordSuccess(const std::string& id, long long totp_step) override {
    return inner_.RecordSuccess(id, totp_step);
  }
  Status InsertSession(const SessionRow& row) override { return inner_.InsertSession(row); }
  Result<std::optional<SessionRow>> GetSession(const std::string& id_hash) override {
    return inner_.GetSession(id_hash);
  }
  Status TouchSession(const std::string& id_hash, long long now) override {
    return inner_.TouchSession(id_hash, now);
  }
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteSessionsOf(const std::string& user_id) override;
  Status PurgeSessions(long long idle_before, long long created_before) override;
  Status InsertToken(const TokenRow& row) override { return inner_.InsertToken(row); }
  Result<std::optional<TokenRow>> GetTokenByHash(const std::string& hash) override {
    return inner_.GetTokenByHash(hash);
  }
  Result<std::vector<TokenRow>> ListTokens(const std::string& user_id) override {
    return inner_.ListTokens(user_id);
  }
  Status RevokeToken(const std::string& id, long long now) override { return inner_.RevokeToken(id, now); }
  Status TouchToken(const std::string& id, long long now) override { return inner_.TouchToken(id, now); }

 private:
  Status Announce(Status written, Revocation::Kind kind, const std::string& key);
  AuthStore& inner_;
  Listener listener_;
};

// The session id hash stored for a session token (BLAKE2b-256, as the
// Authenticator stores it): the key under which caches hold a session and
// the key of a kSession revocation.
std::string SessionIdHash(std::string_view session_token);

}  // namespace disrupt::auth
