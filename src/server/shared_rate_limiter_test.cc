// SharedRateLimiter on a real PostgreSQL database: two limiters on their own
// connections stand for two portal servers; a client's requests spread over
// both draw from one bucket. Skipped without a test server.
#include "server/shared_rate_limiter.h"

#include <gtest/gtest.h>

#include "audit/postgres_test_schema.h"

namespace disrupt::server {
namespace {

TEST(SharedRateLimiter, RefusesSqliteLocations) {
  auto limiter = SharedRateLimiter::Open("/tmp/catalogue.db", 10, 5);
  EXPECT_EQ(limiter.status().code(), StatusCode::kInvalidArgument);
}

TEST(SharedRateLimiter, TwoServersDrawFromOneBucketPerClient) {
  audit::pgtest::PostgresTestSchema schema("ratelimit");
  if (schema.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
  // A burst of 5 and a refill so slow (one token per 1,000 s) that the test's
  // own duration cannot add one.
  auto a = SharedRateLimiter::Open(schema.uri(), 0.001, 5);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = SharedRateLimiter::Open(schema.uri(), 0.001, 5);
  ASSERT_TRUE(b.ok()) << b.status().ToString();

  Status error;
  // Three requests through one server, two through the other: the burst of 5 in all.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE((*a)->Allow("u:ana.s", nullptr, &error)) << i;
  for (int i = 0; i < 2; ++i) EXPECT_TRUE((*b)->Allow("u:ana.s", nullptr, &error)) << i;
  EXPECT_TRUE(error.ok()) << error.ToString();
  int retry_after = 0;
  EXPECT_FALSE((*a)->Allow("u:ana.s", &retry_after));
  EXPECT_GE(retry_after, 900);  // about 1,000 s until the next token at this rate
  EXPECT_FALSE((*b)->Allow("u:ana.s"));
  // Another client has its own bucket.
  EXPECT_TRUE((*b)->Allow("u:other"));
  EXPECT_TRUE((*a)->Allow("a:10.0.0.7"));
}

TEST(SharedRateLimiter, RefillsAtTheSharedRate) {
  audit::pgtest::PostgresTestSchema schema("ratelimit");
  if (schema.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
  // A fast refill: a refused client is allowed again once a token has come back.
  auto a = SharedRateLimiter::Open(schema.uri(), 1000, 1);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = SharedRateLimiter::Open(schema.uri(), 1000, 1);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*a)->Allow("u:fast"));
  // At 1,000 tokens per second a token returns within a millisecond: poll until it does.
  bool again = false;
  for (int i = 0; i < 100000 && !again; ++i) again = (*b)->Allow("u:fast");
  EXPECT_TRUE(again);
}

}  // namespace
}  // namespace disrupt::server
