// The mapped CSV reader: each row of an agency's CSV export becomes the
// records its mapping (csv_mapping.h) describes, e.g. a person, a phone and
// the holds link between them. The records of one row form one input unit:
// the importer accepts or rejects the row as a whole, and a rejected row is
// written to the rejects file as it was.
#include <map>

#include "core/csv.h"
#include "core/text.h"
#include "ingest/csv_mapping.h"
#include "ingest/reader.h"

namespace disrupt::ingest {

namespace {

class MappedCsvReader final : public RecordReader {
 public:
  MappedCsvReader(std::string path, std::unique_ptr<CsvReader> csv, CsvMapping mapping, Defaults defaults)
      : path_(std::move(path)), csv_(std::move(csv)), mapping_(std::move(mapping)), defaults_(std::move(defaults)) {}

  Status ReadHeader() {
    std::vector<std::string> names;
    if (!csv_->Next(names)) return Status::InvalidArgument("the CSV file is empty (no header row)", path_ + ":1");
    if (!csv_->error().ok()) return csv_->error().WithContext(path_ + ":" + std::to_string(csv_->line()));
    header_ = CsvHeader(names);
    return mapping_.Bind(header_, path_);
  }

  bool Next(SourceItem& item) override {
    item.Clear();
    if (!pending_.empty()) {
      item = std::move(pending_.back());
      pending_.pop_back();
      return true;
    }
    if (!NextCsvRow(*csv_, mapping_.delimiter(), header_.names().size(), unit_, fields_, item)) return false;
    if (!item.error.ok()) return true;
    std::vector<SourceItem> made;
    Status s = MakeRecords(made);
    if (!s.ok() || made.empty()) {
      item.error = s.ok() ? Status::InvalidArgument("the mapping made no record from this row", "") : s;
      return true;
    }
    made.front().raw = std::move(item.raw);
    for (auto& m : made) {
      m.line = item.line;
      m.unit = item.unit;
    }
    item = std::move(made.front());
    for (size_t i = made.size(); i-- > 1;) pending_.push_back(std::move(made[i]));
    return true;
  }

  const Status& status() const override { return status_; }
  const std::string& path() const override { return path_; }
  uint64_t bytes_read() const override { return csv_->bytes_read(); }

  std::vector<std::string> Notes() const override {
    std::vector<std::string> notes;
    auto d = defaults_.Describe();
    if (!d.empty()) {
      notes.push_back("defaults applied where the rows give nothing (mapping '" + mapping_.name() +
                      "' and command line): " + Join(d, ", "));
    }
    return notes;
  }

 private:
  // The values of a spec for the current row (after separator, map and case);
  // empty when the cell is empty and there is no default.
  Result<std::vector<std::string>> Evaluate(const ValueSpec& v, const std::map<std::string, std::string>& ids,
                                            bool is_date) const {
    std::string text;
    switch (v.kind) {
      case ValueSpec::Kind::kColumn:
        text = fields_[static_cast<size_t>(v.column)];
        break;
      case ValueSpec::Kind::kConstant:
        text = v.text;
        break;
      case ValueSpec::Kind::kTemplate:
        for (const auto& [literal, column] : v.pieces) {
          text += literal;
          if (column >= 0) {
            std::string_view cell = Trim(fields_[static_cast<size_t>(column)]);
            if (cell.empty()) return std::vector<std::string>{};  // a template with an empty column gives nothing
            text += cell;
          }
        }
        break;
      case ValueSpec::Kind::kRecord: {
        auto it = ids.find(v.text);
        if (it == ids.end()) return std::vector<std::string>{};
        text = it->second;
        break;
      }
    }
    if (Trim(text).empty()) text = v.fallback;
    std::vector<std::string> parts;
    if (v.separator)
      parts = SplitTrimmed(text, v.separator);
    else if (!Trim(text).empty())
      parts.emplace_back(Trim(text));
    for (auto& p : parts) {
      if (!v.map.empty()) {
        auto it = v.map.find(AsciiLower(p));
        if (it != v.map.end()) p = it->second;
      }
      if (v.letter_case > 0) p = AsciiUpper(p);
      if (v.letter_case < 0) p = AsciiLower(p);
      if (is_date && !p.empty()) {
        auto d = v.date_format.empty() ? PartialDate::Parse(p) : ParseDateWithFormat(p, v.date_format);
        if (!d.ok()) return Status::InvalidArgument(d.status().message(), v.Describe());
        p = d->ToString();
      }
    }
    return parts;
  }

