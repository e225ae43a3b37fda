// Small pieces of the HTTP edge shared by every route: the one error shape,
// security headers, request ids, and validation of parameters and JSON bodies.
//
// Error shape (every 4xx and 5xx answer of the API):
//   {"error": {"code": "invalid_argument", "message": "...", "field": "limit"}}
// `code` is disrupt::StatusCodeName, the HTTP status comes from
// disrupt::ToHttpStatus (core/status.h); `field` is present only when the
// error is about one input field.
//
// Thread-safe (pure functions).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace disrupt::server {

// The JSON body of an error answer.
std::string ErrorBody(const Status& status);
// The JSON error body for a bare HTTP status (when no Status is at hand: 404
// for an unknown route, 405, 413 from the HTTP layer ...).
std::string ErrorBodyForHttpStatus(int http_status);

// Parses a JSON body: must be valid UTF-8, valid JSON, at most `max_depth`
// levels deep and at most `max_bytes` long. Errors are kInvalidArgument with
// field "body" (or kResourceExhausted for size), and say where parsing
// stopped ("byte 17").
Result<nlohmann::json> ParseJsonBody(std::string_view body, int max_depth, size_t max_bytes);

// Parses a non-negative whole number parameter; kInvalidArgument naming `field`.
Result<long long> ParseCount(std::string_view text, std::string_view field, long long min, long long max);

// 16 random bytes as 32 lowercase hex digits.
std::string NewRequestId();
// True for an id a load balancer may pass in X-Request-Id: 1-64 characters of [A-Za-z0-9._-].
bool IsAcceptableRequestId(std::string_view id);

// The Content-Security-Policy sent with every answer: no inline script, no
// outside origin, no framing.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Media type of a request's Content-Type header without parameters, lower case.
std::string MediaType(std::string_view content_type);

}  // namespace disrupt::server
