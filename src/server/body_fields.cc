// Request-body fields; see body_fields.h.
#include "server/body_fields.h"

#include <algorithm>

#include "core/text.h"

namespace disrupt::server {

Status ExpectFields(const nlohmann::json& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return Status::InvalidArgument("expected a JSON object", "body");
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      return Status::InvalidArgument("unknown field", it.key());
    }
  }
  return Status::Ok();
}

Result<std::string> TextField(const nlohmann::json& body, const char* key, bool required, size_t max_bytes,
                              const std::string& fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidArgument("missing field", key);
    return fallback;
  }
  if (!it->is_string()) return Status::InvalidArgument("expected a string", key);
  std::string v = it->get<std::string>();
  if (required && Trim(v).empty()) return Status::InvalidArgument("must not be empty", key);
  if (v.size() > max_bytes) return Status::InvalidArgument("longer than " + std::to_string(max_bytes) + " bytes", key);
  return v;
}

Result<bool> FlagField(const nlohmann::json& body, const char* key, bool fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return Status::InvalidArgument("expected true or false", key);
  return it->get<bool>();
}

}  // namespace disrupt::server
