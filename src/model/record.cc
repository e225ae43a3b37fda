// Record accessors, validation against the schema, and the JSON form.
#include "model/record.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "model/countries.h"
#include "model/vocabulary.h"

namespace disrupt::model {

namespace {
const std::string kEmpty;
}

const std::string& Record::Get(std::string_view property) const {
  auto it = properties.find(property);
  if (it == properties.end() || it->second.empty()) return kEmpty;
  return it->second.front().value;
}

std::vector<std::string> Record::GetAll(std::string_view property) const {
  std::vector<std::string> out;
  auto it = properties.find(property);
  if (it == properties.end()) return out;
  for (const auto& v : it->second) out.push_back(v.value);
  return out;
}

std::vector<std::string> Record::GetAllAsOf(std::string_view property, long long day) const {
  std::vector<std::string> out;
  auto it = properties.find(property);
  if (it == properties.end()) return out;
  for (const auto& v : it->second) {
    if (v.valid.Covers(day)) out.push_back(v.value);
  }
  return out;
}

void Record::Set(std::string_view property, std::string value) {
  auto& values = properties[std::string(property)];
  values.clear();
  values.push_back(Value{std::move(value), {}});
}

void Record::Add(std::string_view property, std::string value, Interval valid) {
  properties[std::string(property)].push_back(Value{std::move(value), valid});
}

std::string Record::Label() const {
  for (std::string_view p : {"name", "number", "handle", "account_number", "registration"}) {
    const auto& v = Get(p);
    if (!v.empty()) return v;
  }
  if (kind == RecordKind::kLink) return type + " " + source + " -> " + target;
  return type + " " + id;
}

std::vector<std::string> Record::References() const {
  std::vector<std::string> refs;
  if (kind == RecordKind::kLink) {
    refs.push_back(source);
    refs.push_back(target);
  }
  const Schema* schema = FindSchema(type);
  if (schema) {
    for (const auto& spec : schema->properties) {
      if (spec.type != PropertyType::kEntityRef) continue;
      for (const auto& v : GetAll(spec.name)) refs.push_back(v);
    }
  }
  refs.insert(refs.end(), networks.begin(), networks.end());
  return refs;
}

bool Record::IsVictimRecord() const {
  if (kind == RecordKind::kLink) {
    const Schema* schema = FindSchema(type);
    return schema && schema->protected_victim;
  }
  return type == "Person" && (Get("victim") == "true" ||
                              [&] {
                                for (const auto& r : GetAll("role"))
                                  if (r == "victim") return true;
                                return false;
                              }());
}

namespace {

Status CheckValue(const PropertySpec& spec, const std::string& value, const Vocabularies* vocabularies,
                  const std::string& field) {
  if (!IsValidUtf8(value)) return Status::InvalidArgument("invalid UTF-8", field);
  if (value.size() > 65536) return Status::InvalidArgument("value longer than 64 KiB", field);
  if (Trim(value).empty()) return Status::InvalidArgument("empty value", field);
  switch (spec.type) {
    case PropertyType::kDate: {
      auto d = PartialDate::Parse(value);
      if (!d.ok()) return Status::InvalidArgument(d.status().message(), field);
      break;
    }
    case PropertyType::kCountry:
      if (!IsCountryCode(value)) {
        return Status::InvalidArgument("not an ISO 3166-1 alpha-3 country code: '" + value + "'", field);
      }
      break;
    case PropertyType::kNumber: {
      double d;
      if (!ParseDouble(value, d)) return Status::InvalidArgument("not a number: '" + value + "'", field);
      break;
    }
    case PropertyType::kInteger: {
      long long i;
      if (!ParseInt64(value, i)) return Status::InvalidArgument("not a whole number: '" + value + "'", field);
      break;
    }
    case PropertyType::kBool:
      if (value != "true" && value != "false") return Status::InvalidArgument("want true or false", field);
      break;
    case PropertyType::kVocabulary:
      if (vocabularies && !vocabularies->Has(spec.vocabulary, value)) {
        return Status::InvalidArgument(
            "'" + value + "' is not a term of the vocabulary " + std::string(spec.vocabulary), field);
      }
      break;
    default:
      break;
  }
  return Status::Ok();
}

bool TypeAllowed(const std::vector<std::string_view>& allowed, std::string_view) { return allowed.empty(); }

}  // namespace

Status Validate(const Record& record, const Vocabularies* vocabularies) {
  if (Trim(record.id).empty()) return Status::InvalidArgument("missing record id", "id");
  if (record.id.size() > 256 || !IsValidUtf8(record.id)) {
    return Status::InvalidArgument("record id must be valid UTF-8 of at most 256 bytes", "id");
  }
  const Schema* schema = FindSchema(record.type);
  if (!schema) return Status::InvalidArgument("unknown schema '" + record.type + "'", "type");
  if (schema->kind != record.kind) {
    return Status::InvalidArgument("schema " + record.type + " is a " + std::string(ToString(schema->kind)) +
                                       " type, not a " + std::string(ToString(record.kind)),
                                   "kind");
  }
  if (record.kind == RecordKind::kLink) {
    if (record.source.empty()) return Status::InvalidArgument("link without a source entity", "source");
    if (record.target.empty()) return Status::InvalidArgument("link without a target entity", "target");
  } else if (!record.source.empty() || !record.target.empty()) {
    return Status::InvalidArgument("only links have a source and target", "source");
  }
  if (!record.valid.from.empty() && !record.valid.to.empty() &&
      record.valid.from.EarliestDay() > record.valid.to.LatestDay()) {
    return Status::InvalidArgument("validity interval ends before it starts", "valid_to");
  }
  for (const auto& [name, values] : record.properties) {
    const PropertySpec* spec = schema->Find(name);
    std::string field = "properties." + name;
    if (!spec) return Status::InvalidArgument("unknown property '" + name + "' for " + record.type, field);
    if (!spec->multi && values.size() > 1) {
      return Status::InvalidArgument("property takes one value, got " + std::to_string(values.size()), field);
    }
    for (const auto& v : values) DISRUPT_RETURN_IF_ERROR(CheckValue(*spec, v.value, vocabularies, field));
  }
  for (const auto& spec : schema->properties) {
    if (!spec.required) continue;
    auto it = record.properties.find(spec.name);
    if (it == record.properties.end() || it->second.empty()) {
      return Status::InvalidArgument("missing required property '" + std::string(spec.name) + "' for " + record.type,
                                     "properties." + std::string(spec.name));
    }
  }
  (void)TypeAllowed;
  DISRUPT_RETURN_IF_ERROR(ValidateProvenance(record.provenance));
  DISRUPT_RETURN_IF_ERROR(ValidateHandling(record.handling));
  return Status::Ok();
}

// ---- JSON ----

nlohmann::json ToJson(const Record& r) {
  using nlohmann::json;
  json j;
  j["id"] = r.id;
  j["kind"] = std::string(ToString(r.kind));
  j["type"] = r.type;
  if (r.kind == RecordKind::kLink) {
    j["source"] = r.source;
    j["target"] = r.target;
  }
  if (!r.valid.from.empty()) j["valid_from"] = r.valid.from.ToString();
  if (!r.valid.to.empty()) j["valid_to"] = r.valid.to.ToString();
  json props = json::object();
  for (const auto& [name, values] : r.properties) {
    json arr = json::array();
    for (const auto& v : values) {
      if (v.valid.from.empty() && v.valid.to.empty()) {
        arr.push_back(v.value);
      } else {
        json o = {{"value", v.value}};
        if (!v.valid.from.empty()) o["valid_from"] = v.valid.from.ToString();
        if (!v.valid.to.empty()) o["valid_to"] = v.valid.to.ToString();
        arr.push_back(o);
      }
    }
    props[name] = arr;
  }
  j["properties"] = props;
  if (!r.networks.empty()) j["networks"] = r.networks;
  const auto& p = r.provenance;
  j["provenance"] = {{"originator", p.originator},
                     {"agency", p.agency},
                     {"reported", p.reported.ToString()},
                     {"reliability", std::string(1, p.reliability)},
                     {"credibility", p.credibility}};
  if (!p.case_ref.empty()) j["provenance"]["case"] = p.case_ref;
  const auto& h = r.handling;
  json codes = json::array();
  for (auto c : h.codes) codes.push_back(std::string(ToString(c)));
  j["handling"] = {{"classification", std::string(ToString(h.classification))},
                   {"tlp", std::string(ToString(h.tlp))},
                   {"codes", codes},
                   {"releasable_to", h.releasable_to},
                   {"originator_control", h.originator_control},
                   {"review_date", h.review_date.ToString()}};
  if (!h.restrictions.empty()) j["handling"]["restrictions"] = h.restrictions;
  if (!h.compartment.empty()) j["handling"]["compartment"] = h.compartment;
  if (!h.legal_basis.empty()) j["handling"]["legal_basis"] = h.legal_basis;
  if (r.version) j["version"] = r.version;
  if (r.updated_at) j["updated_at"] = FormatTimestamp(r.updated_at);
  return j;
}

namespace {

Result<std::string> GetString(const nlohmann::json& obj, const char* key, const std::string& field, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return Status::InvalidArgument("missing field", field);
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidArgument("must be a string", field);
  return it->get<std::string>();
}

Result<PartialDate> GetDate(const nlohmann::json& obj, const char* key, const std::string& field, bool required) {
  DISRUPT_ASSIGN_OR_RETURN(std::string s, GetString(obj, key, field, required));
  if (s.empty()) return PartialDate{};
  auto d = PartialDate::Parse(s);
  if (!d.ok()) return Status::InvalidArgument(d.status().message(), field);
  return d.value();
}

}  // namespace

Result<Record> RecordFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Status::InvalidArgument("a record must be a JSON object", "");
  Record r;
  DISRUPT_ASSIGN_OR_RETURN(r.id, GetString(j, "id", "id", true));
  DISRUPT_ASSIGN_OR_RETURN(r.type, GetString(j, "type", "type", true));
  DISRUPT_ASSIGN_OR_RETURN(std::string kind, GetString(j, "kind", "kind", false));
  const Schema* schema = FindSchema(r.type);
  if (!schema) return Status::InvalidArgument("unknown schema '" + r.type + "'", "type");
  if (kind.empty()) r.kind = schema->kind;
  else if (kind == "entity") r.kind = RecordKind::kEntity;
  else if (kind == "link") r.kind = RecordKind::kLink;
  else if (kind == "event") r.kind = RecordKind::kEvent;
  else return Status::InvalidArgument("kind must be entity, link or event", "kind");
  DISRUPT_ASSIGN_OR_RETURN(r.source, GetString(j, "source", "source", false));
  DISRUPT_ASSIGN_OR_RETURN(r.target, GetString(j, "target", "target", false));
  DISRUPT_ASSIGN_OR_RETURN(r.valid.from, GetDate(j, "valid_from", "valid_from", false));
  DISRUPT_ASSIGN_OR_RETURN(r.valid.to, GetDate(j, "valid_to", "valid_to", false));
  if (auto it = j.find("properties"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return Status::InvalidArgument("must be an object", "properties");
    for (const auto& item : it->items()) {
      const std::string& name = item.key();
      const nlohmann::json& val = item.value();
      std::string field = "properties." + name;
      auto add = [&](const nlohmann::json& v) -> Status {
        if (v.is_string()) {
          r.Add(name, v.get<std::string>());
        } else if (v.is_number_integer()) {
          r.Add(name, std::to_string(v.get<long long>()));
        } else if (v.is_number()) {
          r.Add(name, v.dump());
        } else if (v.is_boolean()) {
          r.Add(name, v.get<bool>() ? "true" : "false");
        } else if (v.is_object()) {
          Value value;
          auto vs = v.find("value");
          if (vs == v.end()) return Status::InvalidArgument("missing value", field);
          if (vs->is_string()) value.value = vs->get<std::string>();
          else if (vs->is_number() || vs->is_boolean()) value.value = vs->dump();
          else return Status::InvalidArgument("value must be a string, number or boolean", field);
          DISRUPT_ASSIGN_OR_RETURN(value.valid.from, GetDate(v, "valid_from", field + ".valid_from", false));
          DISRUPT_ASSIGN_OR_RETURN(value.valid.to, GetDate(v, "valid_to", field + ".valid_to", false));
          r.properties[name].push_back(std::move(value));
        } else {
          return Status::InvalidArgument("values must be strings, numbers, booleans or {value, valid_from, valid_to}",
                                         field);
        }
        return Status::Ok();
      };
      if (val.is_array()) {
        for (const auto& v : val) DISRUPT_RETURN_IF_ERROR(add(v));
      } else {
        DISRUPT_RETURN_IF_ERROR(add(val));
      }
    }
  }
  if (auto it = j.find("networks"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Status::InvalidArgument("must be an array of network ids", "networks");
    for (const auto& n : *it) {
      if (!n.is_string()) return Status::InvalidArgument("must be an array of network ids", "networks");
      r.networks.push_back(n.get<std::string>());
    }
  }
  auto prov = j.find("provenance");
  if (prov == j.end() || !prov->is_object()) return Status::InvalidArgument("missing provenance", "provenance");
  DISRUPT_ASSIGN_OR_RETURN(r.provenance.originator, GetString(*prov, "originator", "provenance.originator", true));
  DISRUPT_ASSIGN_OR_RETURN(r.provenance.agency, GetString(*prov, "agency", "provenance.agency", true));
  DISRUPT_ASSIGN_OR_RETURN(r.provenance.case_ref, GetString(*prov, "case", "provenance.case", false));
  DISRUPT_ASSIGN_OR_RETURN(r.provenance.reported, GetDate(*prov, "reported", "provenance.reported", true));
  DISRUPT_ASSIGN_OR_RETURN(std::string rel, GetString(*prov, "reliability", "provenance.reliability", true));
  if (rel.size() != 1) return Status::InvalidArgument("source reliability must be one letter A to F", "provenance.reliability");
  r.provenance.reliability = static_cast<char>(std::toupper(static_cast<unsigned char>(rel[0])));
  auto cred = prov->find("credibility");
  if (cred == prov->end()) return Status::InvalidArgument("missing field", "provenance.credibility");
  if (cred->is_number_integer()) {
    r.provenance.credibility = cred->get<int>();
  } else if (cred->is_string()) {
    long long c;
    if (!ParseInt64(cred->get<std::string>(), c)) {
      return Status::InvalidArgument("information credibility must be 1 to 6", "provenance.credibility");
    }
    r.provenance.credibility = static_cast<int>(c);
  } else {
    return Status::InvalidArgument("information credibility must be 1 to 6", "provenance.credibility");
  }
  auto hand = j.find("handling");
  if (hand == j.end() || !hand->is_object()) return Status::InvalidArgument("missing handling", "handling");
  DISRUPT_ASSIGN_OR_RETURN(std::string cls, GetString(*hand, "classification", "handling.classification", true));
  DISRUPT_ASSIGN_OR_RETURN(r.handling.classification, ParseClassification(cls));
  DISRUPT_ASSIGN_OR_RETURN(std::string tlp, GetString(*hand, "tlp", "handling.tlp", true));
  DISRUPT_ASSIGN_OR_RETURN(r.handling.tlp, ParseTlp(tlp));
  if (auto it = hand->find("codes"); it != hand->end() && !it->is_null()) {
    if (!it->is_array()) return Status::InvalidArgument("must be an array", "handling.codes");
    for (const auto& c : *it) {
      if (!c.is_string()) return Status::InvalidArgument("must be an array of strings", "handling.codes");
      DISRUPT_ASSIGN_OR_RETURN(auto code, ParseHandlingCode(c.get<std::string>()));
      r.handling.codes.insert(code);
    }
  }
  DISRUPT_ASSIGN_OR_RETURN(r.handling.restrictions, GetString(*hand, "restrictions", "handling.restrictions", false));
  auto rel_to = hand->find("releasable_to");
  if (rel_to == hand->end() || !rel_to->is_array()) {
    return Status::InvalidArgument("missing releasable-to list (use [] for originator only)", "handling.releasable_to");
  }
  for (const auto& m : *rel_to) {
    if (!m.is_string()) return Status::InvalidArgument("must be an array of strings", "handling.releasable_to");
    r.handling.releasable_to.push_back(m.get<std::string>());
  }
  if (auto it = hand->find("originator_control"); it != hand->end() && !it->is_null()) {
    if (!it->is_boolean()) return Status::InvalidArgument("must be true or false", "handling.originator_control");
    r.handling.originator_control = it->get<bool>();
  }
  DISRUPT_ASSIGN_OR_RETURN(r.handling.compartment, GetString(*hand, "compartment", "handling.compartment", false));
  DISRUPT_ASSIGN_OR_RETURN(r.handling.review_date, GetDate(*hand, "review_date", "handling.review_date", true));
  DISRUPT_ASSIGN_OR_RETURN(r.handling.legal_basis, GetString(*hand, "legal_basis", "handling.legal_basis", false));
  return r;
}

}  // namespace disrupt::model
