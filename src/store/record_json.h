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
// Precondition: the record's strings are valid UTF-8 (model::Validate).
// Thread safety: pure function. Cost: linear in the size of the record.
#pragma once

#include <string>

#include "model/record.h"

namespace disrupt::store {

// Appends the stored JSON text of `record` to `out`.
void AppendStoredJson(const model::Record& record, std::string& out);

}  // namespace disrupt::store
