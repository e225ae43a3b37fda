// Person records from and to CSV; see csv_input.h.
#include "resolve/csv_input.h"

#include <algorithm>
#include <fstream>

#include "core/csv.h"
#include "core/text.h"

namespace disrupt::resolve {

namespace {

std::string* FieldOf(PersonRecord& r, size_t column) {
  switch (column) {
    case 0: return &r.id;
    case 1: return &r.member;
    case 2: return &r.given_name;
    case 3: return &r.family_name;
    case 4: return &r.full_name;
    case 5: return &r.dob;
    case 6: return &r.gender;
    case 7: return &r.nationality;
    case 8: return &r.passport_no;
    case 9: return &r.phone;
    case 10: return &r.address;
    default: return nullptr;
  }
}

}  // namespace

const std::vector<std::string>& PersonCsvColumns() {
  static const std::vector<std::string> columns = {"record_id", "member",      "given_name",  "family_name",
                                                   "full_name", "dob",         "gender",      "nationality",
                                                   "passport_no", "phone",     "address"};
  return columns;
}

Result<std::vector<PersonRecord>> ReadPersonCsv(const std::string& path) {
  DISRUPT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path));
  std::vector<std::string> fields;
  if (!reader->Next(fields)) return Status::InvalidArgument("empty file: a header row is needed", path + ":1");
  if (!reader->error().ok()) return reader->error();
  const auto& known = PersonCsvColumns();
  std::vector<int> column_of(fields.size(), -1);
  bool has_id = false;
  for (size_t c = 0; c < fields.size(); ++c) {
    std::string name = AsciiLower(Trim(fields[c]));
    auto it = std::find(known.begin(), known.end(), name);
    if (it == known.end()) {
      return Status::InvalidArgument("unknown column '" + name + "' (expected record_id and any of member, "
                                     "given_name, family_name, full_name, dob, gender, nationality, passport_no, "
                                     "phone, address)",
                                     path + ":1:" + name);
    }
    column_of[c] = static_cast<int>(it - known.begin());
    has_id |= column_of[c] == 0;
  }
  if (!has_id) return Status::InvalidArgument("the header has no record_id column", path + ":1");
  std::vector<PersonRecord> records;
  while (reader->Next(fields)) {
    std::string where = path + ":" + std::to_string(reader->line());
    if (!reader->error().ok()) return Status::InvalidArgument(reader->error().message(), where);
    if (fields.size() != column_of.size()) {
      return Status::InvalidArgument("expected " + std::to_string(column_of.size()) + " fields, found " +
                                         std::to_string(fields.size()),
                                     where);
    }
    PersonRecord r;
    for (size_t c = 0; c < fields.size(); ++c) *FieldOf(r, column_of[c]) = std::string(Trim(fields[c]));
    if (r.id.empty()) return Status::InvalidArgument("empty record_id", where + ":record_id");
    records.push_back(std::move(r));
  }
  return records;
}

Status WritePersonCsv(const std::string& path, const std::vector<PersonRecord>& records) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return Status::Unavailable("cannot write " + path);
  WriteCsvRecord(out, PersonCsvColumns());
  for (const auto& r : records) {
    WriteCsvRecord(out, {r.id, r.member, r.given_name, r.family_name, r.full_name, r.dob, r.gender, r.nationality,
                         r.passport_no, r.phone, r.address});
  }
  out.flush();
  if (!out) return Status::Unavailable("cannot write " + path);
  return Status::Ok();
}

}  // namespace disrupt::resolve
