// Streaming CSV reader and writer; see csv.h for the contract.
#include "core/csv.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace disrupt {

namespace {
constexpr size_t kBufferSize = 1 << 16;
}

CsvReader::CsvReader(std::istream& in, std::string source, char delimiter)
    : in_(in), source_(std::move(source)), delimiter_(delimiter), buffer_(kBufferSize) {}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, char delimiter) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return Status::NotFound("cannot open " + path);
  auto reader = std::make_unique<CsvReader>(*file, path, delimiter);
  reader->owned_ = std::move(file);
  return reader;
}

bool CsvReader::Fill() {
  if (!in_) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  end_ = static_cast<size_t>(in_.gcount());
  pos_ = 0;
  return end_ > 0;
}

int CsvReader::Peek() {
  if (pos_ >= end_ && !Fill()) return -1;
  return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::Get() {
  int c = Peek();
  if (c >= 0) {
    ++pos_;
    ++bytes_read_;
  }
  return c;
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  error_ = Status::Ok();
  if (first_) {
    first_ = false;
    // Skip a UTF-8 byte-order mark.
    if (Peek() == 0xEF) {
      Get();
      if (Peek() == 0xBB) Get();
      if (Peek() == 0xBF) Get();
    }
  }
  // Skip blank lines.
  for (;;) {
    int c = Peek();
    if (c == '\r') {
      Get();
      continue;
    }
    if (c == '\n') {
      Get();
      ++line_;
      continue;
    }
    break;
  }
  if (Peek() < 0) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false;
  bool in_quotes = false;
  for (;;) {
    int c = Get();
    if (c < 0) {
      if (in_quotes) error_ = Status::InvalidArgument("unterminated quoted field", source_ + ":" + std::to_string(record_line_));
      fields.push_back(std::move(field));
      break;
    }
    if (in_quotes) {
      if (c == '"') {
        if (Peek() == '"') {
          Get();
          field.push_back('"');
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(static_cast<char>(c));
      }
      continue;
    }
    if (c == '"' && field.empty() && !quoted) {
      quoted = true;
      in_quotes = true;
      continue;
    }
    if (c == delimiter_) {
      fields.push_back(std::move(field));
      field.clear();
      quoted = false;
      continue;
    }
    if (c == '\r') {
      if (Peek() == '\n') continue;  // CRLF: the LF ends the record.
      fields.push_back(std::move(field));
      ++line_;
      break;
    }
    if (c == '\n') {
      fields.push_back(std::move(field));
      ++line_;
      break;
    }
    field.push_back(static_cast<char>(c));
  }
  if (error_.ok()) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!IsValidUtf8(fields[i])) {
        error_ = Status::InvalidArgument("invalid UTF-8 in column " + std::to_string(i + 1),
                                         source_ + ":" + std::to_string(record_line_));
        break;
      }
    }
  }
  return true;
}

CsvHeader::CsvHeader(const std::vector<std::string>& names) {
  names_.reserve(names.size());
  for (const auto& n : names) names_.push_back(AsciiLower(Trim(n)));
}

int CsvHeader::Find(std::string_view name) const {
  std::string want = AsciiLower(Trim(name));
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == want) return static_cast<int>(i);
  }
  return -1;
}

std::string CsvEscape(std::string_view field, char delimiter) {
  bool needs = field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string_view::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out += "\"";
  return out;
}

void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields, char delimiter) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.put(delimiter);
    out << CsvEscape(fields[i], delimiter);
  }
  out.put('\n');
}

}  // namespace disrupt
