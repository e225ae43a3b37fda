// A direct parser of records in the project's JSON form, for imports and for
// the stores reading back what they wrote.
//
// The general path (nlohmann::json, then model::RecordFromJson) builds a
// document tree and copies every string twice; at a few hundred thousand
// records a second that is most of an import's reading time, and a good part
// of a portal read's. ParseRecordJson
// reads the text once, straight into a model::Record, for records in the
// common shape: string values, integer or boolean property values, the
// {value, valid_from, valid_to} form, any amount of white space, any escapes.
// Whenever the text is anything else — not valid JSON, a duplicate member, a
// null, a fractional number, a missing or malformed field, an unknown schema —
// it returns false without judging, and the caller takes the general path,
// which accepts or refuses the text and words the error. So for every text it
// accepts, the record equals what the general path makes of it
// (record_parser_test checks this against nlohmann on mutated inputs).
//
// Precondition: `text` is valid UTF-8 (the caller checks it first).
// Thread safety: pure function. Cost: linear in the text.
#pragma once

#include <string_view>

#include "model/record.h"

namespace disrupt::model {

// Parses `text` into `out` (overwritten). False: take the general path
// (`out` is then unspecified).
bool ParseRecordJson(std::string_view text, model::Record& out);

}  // namespace disrupt::model
