// Defaults for provenance, handling and properties that an input format does
// not carry. FollowTheMoney has no handling at all and a CSV export usually
// has only some of it: the importer takes the rest from command-line options
// (--originator, --classification, ...), from a defaults file, or from the
// `defaults` of a CSV mapping, and says in its summary which it applied.
//
// Fields are named as in the project's JSON form: "provenance.originator",
// "handling.tlp", ... (the short forms "originator", "tlp" are accepted too).
// Property defaults are "Type.property" = value, used only when a record of
// that type has no value for the property (e.g. "IdentityDocument.status").
//
// A mandatory field that neither the input nor the defaults give is an error
// naming the field and the option that would supply it: a missing handling
// field is never silently filled in.
//
// Not thread-safe for writing; const methods may be used concurrently.
#pragma once

#include <bitset>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/record.h"

namespace disrupt::ingest {

// The provenance and handling fields, in the order of the project's JSON form.
enum class HandlingField {
  kOriginator,
  kAgency,
  kCase,
  kReported,
  kReliability,
  kCredibility,
  kClassification,
  kTlp,
  kCodes,
  kRestrictions,
  kReleasableTo,
  kOriginatorControl,
  kCompartment,
  kReviewDate,
  kLegalBasis,
};
inline constexpr size_t kHandlingFieldCount = 15;
using FieldSet = std::bitset<kHandlingFieldCount>;

// "provenance.originator", ... for a field.
std::string_view FieldName(HandlingField f);
// The command-line option that supplies a field ("originator", "review-date").
std::string_view FieldOption(HandlingField f);
// Looks a field up by its full name, short name or option name.
Result<HandlingField> ParseFieldName(std::string_view name);
// True for fields every record must have.
bool IsMandatory(HandlingField f);

// Parses `text` into field `f` of `record`. Lists (codes, releasable_to) are
// separated by ',' or ';'. kInvalidArgument naming the field on bad text.
Status SetHandlingField(model::Record& record, HandlingField f, std::string_view text);

class Defaults {
 public:
  // Sets a provenance/handling field from text; kInvalidArgument for an
  // unknown field or bad text.
  Status Set(std::string_view field, std::string_view text);
  // Sets a property default "Type.property".
  Status SetProperty(std::string_view type_dot_property, std::string_view value);
  // Reads a JSON file {"provenance": {...}, "handling": {...},
  // "properties": {"Type.property": "value"}}; later values override earlier ones.
  Status LoadFile(const std::string& path);
  // Reads the same shape from a JSON value; `where` prefixes error fields.
  Status LoadJson(const nlohmann::json& j, const std::string& where);
  // Fills what is unset here from `lower` (lower precedence).
  void MergeFrom(const Defaults& lower);

  // Copies every default field that `already_set` lacks into `record`, and
  // property defaults for absent properties. Fails naming the first mandatory
  // field that neither `already_set` nor the defaults cover.
  Status ApplyTo(model::Record& record, const FieldSet& already_set) const;

  bool empty() const { return set_.none() && properties_.empty(); }
  const FieldSet& fields() const { return set_; }
  // One line per default, for the import summary ("handling.tlp = TLP:AMBER").
  std::vector<std::string> Describe() const;

 private:
  model::Record template_;  // holds the parsed default values
  FieldSet set_;
  std::map<std::string, std::map<std::string, std::string>, std::less<>> properties_;  // type -> property -> value
};

}  // namespace disrupt::ingest
