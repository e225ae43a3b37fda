// SharedRateLimiter: the per-client token buckets of RateLimiter kept in the
// database, so that several portal servers sharing one PostgreSQL catalogue
// enforce one limit per client together rather than one each: a client whose
// requests a load balancer spreads over N servers still gets `burst` requests
// at once and `rate` per second in all.
//
// Each Allow() is one statement: an upsert of the client's bucket row that
// refills it by the time elapsed on the database's clock (one clock for every
// server), takes a token when there is one, and returns whether it did. Row
// locking makes concurrent requests for one client, on any server, take
// tokens one after the other. Buckets idle for an hour are deleted now and
// then.
//
// The server asks its in-process RateLimiter first (same limits), so a flood
// is turned away before it reaches the database; this class then enforces the
// shared limit. When the database cannot be reached Allow() says yes and
// reports it: the request then fails on its own database work, and the local
// limit still holds.
//
// Thread safety: Allow() may be called from several threads (calls share one
// connection, under its lock).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "audit/security_db.h"
#include "core/status.h"

namespace disrupt::server {

class SharedRateLimiter {
 public:
  // Opens its own connection to the PostgreSQL database at `location` (a
  // postgresql:// store URI) and creates its table. kInvalidArgument for a
  // SQLite location (one server per file: the in-process limiter is exact
  // there), kUnavailable when the database cannot be reached.
  static Result<std::unique_ptr<SharedRateLimiter>> Open(const std::string& location, double rate_per_second,
                                                         double burst);

  // Takes one token from `key`'s shared bucket. Returns true when the request
  // may go ahead; otherwise sets `retry_after_seconds` (>= 1). `error` (when
  // given) receives the database error if there was one (then true is returned).
  bool Allow(std::string_view key, int* retry_after_seconds = nullptr, Status* error = nullptr);

 private:
  SharedRateLimiter(std::unique_ptr<audit::SecurityDb> db, double rate_per_second, double burst);
  std::unique_ptr<audit::SecurityDb> db_;
  const long long rate_milli_;   // thousandths of a token per second
  const long long burst_milli_;  // thousandths of a token
  std::atomic<unsigned long long> calls_{0};
};

}  // namespace disrupt::server
