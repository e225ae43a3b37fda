// HTTP edge helpers; see http_util.h.
#include "server/http_util.h"

#include <openssl/rand.h>

#include <cstdint>
#include <random>

#include "core/text.h"

namespace disrupt::server {

using nlohmann::json;

std::string ErrorBody(const Status& status) {
  json error = {{"code", StatusCodeName(status.code())}, {"message", status.message()}};
  if (!status.field().empty()) error["field"] = status.field();
  return json{{"error", error}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ErrorBodyForHttpStatus(int http_status) {
  switch (http_status) {
    case 400: return ErrorBody(Status::InvalidArgument("malformed request"));
    case 401: return ErrorBody(Status::Unauthenticated("sign in first"));
    case 403: return ErrorBody(Status::Forbidden("not allowed"));
    case 404: return ErrorBody(Status::NotFound("no such resource"));
    case 405: return json{{"error", {{"code", "method_not_allowed"}, {"message", "method not allowed on this route"}}}}.dump();
    case 408: return json{{"error", {{"code", "timeout"}, {"message", "request not received in time"}}}}.dump();
    case 411: return ErrorBody(Status::InvalidArgument("a Content-Length is required", "Content-Length"));
    case 413: return ErrorBody(Status::ResourceExhausted("request body too large", "body"));
    case 414: return ErrorBody(Status::ResourceExhausted("request line too long", "path"));
    case 415: return ErrorBody(Status::InvalidArgument("unsupported media type", "Content-Type"));
    case 416: return ErrorBody(Status::InvalidArgument("range not satisfiable", "Range"));
    case 429: return ErrorBody(Status::ResourceExhausted("too many requests"));
    case 503: return ErrorBody(Status::Unavailable("service unavailable"));
    default: break;
  }
  if (http_status >= 500) return ErrorBody(Status::Internal("internal error"));
  return ErrorBody(Status::InvalidArgument("bad request"));
}

namespace {

// Depth of the deepest nesting, computed without recursion on the raw text so
// that a hostile body cannot exhaust the stack before the parser sees it.
int MaxNesting(std::string_view text) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  bool escape = false;
  for (char c : text) {
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) max_depth = depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

}  // namespace

Result<json> ParseJsonBody(std::string_view body, int max_depth, size_t max_bytes) {
  if (body.size() > max_bytes) return Status::ResourceExhausted("request body too large", "body");
  if (Trim(body).empty()) return Status::InvalidArgument("a JSON body is required", "body");
  size_t bad = FindInvalidUtf8(body);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument("body is not valid UTF-8 (byte " + std::to_string(bad) + ")", "body");
  }
  if (MaxNesting(body) > max_depth) {
    return Status::InvalidArgument("JSON nested deeper than " + std::to_string(max_depth) + " levels", "body");
  }
  json parsed;
  try {
    parsed = json::parse(body);
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument("not valid JSON (byte " + std::to_string(e.byte) + ")", "body");
  } catch (const json::out_of_range&) {
    // A number too large for any JSON number type (such as 1e999999).
    return Status::InvalidArgument("not valid JSON: a number is out of range", "body");
  }
  return parsed;
}

Result<long long> ParseCount(std::string_view text, std::string_view field, long long min, long long max) {
  long long n = 0;
  if (!ParseInt64(text, n)) return Status::InvalidArgument("expected a whole number", std::string(field));
  if (n < min || n > max) {
    return Status::InvalidArgument("must be between " + std::to_string(min) + " and " + std::to_string(max),
                                   std::string(field));
  }
  return n;
}

std::string NewRequestId() {
  // Not a secret: uniqueness is all a request id needs. Each thread draws
  // from its own generator, seeded once from the system's randomness, so an
  // id costs no system call and no lock.
  thread_local std::mt19937_64 rng = [] {
    std::uint64_t seed[2] = {0, 0};
    if (RAND_bytes(reinterpret_cast<unsigned char*>(seed), sizeof seed) != 1) {
      seed[0] = std::random_device{}();
      seed[1] = std::random_device{}();
    }
    std::seed_seq sequence{static_cast<std::uint32_t>(seed[0]), static_cast<std::uint32_t>(seed[0] >> 32),
                           static_cast<std::uint32_t>(seed[1]), static_cast<std::uint32_t>(seed[1] >> 32)};
    return std::mt19937_64(sequence);
  }();
  unsigned char bytes[16];
  for (size_t i = 0; i < sizeof bytes; i += 8) {
    std::uint64_t word = rng();
    for (size_t k = 0; k < 8; ++k) bytes[i + k] = static_cast<unsigned char>(word >> (8 * k));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (size_t i = 0; i < sizeof bytes; ++i) {
    id[2 * i] = kHex[bytes[i] >> 4];
    id[2 * i + 1] = kHex[bytes[i] & 15];
  }
  return id;
}

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string MediaType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  return AsciiLower(Trim(content_type.substr(0, semi)));
}

}  // namespace disrupt::server
