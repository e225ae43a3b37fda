// Streaming JSON units (lines or array elements) and unit parsing; see json_lines.h.
#include "ingest/json_lines.h"

#include <cstring>

#include "core/text.h"
#include "ingest/reader.h"

namespace disrupt::ingest {

namespace {

constexpr size_t kBufferBytes = 1u << 20;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Replaces each invalid UTF-8 sequence with U+FFFD; returns the byte offset of
// the first one.
size_t Repair(std::string& s) {
  size_t first = FindInvalidUtf8(s);
  if (first == std::string::npos) return first;
  std::string out = s.substr(0, first);
  size_t i = first;
  while (i < s.size()) {
    size_t bad = FindInvalidUtf8(std::string_view(s).substr(i));
    if (bad == std::string::npos) {
      out.append(s, i, std::string::npos);
      break;
    }
    out.append(s, i, bad);
    out.append(kReplacement);
    i += bad + 1;
    // Skip continuation bytes of the broken sequence.
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  s = std::move(out);
  return first;
}

// Path of the first string (member name or value) containing U+FFFD.
bool FindReplacement(const nlohmann::json& j, const std::string& path, std::string& found) {
  if (j.is_string()) {
    if (j.get_ref<const std::string&>().find(kReplacement) != std::string::npos) {
      found = path;
      return true;
    }
    return false;
  }
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      std::string p = path.empty() ? k : path + "." + k;
      if (k.find(kReplacement) != std::string::npos || FindReplacement(v, p, found)) {
        if (found.empty()) found = p;
        return true;
      }
    }
  }
  if (j.is_array()) {
    for (const auto& v : j) {
      if (FindReplacement(v, path, found)) return true;
    }
  }
  return false;
}

std::string CleanParseMessage(const char* what) {
  std::string m(what);
  // "[json.exception.parse_error.101] parse error at line 1, column 3: ..." -> "JSON syntax error at column 3: ..."
  if (auto b = m.find("] "); b != std::string::npos && m[0] == '[') m = m.substr(b + 2);
  if (auto c = m.find("column "); c != std::string::npos) {
    auto colon = m.find(": ", c);
    std::string rest = colon == std::string::npos ? "" : m.substr(colon + 2);
    std::string col = m.substr(c + 7, colon == std::string::npos ? std::string::npos : colon - c - 7);
    return "not valid JSON (column " + col + "): " + rest;
  }
  return "not valid JSON: " + m;
}

}  // namespace

Result<std::unique_ptr<JsonUnitReader>> JsonUnitReader::Open(const std::string& path) {
  std::unique_ptr<JsonUnitReader> r(new JsonUnitReader());
  r->in_.open(path, std::ios::binary);
  if (!r->in_) return Status::NotFound("cannot open " + path);
  r->buffer_.resize(kBufferBytes);
  // Skip a byte-order mark and blank space to see whether this is an array.
  if (r->Peek() == 0xEF) {
    r->Get();
    if (r->Get() != 0xBB || r->Get() != 0xBF) {
      r->status_ = Status::InvalidArgument("file starts with a broken byte-order mark", path + ":1");
    }
  }
  for (;;) {
    int c = r->Peek();
    if (c == ' ' || c == '\t' || c == '\r') {
      r->Get();
    } else if (c == '\n') {
      r->Get();
      ++r->line_;
    } else {
      break;
    }
  }
  if (r->Peek() == '[') {
    r->Get();
    r->array_ = true;
  }
  return r;
}

bool JsonUnitReader::Fill() {
  if (!in_) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  std::streamsize n = in_.gcount();
  if (in_.bad()) {
    status_ = Status::Unavailable("read error");
    return false;
  }
  pos_ = 0;
  end_ = static_cast<size_t>(n);
  return n > 0;
}

int JsonUnitReader::Peek() {
  if (pos_ == end_ && !Fill()) return -1;
  return static_cast<unsigned char>(buffer_[pos_]);
}

int JsonUnitReader::Get() {
  if (pos_ == end_ && !Fill()) return -1;
  ++bytes_read_;
  return static_cast<unsigned char>(buffer_[pos_++]);
}

bool JsonUnitReader::Next(std::string& text, uint64_t& line, Status& error) {
  error = Status::Ok();
  if (!status_.ok()) return false;
  return array_ ? NextElement(text, line, error) : NextLine(text, line, error);
}

