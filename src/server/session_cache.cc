// SessionCache; see session_cache.h.
#include "server/session_cache.h"

#include "core/date.h"
#include "crypto/keys.h"

namespace disrupt::server {

SessionCache::SessionCache(auth::Authenticator& auth, Options options) : auth_(auth), options_(std::move(options)) {}

long long SessionCache::Now() const { return options_.now ? options_.now() : UnixNow(); }

Result<std::shared_ptr<const auth::Session>> SessionCache::Resume(const std::string& session_token) {
  const long long now = Now();
  std::string key = auth::SessionIdHash(session_token);
  uint64_t generation = 0;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      const Entry& e = it->second;
      // Fresh: within the touch interval of the store's last_seen, and (for
      // a touch interval configured longer than the limits) not expired.
      if (now - e.last_seen < options_.touch_seconds && now < e.session->idle_expires_at &&
          now < e.session->absolute_expires_at) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return e.session;
      }
    }
    generation = generation_;
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  auto resumed = auth_.ResumeSession(session_token);
  if (!resumed.ok()) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    entries_.erase(key);
    return resumed.status();
  }
  auto session = std::make_shared<const auth::Session>(std::move(resumed).value());
  Entry entry{session, session->idle_expires_at - options_.idle_seconds};
  std::unique_lock<std::shared_mutex> lock(mu_);
  // A revocation since the read may concern this session: do not keep it
  // (this request was resolved before the revocation was answered).
  if (generation_ == generation) {
    if (entries_.size() >= options_.capacity && !entries_.count(key)) entries_.clear();
    entries_[std::move(key)] = std::move(entry);
  }
  return session;
}

void SessionCache::DropUserLocked(const std::string& user_id) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.session->principal.user_id == user_id) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void SessionCache::Revoke(const auth::Revocation& revocation) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  ++generation_;
  switch (revocation.kind) {
    case auth::Revocation::Kind::kSession: entries_.erase(revocation.key); break;
    case auth::Revocation::Kind::kUser: DropUserLocked(revocation.key); break;
    case auth::Revocation::Kind::kAll: entries_.clear(); break;
  }
}

std::string SessionCache::Payload(const auth::Revocation& revocation) {
  switch (revocation.kind) {
    case auth::Revocation::Kind::kSession: return "s:" + crypto::ToHex(revocation.key.data(), revocation.key.size());
    case auth::Revocation::Kind::kUser: return "u:" + revocation.key;
    case auth::Revocation::Kind::kAll: return "*";
  }
  return "*";
}

void SessionCache::ApplyNotification(const notify::Notification& n) {
  auth::Revocation revocation;  // kAll unless the payload names less
  if (!n.resync && n.payload.size() > 2 && n.payload[1] == ':') {
    std::string_view rest = std::string_view(n.payload).substr(2);
    if (n.payload[0] == 'u') {
      revocation = {auth::Revocation::Kind::kUser, std::string(rest)};
    } else if (n.payload[0] == 's') {
      auto bytes = crypto::FromHex(rest);
      if (bytes.ok()) revocation = {auth::Revocation::Kind::kSession, std::move(bytes).value()};
    }
  }
  Revoke(revocation);
}

size_t SessionCache::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return entries_.size();
}

}  // namespace disrupt::server