  Status MakeRecords(std::vector<SourceItem>& out) {
    const std::map<std::string, std::string> no_ids;
    // Provenance and handling from columns, shared by every record of the row.
    model::Record shared;
    FieldSet given;
    std::vector<std::pair<std::string, std::string>> shared_columns;
    for (const auto& [f, v] : mapping_.handling()) {
      const bool is_date = f == HandlingField::kReported || f == HandlingField::kReviewDate;
      DISRUPT_ASSIGN_OR_RETURN(auto values, Evaluate(v, no_ids, is_date));
      if (values.empty()) continue;
      Status s = SetHandlingField(shared, f, Join(values, ","));
      if (!s.ok()) return Status::InvalidArgument(s.message(), v.Describe() + " (" + std::string(FieldName(f)) + ")");
      given.set(static_cast<size_t>(f));
      shared_columns.emplace_back(std::string(FieldName(f)), v.Describe());
    }
    Status defaults_ok = defaults_.ApplyTo(shared, given);
    if (!defaults_ok.ok()) return defaults_ok;

    std::map<std::string, std::string> ids;  // record key -> id made from this row
    for (const auto& spec : mapping_.records()) {
      bool wanted = true;
      for (int c : spec.when_columns) {
        if (Trim(fields_[static_cast<size_t>(c)]).empty()) wanted = false;
      }
      if (!wanted) continue;
      SourceItem item;
      model::Record& r = item.record;
      r.type = spec.type;
      r.kind = spec.kind;
      r.provenance = shared.provenance;
      r.handling = shared.handling;
      item.columns = shared_columns;
      if (spec.kind == model::RecordKind::kLink) {
        auto end = [&](const std::string& key, const std::optional<ValueSpec>& v, std::string& into) -> Result<bool> {
          if (!key.empty()) {
            auto it = ids.find(key);
            if (it == ids.end()) return false;  // that record was not made from this row
            into = it->second;
            return true;
          }
          DISRUPT_ASSIGN_OR_RETURN(auto values, Evaluate(*v, ids, false));
          if (values.empty()) return false;
          into = values.front();
          item.columns.emplace_back(&into == &r.source ? "source" : "target", v->Describe());
          return true;
        };
        DISRUPT_ASSIGN_OR_RETURN(bool has_source, end(spec.source_key, spec.source, r.source));
        DISRUPT_ASSIGN_OR_RETURN(bool has_target, end(spec.target_key, spec.target, r.target));
        if (!has_source || !has_target) continue;  // one end is absent from this row: no link
      }
      if (spec.id) {
        DISRUPT_ASSIGN_OR_RETURN(auto values, Evaluate(*spec.id, ids, false));
        if (values.empty()) {
          return Status::InvalidArgument("empty record id for " + spec.type, spec.id->Describe() + " (id)");
        }
        r.id = values.front();
        item.columns.emplace_back("id", spec.id->Describe());
      } else {
        r.id = r.source + ":" + r.type + ":" + r.target;
      }
      for (const auto& [name, v] : spec.properties) {
        const model::PropertySpec* p = model::FindSchema(spec.type)->Find(name);
        DISRUPT_ASSIGN_OR_RETURN(auto values, Evaluate(v, ids, p->type == model::PropertyType::kDate));
        for (auto& value : values) r.Add(name, std::move(value));
        item.columns.emplace_back("properties." + name, v.Describe());
      }
      for (auto [v, bound] : {std::pair{&spec.valid_from, &r.valid.from}, std::pair{&spec.valid_to, &r.valid.to}}) {
        if (!*v) continue;
        DISRUPT_ASSIGN_OR_RETURN(auto values, Evaluate(**v, ids, true));
        if (!values.empty()) *bound = PartialDate::Parse(values.front()).value();
      }
      if (spec.networks) {
        DISRUPT_ASSIGN_OR_RETURN(r.networks, Evaluate(*spec.networks, ids, false));
        item.columns.emplace_back("networks", spec.networks->Describe());
      }
      defaults_.ApplyTo(r, FieldSet().set()).ok();  // property defaults only: handling came from `shared`
      if (!spec.key.empty()) ids[spec.key] = r.id;
      out.push_back(std::move(item));
    }
    return Status::Ok();
  }

  std::string path_;
  std::unique_ptr<CsvReader> csv_;
  CsvMapping mapping_;
  Defaults defaults_;
  CsvHeader header_;
  std::vector<std::string> fields_;
  std::vector<SourceItem> pending_;
  uint64_t unit_ = 0;
  Status status_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenMappedCsvReader(const std::string& path, const std::string& mapping_path,
                                                          const Defaults& defaults) {
  DISRUPT_ASSIGN_OR_RETURN(CsvMapping mapping, CsvMapping::Load(mapping_path));
  Defaults merged = defaults;
  merged.MergeFrom(mapping.defaults());
  DISRUPT_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(path, mapping.delimiter()));
  auto reader = std::make_unique<MappedCsvReader>(path, std::move(csv), std::move(mapping), std::move(merged));
  DISRUPT_RETURN_IF_ERROR(reader->ReadHeader());
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace disrupt::ingest
