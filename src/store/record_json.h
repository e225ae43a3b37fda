// The stored JSON text of a record, written directly.
//
// The stores keep each record as JSON (the project's own form, see
// model::ToJson and docs/data-model.md) without its version and update time,
// which live in columns of their own. Building that text through
// nlohmann::json costs a few dozen allocations per record, which an import of
// millions of records feels; AppendStoredJson writes the same bytes straight
// into a reused buffer: exactly model::ToJson(record).dump() with the
// "version" and "updated_at" members left out (keys in sorted order,
// nlohmann's escaping, no spaces). record_json_test checks the equality on
// generated and hand-made records.
//
// ReadStoredJson is the way back: the direct parser (model/record_parser.h)
// for the text the stores wrote, the general nlohmann path for anything else.
//
// Precondition (AppendStoredJson): the record's strings are valid UTF-8
// (model::Validate). Thread safety: pure functions. Cost: linear in the size
// of the record.
#pragma once

#include <string>

#include <string_view>

#include "core/status.h"
#include "model/record.h"

namespace disrupt::store {

// Appends the stored JSON text of `record` to `out`.
void AppendStoredJson(const model::Record& record, std::string& out);
// Appends exactly model::ToJson(record).dump(): the stored text with the
// version and update time, as the API shows a record.
void AppendRecordJson(const model::Record& record, std::string& out);

// The record whose stored text is `text` (version and update time unset).
// kDataLoss when the text is not valid JSON or not a valid record.
Result<model::Record> ReadStoredJson(std::string_view text);

}  // namespace disrupt::store
