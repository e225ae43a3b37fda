// Direct parsing of records in the project's JSON form; see record_parser.h.
// Every branch that meets something outside the common shape returns false:
// the general path decides those texts.
#include "model/record_parser.h"

#include <cctype>
#include <climits>
#include <cstdint>
#include <string>

#include "core/text.h"
#include "model/handling.h"
#include "model/schema.h"

namespace disrupt::model {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool Record(model::Record& r);

 private:
  void Ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  // Skips white space; true (and consumes it) when the next byte is `c`.
  bool Take(char c) {
    Ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool PeekIs(char c) {
    Ws();
    return p_ < end_ && *p_ == c;
  }
  bool String(std::string& out);
  bool Hex4(uint32_t& v);
  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }
  // A JSON number; `integer` says whether it has neither fraction nor exponent.
  bool Number(std::string_view& text, bool& integer);
  bool Skip(int depth);
  // Iterates the members of an object: calls member(key) with the parser at
  // the value, which member must consume. Duplicate keys are refused.
  template <typename Member>
  bool Object(Member&& member);
  template <typename Element>
  bool Array(Element&& element);
  bool StringArray(std::vector<std::string>& out);
  bool Date(PartialDate& out);
  bool Properties(model::Properties& props);
  bool PropertyValue(std::string_view name, model::Properties& props);
  bool Provenance(model::Provenance& p);
  bool Handling(model::Handling& h);

  const char* p_;
  const char* end_;
  std::string scratch_;
};

bool Parser::Hex4(uint32_t& v) {
  if (end_ - p_ < 4) return false;
  v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = *p_++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
    else return false;
  }
  return true;
}

bool Parser::String(std::string& out) {
  out.clear();
  if (!Take('"')) return false;
  for (;;) {
    const char* start = p_;
    while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
    out.append(start, static_cast<size_t>(p_ - start));
    if (p_ == end_ || static_cast<unsigned char>(*p_) < 0x20) return false;
    if (*p_++ == '"') return true;
    if (p_ == end_) return false;
    switch (*p_++) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp;
        if (!Hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xF0 | (cp >> 18));
          out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        break;
      }
      default:
        return false;
    }
  }
}

bool Parser::Number(std::string_view& text, bool& integer) {
  Ws();
  const char* start = p_;
  auto digit = [&] { return p_ < end_ && *p_ >= '0' && *p_ <= '9'; };
  if (p_ < end_ && *p_ == '-') ++p_;
  if (!digit()) return false;
  if (*p_ == '0') {
    ++p_;
  } else {
    while (digit()) ++p_;
  }
  integer = true;
  if (p_ < end_ && *p_ == '.') {
    integer = false;
    ++p_;
    if (!digit()) return false;
    while (digit()) ++p_;
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    integer = false;
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (!digit()) return false;
    while (digit()) ++p_;
  }
  text = std::string_view(start, static_cast<size_t>(p_ - start));
  return true;
}

bool Parser::Skip(int depth) {
  if (depth > 64) return false;
  Ws();
  if (p_ == end_) return false;
  switch (*p_) {
    case '"':
      return String(scratch_);
    case '{':
      return Object([&](const std::string&) { return Skip(depth + 1); });
    case '[':
      return Array([&] { return Skip(depth + 1); });
    case 't':
      return Literal("true");
    case 'f':
      return Literal("false");
    case 'n':
      return Literal("null");
    default: {
      std::string_view number;
      bool integer;
      return Number(number, integer);
    }
  }
}

template <typename Member>
bool Parser::Object(Member&& member) {
  if (!Take('{')) return false;
  if (Take('}')) return true;
  std::vector<std::string> keys;
  for (;;) {
    std::string key;
    if (!String(key) || !Take(':')) return false;
    for (const auto& k : keys) {
      if (k == key) return false;
    }
    if (!member(key)) return false;
    keys.push_back(std::move(key));
    if (Take(',')) continue;
    return Take('}');
  }
}

template <typename Element>
bool Parser::Array(Element&& element) {
  if (!Take('[')) return false;
  if (Take(']')) return true;
  for (;;) {
    if (!element()) return false;
    if (Take(',')) continue;
    return Take(']');
  }
}

bool Parser::StringArray(std::vector<std::string>& out) {
  return Array([&] {
    std::string s;
    if (!String(s)) return false;
    out.push_back(std::move(s));
    return true;
  });
}

bool Parser::Date(PartialDate& out) {
  std::string s;
  if (!String(s)) return false;
  if (s.empty()) {
    out = PartialDate{};
    return true;
  }
  auto d = PartialDate::Parse(s);
  if (!d.ok()) return false;
  out = d.value();
  return true;
}

