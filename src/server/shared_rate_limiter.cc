// SharedRateLimiter: token buckets in a PostgreSQL table; see
// shared_rate_limiter.h.
#include "server/shared_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace disrupt::server {

namespace {

// Tokens are counted in thousandths (integers: the statement layer binds
// integers and text), time in milliseconds of the database's clock.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE rate_bucket (
  key text PRIMARY KEY,
  tokens_milli bigint NOT NULL,
  updated_ms bigint NOT NULL,
  allowed bigint NOT NULL
);
)sql",
};

constexpr const char* kNow = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

// ?1 key, ?2 burst (milli-tokens), ?3 rate (milli-tokens per second). The SET
// expressions all read the row as it was before this statement.
std::string TakeSql() {
  const std::string now = kNow;
  const std::string refill =
      "LEAST(?2, b.tokens_milli + GREATEST(" + now + " - b.updated_ms, 0) * ?3 / 1000)";
  return "INSERT INTO rate_bucket AS b (key, tokens_milli, updated_ms, allowed) VALUES (?1, ?2 - 1000, " + now +
         ", 1) ON CONFLICT (key) DO UPDATE SET allowed = CASE WHEN " + refill +
         " >= 1000 THEN 1 ELSE 0 END, tokens_milli = " + refill + " - CASE WHEN " + refill +
         " >= 1000 THEN 1000 ELSE 0 END, updated_ms = GREATEST(" + now +
         ", b.updated_ms) RETURNING allowed, tokens_milli";
}

}  // namespace

SharedRateLimiter::SharedRateLimiter(std::unique_ptr<audit::SecurityDb> db, double rate_per_second, double burst)
    : db_(std::move(db)),
      rate_milli_(std::max(1LL, std::llround(rate_per_second * 1000))),
      burst_milli_(std::max(1000LL, std::llround(burst * 1000))) {}

Result<std::unique_ptr<SharedRateLimiter>> SharedRateLimiter::Open(const std::string& location,
                                                                   double rate_per_second, double burst) {
  if (!audit::IsPostgresLocation(location)) {
    return Status::InvalidArgument("a shared rate limit needs a PostgreSQL catalogue", "store");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::OpenSecurityDb(location));
  DISRUPT_RETURN_IF_ERROR(db->Migrate("rate_limit", kMigrations));
  // A bucket is soft state: this connection's commits do not wait for the
  // write-ahead log to reach the disk. Without this every API request would
  // wait for a disk flush, and requests of one client on two servers would
  // queue for the bucket's row lock one flush after another. A database crash
  // can forget the last fraction of a second of takes, which only lets a
  // client a few requests more.
  {
    auto lock = db->Lock();
    DISRUPT_RETURN_IF_ERROR(db->RelaxCommitDurability());
  }
  return std::unique_ptr<SharedRateLimiter>(new SharedRateLimiter(std::move(db), rate_per_second, burst));
}

bool SharedRateLimiter::Allow(std::string_view key, int* retry_after_seconds, Status* error) {
  static const std::string take = TakeSql();
  auto lock = db_->Lock();
  auto fail = [&](Status s) {
    if (error) *error = std::move(s);
    return true;
  };
  // Now and then, forget buckets idle for an hour (they are full by then anyway).
  if (calls_.fetch_add(1, std::memory_order_relaxed) % 10000 == 0) {
    auto purge = db_->Prepare(std::string("DELETE FROM rate_bucket WHERE updated_ms < ") + kNow + " - 3600000");
    if (purge.ok()) (void)(*purge)->Run();
    if (purge.ok()) (*purge)->Reset();
  }
  auto st = db_->Prepare(take);
  if (!st.ok()) return fail(st.status());
  audit::Statement* q = *st;
  q->Bind(1, key).Bind(2, burst_milli_).Bind(3, rate_milli_);
  auto row = q->Step();
  if (!row.ok() || !*row) {
    q->Reset();
    return fail(row.ok() ? Status::Internal("the rate limit statement returned no row") : row.status());
  }
  const bool allowed = q->Int(0) != 0;
  const long long tokens = q->Int(1);
  q->Reset();
  if (!allowed && retry_after_seconds) {
    const double missing = static_cast<double>(1000 - tokens);  // milli-tokens until the next whole token
    *retry_after_seconds = std::max(1, static_cast<int>(std::ceil(missing / static_cast<double>(rate_milli_))));
  }
  return allowed;
}

}  // namespace disrupt::server
