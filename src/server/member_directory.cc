// MemberDirectory: an immutable GroupDirectory snapshot swapped on reload;
// see member_directory.h.
#include "server/member_directory.h"

namespace disrupt::server {

Result<std::unique_ptr<MemberDirectory>> MemberDirectory::Open(store::Store& store) {
  std::unique_ptr<MemberDirectory> directory(new MemberDirectory(store));
  DISRUPT_RETURN_IF_ERROR(directory->Reload());
  return directory;
}

Status MemberDirectory::Reload() {
  DISRUPT_ASSIGN_OR_RETURN(auto members, store_.Members());
  DISRUPT_ASSIGN_OR_RETURN(auto groups, store_.Groups());
  auto next = std::make_shared<const policy::GroupDirectory>(members, groups);
  std::lock_guard lock(mu_);
  current_ = std::move(next);
  return Status::Ok();
}

std::shared_ptr<const policy::GroupDirectory> MemberDirectory::Current() const {
  std::lock_guard lock(mu_);
  return current_;
}

std::set<std::string> MemberDirectory::GroupsOf(std::string_view member) const { return Current()->GroupsOf(member); }
bool MemberDirectory::IsMember(std::string_view code) const { return Current()->IsMember(code); }
bool MemberDirectory::IsGroup(std::string_view name) const { return Current()->IsGroup(name); }

}  // namespace disrupt::server
