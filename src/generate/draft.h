// Draft: a record being generated, and its fast serialisation to the
// project's JSON form.
//
// model::Record keeps properties in a std::map of vectors and model::ToJson
// goes through nlohmann::json; both allocate per field, which is too slow for
// tens of millions of records. A Draft reuses its buffers from one record to
// the next and AppendJson writes the JSON text directly. The text is
// byte-for-byte what model::ToJson(record).dump() gives for the same record
// (keys in sorted order, the same escaping), which generator_test checks on
// every record of a generated data set by parsing each line with
// model::RecordFromJson and serialising it again through model::ToJson.
//
// Not thread-safe; one Draft per thread. String views held by a Draft
// (type, provenance, handling) must outlive the call to AppendJson.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "model/handling.h"
#include "model/schema.h"

namespace disrupt::generate {

struct DraftProvenance {
  std::string_view originator;
  std::string_view agency;
  std::string_view case_ref;  // may be empty
  PartialDate reported;
  char reliability = 'C';
  int credibility = 3;
};

struct DraftHandling {
  model::Classification classification = model::Classification::kRestricted;
  model::Tlp tlp = model::Tlp::kAmber;
  uint8_t codes = 0;  // bit i set = model::HandlingCode with value i
  std::string_view restrictions;
  std::span<const std::string_view> releasable_to;
  bool originator_control = false;
  std::string_view compartment;
  PartialDate review_date;
  std::string_view legal_basis;
};

class Draft {
 public:
  // Starts a new record, forgetting the previous one (buffers are kept).
  void Begin(model::RecordKind kind, std::string_view type, std::string_view id);
  // Link ends (links only).
  void SetEnds(std::string_view source, std::string_view target);
  void SetValid(PartialDate from, PartialDate to);
  // Adds one value of a property; a property added several times becomes a
  // multi-valued property, values in the order added. Empty values are skipped.
  void Add(std::string_view property, std::string_view value);
  void AddInt(std::string_view property, long long value);
  void AddDate(std::string_view property, PartialDate value);
  void AddNetwork(std::string_view network_id);

  DraftProvenance provenance;
  DraftHandling handling;

  const std::string& id() const { return id_; }
  model::RecordKind kind() const { return kind_; }
  std::string_view type() const { return type_; }

  // Appends the record's JSON and a newline to `out`.
  void AppendJson(std::string& out);

 private:
  struct Property {
    std::string_view name;
    std::string value;
  };
  model::RecordKind kind_ = model::RecordKind::kEntity;
  std::string_view type_;
  std::string id_, source_, target_;
  PartialDate valid_from_, valid_to_;
  std::vector<Property> properties_;  // the first count_ are in use
  size_t count_ = 0;
  std::vector<size_t> order_;
  std::vector<std::string> networks_;
  size_t network_count_ = 0;
};

// Appends a date as YYYY, YYYY-MM or YYYY-MM-DD.
void AppendDate(std::string& out, const PartialDate& date);

}  // namespace disrupt::generate
