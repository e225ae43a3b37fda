// Tests of the notification channel: in-process delivery, and LISTEN/NOTIFY
// between two notifiers (as two portal servers) on one PostgreSQL database,
// scoped to the store's schema. PostgreSQL tests need DISRUPT_TEST_POSTGRES.
#include "notify/notifier.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "audit/postgres_test_schema.h"

namespace disrupt::notify {
namespace {

// Collects notifications; Wait blocks until `n` have arrived (or 10 s pass,
// which fails the test instead of hanging it).
class Inbox {
 public:
  Handler handler() {
    return [this](const Notification& n) {
      std::lock_guard lock(mu_);
      got_.push_back(n);
      cv_.notify_all();
    };
  }
  std::vector<Notification> Wait(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return got_.size() >= n; });
    return got_;
  }
  size_t size() {
    std::lock_guard lock(mu_);
    return got_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Notification> got_;
};

TEST(Notifier, InProcessDeliveryAndValidation) {
  auto notifier = OpenNotifier("/tmp/unused-catalogue.db");
  ASSERT_TRUE(notifier.ok());
  Inbox policy, alerts;
  auto a = (*notifier)->Subscribe("policy", policy.handler());
  auto b = (*notifier)->Subscribe("alerts", alerts.handler());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*notifier)->Publish("policy", "grant 7").ok());
  ASSERT_EQ(policy.size(), 1u);
  EXPECT_EQ(policy.Wait(1)[0].payload, "grant 7");
  EXPECT_EQ(alerts.size(), 0u);
  (*notifier)->Unsubscribe(*a);
  ASSERT_TRUE((*notifier)->Publish("policy", "grant 8").ok());
  EXPECT_EQ(policy.size(), 1u);

  EXPECT_EQ((*notifier)->Publish("Policy", "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*notifier)->Publish("policy; DROP", "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*notifier)->Publish("policy", std::string(kMaxPayload + 1, 'x')).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*notifier)->Subscribe("", policy.handler()).status().code(), StatusCode::kInvalidArgument);
}

TEST(Notifier, PostgresReachesEveryServerOfTheSameSchemaOnly) {
  audit::pgtest::PostgresTestSchema schema("notifytest"), other_schema("notifytest");
  if (schema.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
  auto a = OpenNotifier(schema.uri());
  auto b = OpenNotifier(schema.uri());
  auto stranger = OpenNotifier(other_schema.uri());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok() && stranger.ok());
  Inbox on_a, on_b, on_stranger;
  ASSERT_TRUE((*a)->Subscribe("policy", on_a.handler()).ok());
  ASSERT_TRUE((*b)->Subscribe("policy", on_b.handler()).ok());
  ASSERT_TRUE((*stranger)->Subscribe("policy", on_stranger.handler()).ok());

  ASSERT_TRUE((*a)->Publish("policy", "grant 41").ok());
  ASSERT_TRUE((*a)->Publish("policy", "grant 42").ok());
  auto got = on_b.Wait(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].payload, "grant 41");  // in publishing order
  EXPECT_EQ(got[1].payload, "grant 42");
  EXPECT_EQ(got[0].channel, "policy");
  EXPECT_FALSE(got[0].resync);
  EXPECT_EQ(on_a.Wait(2).size(), 2u);  // the publisher's own server hears it too
  // A marker published in the other schema arrives after anything that
  // leaked from ours would have: the stranger heard only its own.
  ASSERT_TRUE((*stranger)->Publish("policy", "marker").ok());
  auto strange = on_stranger.Wait(1);
  ASSERT_EQ(strange.size(), 1u);
  EXPECT_EQ(strange[0].payload, "marker");
}

}  // namespace
}  // namespace disrupt::notify
