// Fields of a JSON request body, read the same way by every area's handlers:
// the body must be an object of known keys; each field has its type checked
// and its failure names it (the error shape's "field").
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace disrupt::server {

// kInvalidArgument "expected a JSON object" (field "body") or "unknown field" (the key).
Status ExpectFields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);

// A string field. Absent or null: kInvalidArgument "missing field" when
// `required`, else `fallback`. Not a string, blank when required, or longer
// than `max_bytes`: kInvalidArgument naming the key.
Result<std::string> TextField(const nlohmann::json& body, const char* key, bool required, size_t max_bytes,
                              const std::string& fallback = {});

// A boolean field; `fallback` when absent or null.
Result<bool> FlagField(const nlohmann::json& body, const char* key, bool fallback);

}  // namespace disrupt::server
