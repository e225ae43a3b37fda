// RateLimiter: a token bucket per client key (a user id once signed in, the
// client address before). A client may make `burst` requests at once and
// `rate` per second sustained; beyond that Allow() says no and the server
// answers 429 with Retry-After.
//
// The buckets live in this process; with several servers on one PostgreSQL
// database, SharedRateLimiter (shared_rate_limiter.h) enforces the same limit
// across them after this one has let a request through. Idle buckets
// are dropped when the table grows past `max_keys`, so a flood of addresses
// cannot grow memory without bound.
//
// Thread-safe. Time comes from the caller (seconds on a monotonic clock), so
// tests control it.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace disrupt::server {

class RateLimiter {
 public:
  RateLimiter(double rate_per_second, double burst, size_t max_keys = 100000);

  // Takes one token from `key`'s bucket at time `now_seconds`. Returns true when
  // the request may go ahead; otherwise sets `retry_after_seconds` (>= 1).
  bool Allow(std::string_view key, double now_seconds, int* retry_after_seconds = nullptr);

  size_t size() const;

 private:
  struct Bucket {
    double tokens;
    double updated;
  };
  void Prune(double now_seconds);

  const double rate_;
  const double burst_;
  const size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace disrupt::server
