// ISO 3166-1 alpha-3 country codes, and the members of the Bali Process
// (states, territories and member organisations) with the named groups that
// handling rules can release records to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace disrupt::model {

// True for an assigned ISO 3166-1 alpha-3 code (upper case).
bool IsCountryCode(std::string_view code);
// All assigned alpha-3 codes, sorted.
const std::vector<std::string_view>& CountryCodes();

enum class MemberKind { kState, kTerritory, kOrganisation };
enum class MemberRole { kMember, kObserver, kMeetingObserver };

struct Member {
  std::string code;  // ISO alpha-3, or an organisation code such as IOM
  std::string name;
  MemberKind kind = MemberKind::kState;
  MemberRole role = MemberRole::kMember;
  bool ad_hoc_group = false;  // one of the most-affected states in the Ad Hoc Group
};

std::string_view ToString(MemberKind k);
std::string_view ToString(MemberRole r);

// Parses the member list CSV (datasets/bali-process-members/members.csv).
// Organisations without an ISO code get a short code from their name's
// parenthesised acronym ("International Organization for Migration (IOM)" -> IOM).
Result<std::vector<Member>> LoadMembers(const std::string& csv_path);

// Named groups usable in releasable-to lists.
inline constexpr std::string_view kGroupAllMembers = "ALL_MEMBERS";      // every member state and organisation
inline constexpr std::string_view kGroupAdHocGroup = "AHG";              // the Ad Hoc Group members
inline constexpr std::string_view kGroupWorkingGroup = "WG_DISRUPTION";  // the Working Group's participants

}  // namespace disrupt::model
