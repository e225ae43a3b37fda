// Draft records and their direct JSON serialisation; see draft.h.
#include "generate/draft.h"

#include "core/json_text.h"

namespace disrupt::generate {

void Draft::Begin(model::RecordKind kind, std::string_view type, std::string_view id) {
  kind_ = kind;
  type_ = type;
  id_.assign(id);
  source_.clear();
  target_.clear();
  valid_from_ = {};
  valid_to_ = {};
  count_ = 0;
  network_count_ = 0;
  provenance = {};
  handling = {};
}

void Draft::SetEnds(std::string_view source, std::string_view target) {
  source_.assign(source);
  target_.assign(target);
}

void Draft::SetValid(PartialDate from, PartialDate to) {
  valid_from_ = from;
  valid_to_ = to;
}

void Draft::Add(std::string_view property, std::string_view value) {
  if (value.empty()) return;
  if (count_ == properties_.size()) properties_.emplace_back();
  properties_[count_].name = property;
  properties_[count_].value.assign(value);
  ++count_;
}

void Draft::AddInt(std::string_view property, long long value) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  bool negative = value < 0;
  unsigned long long v = negative ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  if (negative) *--p = '-';
  Add(property, std::string_view(p, static_cast<size_t>(end - p)));
}

void Draft::AddDate(std::string_view property, PartialDate value) {
  if (value.empty()) return;
  std::string text;
  AppendDate(text, value);
  Add(property, text);
}

void Draft::AddNetwork(std::string_view network_id) {
  if (network_count_ == networks_.size()) networks_.emplace_back();
  networks_[network_count_++].assign(network_id);
}

namespace {

void AppendTwoDigits(std::string& out, int v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

void AppendKey(std::string& out, std::string_view key) {
  out += '"';
  out.append(key);
  out += "\":";
}

}  // namespace

void AppendDate(std::string& out, const PartialDate& date) {
  if (date.empty()) return;
  int y = date.year;
  out += static_cast<char>('0' + y / 1000 % 10);
  out += static_cast<char>('0' + y / 100 % 10);
  AppendTwoDigits(out, y % 100);
  if (date.month == 0) return;
  out += '-';
  AppendTwoDigits(out, date.month);
  if (date.day == 0) return;
  out += '-';
  AppendTwoDigits(out, date.day);
}

void Draft::AppendJson(std::string& out) {
  // Keys in the order of a std::map<std::string>, as nlohmann::json keeps them.
  out += "{\"handling\":{\"classification\":";
  AppendJsonString(out, model::ToString(handling.classification));
  out += ",\"codes\":[";
  bool first = true;
  for (int code = 0; code < 4; ++code) {
    if (!(handling.codes & (1u << code))) continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, model::ToString(static_cast<model::HandlingCode>(code)));
  }
  out += ']';
  if (!handling.compartment.empty()) {
    out += ",\"compartment\":";
    AppendJsonString(out, handling.compartment);
  }
  if (!handling.legal_basis.empty()) {
    out += ",\"legal_basis\":";
    AppendJsonString(out, handling.legal_basis);
  }
  out += handling.originator_control ? ",\"originator_control\":true" : ",\"originator_control\":false";
  out += ",\"releasable_to\":[";
  for (size_t i = 0; i < handling.releasable_to.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, handling.releasable_to[i]);
  }
  out += ']';
  if (!handling.restrictions.empty()) {
    out += ",\"restrictions\":";
    AppendJsonString(out, handling.restrictions);
  }
  out += ",\"review_date\":\"";
  AppendDate(out, handling.review_date);
  out += "\",\"tlp\":";
  AppendJsonString(out, model::ToString(handling.tlp));
  out += "},\"id\":";
  AppendJsonString(out, id_);
  out += ",\"kind\":";
  AppendJsonString(out, model::ToString(kind_));
  if (network_count_) {
    out += ",\"networks\":[";
    for (size_t i = 0; i < network_count_; ++i) {
      if (i) out += ',';
      AppendJsonString(out, networks_[i]);
    }
    out += ']';
  }
  out += ",\"properties\":{";
  // Insertion sort keeps the order of a property's values (stable) and
  // allocates nothing; records have a dozen properties at most.
  order_.resize(count_);
  for (size_t i = 0; i < count_; ++i) {
    size_t j = i;
    while (j > 0 && properties_[order_[j - 1]].name > properties_[i].name) {
      order_[j] = order_[j - 1];
      --j;
    }
    order_[j] = i;
  }
  for (size_t i = 0; i < count_;) {
    const std::string_view name = properties_[order_[i]].name;
    if (i) out += ',';
    AppendKey(out, name);
    out += '[';
    bool first_value = true;
    for (; i < count_ && properties_[order_[i]].name == name; ++i) {
      if (!first_value) out += ',';
      first_value = false;
      AppendJsonString(out, properties_[order_[i]].value);
    }
    out += ']';
  }
  out += "},\"provenance\":{\"agency\":";
  AppendJsonString(out, provenance.agency);
  if (!provenance.case_ref.empty()) {
    out += ",\"case\":";
    AppendJsonString(out, provenance.case_ref);
  }
  out += ",\"credibility\":";
  out += static_cast<char>('0' + provenance.credibility % 10);
  out += ",\"originator\":";
  AppendJsonString(out, provenance.originator);
  out += ",\"reliability\":\"";
  out += provenance.reliability;
  out += "\",\"reported\":\"";
  AppendDate(out, provenance.reported);
  out += '"';
  out += '}';
  if (kind_ == model::RecordKind::kLink) {
    out += ",\"source\":";
    AppendJsonString(out, source_);
    out += ",\"target\":";
    AppendJsonString(out, target_);
  }
  out += ",\"type\":";
  AppendJsonString(out, type_);
  if (!valid_from_.empty()) {
    out += ",\"valid_from\":\"";
    AppendDate(out, valid_from_);
    out += '"';
  }
  if (!valid_to_.empty()) {
    out += ",\"valid_to\":\"";
    AppendDate(out, valid_to_);
    out += '"';
  }
  out += "}\n";
}

}  // namespace disrupt::generate
