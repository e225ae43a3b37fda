// A streaming CSV reader (RFC 4180) and writer.
//
// The reader handles quoted fields with embedded delimiters, quotes and line
// breaks, CRLF or LF line ends, a UTF-8 byte-order mark, a missing final
// newline, and a configurable delimiter (',' by default; '\t' for TSV). It
// reads with a fixed buffer, so memory stays bounded whatever the file size.
// It reports the physical line on which each record starts, for error
// messages that name file, line and field. It validates UTF-8 and refuses a
// record holding an invalid byte sequence with an error naming the field.
//
// Not thread-safe; one reader per stream.
#pragma once

#include <cstdint>
#include <fstream>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace disrupt {

class CsvReader {
 public:
  // Reads from `in`, which must outlive the reader. `source` names the input in
  // error messages (usually the file path).
  CsvReader(std::istream& in, std::string source, char delimiter = ',');

  // Opens `path`; fails with kNotFound when it cannot be opened.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, char delimiter = ',');

  // Reads the next record into `fields`. Returns true when one was read, false
  // at the end of the input. On a malformed record (unterminated quote,
  // invalid UTF-8) returns true and sets error() to non-OK; the caller may
  // continue with the next record. Blank lines are skipped.
  bool Next(std::vector<std::string>& fields);

  // The error of the last record read, OK if it was well formed.
  const Status& error() const { return error_; }
  // Physical line (1-based) on which the last record started.
  uint64_t line() const { return record_line_; }
  const std::string& source() const { return source_; }
  // Bytes consumed so far (for progress reporting).
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  int Get();
  int Peek();
  bool Fill();

  std::unique_ptr<std::ifstream> owned_;
  std::istream& in_;
  std::string source_;
  char delimiter_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 0;
  uint64_t bytes_read_ = 0;
  bool first_ = true;
  Status error_;
};

// Looks up columns by header name. Built from a header record; trims
// whitespace around names and compares them case-insensitively.
class CsvHeader {
 public:
  CsvHeader() = default;
  explicit CsvHeader(const std::vector<std::string>& names);
  // Index of the column, or -1.
  int Find(std::string_view name) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

// Writes one CSV record, quoting fields that need it.
void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields, char delimiter = ',');
// Quotes one field if it holds the delimiter, a quote or a line break.
std::string CsvEscape(std::string_view field, char delimiter = ',');

}  // namespace disrupt
