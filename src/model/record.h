// Record: the one shape of everything the catalogue holds.
//
// An entity (Person, Vessel, ...), a link between two entities (member_of,
// pays, ...) and an event (Movement, Payment, ...) are all Records: a type
// named in the schema (schema.h), typed property values each with an
// optional validity interval, the record's own validity interval, the
// networks it belongs to, and mandatory provenance and handling
// (handling.h). Links name their two ends in `source` and `target`.
//
// Ids are stable external strings chosen by the originator or the importer
// (e.g. "AUS-AFP-P-000123"); stores map them to dense internal ids.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/date.h"
#include "core/status.h"
#include "model/handling.h"
#include "model/schema.h"

namespace disrupt::model {

class Vocabularies;

// One value of a property, with the interval in which it held.
struct Value {
  std::string value;
  Interval valid;
  friend bool operator==(const Value&, const Value&) = default;
};

using Properties = std::map<std::string, std::vector<Value>, std::less<>>;

struct Record {
  std::string id;
  RecordKind kind = RecordKind::kEntity;
  std::string type;     // schema name
  std::string source;   // links: id of the source entity
  std::string target;   // links: id of the target entity
  Interval valid;       // when the record (e.g. a link) held
  Properties properties;
  std::vector<std::string> networks;  // ids of Network entities it belongs to
  Provenance provenance;
  Handling handling;
  // Maintained by the store, ignored on write.
  long long version = 0;
  long long updated_at = 0;  // Unix seconds

  // First value of a property, or "" when absent.
  const std::string& Get(std::string_view property) const;
  // All values of a property (empty when absent).
  std::vector<std::string> GetAll(std::string_view property) const;
  // Values that hold on `day` (days since epoch).
  std::vector<std::string> GetAllAsOf(std::string_view property, long long day) const;
  void Set(std::string_view property, std::string value);
  void Add(std::string_view property, std::string value, Interval valid = {});

  // Display label: the first name (or number, handle, ...) of the record.
  std::string Label() const;
  // Entity ids this record refers to: link ends and event entity refs.
  std::vector<std::string> References() const;
  // True for victim links and Person records flagged as victims.
  bool IsVictimRecord() const;

  friend bool operator==(const Record&, const Record&) = default;
};

// Checks a record against its schema: known type, required properties,
// value types (dates, countries, numbers), vocabulary terms, link ends,
// provenance and handling. Errors name the field ("properties.birth_date").
// `vocabularies` may be null to skip vocabulary checks.
Status Validate(const Record& record, const Vocabularies* vocabularies);

// The project's own JSON form of a record (docs/data-model.md).
nlohmann::json ToJson(const Record& record);
// Parses the project's JSON form. Errors name the JSON field.
Result<Record> RecordFromJson(const nlohmann::json& j);

}  // namespace disrupt::model
