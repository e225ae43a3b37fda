// RevocationStore; see revocation_store.h.
#include "auth/revocation_store.h"

#include "crypto/keys.h"

namespace disrupt::auth {

Status RevocationStore::Announce(Status written, Revocation::Kind kind, const std::string& key) {
  if (written.ok() && listener_) listener_(Revocation{kind, key});
  return written;
}

Status RevocationStore::UpdateUser(const UserRow& row) {
  return Announce(inner_.UpdateUser(row), Revocation::Kind::kUser, row.user.id);
}

Status RevocationStore::DeleteSession(const std::string& id_hash) {
  return Announce(inner_.DeleteSession(id_hash), Revocation::Kind::kSession, id_hash);
}

Status RevocationStore::DeleteSessionsOf(const std::string& user_id) {
  return Announce(inner_.DeleteSessionsOf(user_id), Revocation::Kind::kUser, user_id);
}

Status RevocationStore::PurgeSessions(long long idle_before, long long created_before) {
  return Announce(inner_.PurgeSessions(idle_before, created_before), Revocation::Kind::kAll, "");
}

std::string SessionIdHash(std::string_view session_token) { return crypto::Blake2b(session_token, 32); }

}  // namespace disrupt::auth
