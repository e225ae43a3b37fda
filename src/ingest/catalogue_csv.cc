// The catalogue CSV reader: reads back what `disrupt export --format csv`
// writes (one row per record, the columns of CatalogueCsvColumns(), an
// optional "# DISRUPT EXPORT ..." marking row first). Each row is turned into
// the project's JSON form and read with model::RecordFromJson, so the rules
// and messages are those of Disrupt JSON; provenance and handling are
// mandatory columns, never defaulted.
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/text.h"
#include "ingest/exporter.h"
#include "ingest/reader.h"

namespace disrupt::ingest {

namespace {

class CatalogueCsvReader final : public RecordReader {
 public:
  CatalogueCsvReader(std::string path, std::unique_ptr<CsvReader> csv) : path_(std::move(path)), csv_(std::move(csv)) {}

  Status ReadHeader() {
    std::vector<std::string> names;
    for (;;) {
      if (!csv_->Next(names)) return Status::InvalidArgument("the CSV file is empty (no header row)", path_ + ":1");
      if (!csv_->error().ok()) return csv_->error().WithContext(path_ + ":" + std::to_string(csv_->line()));
      if (names.size() == 1 && StartsWith(Trim(names[0]), "#")) continue;  // the export's marking row
      break;
    }
    header_ = CsvHeader(names);
    for (const char* required : {"id", "type"}) {
      if (header_.Find(required) < 0) {
        return Status::InvalidArgument(
            std::string("no column '") + required +
                "': a CSV without a --mapping must be in the catalogue CSV format that disrupt export writes",
            path_ + ":" + std::to_string(csv_->line()));
      }
    }
    // Every other column must be a known one: a misspelt column would lose data silently.
    const auto& known = CatalogueCsvColumns();
    for (const auto& n : header_.names()) {
      if (std::find(known.begin(), known.end(), std::string(Trim(n))) == known.end()) {
        return Status::InvalidArgument("unknown column '" + n + "' (a CSV in another layout needs a --mapping)",
                                       path_ + ":" + std::to_string(csv_->line()));
      }
    }
    return Status::Ok();
  }

  bool Next(SourceItem& item) override {
    item.Clear();
    if (!NextCsvRow(*csv_, ',', header_.names().size(), unit_, fields_, item)) return false;
    if (!item.error.ok()) return true;
    auto cell = [&](const char* name) -> std::string {
      int i = header_.Find(name);
      return i < 0 ? std::string() : fields_[static_cast<size_t>(i)];
    };
    auto list = [](const std::string& text) {
      nlohmann::json arr = nlohmann::json::array();
      for (auto& part : SplitTrimmed(text, ',')) arr.push_back(part);
      return arr;
    };
    nlohmann::json j = {{"id", cell("id")}, {"type", cell("type")}};
    auto put = [&](nlohmann::json& obj, const char* key, const std::string& value) {
      if (!Trim(value).empty()) obj[key] = value;
    };
    put(j, "kind", cell("kind"));
    put(j, "source", cell("source"));
    put(j, "target", cell("target"));
    put(j, "valid_from", cell("valid_from"));
    put(j, "valid_to", cell("valid_to"));
    if (!Trim(cell("networks")).empty()) j["networks"] = list(cell("networks"));
    nlohmann::json prov = nlohmann::json::object();
    put(prov, "originator", cell("originator"));
    put(prov, "agency", cell("agency"));
    put(prov, "case", cell("case"));
    put(prov, "reported", cell("reported"));
    put(prov, "reliability", cell("reliability"));
    put(prov, "credibility", cell("credibility"));
    j["provenance"] = prov;
    nlohmann::json hand = nlohmann::json::object();
    put(hand, "classification", cell("classification"));
    put(hand, "tlp", cell("tlp"));
    hand["codes"] = list(cell("codes"));
    put(hand, "restrictions", cell("restrictions"));
    if (header_.Find("releasable_to") >= 0) hand["releasable_to"] = list(cell("releasable_to"));
    if (AsciiLower(Trim(cell("originator_control"))) == "true") hand["originator_control"] = true;
    put(hand, "compartment", cell("compartment"));
    put(hand, "review_date", cell("review_date"));
    put(hand, "legal_basis", cell("legal_basis"));
    j["handling"] = hand;
    nlohmann::json props = nlohmann::json::object();
    for (size_t i = 0; i < header_.names().size(); ++i) {
      const std::string name(Trim(header_.names()[i]));
      if (std::find(CatalogueCsvColumns().begin(), CatalogueCsvColumns().begin() + kCatalogueCsvFixedColumns, name) !=
          CatalogueCsvColumns().begin() + kCatalogueCsvFixedColumns) {
        continue;
      }
      const std::string& v = fields_[i];
      if (Trim(v).empty()) continue;
      if (!IsValidUtf8(v)) {
        item.error = Status::InvalidArgument("invalid UTF-8", "column '" + name + "'");
        return true;
      }
      if (StartsWith(v, "[")) {
        nlohmann::json arr = nlohmann::json::parse(v, nullptr, false);
        if (arr.is_array()) {
          props[name] = arr;
          continue;
        }
      }
      props[name] = v;
    }
    j["properties"] = props;
    auto record = model::RecordFromJson(j);
    if (!record.ok()) {
      item.error = record.status();
      return true;
    }
    item.record = std::move(record).value();
    return true;
  }

  const Status& status() const override { return status_; }
  const std::string& path() const override { return path_; }
  uint64_t bytes_read() const override { return csv_->bytes_read(); }

 private:
  std::string path_;
  std::unique_ptr<CsvReader> csv_;
  CsvHeader header_;
  std::vector<std::string> fields_;
  uint64_t unit_ = 0;
  Status status_;
};

}  // namespace

bool NextCsvRow(CsvReader& csv, char delimiter, size_t columns, uint64_t& unit, std::vector<std::string>& fields,
                SourceItem& item) {
  if (!csv.Next(fields)) return false;
  item.line = csv.line();
  item.unit = ++unit;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) item.raw.push_back(delimiter);
    item.raw += CsvEscape(fields[i], delimiter);
  }
  if (!csv.error().ok()) {
    item.error = csv.error();
  } else if (fields.size() != columns) {
    item.error = Status::InvalidArgument(
        "the row has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(columns), "");
  }
  return true;
}

Result<std::unique_ptr<RecordReader>> OpenCatalogueCsvReader(const std::string& path) {
  DISRUPT_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(path));
  auto reader = std::make_unique<CatalogueCsvReader>(path, std::move(csv));
  DISRUPT_RETURN_IF_ERROR(reader->ReadHeader());
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace disrupt::ingest
