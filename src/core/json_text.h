// Writing JSON text directly, for the hot paths that cannot afford building a
// nlohmann::json tree per record (the generator, the stores' record bodies).
//
// AppendJsonString escapes exactly as nlohmann::json's dump() does without
// ensure_ascii: quotes, backslashes and control characters escaped (\b \f \n
// \r \t, others as \u00xx), every other byte (UTF-8 included) as it is, so
// text written here and text written by nlohmann are byte for byte the same.
//
// Thread safety: pure function. Cost: linear in the string.
#pragma once

#include <string>
#include <string_view>

namespace disrupt {

// Appends `s` as a quoted, escaped JSON string to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace disrupt
