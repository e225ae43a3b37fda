// Provenance and handling: what every record must carry.
//
// Provenance says where a record comes from (originating member, agency,
// case, date reported) and how good it is (admiralty scale: source
// reliability A-F, information credibility 1-6). Handling says who may see it
// and what they may do with it: classification, TLP 2.0 label, handling codes
// in the style of law-enforcement channels, the releasable-to list, the
// originator-control flag, an optional compartment, and the review date set by
// the originator's legal basis. See docs/handling.md.
//
// Anything derived from several records (an analysis, an alert, a bulletin)
// carries the weakest grade and the most restrictive handling of its sources:
// Combine() computes that.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace disrupt::model {

enum class Classification { kUnclassified = 0, kRestricted = 1, kConfidential = 2, kSecret = 3, kTopSecret = 4 };
enum class Tlp { kClear = 0, kGreen = 1, kAmber = 2, kAmberStrict = 3, kRed = 4 };
// Handling codes as used on law-enforcement information exchange channels.
enum class HandlingCode {
  kCrimeFightingOnly = 0,      // use only for the prevention and fight against crime
  kNoJudicialUse = 1,          // not for judicial proceedings without the originator's permission
  kNoOnwardDissemination = 2,  // no onward dissemination without the originator's permission
  kOtherRestrictions = 3,      // other restrictions, stated in `restrictions`
};

std::string_view ToString(Classification c);
std::string_view ToString(Tlp t);
std::string_view ToString(HandlingCode h);
Result<Classification> ParseClassification(std::string_view s);
Result<Tlp> ParseTlp(std::string_view s);
Result<HandlingCode> ParseHandlingCode(std::string_view s);

struct Provenance {
  std::string originator;  // member code (ISO 3166 alpha-3, or an organisation code such as IOM)
  std::string agency;      // originating agency within the member
  std::string case_ref;    // optional: the originator's case identifier
  PartialDate reported;    // date reported, a complete date
  char reliability = 'F';  // A (completely reliable) .. F (cannot be judged)
  int credibility = 6;     // 1 (confirmed) .. 6 (cannot be judged)

  friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct Handling {
  Classification classification = Classification::kRestricted;
  Tlp tlp = Tlp::kAmber;
  std::set<HandlingCode> codes;
  std::string restrictions;                 // free text for kOtherRestrictions
  std::vector<std::string> releasable_to;   // member codes or group names (e.g. ALL_MEMBERS)
  bool originator_control = false;          // ORCON: only the originator may re-release
  std::string compartment;                  // optional named compartment
  PartialDate review_date;                  // retention: review or delete by this date
  std::string legal_basis;                  // optional: the legal basis for holding the record

  friend bool operator==(const Handling&, const Handling&) = default;
};

// Checks that mandatory provenance fields are present and well formed.
// `where` prefixes the field names in the error ("provenance.originator").
Status ValidateProvenance(const Provenance& p);
Status ValidateHandling(const Handling& h);

// The grade of a combination of records: the weakest reliability and credibility.
struct Grade {
  char reliability = 'A';
  int credibility = 1;
};
Grade WeakestGrade(const Grade& a, const Grade& b);

// The most restrictive combination of two handlings: highest classification
// and TLP, union of codes, intersection of releasable-to lists (a group name
// is kept only if both list it), ORCON if either is, the compartments joined,
// the earliest review date.
Handling MostRestrictive(const Handling& a, const Handling& b);

}  // namespace disrupt::model