bool Parser::PropertyValue(std::string_view name, model::Properties& props) {
  auto add = [&](model::Value v) {
    auto it = props.find(name);
    if (it == props.end()) it = props.emplace(std::string(name), std::vector<model::Value>()).first;
    it->second.push_back(std::move(v));
  };
  Ws();
  if (p_ == end_) return false;
  model::Value v;
  switch (*p_) {
    case '"':
      if (!String(v.value)) return false;
      break;
    case 't':
      if (!Literal("true")) return false;
      v.value = "true";
      break;
    case 'f':
      if (!Literal("false")) return false;
      v.value = "false";
      break;
    case '{': {
      bool has_value = false;
      bool ok = Object([&](const std::string& key) {
        if (key == "value") {
          has_value = true;
          return String(v.value);
        }
        if (key == "valid_from") return Date(v.valid.from);
        if (key == "valid_to") return Date(v.valid.to);
        return Skip(1);
      });
      if (!ok || !has_value) return false;
      break;
    }
    default: {
      // Integers as their decimal text; anything longer than int64 surely
      // holds, or not an integer, goes the general way.
      std::string_view number;
      bool integer;
      if (!Number(number, integer) || !integer || number.size() > 18) return false;
      long long n;
      if (!ParseInt64(number, n)) return false;
      v.value = std::to_string(n);
      break;
    }
  }
  add(std::move(v));
  return true;
}

bool Parser::Properties(model::Properties& props) {
  return Object([&](const std::string& name) {
    if (props.count(name)) return false;
    if (PeekIs('[')) return Array([&] { return PropertyValue(name, props); });
    return PropertyValue(name, props);
  });
}

bool Parser::Provenance(model::Provenance& p) {
  unsigned seen = 0;
  bool ok = Object([&](const std::string& key) {
    if (key == "originator") {
      seen |= 1;
      return String(p.originator);
    }
    if (key == "agency") {
      seen |= 2;
      return String(p.agency);
    }
    if (key == "case") return String(p.case_ref);
    if (key == "reported") {
      seen |= 4;
      return Date(p.reported);
    }
    if (key == "reliability") {
      seen |= 8;
      std::string s;
      if (!String(s) || s.size() != 1) return false;
      p.reliability = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
      return true;
    }
    if (key == "credibility") {
      seen |= 16;
      long long c;
      if (PeekIs('"')) {
        std::string s;
        if (!String(s) || !ParseInt64(s, c)) return false;
      } else {
        std::string_view number;
        bool integer;
        if (!Number(number, integer) || !integer || number.size() > 9 || !ParseInt64(number, c)) return false;
      }
      p.credibility = static_cast<int>(c);
      return c >= INT_MIN && c <= INT_MAX;
    }
    return Skip(1);
  });
  return ok && seen == 31;
}

bool Parser::Handling(model::Handling& h) {
  unsigned seen = 0;
  bool ok = Object([&](const std::string& key) {
    std::string s;
    if (key == "classification") {
      seen |= 1;
      if (!String(s)) return false;
      auto c = model::ParseClassification(s);
      if (!c.ok()) return false;
      h.classification = c.value();
      return true;
    }
    if (key == "tlp") {
      seen |= 2;
      if (!String(s)) return false;
      auto t = model::ParseTlp(s);
      if (!t.ok()) return false;
      h.tlp = t.value();
      return true;
    }
    if (key == "codes") {
      return Array([&] {
        if (!String(s)) return false;
        auto c = model::ParseHandlingCode(s);
        if (!c.ok()) return false;
        h.codes.insert(c.value());
        return true;
      });
    }
    if (key == "restrictions") return String(h.restrictions);
    if (key == "releasable_to") {
      seen |= 4;
      return StringArray(h.releasable_to);
    }
    if (key == "originator_control") {
      Ws();
      if (Literal("true")) {
        h.originator_control = true;
        return true;
      }
      h.originator_control = false;
      return Literal("false");
    }
    if (key == "compartment") return String(h.compartment);
    if (key == "review_date") {
      seen |= 8;
      return Date(h.review_date);
    }
    if (key == "legal_basis") return String(h.legal_basis);
    return Skip(1);
  });
  return ok && seen == 15;
}

bool Parser::Record(model::Record& r) {
  r = model::Record();
  std::string kind;
  unsigned seen = 0;
  bool ok = Object([&](const std::string& key) {
    if (key == "id") {
      seen |= 1;
      return String(r.id);
    }
    if (key == "type") {
      seen |= 2;
      return String(r.type);
    }
    if (key == "kind") return String(kind);
    if (key == "source") return String(r.source);
    if (key == "target") return String(r.target);
    if (key == "valid_from") return Date(r.valid.from);
    if (key == "valid_to") return Date(r.valid.to);
    if (key == "properties") return Properties(r.properties);
    if (key == "networks") return StringArray(r.networks);
    if (key == "provenance") {
      seen |= 4;
      return Provenance(r.provenance);
    }
    if (key == "handling") {
      seen |= 8;
      return Handling(r.handling);
    }
    return Skip(1);
  });
  if (!ok || seen != 15) return false;
  Ws();
  if (p_ != end_) return false;
  const model::Schema* schema = model::FindSchema(r.type);
  if (!schema) return false;
  if (kind.empty()) r.kind = schema->kind;
  else if (kind == "entity") r.kind = model::RecordKind::kEntity;
  else if (kind == "link") r.kind = model::RecordKind::kLink;
  else if (kind == "event") r.kind = model::RecordKind::kEvent;
  else return false;
  return true;
}

}  // namespace

bool ParseRecordJson(std::string_view text, model::Record& out) { return Parser(text).Record(out); }

}  // namespace disrupt::model
