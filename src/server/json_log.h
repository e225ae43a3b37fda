// Structured logs: one JSON object per line on a stream (stderr by default).
//
// Each line has "ts" (UTC, ISO 8601 with milliseconds), "level", "event" and
// the caller's fields. The server logs request ids, routes (the pattern, never
// the raw path or query string), statuses, durations, user ids and reason
// codes. Callers must never pass record contents, search text, passwords,
// tokens, cookies or TOTP codes: the log is read by operators who are not
// cleared for the catalogue.
//
// Thread-safe: lines from several threads never interleave.
#pragma once

#include <mutex>
#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace disrupt::server {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
// "debug" / "info" / "warn" / "error"; unknown text means kInfo.
LogLevel ParseLogLevel(std::string_view text);

class JsonLog {
 public:
  // Writes to `out`, which must outlive the log; lines below `min_level` are dropped.
  explicit JsonLog(std::ostream& out, LogLevel min_level = LogLevel::kInfo) : out_(out), min_level_(min_level) {}

  bool Enabled(LogLevel level) const { return level >= min_level_; }
  // Writes one line. `fields` must be an object (or null); its keys are
  // merged after ts, level and event.
  void Write(LogLevel level, std::string_view event, const nlohmann::json& fields = nullptr);

 private:
  std::mutex mu_;
  std::ostream& out_;
  LogLevel min_level_;
};

}  // namespace disrupt::server
