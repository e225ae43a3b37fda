// SessionCache: resolved sessions kept in the server, so that an
// authenticated request does not read auth_session and auth_user (two
// queries on the security database's one connection) every time.
//
// Correctness rests on three rules:
//  1. Revocation is immediate. Every write that can end a session or change
//     its user (sign-out, disabling, a changed user: roles, clearance,
//     compartments; all sessions of a user ended; a password or TOTP reset)
//     passes through auth::RevocationStore, whose listener drops the entries
//     here (Revoke) before the write's request is answered, and announces the
//     revocation on the notifier channel kChannel so that every other server
//     sharing the database drops its entries too (ApplyNotification). A
//     notifier resync (events may have been missed) drops everything.
//  2. The idle clock stays the store's. An entry is served only while
//     `now - last_seen < touch_seconds`, where last_seen is the session's
//     last_seen as read from the store when the entry was made. The first
//     request after that goes to the Authenticator, which re-reads the row,
//     writes last_seen (it does so at most every touch_seconds, exactly as
//     without the cache) and may expire the session; its answer replaces the
//     entry. So a session used on any server is never expired early, and an
//     entry lives at most touch_seconds (the bound on staleness should a
//     revocation be missed, e.g. one made by the CLI in another process on a
//     SQLite store, where notifications stay in the process).
//  3. Nothing revoked is re-inserted: a lookup that raced with a revocation
//     (read the store before the write, returned after it) does not enter the
//     cache (a generation count, bumped by every revocation).
// Entries are keyed by the session's id hash (auth::SessionIdHash), never by
// the token itself; at most `capacity` entries (when full, the cache is
// emptied and refills from the store on each session's next request).
//
// Thread safety: every method may be called from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "auth/auth.h"
#include "auth/revocation_store.h"
#include "notify/notifier.h"

namespace disrupt::server {

class SessionCache {
 public:
  static constexpr std::string_view kChannel = "sessions";

  struct Options {
    long long touch_seconds = 60;      // AuthLimits::session_touch_seconds
    long long idle_seconds = 30 * 60;  // AuthLimits::session_idle_seconds
    size_t capacity = 20000;
    std::function<long long()> now;    // Unix seconds; UnixNow() when empty
  };

  // `auth` must outlive the cache.
  SessionCache(auth::Authenticator& auth, Options options);

  // The session behind a cookie's token: from the cache while its entry is
  // fresh (rule 2), else Authenticator::ResumeSession (same errors), whose
  // answer is cached. The returned session is shared and immutable.
  Result<std::shared_ptr<const auth::Session>> Resume(const std::string& session_token);

  // Drops the entries a revocation concerns (RevocationStore's listener).
  void Revoke(const auth::Revocation& revocation);
  // A notification on kChannel from any server (this one included).
  void ApplyNotification(const notify::Notification& notification);
  // The notifier payload that announces `revocation` (identifiers only:
  // "s:" + hex of the id hash, "u:" + user id, or "*").
  static std::string Payload(const auth::Revocation& revocation);

  size_t size() const;
  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::shared_ptr<const auth::Session> session;
    long long last_seen = 0;
  };
  long long Now() const;
  void DropUserLocked(const std::string& user_id);

  auth::Authenticator& auth_;
  Options options_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // by session id hash
  uint64_t generation_ = 0;                          // bumped by every revocation
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace disrupt::server
