// Provenance, handling and property defaults for imports; see defaults.h.
#include "ingest/defaults.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "model/schema.h"

namespace disrupt::ingest {

namespace {

struct FieldInfo {
  HandlingField field;
  std::string_view name;    // full name
  std::string_view option;  // command-line option
  bool mandatory;
};

constexpr FieldInfo kFields[kHandlingFieldCount] = {
    {HandlingField::kOriginator, "provenance.originator", "originator", true},
    {HandlingField::kAgency, "provenance.agency", "agency", true},
    {HandlingField::kCase, "provenance.case", "case", false},
    {HandlingField::kReported, "provenance.reported", "reported", true},
    {HandlingField::kReliability, "provenance.reliability", "reliability", true},
    {HandlingField::kCredibility, "provenance.credibility", "credibility", true},
    {HandlingField::kClassification, "handling.classification", "classification", true},
    {HandlingField::kTlp, "handling.tlp", "tlp", true},
    {HandlingField::kCodes, "handling.codes", "codes", false},
    {HandlingField::kRestrictions, "handling.restrictions", "restrictions", false},
    {HandlingField::kReleasableTo, "handling.releasable_to", "releasable-to", true},
    {HandlingField::kOriginatorControl, "handling.originator_control", "originator-control", false},
    {HandlingField::kCompartment, "handling.compartment", "compartment", false},
    {HandlingField::kReviewDate, "handling.review_date", "review-date", true},
    {HandlingField::kLegalBasis, "handling.legal_basis", "legal-basis", false},
};

const FieldInfo& Info(HandlingField f) {
  return kFields[static_cast<size_t>(f)];
}

std::vector<std::string> SplitList(std::string_view text) {
  std::string s(text);
  for (auto& c : s) {
    if (c == ';') c = ',';
  }
  return SplitTrimmed(s, ',');
}

Result<PartialDate> ParseDateField(std::string_view text, HandlingField f) {
  auto d = PartialDate::Parse(Trim(text));
  if (!d.ok()) return Status::InvalidArgument(d.status().message(), std::string(FieldName(f)));
  return d.value();
}

// Copies field `f` from `from` to `to`.
void CopyField(const model::Record& from, model::Record& to, HandlingField f) {
  const auto& p = from.provenance;
  const auto& h = from.handling;
  switch (f) {
    case HandlingField::kOriginator:
      to.provenance.originator = p.originator;
      break;
    case HandlingField::kAgency:
      to.provenance.agency = p.agency;
      break;
    case HandlingField::kCase:
      to.provenance.case_ref = p.case_ref;
      break;
    case HandlingField::kReported:
      to.provenance.reported = p.reported;
      break;
    case HandlingField::kReliability:
      to.provenance.reliability = p.reliability;
      break;
    case HandlingField::kCredibility:
      to.provenance.credibility = p.credibility;
      break;
    case HandlingField::kClassification:
      to.handling.classification = h.classification;
      break;
    case HandlingField::kTlp:
      to.handling.tlp = h.tlp;
      break;
    case HandlingField::kCodes:
      to.handling.codes = h.codes;
      break;
    case HandlingField::kRestrictions:
      to.handling.restrictions = h.restrictions;
      break;
    case HandlingField::kReleasableTo:
      to.handling.releasable_to = h.releasable_to;
      break;
    case HandlingField::kOriginatorControl:
      to.handling.originator_control = h.originator_control;
      break;
    case HandlingField::kCompartment:
      to.handling.compartment = h.compartment;
      break;
    case HandlingField::kReviewDate:
      to.handling.review_date = h.review_date;
      break;
    case HandlingField::kLegalBasis:
      to.handling.legal_basis = h.legal_basis;
      break;
  }
}

std::string FieldText(const model::Record& r, HandlingField f) {
  const auto& p = r.provenance;
  const auto& h = r.handling;
  switch (f) {
    case HandlingField::kOriginator:
      return p.originator;
    case HandlingField::kAgency:
      return p.agency;
    case HandlingField::kCase:
      return p.case_ref;
    case HandlingField::kReported:
      return p.reported.ToString();
    case HandlingField::kReliability:
      return std::string(1, p.reliability);
    case HandlingField::kCredibility:
      return std::to_string(p.credibility);
    case HandlingField::kClassification:
      return std::string(model::ToString(h.classification));
    case HandlingField::kTlp:
      return std::string(model::ToString(h.tlp));
    case HandlingField::kCodes: {
      std::vector<std::string> codes;
      for (auto c : h.codes) codes.emplace_back(model::ToString(c));
      return Join(codes, ",");
    }
    case HandlingField::kRestrictions:
      return h.restrictions;
    case HandlingField::kReleasableTo:
      return h.releasable_to.empty() ? "(originator only)" : Join(h.releasable_to, ",");
    case HandlingField::kOriginatorControl:
      return h.originator_control ? "true" : "false";
    case HandlingField::kCompartment:
      return h.compartment;
    case HandlingField::kReviewDate:
      return h.review_date.ToString();
    case HandlingField::kLegalBasis:
      return h.legal_basis;
  }
  return "";
}

}  // namespace

std::string_view FieldName(HandlingField f) {
  return Info(f).name;
}
std::string_view FieldOption(HandlingField f) {
  return Info(f).option;
}
bool IsMandatory(HandlingField f) {
  return Info(f).mandatory;
}

Result<HandlingField> ParseFieldName(std::string_view name) {
  std::string n = AsciiLower(Trim(name));
  for (auto& c : n) {
    if (c == '-') c = '_';
  }
  for (const auto& info : kFields) {
    std::string option(info.option);
    for (auto& c : option) {
      if (c == '-') c = '_';
    }
    std::string_view short_name = info.name.substr(info.name.find('.') + 1);
    if (n == info.name || n == short_name || n == option) return info.field;
  }
  if (n == "case_ref" || n == "provenance.case_ref") return HandlingField::kCase;
  if (n == "orcon") return HandlingField::kOriginatorControl;
  return Status::InvalidArgument("unknown provenance or handling field '" + std::string(name) + "'", std::string(name));
}

Status SetHandlingField(model::Record& r, HandlingField f, std::string_view text) {
  const std::string field(FieldName(f));
  std::string_view t = Trim(text);
  if (!IsValidUtf8(t)) return Status::InvalidArgument("invalid UTF-8", field);
  switch (f) {
    case HandlingField::kOriginator:
      r.provenance.originator = AsciiUpper(t);
      break;
    case HandlingField::kAgency:
      r.provenance.agency = std::string(t);
      break;
    case HandlingField::kCase:
      r.provenance.case_ref = std::string(t);
      break;
    case HandlingField::kReported: {
      DISRUPT_ASSIGN_OR_RETURN(r.provenance.reported, ParseDateField(t, f));
      break;
    }
    case HandlingField::kReliability: {
      if (t.size() != 1) return Status::InvalidArgument("source reliability must be one letter A to F", field);
      char c = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
      if (c < 'A' || c > 'F') return Status::InvalidArgument("source reliability must be A to F", field);
      r.provenance.reliability = c;
      break;
    }
    case HandlingField::kCredibility: {
      long long c;
      if (!ParseInt64(t, c) || c < 1 || c > 6) {
        return Status::InvalidArgument("information credibility must be 1 to 6", field);
      }
      r.provenance.credibility = static_cast<int>(c);
      break;
    }
    case HandlingField::kClassification: {
      auto c = model::ParseClassification(t);
      if (!c.ok()) return Status::InvalidArgument(c.status().message(), field);
      r.handling.classification = c.value();
      break;
    }
    case HandlingField::kTlp: {
      auto tlp = model::ParseTlp(t);
      if (!tlp.ok()) return Status::InvalidArgument(tlp.status().message(), field);
      r.handling.tlp = tlp.value();
      break;
    }
    case HandlingField::kCodes: {
      r.handling.codes.clear();
      for (const auto& part : SplitList(t)) {
        auto code = model::ParseHandlingCode(part);
        if (!code.ok()) return Status::InvalidArgument(code.status().message(), field);
        r.handling.codes.insert(code.value());
      }
      break;
    }
    case HandlingField::kRestrictions:
      r.handling.restrictions = std::string(t);
      break;
    case HandlingField::kReleasableTo:
      r.handling.releasable_to = SplitList(t);
      break;
    case HandlingField::kOriginatorControl: {
      std::string v = AsciiLower(t);
      if (v == "true" || v == "yes" || v == "1" || v == "orcon")
        r.handling.originator_control = true;
      else if (v == "false" || v == "no" || v == "0" || v.empty())
        r.handling.originator_control = false;
      else
        return Status::InvalidArgument("want true or false, got '" + std::string(t) + "'", field);
      break;
    }
    case HandlingField::kCompartment:
      r.handling.compartment = std::string(t);
      break;
    case HandlingField::kReviewDate: {
      DISRUPT_ASSIGN_OR_RETURN(r.handling.review_date, ParseDateField(t, f));
      break;
    }
    case HandlingField::kLegalBasis:
      r.handling.legal_basis = std::string(t);
      break;
  }
  return Status::Ok();
}

Status Defaults::Set(std::string_view field, std::string_view text) {
  DISRUPT_ASSIGN_OR_RETURN(HandlingField f, ParseFieldName(field));
  DISRUPT_RETURN_IF_ERROR(SetHandlingField(template_, f, text));
  set_.set(static_cast<size_t>(f));
  return Status::Ok();
}

Status Defaults::SetProperty(std::string_view type_dot_property, std::string_view value) {
  size_t dot = type_dot_property.find('.');
  std::string where(type_dot_property);
  if (dot == std::string_view::npos) {
    return Status::InvalidArgument("a property default is named Type.property", where);
  }
  std::string type(type_dot_property.substr(0, dot)), property(type_dot_property.substr(dot + 1));
  const model::Schema* schema = model::FindSchema(type);
  if (!schema) return Status::InvalidArgument("unknown record type '" + type + "'", where);
  if (!schema->Find(property)) {
    return Status::InvalidArgument("record type " + type + " has no property '" + property + "'", where);
  }
  if (Trim(value).empty()) return Status::InvalidArgument("empty default value", where);
  properties_[type][property] = std::string(Trim(value));
  return Status::Ok();
}

Status Defaults::LoadJson(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) return Status::InvalidArgument("defaults must be a JSON object", where);
  for (const auto& [key, value] : j.items()) {
    if (key == "provenance" || key == "handling") {
      if (!value.is_object()) return Status::InvalidArgument("must be an object", where + key);
      for (const auto& [name, v] : value.items()) {
        std::string field = where + key + "." + name;
        std::string text;
        if (v.is_string()) {
          text = v.get<std::string>();
        } else if (v.is_number_integer()) {
          text = std::to_string(v.get<long long>());
        } else if (v.is_boolean()) {
          text = v.get<bool>() ? "true" : "false";
        } else if (v.is_array()) {
          std::vector<std::string> parts;
          for (const auto& e : v) {
            if (!e.is_string()) return Status::InvalidArgument("must be a list of strings", field);
            parts.push_back(e.get<std::string>());
          }
          text = Join(parts, ",");
        } else {
          return Status::InvalidArgument("must be a string, number, boolean or list of strings", field);
        }
        auto f = ParseFieldName(key + "." + name);
        if (!f.ok()) return Status::InvalidArgument("unknown " + key + " field '" + name + "'", field);
        Status s = SetHandlingField(template_, f.value(), text);
        if (!s.ok()) return Status::InvalidArgument(s.message(), field);
        set_.set(static_cast<size_t>(f.value()));
      }
    } else if (key == "properties") {
      if (!value.is_object()) return Status::InvalidArgument("must be an object", where + key);
      for (const auto& [name, v] : value.items()) {
        if (!v.is_string()) return Status::InvalidArgument("must be a string", where + key + "." + name);
        Status s = SetProperty(name, v.get<std::string>());
        if (!s.ok()) return Status::InvalidArgument(s.message(), where + key + "." + name);
      }
    } else {
      return Status::InvalidArgument("unknown key '" + key + "' (want provenance, handling or properties)",
                                     where + key);
    }
  }
  return Status::Ok();
}

