// Country codes and the Bali Process member list; see countries.h.
#include "model/countries.h"

#include <algorithm>

#include "core/csv.h"
#include "core/text.h"

namespace disrupt::model {

const std::vector<std::string_view>& CountryCodes() {
  static const std::vector<std::string_view> codes = {
#include "model/countries_table.inc"
  };
  return codes;
}

bool IsCountryCode(std::string_view code) {
  const auto& codes = CountryCodes();
  return std::binary_search(codes.begin(), codes.end(), code);
}

std::string_view ToString(MemberKind k) {
  switch (k) {
    case MemberKind::kState: return "state";
    case MemberKind::kTerritory: return "territory";
    case MemberKind::kOrganisation: return "organisation";
  }
  return "state";
}

std::string_view ToString(MemberRole r) {
  switch (r) {
    case MemberRole::kMember: return "member";
    case MemberRole::kObserver: return "observer";
    case MemberRole::kMeetingObserver: return "meeting_observer";
  }
  return "member";
}

Result<std::vector<Member>> LoadMembers(const std::string& csv_path) {
  DISRUPT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(csv_path));
  std::vector<std::string> row;
  if (!reader->Next(row)) return Status::InvalidArgument("empty member list", csv_path);
  CsvHeader header(row);
  int c_name = header.Find("name"), c_iso3 = header.Find("iso3"), c_kind = header.Find("kind"),
      c_role = header.Find("role_latest"), c_ahg = header.Find("ad_hoc_group");
  if (c_name < 0 || c_iso3 < 0 || c_kind < 0 || c_role < 0) {
    return Status::InvalidArgument("member list needs columns name, iso3, kind, role_latest", csv_path + ":1");
  }
  std::vector<Member> members;
  while (reader->Next(row)) {
    std::string where = csv_path + ":" + std::to_string(reader->line());
    if (!reader->error().ok()) return reader->error();
    auto col = [&](int i) { return i >= 0 && i < static_cast<int>(row.size()) ? std::string(Trim(row[i])) : ""; };
    Member m;
    m.name = col(c_name);
    m.code = col(c_iso3);
    std::string kind = col(c_kind), role = col(c_role);
    if (kind == "state") m.kind = MemberKind::kState;
    else if (kind == "territory") m.kind = MemberKind::kTerritory;
    else if (kind == "organisation") m.kind = MemberKind::kOrganisation;
    else return Status::InvalidArgument("unknown member kind '" + kind + "'", where + ":kind");
    if (role == "member") m.role = MemberRole::kMember;
    else if (role == "observer") m.role = MemberRole::kObserver;
    else if (role == "meeting_observer") m.role = MemberRole::kMeetingObserver;
    else return Status::InvalidArgument("unknown member role '" + role + "'", where + ":role_latest");
    m.ad_hoc_group = col(c_ahg) == "yes";
    if (m.code.empty()) {
      size_t open = m.name.rfind('('), close = m.name.rfind(')');
      if (open != std::string::npos && close != std::string::npos && close > open + 1) {
        m.code = m.name.substr(open + 1, close - open - 1);
      } else if (m.name == "European Union") {
        m.code = "EU";
      } else {
        continue;  // no usable code: cannot be named in handling rules
      }
    } else if (!IsCountryCode(m.code)) {
      return Status::InvalidArgument("not an ISO 3166-1 alpha-3 code: '" + m.code + "'", where + ":iso3");
    }
    members.push_back(std::move(m));
  }
  return members;
}

}  // namespace disrupt::model
