// Status and Result<T>: expected failures as values.
//
// Every operation that can fail for a reason the caller should handle returns
// a Status (or a Result<T> carrying a value on success). The codes are few and
// stable; one table (ToHttpStatus / ToExitCode) maps them to HTTP answers and
// CLI exit codes. Exceptions are kept for programmer errors and for failures
// that end an operation deep inside a library; they are turned into a Status
// at the API edge.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace disrupt {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input: names what is wrong and where
  kNotFound,          // no such record (or one the caller may not see)
  kForbidden,         // the caller may not do this
  kUnauthenticated,   // no valid identity
  kConflict,          // the write conflicts with the current state
  kFailedPrecondition,// the state does not allow it (e.g. store not initialised)
  kResourceExhausted, // a limit was reached (size, rate)
  kUnavailable,       // a dependency is down; retry may succeed
  kDataLoss,          // stored data is corrupt or tampered with
  kInternal,          // a bug: should never happen
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::string field = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field));
  }
  static Status NotFound(std::string message, std::string field = {}) {
    return Status(StatusCode::kNotFound, std::move(message), std::move(field));
  }
  static Status Forbidden(std::string message, std::string field = {}) {
    return Status(StatusCode::kForbidden, std::move(message), std::move(field));
  }
  static Status Unauthenticated(std::string message) {
    return Status(StatusCode::kUnauthenticated, std::move(message));
  }
  static Status Conflict(std::string message, std::string field = {}) {
    return Status(StatusCode::kConflict, std::move(message), std::move(field));
  }
  static Status FailedPrecondition(std::string message, std::string field = {}) {
    return Status(StatusCode::kFailedPrecondition, std::move(message), std::move(field));
  }
  static Status ResourceExhausted(std::string message, std::string field = {}) {
    return Status(StatusCode::kResourceExhausted, std::move(message), std::move(field));
  }
  static Status Unavailable(std::string message, std::string field = {}) {
    return Status(StatusCode::kUnavailable, std::move(message), std::move(field));
  }
  static Status DataLoss(std::string message) { return Status(StatusCode::kDataLoss, std::move(message)); }
  static Status Internal(std::string message) { return Status(StatusCode::kInternal, std::move(message)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field (or file:line:field location) the error is about, if any.
  const std::string& field() const { return field_; }

  // "invalid_argument: message (field)".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const;

 private:
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// HTTP status for a code (200 for kOk).
int ToHttpStatus(StatusCode code);
// Process exit code for a code (0 for kOk; 2 for bad input, ...).
int ToExitCode(StatusCode code);

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result built from an OK status without a value");
    if (status_.ok()) status_ = Status::Internal("Result without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace disrupt

// Returns early from the enclosing function when `expr` yields a failed Status.
#define DISRUPT_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::disrupt::Status _disrupt_status = (expr);  \
    if (!_disrupt_status.ok()) return _disrupt_status; \
  } while (0)

#define DISRUPT_CONCAT_INNER(a, b) a##b
#define DISRUPT_CONCAT(a, b) DISRUPT_CONCAT_INNER(a, b)
// Declares `lhs` from a Result, or returns its Status from the enclosing function.
#define DISRUPT_ASSIGN_OR_RETURN(lhs, expr) \
  DISRUPT_ASSIGN_OR_RETURN_IMPL(DISRUPT_CONCAT(_disrupt_result_, __LINE__), lhs, expr)
#define DISRUPT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
