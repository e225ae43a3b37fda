// Loading and checking CSV column-mapping files, and date formats; see csv_mapping.h.
#include "ingest/csv_mapping.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace disrupt::ingest {

namespace {

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

// The tokens of a date format, longest first.
constexpr std::string_view kTokens[] = {"YYYY", "MON", "YY", "MM", "DD", "M", "D"};

std::string_view TokenAt(std::string_view format, size_t i) {
  for (auto t : kTokens) {
    if (format.substr(i, t.size()) == t) return t;
  }
  return {};
}

bool ReadDigits(std::string_view text, size_t& pos, size_t min, size_t max, int& out) {
  size_t start = pos;
  out = 0;
  while (pos < text.size() && pos - start < max && text[pos] >= '0' && text[pos] <= '9') {
    out = out * 10 + (text[pos] - '0');
    ++pos;
  }
  return pos - start >= min;
}

}  // namespace

Status CheckDateFormat(std::string_view format) {
  bool year = false;
  for (size_t i = 0; i < format.size();) {
    std::string_view t = TokenAt(format, i);
    if (t.empty()) {
      char c = format[i];
      if (std::isalpha(static_cast<unsigned char>(c))) {
        return Status::InvalidArgument("unknown date format token at '" + std::string(format.substr(i)) +
                                           "' (use YYYY, YY, MM, M, DD, D, MON and separators)",
                                       "date_format");
      }
      ++i;
      continue;
    }
    if (t == "YYYY" || t == "YY") year = true;
    i += t.size();
  }
  if (!year) return Status::InvalidArgument("a date format needs a year (YYYY or YY)", "date_format");
  return Status::Ok();
}

Result<PartialDate> ParseDateWithFormat(std::string_view text, std::string_view format) {
  text = Trim(text);
  int year = 0, month = 0, day = 0;
  size_t pos = 0;
  bool ok = true;
  for (size_t i = 0; i < format.size() && ok;) {
    std::string_view t = TokenAt(format, i);
    if (t.empty()) {
      ok = pos < text.size() && text[pos] == format[i];
      ++pos;
      ++i;
      continue;
    }
    i += t.size();
    if (t == "YYYY") {
      ok = ReadDigits(text, pos, 4, 4, year);
    } else if (t == "YY") {
      int yy = 0;
      ok = ReadDigits(text, pos, 2, 2, yy);
      // Two-digit years: up to this year's two digits are this century.
      int now = PartialDate::Today().year;
      year = (yy <= now % 100) ? (now / 100) * 100 + yy : (now / 100 - 1) * 100 + yy;
    } else if (t == "MM" || t == "M") {
      ok = ReadDigits(text, pos, t.size() == 2 ? 1 : 1, 2, month);
    } else if (t == "DD" || t == "D") {
      ok = ReadDigits(text, pos, 1, 2, day);
    } else if (t == "MON") {
      std::string word;
      while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos]))));
        ++pos;
      }
      ok = false;
      for (int m = 0; m < 12 && word.size() >= 3; ++m) {
        if (word.compare(0, 3, kMonths[m]) == 0) {
          month = m + 1;
          ok = true;
        }
      }
    }
  }
  if (ok && pos == text.size()) {
    std::string iso = std::to_string(year);
    while (iso.size() < 4) iso.insert(iso.begin(), '0');
    if (month) {
      iso += (month < 10 ? "-0" : "-") + std::to_string(month);
      if (day) iso += (day < 10 ? "-0" : "-") + std::to_string(day);
    }
    auto d = PartialDate::Parse(iso);
    if (d.ok()) return d;
    return Status::InvalidArgument("'" + std::string(text) + "' is not a valid date (" + d.status().message() + ")");
  }
  auto iso = PartialDate::Parse(text);
  if (iso.ok()) return iso;
  return Status::InvalidArgument("'" + std::string(text) + "' is not a date in the format " + std::string(format));
}

std::string ValueSpec::Describe() const {
  switch (kind) {
    case Kind::kColumn:
      return "column '" + text + "'";
    case Kind::kConstant:
      return "constant '" + text + "'";
    case Kind::kTemplate:
      return "template '" + text + "'";
    case Kind::kRecord:
      return "record '" + text + "'";
  }
  return text;
}

