// Streaming JSON input shared by the Disrupt JSON and FollowTheMoney readers:
// a buffered line reader with a bounded line length, a splitter that yields the
// elements of one top-level JSON array without holding the whole file, and a
// parser that turns a JSON text into a value or a Status naming the line's
// problem (invalid UTF-8 is located to the JSON field that holds it).
//
// Memory: one read buffer (1 MiB) plus the current line or element, which is
// refused past kMaxUnitBytes. Not thread-safe.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"

namespace disrupt::ingest {

struct SourceItem;

// Longest line (or array element) a JSON reader accepts.
inline constexpr size_t kMaxUnitBytes = 16u << 20;

// Reads a file as units of JSON text: lines (JSON Lines) or, when the first
// non-blank byte is '[', the elements of one JSON array.
class JsonUnitReader {
 public:
  // kNotFound when the file cannot be opened.
  static Result<std::unique_ptr<JsonUnitReader>> Open(const std::string& path);

  // Reads the next non-blank unit into `text` and its first line number into
  // `line`. Returns false at the end. A unit longer than kMaxUnitBytes or a
  // malformed array yields true with `error` set (the caller reports it and
  // calls Next again); a read failure ends with false and status() non-OK.
  bool Next(std::string& text, uint64_t& line, Status& error);

  // Reads the next unit's text (then in text()), skipping the
  // {"disrupt_export": ...} header line of an export. Sets item.line, a fresh
  // item.unit and item.raw. Returns false at the end; true with item.error
  // set when the unit could not be read (too long, a broken array).
  bool NextText(SourceItem& item);
  const std::string& text() const { return text_; }

  // Reads the next unit as one JSON value into `j`, skipping the
  // {"disrupt_export": ...} header line of an export. Sets item.line, a fresh
  // item.unit and item.raw. Returns false at the end; true with item.error
  // set when the unit is not readable JSON.
  bool NextValue(SourceItem& item, nlohmann::json& j);

  const Status& status() const { return status_; }
  uint64_t bytes_read() const { return bytes_read_; }
  bool is_array() const { return array_; }

 private:
  JsonUnitReader() = default;
  bool Fill();
  int Get();
  int Peek();
  bool NextLine(std::string& text, uint64_t& line, Status& error);
  bool NextElement(std::string& text, uint64_t& line, Status& error);

  std::ifstream in_;
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  uint64_t line_ = 1;
  uint64_t bytes_read_ = 0;
  bool array_ = false;
  bool array_done_ = false;
  uint64_t units_ = 0;
  std::string text_;
  Status status_;
};

// Parses one unit of JSON text. On failure the Status says what is wrong; for
// invalid UTF-8 its field() names the JSON member holding the bad bytes
// ("properties.name") when that can be told.
Status ParseJsonUnit(const std::string& text, nlohmann::json& out);

}  // namespace disrupt::ingest
