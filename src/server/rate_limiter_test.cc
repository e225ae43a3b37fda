// Tests of the token-bucket rate limiter, with time controlled by the test.
#include "server/rate_limiter.h"

#include <gtest/gtest.h>

namespace disrupt::server {
namespace {

TEST(RateLimiterTest, BurstThenSustainedRate) {
  RateLimiter limiter(/*rate_per_second=*/2, /*burst=*/3);
  double t = 100;
  EXPECT_TRUE(limiter.Allow("u", t));
  EXPECT_TRUE(limiter.Allow("u", t));
  EXPECT_TRUE(limiter.Allow("u", t));
  int retry = 0;
  EXPECT_FALSE(limiter.Allow("u", t, &retry));
  EXPECT_EQ(retry, 1);  // one token takes 0.5 s at 2/s; Retry-After is whole seconds
  // Half a second later exactly one token has come back.
  EXPECT_TRUE(limiter.Allow("u", t + 0.5));
  EXPECT_FALSE(limiter.Allow("u", t + 0.5));
  // Other clients have their own bucket.
  EXPECT_TRUE(limiter.Allow("v", t + 0.5));
}

TEST(RateLimiterTest, RefillStopsAtBurst) {
  RateLimiter limiter(10, 2);
  EXPECT_TRUE(limiter.Allow("u", 0));
  // After an hour the bucket holds the burst, not 36,000 tokens.
  EXPECT_TRUE(limiter.Allow("u", 3600));
  EXPECT_TRUE(limiter.Allow("u", 3600));
  EXPECT_FALSE(limiter.Allow("u", 3600));
}

TEST(RateLimiterTest, TableStaysBounded) {
  RateLimiter limiter(1, 1, /*max_keys=*/100);
  for (int i = 0; i < 1000; ++i) limiter.Allow("client" + std::to_string(i), i * 10.0);
  EXPECT_LE(limiter.size(), 100u);
}

}  // namespace
}  // namespace disrupt::server