namespace {

Result<char> ParseSeparator(const nlohmann::json& v, const std::string& where) {
  if (!v.is_string() || v.get<std::string>().size() != 1) {
    return Status::InvalidArgument("must be a single character", where);
  }
  return v.get<std::string>()[0];
}

Result<ValueSpec> ParseValue(const nlohmann::json& v, const std::string& where, char separator,
                             const std::string& date_format) {
  ValueSpec spec;
  spec.date_format = date_format;
  if (v.is_string()) {
    spec.kind = ValueSpec::Kind::kColumn;
    spec.text = v.get<std::string>();
    return spec;
  }
  if (!v.is_object()) return Status::InvalidArgument("a value is a column name or an object", where);
  int kinds = 0;
  for (const auto& [key, val] : v.items()) {
    const std::string field = where + "." + key;
    if (key == "column" || key == "value" || key == "template" || key == "record") {
      if (!val.is_string()) return Status::InvalidArgument("must be a string", field);
      ++kinds;
      spec.text = val.get<std::string>();
      spec.kind = key == "column"     ? ValueSpec::Kind::kColumn
                  : key == "value"    ? ValueSpec::Kind::kConstant
                  : key == "template" ? ValueSpec::Kind::kTemplate
                                      : ValueSpec::Kind::kRecord;
    } else if (key == "separator") {
      DISRUPT_ASSIGN_OR_RETURN(spec.separator, ParseSeparator(val, field));
    } else if (key == "date_format") {
      if (!val.is_string()) return Status::InvalidArgument("must be a string", field);
      spec.date_format = val.get<std::string>();
      Status s = CheckDateFormat(spec.date_format);
      if (!s.ok()) return Status::InvalidArgument(s.message(), field);
    } else if (key == "map") {
      if (!val.is_object()) return Status::InvalidArgument("must be an object of input -> value", field);
      for (const auto& [from, to] : val.items()) {
        if (!to.is_string()) return Status::InvalidArgument("must map to strings", field + "." + from);
        spec.map[AsciiLower(Trim(from))] = to.get<std::string>();
      }
    } else if (key == "case") {
      std::string c = val.is_string() ? val.get<std::string>() : "";
      if (c == "upper")
        spec.letter_case = 1;
      else if (c == "lower")
        spec.letter_case = -1;
      else
        return Status::InvalidArgument("want upper or lower", field);
    } else if (key == "default") {
      if (!val.is_string()) return Status::InvalidArgument("must be a string", field);
      spec.fallback = val.get<std::string>();
    } else {
      return Status::InvalidArgument("unknown key '" + key +
                                         "' (want column, value, template, record, separator, date_format, map, "
                                         "case or default)",
                                     field);
    }
  }
  if (kinds != 1) {
    return Status::InvalidArgument("a value needs exactly one of column, value, template or record", where);
  }
  if (spec.kind != ValueSpec::Kind::kConstant && spec.text.empty()) {
    return Status::InvalidArgument("empty column name", where);
  }
  (void)separator;
  return spec;
}

Status BindValue(ValueSpec& v, const CsvHeader& header, const std::string& where, const std::string& csv_path) {
  auto missing = [&](const std::string& column) {
    return Status::InvalidArgument("column '" + column + "' is not in the header of " + csv_path, where);
  };
  if (v.kind == ValueSpec::Kind::kColumn) {
    v.column = header.Find(v.text);
    if (v.column < 0) return missing(v.text);
  } else if (v.kind == ValueSpec::Kind::kTemplate) {
    v.pieces.clear();
    std::string literal;
    for (size_t i = 0; i < v.text.size(); ++i) {
      if (v.text[i] != '{') {
        literal.push_back(v.text[i]);
        continue;
      }
      size_t close = v.text.find('}', i);
      if (close == std::string::npos) return Status::InvalidArgument("unclosed '{' in template", where);
      std::string column = v.text.substr(i + 1, close - i - 1);
      int index = header.Find(column);
      if (index < 0) return missing(column);
      v.pieces.emplace_back(std::move(literal), index);
      literal.clear();
      i = close;
    }
    if (!literal.empty()) v.pieces.emplace_back(std::move(literal), -1);
  }
  return Status::Ok();
}

}  // namespace

