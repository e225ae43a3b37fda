// Dates of birth as member states record them: full, month only, year only,
// in ISO form ("1985-03-14"), compact ("19850314") or day-first
// ("14/03/1985", "14.03.1985", "14-03-1985", as written in the region), and
// comparisons that forgive the usual errors (day and month swapped, one
// mistyped digit, a date known only to the year).
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace disrupt::resolve {

// Parses a date of birth; an empty string gives an empty date.
// kInvalidArgument (field "dob") for text that is no date or an impossible one.
Result<PartialDate> ParseDob(std::string_view raw);

// How two dates of birth agree, from best to worst.
enum class DobAgreement {
  kExact,          // the same full date
  kSwapped,        // day and month swapped
  kClose,          // one digit mistyped, or two adjacent digits swapped
  kPartial,        // one date partial (year, or year and month) and consistent
                   // with the other: the same year and, if known, month
  kSameYear,       // the same year, otherwise different
  kNearYear,       // years one apart
  kDifferent,
  kMissing,        // either date unknown
};

DobAgreement CompareDob(const PartialDate& a, const PartialDate& b);

}  // namespace disrupt::resolve
