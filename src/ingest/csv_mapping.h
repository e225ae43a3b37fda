// Column-mapping files: how one agency's CSV export becomes catalogue records.
//
// A mapping is a JSON file (docs/import-formats.md has the full reference and
// a worked example; examples/mappings/ has real ones). In short:
//
//   {"name": "...", "delimiter": ",", "date_format": "DD/MM/YYYY", "separator": ";",
//    "defaults": {"provenance": {...}, "handling": {...}, "properties": {...}},
//    "provenance": {"reported": "Date Reported"},          // fields from columns
//    "handling": {"classification": "Class"},
//    "records": [                                          // made from every row
//      {"key": "person", "type": "Person", "id": {"template": "AFP-{Subject ID}"},
//       "properties": {"name": "Full Name", "alias": {"column": "Aliases", "separator": ";"},
//                      "birth_date": {"column": "DOB", "date_format": "DD/MM/YYYY"},
//                      "gender": {"column": "Sex", "map": {"M": "male", "F": "female"}}}},
//      {"key": "phone", "type": "Phone", "when": ["Mobile"], "id": {"template": "PH-{Mobile}"},
//       "properties": {"number": "Mobile"}},
//      {"type": "holds", "source": "person", "target": "phone"}]}
//
// A value is a column name (string shorthand) or an object with one of
// "column", "value" (a constant), "template" ("text {Column} text") or
// "record" (the id of another record of the same row), and optionally
// "separator" (several values in one cell), "date_format", "map" (translate
// values, case-insensitively), "case" ("upper"/"lower") and "default" (when
// the cell is empty).
//
// Immutable once loaded; thread-safe for reading.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/date.h"
#include "core/status.h"
#include "ingest/defaults.h"
#include "model/schema.h"

namespace disrupt::ingest {

// Parses `text` with a date format made of YYYY, YY, MM, M, DD, D, MON
// (English month abbreviation) and literal characters, e.g. "DD/MM/YYYY",
// "YYYY-MM-DD", "DD MON YYYY", "MM/YYYY". ISO dates and partial ISO dates
// ("1985", "1985-03") are accepted whatever the format, since analysts write
// them when the day is unknown. kInvalidArgument with a message naming the format.
Result<PartialDate> ParseDateWithFormat(std::string_view text, std::string_view format);
// Checks a date format string; kInvalidArgument for an unknown token.
Status CheckDateFormat(std::string_view format);

struct ValueSpec {
  enum class Kind { kColumn, kConstant, kTemplate, kRecord };
  Kind kind = Kind::kColumn;
  std::string text;                        // column name, constant, template or record key
  char separator = 0;                      // 0 = one value per cell
  std::string date_format;                 // for date properties
  std::map<std::string, std::string> map;  // lower-cased input -> value
  int letter_case = 0;                     // -1 lower, 1 upper
  std::string fallback;                    // "default"
  // Bound to a header: column index (kColumn) or template pieces.
  int column = -1;
  std::vector<std::pair<std::string, int>> pieces;  // literal text, then column (-1 = none)
  // "column 'DOB'" or "template 'AFP-{ID}'" for error messages.
  std::string Describe() const;
};

struct RecordSpec {
  std::string key;   // for links of the same row to refer to
  std::string type;  // schema name
  model::RecordKind kind = model::RecordKind::kEntity;
  std::optional<ValueSpec> id;    // links may omit it: source:type:target
  std::vector<std::string> when;  // make the record only if these columns are not empty
  std::vector<int> when_columns;
  std::optional<ValueSpec> source, target;  // links
  std::string source_key, target_key;       // links: records of the same row
  std::optional<ValueSpec> valid_from, valid_to;
  std::optional<ValueSpec> networks;
  std::vector<std::pair<std::string, ValueSpec>> properties;
};

class CsvMapping {
 public:
  // Loads and checks a mapping file (schema types and properties exist, date
  // formats are valid, link ends name earlier records). kNotFound when the
  // file cannot be read; kInvalidArgument naming the JSON path otherwise.
  static Result<CsvMapping> Load(const std::string& path);
  static Result<CsvMapping> FromJson(const nlohmann::json& j, const std::string& where);

  // Resolves column names against a CSV header; kInvalidArgument naming the
  // first column the mapping uses that the header lacks.
  Status Bind(const CsvHeader& header, const std::string& csv_path);

  const std::string& name() const { return name_; }
  char delimiter() const { return delimiter_; }
  const Defaults& defaults() const { return defaults_; }
  const std::vector<RecordSpec>& records() const { return records_; }
  const std::vector<std::pair<HandlingField, ValueSpec>>& handling() const { return handling_; }

 private:
  std::string name_;
  char delimiter_ = ',';
  std::string date_format_;
  char separator_ = 0;
  Defaults defaults_;
  std::vector<std::pair<HandlingField, ValueSpec>> handling_;
  std::vector<RecordSpec> records_;
};

}  // namespace disrupt::ingest