Result<CsvMapping> CsvMapping::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open mapping file " + path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("mapping file is not valid JSON", path);
  return FromJson(j, path + ": ");
}

Result<CsvMapping> CsvMapping::FromJson(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) return Status::InvalidArgument("a mapping is a JSON object", where);
  CsvMapping m;
  if (auto it = j.find("name"); it != j.end() && it->is_string()) m.name_ = it->get<std::string>();
  if (auto it = j.find("delimiter"); it != j.end()) {
    std::string d = it->is_string() ? it->get<std::string>() : "";
    if (d == "\\t" || d == "tab") d = "\t";
    if (d.size() != 1) return Status::InvalidArgument("must be one character (or \"tab\")", where + "delimiter");
    m.delimiter_ = d[0];
  }
  if (auto it = j.find("date_format"); it != j.end()) {
    if (!it->is_string()) return Status::InvalidArgument("must be a string", where + "date_format");
    m.date_format_ = it->get<std::string>();
    Status s = CheckDateFormat(m.date_format_);
    if (!s.ok()) return Status::InvalidArgument(s.message(), where + "date_format");
  }
  if (auto it = j.find("separator"); it != j.end()) {
    DISRUPT_ASSIGN_OR_RETURN(m.separator_, ParseSeparator(*it, where + "separator"));
  }
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    static const char* kKeys[] = {"name",     "description", "delimiter", "date_format", "separator",
                                  "defaults", "provenance",  "handling",  "records"};
    if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; }) == std::end(kKeys)) {
      return Status::InvalidArgument("unknown key '" + key + "'", where + key);
    }
  }
  if (auto it = j.find("defaults"); it != j.end()) {
    DISRUPT_RETURN_IF_ERROR(m.defaults_.LoadJson(*it, where + "defaults."));
  }
  for (const char* section : {"provenance", "handling"}) {
    auto it = j.find(section);
    if (it == j.end()) continue;
    if (!it->is_object()) return Status::InvalidArgument("must be an object of field -> value", where + section);
    for (const auto& [name, v] : it->items()) {
      std::string field = where + section + "." + name;
      auto f = ParseFieldName(std::string(section) + "." + name);
      if (!f.ok()) return Status::InvalidArgument("unknown " + std::string(section) + " field '" + name + "'", field);
      DISRUPT_ASSIGN_OR_RETURN(ValueSpec spec, ParseValue(v, field, m.separator_, m.date_format_));
      m.handling_.emplace_back(f.value(), std::move(spec));
    }
  }
  auto records = j.find("records");
  if (records == j.end() || !records->is_array() || records->empty()) {
    return Status::InvalidArgument("a mapping needs a non-empty list of records", where + "records");
  }
  for (size_t i = 0; i < records->size(); ++i) {
    const auto& r = (*records)[i];
    const std::string at = where + "records[" + std::to_string(i) + "]";
    if (!r.is_object()) return Status::InvalidArgument("must be an object", at);
    RecordSpec spec;
    for (const auto& [key, v] : r.items()) {
      const std::string field = at + "." + key;
      if (key == "key" || key == "type") {
        if (!v.is_string()) return Status::InvalidArgument("must be a string", field);
        (key == "key" ? spec.key : spec.type) = v.get<std::string>();
      } else if (key == "id" || key == "valid_from" || key == "valid_to" || key == "networks") {
        DISRUPT_ASSIGN_OR_RETURN(ValueSpec value, ParseValue(v, field, m.separator_, m.date_format_));
        if (key == "id")
          spec.id = std::move(value);
        else if (key == "valid_from")
          spec.valid_from = std::move(value);
        else if (key == "valid_to")
          spec.valid_to = std::move(value);
        else
          spec.networks = std::move(value);
      } else if (key == "source" || key == "target") {
        if (v.is_string()) {
          (key == "source" ? spec.source_key : spec.target_key) = v.get<std::string>();
        } else {
          DISRUPT_ASSIGN_OR_RETURN(ValueSpec value, ParseValue(v, field, m.separator_, m.date_format_));
          (key == "source" ? spec.source : spec.target) = std::move(value);
        }
      } else if (key == "when") {
        if (v.is_string()) {
          spec.when.push_back(v.get<std::string>());
        } else if (v.is_array()) {
          for (const auto& c : v) {
            if (!c.is_string()) return Status::InvalidArgument("must be a list of column names", field);
            spec.when.push_back(c.get<std::string>());
          }
        } else {
          return Status::InvalidArgument("must be a column name or a list of them", field);
        }
      } else if (key == "properties") {
        if (!v.is_object()) return Status::InvalidArgument("must be an object of property -> value", field);
        for (const auto& [name, pv] : v.items()) {
          DISRUPT_ASSIGN_OR_RETURN(ValueSpec value, ParseValue(pv, field + "." + name, m.separator_, m.date_format_));
          spec.properties.emplace_back(name, std::move(value));
        }
      } else {
        return Status::InvalidArgument("unknown key '" + key + "'", field);
      }
    }
    const model::Schema* schema = model::FindSchema(spec.type);
    if (!schema) return Status::InvalidArgument("unknown record type '" + spec.type + "'", at + ".type");
    spec.kind = schema->kind;
    for (auto& [name, value] : spec.properties) {
      const model::PropertySpec* p = schema->Find(name);
      if (!p) {
        return Status::InvalidArgument(spec.type + " has no property '" + name + "'", at + ".properties." + name);
      }
      // A separator set for the whole mapping applies to properties that take several values.
      if (value.separator == 0 && p->multi) value.separator = m.separator_;
    }
    if (spec.networks && spec.networks->separator == 0) spec.networks->separator = m.separator_;
    auto known_key = [&](const std::string& k) {
      for (const auto& earlier : m.records_) {
        if (earlier.key == k) return true;
      }
      return false;
    };
    if (spec.kind == model::RecordKind::kLink) {
      if (spec.source_key.empty() && !spec.source) return Status::InvalidArgument("a link needs a source", at);
      if (spec.target_key.empty() && !spec.target) return Status::InvalidArgument("a link needs a target", at);
      for (const auto& k : {spec.source_key, spec.target_key}) {
        if (!k.empty() && !known_key(k)) {
          return Status::InvalidArgument("no earlier record has the key '" + k + "'", at);
        }
      }
    } else {
      if (!spec.source_key.empty() || spec.source || !spec.target_key.empty() || spec.target) {
        return Status::InvalidArgument("only links have a source and target", at);
      }
      if (!spec.id) return Status::InvalidArgument("an entity or event needs an id", at + ".id");
    }
    for (auto& [name, value] : spec.properties) {
      if (value.kind == ValueSpec::Kind::kRecord && !known_key(value.text)) {
        return Status::InvalidArgument("no earlier record has the key '" + value.text + "'",
                                       at + ".properties." + name);
      }
    }
    if (!spec.key.empty() && known_key(spec.key)) {
      return Status::InvalidArgument("duplicate record key '" + spec.key + "'", at + ".key");
    }
    m.records_.push_back(std::move(spec));
  }
  return m;
}

