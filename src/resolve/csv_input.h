// Reading person records for resolution from CSV: a header row naming
// `record_id` and any of member, given_name, family_name, full_name, dob,
// gender, nationality, passport_no, phone, address (case-insensitive, in
// any order), then one record per row.
//
// Thread safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "resolve/record.h"

namespace disrupt::resolve {

// The columns ReadPersonCsv accepts, record_id first.
const std::vector<std::string>& PersonCsvColumns();

// Reads `path`. kNotFound when it cannot be opened; kInvalidArgument naming
// "path:line:column" for a missing record_id column, an unknown column, a
// malformed row (wrong number of fields, bad quoting, invalid UTF-8) or an
// empty record_id.
Result<std::vector<PersonRecord>> ReadPersonCsv(const std::string& path);

// Writes records with the full header (used by the file-backed store).
Status WritePersonCsv(const std::string& path, const std::vector<PersonRecord>& records);

}  // namespace disrupt::resolve