bool JsonUnitReader::NextLine(std::string& text, uint64_t& line, Status& error) {
  for (;;) {
    text.clear();
    line = line_;
    bool too_long = false;
    bool any = false;
    for (;;) {
      if (pos_ == end_ && !Fill()) break;
      any = true;
      const char* start = buffer_.data() + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
      if (!too_long) {
        if (text.size() + take > kMaxUnitBytes) {
          too_long = true;
          text.clear();
        } else {
          text.append(start, take);
        }
      }
      pos_ += take;
      bytes_read_ += take;
      if (nl) {
        ++pos_;
        ++bytes_read_;
        break;
      }
    }
    if (!any) return false;
    ++line_;
    if (too_long) {
      error = Status::InvalidArgument("line longer than " + std::to_string(kMaxUnitBytes >> 20) + " MiB", "");
      return true;
    }
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (!Trim(text).empty()) return true;
    if (!status_.ok()) return false;
  }
}

bool JsonUnitReader::NextElement(std::string& text, uint64_t& line, Status& error) {
  text.clear();
  if (array_done_) {
    // Only blank space may follow the closing bracket.
    for (int c = Get(); c != -1; c = Get()) {
      if (c == '\n') ++line_;
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        line = line_;
        error = Status::InvalidArgument("text after the end of the JSON array", "");
        while (Get() != -1) {
        }
        return true;
      }
    }
    return false;
  }
  // Skip blank space and one separating comma.
  bool comma = false;
  for (;;) {
    int c = Peek();
    if (c == -1) {
      line = line_;
      array_done_ = true;
      error = Status::InvalidArgument("the JSON array is not closed with ']'", "");
      return true;
    }
    if (c == '\n') ++line_;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      Get();
      continue;
    }
    if (c == ',' && !comma) {
      Get();
      comma = true;
      continue;
    }
    if (c == ']') {
      Get();
      array_done_ = true;
      return NextElement(text, line, error);
    }
    break;
  }
  line = line_;
  int depth = 0;
  bool in_string = false, escape = false, too_long = false;
  for (;;) {
    int c = Peek();
    if (c == -1) {
      array_done_ = true;
      error = Status::InvalidArgument("the JSON array ends inside an element", "");
      return true;
    }
    if (!in_string && depth == 0 && (c == ',' || c == ']')) break;
    Get();
    if (c == '\n') ++line_;
    if (!too_long) {
      if (text.size() >= kMaxUnitBytes) {
        too_long = true;
        text.clear();
      } else {
        text.push_back(static_cast<char>(c));
      }
    }
    if (in_string) {
      if (escape)
        escape = false;
      else if (c == '\\')
        escape = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  if (too_long) {
    error = Status::InvalidArgument("array element longer than " + std::to_string(kMaxUnitBytes >> 20) + " MiB", "");
  }
  return true;
}

bool JsonUnitReader::NextText(SourceItem& item) {
  for (;;) {
    Status error;
    if (!Next(text_, item.line, error)) return false;
    item.unit = ++units_;
    if (!error.ok()) {
      item.error = error;
      return true;
    }
    if (item.unit == 1 && text_.find("\"disrupt_export\"") != std::string::npos) {
      nlohmann::json j;
      if (ParseJsonUnit(text_, j).ok() && j.is_object() && j.contains("disrupt_export")) continue;
    }
    item.raw = text_;
    return true;
  }
}

bool JsonUnitReader::NextValue(SourceItem& item, nlohmann::json& j) {
  if (!NextText(item)) return false;
  if (item.error.ok()) item.error = ParseJsonUnit(text_, j);
  return true;
}

Status ParseJsonUnit(const std::string& text, nlohmann::json& out) {
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string::npos) {
    std::string repaired = text;
    Repair(repaired);
    std::string field;
    try {
      auto j = nlohmann::json::parse(repaired);
      FindReplacement(j, "", field);
    } catch (const nlohmann::json::exception&) {
      // The text is broken beyond its encoding; the byte offset must do.
    }
    return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad + 1), field);
  }
  try {
    out = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(CleanParseMessage(e.what()), "");
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(CleanParseMessage(e.what()), "");
  }
  return Status::Ok();
}

}  // namespace disrupt::ingest
