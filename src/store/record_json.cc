// Direct JSON text of a stored record; see record_json.h.
#include "store/record_json.h"

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/json_text.h"
#include "core/text.h"
#include "model/record_parser.h"

namespace disrupt::store {

namespace {

void AppendString(std::string& out, std::string_view s) { AppendJsonString(out, s); }

void AppendDate(std::string& out, const PartialDate& d) { AppendString(out, d.ToString()); }

void AppendKey(std::string& out, std::string_view key) {
  AppendString(out, key);
  out += ':';
}

void AppendStrings(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    AppendString(out, values[i]);
  }
  out += ']';
}

}  // namespace

namespace {

// The text of model::ToJson(r).dump(), with or without its version and update time.
void AppendJson(const model::Record& r, bool with_meta, std::string& out) {
  // Members in the order of nlohmann::json's std::map: handling, id, kind,
  // networks, properties, provenance, source, target, type, updated_at,
  // valid_from, valid_to, version.
  const model::Handling& h = r.handling;
  out += "{\"handling\":{\"classification\":";
  AppendString(out, model::ToString(h.classification));
  out += ",\"codes\":[";
  bool first_code = true;
  for (model::HandlingCode code : h.codes) {
    if (!first_code) out += ',';
    first_code = false;
    AppendString(out, model::ToString(code));
  }
  out += ']';
  if (!h.compartment.empty()) {
    out += ",\"compartment\":";
    AppendString(out, h.compartment);
  }
  if (!h.legal_basis.empty()) {
    out += ",\"legal_basis\":";
    AppendString(out, h.legal_basis);
  }
  out += h.originator_control ? ",\"originator_control\":true" : ",\"originator_control\":false";
  out += ",\"releasable_to\":";
  AppendStrings(out, h.releasable_to);
  if (!h.restrictions.empty()) {
    out += ",\"restrictions\":";
    AppendString(out, h.restrictions);
  }
  out += ",\"review_date\":";
  AppendDate(out, h.review_date);
  out += ",\"tlp\":";
  AppendString(out, model::ToString(h.tlp));
  out += "},\"id\":";
  AppendString(out, r.id);
  out += ",\"kind\":";
  AppendString(out, model::ToString(r.kind));
  if (!r.networks.empty()) {
    out += ",\"networks\":";
    AppendStrings(out, r.networks);
  }
  out += ",\"properties\":{";
  bool first = true;
  for (const auto& [name, values] : r.properties) {
    if (!first) out += ',';
    first = false;
    AppendKey(out, name);
    out += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out += ',';
      const model::Value& v = values[i];
      if (v.valid.from.empty() && v.valid.to.empty()) {
        AppendString(out, v.value);
        continue;
      }
      out += '{';
      if (!v.valid.from.empty()) {
        out += "\"valid_from\":";
        AppendDate(out, v.valid.from);
        out += ',';
      }
      if (!v.valid.to.empty()) {
        out += "\"valid_to\":";
        AppendDate(out, v.valid.to);
        out += ',';
      }
      out += "\"value\":";
      AppendString(out, v.value);
      out += '}';
    }
    out += ']';
  }
  const model::Provenance& p = r.provenance;
  out += "},\"provenance\":{\"agency\":";
  AppendString(out, p.agency);
  if (!p.case_ref.empty()) {
    out += ",\"case\":";
    AppendString(out, p.case_ref);
  }
  out += ",\"credibility\":";
  out += std::to_string(p.credibility);
  out += ",\"originator\":";
  AppendString(out, p.originator);
  out += ",\"reliability\":";
  AppendString(out, std::string_view(&p.reliability, 1));
  out += ",\"reported\":";
  AppendDate(out, p.reported);
  out += '}';
  if (r.kind == model::RecordKind::kLink) {
    out += ",\"source\":";
    AppendString(out, r.source);
    out += ",\"target\":";
    AppendString(out, r.target);
  }
  out += ",\"type\":";
  AppendString(out, r.type);
  if (with_meta && r.updated_at) {
    out += ",\"updated_at\":";
    AppendString(out, FormatTimestamp(r.updated_at));
  }
  if (!r.valid.from.empty()) {
    out += ",\"valid_from\":";
    AppendDate(out, r.valid.from);
  }
  if (!r.valid.to.empty()) {
    out += ",\"valid_to\":";
    AppendDate(out, r.valid.to);
  }
  if (with_meta && r.version) {
    out += ",\"version\":";
    out += std::to_string(r.version);
  }
  out += '}';
}

}  // namespace

void AppendStoredJson(const model::Record& record, std::string& out) { AppendJson(record, false, out); }

void AppendRecordJson(const model::Record& record, std::string& out) { AppendJson(record, true, out); }

Result<model::Record> ReadStoredJson(std::string_view text) {
  model::Record record;
  if (FindInvalidUtf8(text) == std::string_view::npos && model::ParseRecordJson(text, record)) return record;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return Status::DataLoss("stored record is not valid JSON");
  auto r = model::RecordFromJson(j);
  if (!r.ok()) return Status::DataLoss("stored record is malformed: " + r.status().ToString());
  return r;
}

}  // namespace disrupt::store
