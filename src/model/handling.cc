// Provenance and handling validation and combination; see handling.h.
#include "model/handling.h"

#include <algorithm>

#include "core/text.h"

namespace disrupt::model {

std::string_view ToString(Classification c) {
  switch (c) {
    case Classification::kUnclassified: return "UNCLASSIFIED";
    case Classification::kRestricted: return "RESTRICTED";
    case Classification::kConfidential: return "CONFIDENTIAL";
    case Classification::kSecret: return "SECRET";
    case Classification::kTopSecret: return "TOP SECRET";
  }
  return "RESTRICTED";
}

std::string_view ToString(Tlp t) {
  switch (t) {
    case Tlp::kClear: return "TLP:CLEAR";
    case Tlp::kGreen: return "TLP:GREEN";
    case Tlp::kAmber: return "TLP:AMBER";
    case Tlp::kAmberStrict: return "TLP:AMBER+STRICT";
    case Tlp::kRed: return "TLP:RED";
  }
  return "TLP:AMBER";
}

std::string_view ToString(HandlingCode h) {
  switch (h) {
    case HandlingCode::kCrimeFightingOnly: return "crime_fighting_only";
    case HandlingCode::kNoJudicialUse: return "no_judicial_use";
    case HandlingCode::kNoOnwardDissemination: return "no_onward_dissemination";
    case HandlingCode::kOtherRestrictions: return "other_restrictions";
  }
  return "other_restrictions";
}

Result<Classification> ParseClassification(std::string_view s) {
  std::string u = AsciiUpper(Trim(s));
  std::replace(u.begin(), u.end(), '_', ' ');
  if (u == "UNCLASSIFIED" || u == "OFFICIAL") return Classification::kUnclassified;
  if (u == "RESTRICTED") return Classification::kRestricted;
  if (u == "CONFIDENTIAL") return Classification::kConfidential;
  if (u == "SECRET") return Classification::kSecret;
  if (u == "TOP SECRET") return Classification::kTopSecret;
  return Status::InvalidArgument("unknown classification '" + std::string(s) +
                                     "' (want UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP SECRET)",
                                 "handling.classification");
}

Result<Tlp> ParseTlp(std::string_view s) {
  std::string u = AsciiUpper(Trim(s));
  if (StartsWith(u, "TLP:")) u = u.substr(4);
  if (u == "CLEAR" || u == "WHITE") return Tlp::kClear;
  if (u == "GREEN") return Tlp::kGreen;
  if (u == "AMBER") return Tlp::kAmber;
  if (u == "AMBER+STRICT" || u == "AMBER_STRICT") return Tlp::kAmberStrict;
  if (u == "RED") return Tlp::kRed;
  return Status::InvalidArgument("unknown TLP label '" + std::string(s) +
                                     "' (want CLEAR, GREEN, AMBER, AMBER+STRICT or RED)",
                                 "handling.tlp");
}

Result<HandlingCode> ParseHandlingCode(std::string_view s) {
  std::string u = AsciiLower(Trim(s));
  if (u == "crime_fighting_only" || u == "h0") return HandlingCode::kCrimeFightingOnly;
  if (u == "no_judicial_use" || u == "h1") return HandlingCode::kNoJudicialUse;
  if (u == "no_onward_dissemination" || u == "h2") return HandlingCode::kNoOnwardDissemination;
  if (u == "other_restrictions" || u == "h3") return HandlingCode::kOtherRestrictions;
  return Status::InvalidArgument("unknown handling code '" + std::string(s) +
                                     "' (want crime_fighting_only, no_judicial_use, no_onward_dissemination or "
                                     "other_restrictions)",
                                 "handling.codes");
}

Status ValidateProvenance(const Provenance& p) {
  if (Trim(p.originator).empty()) return Status::InvalidArgument("missing originating member", "provenance.originator");
  if (Trim(p.agency).empty()) return Status::InvalidArgument("missing originating agency", "provenance.agency");
  if (!p.reported.complete()) {
    return Status::InvalidArgument("missing or partial date reported (want YYYY-MM-DD)", "provenance.reported");
  }
  if (p.reliability < 'A' || p.reliability > 'F') {
    return Status::InvalidArgument("source reliability must be A to F", "provenance.reliability");
  }
  if (p.credibility < 1 || p.credibility > 6) {
    return Status::InvalidArgument("information credibility must be 1 to 6", "provenance.credibility");
  }
  return Status::Ok();
}

Status ValidateHandling(const Handling& h) {
  if (h.review_date.empty()) {
    return Status::InvalidArgument("missing review date (retention set by the originator's legal basis)",
                                   "handling.review_date");
  }
  if (h.codes.count(HandlingCode::kOtherRestrictions) && Trim(h.restrictions).empty()) {
    return Status::InvalidArgument("handling code other_restrictions needs the restrictions stated",
                                   "handling.restrictions");
  }
  for (const auto& r : h.releasable_to) {
    if (Trim(r).empty()) return Status::InvalidArgument("empty entry in releasable-to list", "handling.releasable_to");
  }
  return Status::Ok();
}

Grade WeakestGrade(const Grade& a, const Grade& b) {
  return Grade{std::max(a.reliability, b.reliability), std::max(a.credibility, b.credibility)};
}

Handling MostRestrictive(const Handling& a, const Handling& b) {
  Handling h;
  h.classification = std::max(a.classification, b.classification);
  h.tlp = std::max(a.tlp, b.tlp);
  h.codes = a.codes;
  h.codes.insert(b.codes.begin(), b.codes.end());
  if (!a.restrictions.empty() && !b.restrictions.empty() && a.restrictions != b.restrictions) {
    h.restrictions = a.restrictions + "; " + b.restrictions;
  } else {
    h.restrictions = a.restrictions.empty() ? b.restrictions : a.restrictions;
  }
  for (const auto& r : a.releasable_to) {
    if (std::find(b.releasable_to.begin(), b.releasable_to.end(), r) != b.releasable_to.end()) {
      h.releasable_to.push_back(r);
    }
  }
  h.originator_control = a.originator_control || b.originator_control;
  if (a.compartment.empty()) h.compartment = b.compartment;
  else if (b.compartment.empty() || b.compartment == a.compartment) h.compartment = a.compartment;
  else h.compartment = a.compartment + "+" + b.compartment;
  if (a.review_date.empty()) h.review_date = b.review_date;
  else if (b.review_date.empty()) h.review_date = a.review_date;
  else h.review_date = a.review_date.EarliestDay() <= b.review_date.EarliestDay() ? a.review_date : b.review_date;
  h.legal_basis = a.legal_basis == b.legal_basis ? a.legal_basis : std::string();
  return h;
}

}  // namespace disrupt::model
