// The Disrupt JSON reader: JSON Lines (or one JSON array) of records in the
// project's own JSON form (model::ToJson), with their own provenance and
// handling; a record without them is refused, never filled in. Also: the
// shared SourceItem helpers, format names and format detection.
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "ingest/json_lines.h"
#include "ingest/reader.h"
#include "model/record_parser.h"

namespace disrupt::ingest {

void SourceItem::Clear() {
  record = model::Record();
  line = 0;
  unit = 0;
  error = Status::Ok();
  raw.clear();
  columns.clear();
}

Result<Format> ParseFormat(std::string_view name) {
  std::string n = AsciiLower(Trim(name));
  if (n.empty() || n == "auto") return Format::kAuto;
  if (n == "json" || n == "jsonl" || n == "disrupt") return Format::kJson;
  if (n == "ftm" || n == "followthemoney") return Format::kFtm;
  if (n == "csv") return Format::kCsv;
  return Status::InvalidArgument("unknown import format '" + std::string(name) + "' (want json, ftm or csv)",
                                 "--format");
}

std::string_view ToString(Format f) {
  switch (f) {
    case Format::kAuto:
      return "auto";
    case Format::kJson:
      return "json";
    case Format::kFtm:
      return "ftm";
    case Format::kCsv:
      return "csv";
  }
  return "auto";
}

Result<Format> DetectFormat(const std::string& path) {
  std::string lower = AsciiLower(path);
  if (EndsWith(lower, ".csv") || EndsWith(lower, ".tsv")) return Format::kCsv;
  DISRUPT_ASSIGN_OR_RETURN(auto units, JsonUnitReader::Open(path));
  std::string text;
  uint64_t line = 0;
  Status error;
  for (int tries = 0; tries < 2 && units->Next(text, line, error); ++tries) {
    nlohmann::json j;
    if (!error.ok() || !ParseJsonUnit(text, j).ok() || !j.is_object()) break;
    if (auto h = j.find("disrupt_export"); h != j.end()) {
      if (h->is_object() && h->value("format", "") == "ftm") return Format::kFtm;
      return Format::kJson;
    }
    if (j.contains("schema") && !j.contains("type")) return Format::kFtm;
    return Format::kJson;
  }
  return Status::InvalidArgument("cannot tell the format of " + path + " (give --format json, ftm or csv)", "--format");
}

namespace {

class JsonReader final : public RecordReader {
 public:
  JsonReader(std::string path, std::unique_ptr<JsonUnitReader> units)
      : path_(std::move(path)), units_(std::move(units)) {}

  bool Next(SourceItem& item) override {
    item.Clear();
    if (!units_->NextText(item)) return false;
    if (!item.error.ok()) return true;
    // Records in the common shape are read directly; anything else (and
    // every error) goes through nlohmann::json and model::RecordFromJson.
    const std::string& text = units_->text();
    if (FindInvalidUtf8(text) == std::string::npos && model::ParseRecordJson(text, item.record)) {
      item.record.version = 0;
      item.record.updated_at = 0;
      return true;
    }
    nlohmann::json j;
    item.error = ParseJsonUnit(text, j);
    if (!item.error.ok()) return true;
    auto record = model::RecordFromJson(j);
    if (!record.ok()) {
      item.error = record.status();
      return true;
    }
    item.record = std::move(record).value();
    item.record.version = 0;
    item.record.updated_at = 0;
    return true;
  }

  const Status& status() const override { return units_->status(); }
  const std::string& path() const override { return path_; }
  uint64_t bytes_read() const override { return units_->bytes_read(); }

 private:
  std::string path_;
  std::unique_ptr<JsonUnitReader> units_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenJsonReader(const std::string& path) {
  DISRUPT_ASSIGN_OR_RETURN(auto units, JsonUnitReader::Open(path));
  if (!units->status().ok()) return units->status();
  return std::unique_ptr<RecordReader>(new JsonReader(path, std::move(units)));
}

Result<std::unique_ptr<RecordReader>> OpenReader(const std::string& path, Format format, const ReaderOptions& options) {
  if (format == Format::kAuto) {
    if (!options.mapping_path.empty()) {
      format = Format::kCsv;
    } else {
      DISRUPT_ASSIGN_OR_RETURN(format, DetectFormat(path));
    }
  }
  switch (format) {
    case Format::kJson:
      return OpenJsonReader(path);
    case Format::kFtm:
      return OpenFtmReader(path, options.defaults);
    case Format::kCsv:
      if (options.mapping_path.empty()) return OpenCatalogueCsvReader(path);
      return OpenMappedCsvReader(path, options.mapping_path, options.defaults);
    case Format::kAuto:
      break;
  }
  return Status::Internal("no reader for format");
}

}  // namespace disrupt::ingest
