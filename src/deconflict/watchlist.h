// Watchlists: selectors a member registers (names, phones, documents,
// vessels, accounts) and the matcher that checks new records against them,
// raising an alert for the member that registered the selector. Delivery
// of alerts, and whether the member may see the matching record, is decided
// by the alerting and need-to-know layers; this is the matching.
//
// Matching per kind, after the normalisers of resolve/:
//   name      every token of the selector finds a close token (>= 0.88) in the
//             record's name (TokenSimilarity, across scripts and romanisations);
//             strength = the mean of those similarities, alert at >= name_threshold
//   phone     the same E.164 number (a local selector is read in its country)
//   document  the same number with misreadings folded (O/0, I/1, S/5, B/8, ...)
//   vessel    the same IMO number (check digit verified) or MMSI, else the same name
//   account   the same letters and digits (IBAN spaces and dashes ignored)
//
// Thread safety: Add and Remove need exclusive access; Check may run
// concurrently with other Checks. Cost: Check is O(values + name candidates
// sharing a phonetic key).
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "model/record.h"

namespace disrupt::deconflict {

enum class SelectorKind { kName, kPhone, kDocument, kVessel, kAccount };
std::string_view ToString(SelectorKind k);
Result<SelectorKind> ParseSelectorKind(std::string_view s);

struct Selector {
  std::string id;       // unique
  std::string member;   // who registered it (receives the alerts)
  SelectorKind kind = SelectorKind::kName;
  std::string value;
  std::string country;  // alpha-3, for a local phone number
};

// What a new record offers to be checked: its values by kind.
struct Observation {
  std::string ref;      // the record's id
  std::string member;   // who holds it
  std::string country;  // for local phone numbers
  std::vector<std::pair<SelectorKind, std::string>> values;
};

// What a catalogue record offers the watchlists, by its type: a Person's
// names and aliases (nationality as country), a Phone's number (its
// country), an IdentityDocument's number, a Vessel's IMO, MMSI and name, a
// BankAccount's number and an OnlineAccount's handle. Other types offer
// nothing.
Observation ObservationOf(const model::Record& record);

struct Alert {
  std::string selector_id;
  std::string watch_member;  // who registered the selector
  std::string record_ref;
  std::string record_member;
  SelectorKind kind;
  double strength = 1.0;
};

class Watchlist {
 public:
  explicit Watchlist(double name_threshold = 0.9) : name_threshold_(name_threshold) {}

  // Registers a selector. kInvalidArgument naming the selector when its id is
  // empty or taken, or its value cannot be normalised (no name tokens, not a
  // possible phone number, a bad IMO check digit, ...).
  Status Add(const Selector& selector);
  // kNotFound for an unknown id.
  Status Remove(const std::string& id);
  size_t size() const { return selectors_.size(); }

  // Alerts for one record, strongest first; one per selector at most.
  std::vector<Alert> Check(const Observation& observation) const;

 private:
  struct Entry {
    Selector selector;
    std::vector<std::string> tokens, keys;  // names
    std::string key;                        // other kinds: the normalised value
  };
  Result<std::string> ExactKey(SelectorKind kind, const std::string& value, const std::string& country) const;

  double name_threshold_;
  std::map<std::string, Entry> selectors_;
  std::unordered_multimap<std::string, std::string> exact_;  // kind:key -> selector id
  std::unordered_multimap<std::string, std::string> names_;  // phonetic key -> selector id
};

}  // namespace disrupt::deconflict