Status CsvMapping::Bind(const CsvHeader& header, const std::string& csv_path) {
  const std::string where = (name_.empty() ? std::string("mapping") : "mapping '" + name_ + "'") + ": ";
  for (auto& [f, v] : handling_) {
    DISRUPT_RETURN_IF_ERROR(BindValue(v, header, where + std::string(FieldName(f)), csv_path));
  }
  for (size_t i = 0; i < records_.size(); ++i) {
    auto& r = records_[i];
    const std::string at = where + "records[" + std::to_string(i) + "]";
    r.when_columns.clear();
    for (const auto& c : r.when) {
      int index = header.Find(c);
      if (index < 0)
        return Status::InvalidArgument("column '" + c + "' is not in the header of " + csv_path, at + ".when");
      r.when_columns.push_back(index);
    }
    for (auto* v : {&r.id, &r.source, &r.target, &r.valid_from, &r.valid_to, &r.networks}) {
      if (*v) DISRUPT_RETURN_IF_ERROR(BindValue(**v, header, at, csv_path));
    }
    for (auto& [name, v] : r.properties)
      DISRUPT_RETURN_IF_ERROR(BindValue(v, header, at + ".properties." + name, csv_path));
  }
  return Status::Ok();
}

}  // namespace disrupt::ingest