Status Defaults::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open defaults file " + path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("not valid JSON", path);
  return LoadJson(j, path + ": ");
}

void Defaults::MergeFrom(const Defaults& lower) {
  for (size_t i = 0; i < kHandlingFieldCount; ++i) {
    if (set_.test(i) || !lower.set_.test(i)) continue;
    CopyField(lower.template_, template_, static_cast<HandlingField>(i));
    set_.set(i);
  }
  for (const auto& [type, props] : lower.properties_) {
    for (const auto& [p, v] : props) properties_[type].emplace(p, v);
  }
}

Status Defaults::ApplyTo(model::Record& record, const FieldSet& already_set) const {
  for (size_t i = 0; i < kHandlingFieldCount; ++i) {
    auto f = static_cast<HandlingField>(i);
    if (already_set.test(i)) continue;
    if (set_.test(i)) {
      CopyField(template_, record, f);
    } else if (IsMandatory(f)) {
      return Status::InvalidArgument("missing " + std::string(FieldName(f)) +
                                         ": the input does not give it and no default was set (use --" +
                                         std::string(FieldOption(f)) + " or a defaults file)",
                                     std::string(FieldName(f)));
    }
  }
  if (!properties_.empty()) {
    auto it = properties_.find(record.type);
    if (it != properties_.end()) {
      for (const auto& [p, v] : it->second) {
        auto pit = record.properties.find(p);
        if (pit == record.properties.end() || pit->second.empty()) record.Set(p, v);
      }
    }
  }
  return Status::Ok();
}

std::vector<std::string> Defaults::Describe() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < kHandlingFieldCount; ++i) {
    if (!set_.test(i)) continue;
    auto f = static_cast<HandlingField>(i);
    out.push_back(std::string(FieldName(f)) + " = " + FieldText(template_, f));
  }
  for (const auto& [type, props] : properties_) {
    for (const auto& [p, v] : props) out.push_back(type + "." + p + " = " + v);
  }
  return out;
}

}  // namespace disrupt::ingest
