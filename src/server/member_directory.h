// MemberDirectory: the member states and organisations and the named groups
// they form (policy::GroupDirectory), as the store holds them now. An
// administrator's change to a member (a new member, a member joining the Ad
// Hoc Group) is taken up by Reload(), which the server calls after its own
// change and when another server announces one on the "members" channel
// (notify/notifier.h), so that every principal's groups follow at once.
//
// Thread safety: every method may be called from several threads; readers
// share an immutable snapshot, Reload swaps it.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"
#include "policy/policy.h"
#include "store/store.h"

namespace disrupt::server {

// The notifier channel on which a server announces a change of members.
inline constexpr std::string_view kMembersChannel = "members";

class MemberDirectory {
 public:
  // Reads the members and groups; kUnavailable when the store cannot be read.
  static Result<std::unique_ptr<MemberDirectory>> Open(store::Store& store);

  // Reads them again and replaces the snapshot; on failure the old one stays.
  Status Reload();
  std::set<std::string> GroupsOf(std::string_view member) const;
  bool IsMember(std::string_view code) const;
  bool IsGroup(std::string_view name) const;

 private:
  explicit MemberDirectory(store::Store& store) : store_(store) {}
  std::shared_ptr<const policy::GroupDirectory> Current() const;
  store::Store& store_;
  mutable std::mutex mu_;
  std::shared_ptr<const policy::GroupDirectory> current_;
};

}  // namespace disrupt::server
