// disrupt init: creates (or brings up to date) a catalogue store, loads the
// Bali Process members and the named groups handling rules release to.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/date.h"

namespace disrupt::cli {

int InitCommand(const Argv& argv) {
  Args args("init", "Create a catalogue store (or migrate an existing one) and load the member states and organisations.");
  AddStoreOption(args).Option("members", "Member list CSV", "datasets/bali-process-members/members.csv");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("init", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  auto members = model::LoadMembers(args.Get("members"));
  if (!members.ok()) return Fail("init", members.status());
  std::string uri = args.Get("store");
  if (uri.find("://") == std::string::npos) {
    std::string path = uri.rfind("sqlite:", 0) == 0 ? uri.substr(7) : uri;
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto store = OpenStore(args);
  if (!store.ok()) return Fail("init", store.status());
  auto& st = *store.value();
  if (s = st.PutMembers(members.value()); !s.ok()) return Fail("init", s);
  std::vector<std::string> all, ahg;
  for (const auto& m : members.value()) {
    if (m.role != model::MemberRole::kMember) continue;
    all.push_back(m.code);
    if (m.ad_hoc_group) ahg.push_back(m.code);
  }
  // The Working Group's participants default to every member; the secretariat narrows it.
  auto groups = st.Groups();
  if (!groups.ok()) return Fail("init", groups.status());
  if (s = st.PutGroup(std::string(model::kGroupAllMembers), all); !s.ok()) return Fail("init", s);
  if (s = st.PutGroup(std::string(model::kGroupAdHocGroup), ahg); !s.ok()) return Fail("init", s);
  if (!groups->count(std::string(model::kGroupWorkingGroup))) {
    if (s = st.PutGroup(std::string(model::kGroupWorkingGroup), all); !s.ok()) return Fail("init", s);
  }
  auto created = st.GetSetting("created_at");
  if (!created.ok()) return Fail("init", created.status());
  if (!created.value()) {
    if (s = st.PutSetting("created_at", FormatTimestamp(UnixNow())); !s.ok()) return Fail("init", s);
  }
  std::cout << "store ready: " << uri << " (schema version " << st.SchemaVersion() << ", " << members->size()
            << " members, " << all.size() << " in " << model::kGroupAllMembers << ", " << ahg.size() << " in "
            << model::kGroupAdHocGroup << ")\n";
  return 0;
}

}  // namespace disrupt::cli
