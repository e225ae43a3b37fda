// Tests of the session cache: a cached session is served without reading
// the store, and every revocation (sign-out, disabling, a changed clearance,
// all sessions of a user) ends or refreshes it at once, on this server and
// on a second server sharing the database through the notifier; the idle
// clock stays the store's (a session kept alive through one server is not
// expired by another's stale entry, an idle one is refused even when
// cached); a lookup that raced with a revocation is not kept. Run on a
// SQLite file (two servers in one process share the in-process notifier) and
// on PostgreSQL when DISRUPT_TEST_POSTGRES names a server (LISTEN/NOTIFY).
// Expected values come from the store's own rows and the Authenticator's
// uncached answers, with a controlled clock.
#include "server/session_cache.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "audit/postgres_test_schema.h"
#include "auth/revocation_store.h"
#include "testing.h"

namespace disrupt::server {
namespace {

using auth::AuthStore;

const char* const kPassword = "Kerobokan-Harbour-2026";

// Counts the store reads a session lookup makes, and can run a step right
// after a session read (to interleave a revocation with a lookup).
class CountingStore final : public AuthStore {
 public:
  explicit CountingStore(AuthStore& inner) : inner_(inner) {}
  int session_reads = 0;
  std::function<void()> after_session_read;

  Status InsertUser(const auth::UserRow& row) override { return inner_.InsertUser(row); }
  Status UpdateUser(const auth::UserRow& row) override { return inner_.UpdateUser(row); }
  Result<std::optional<auth::UserRow>> GetUser(const std::string& id) override { return inner_.GetUser(id); }
  Result<std::vector<auth::User>> ListUsers() override { return inner_.ListUsers(); }
  Result<int> RecordFailure(const std::string& id, long long now,
                            const std::function<long long(int)>& lock_for) override {
    return inner_.RecordFailure(id, now, lock_for);
  }
  Result<bool> RecordSuccess(const std::string& id, long long step) override { return inner_.RecordSuccess(id, step); }
  Status InsertSession(const auth::SessionRow& row) override { return inner_.InsertSession(row); }
  Result<std::optional<auth::SessionRow>> GetSession(const std::string& id_hash) override {
    ++session_reads;
    auto row = inner_.GetSession(id_hash);
    if (after_session_read) std::exchange(after_session_read, nullptr)();
    return row;
  }
  Status TouchSession(const std::string& id_hash, long long now) override { return inner_.TouchSession(id_hash, now); }
  Status DeleteSession(const std::string& id_hash) override { return inner_.DeleteSession(id_hash); }
  Status DeleteSessionsOf(const std::string& user_id) override { return inner_.DeleteSessionsOf(user_id); }
  Status PurgeSessions(long long a, long long b) override { return inner_.PurgeSessions(a, b); }
  Status InsertToken(const auth::TokenRow& row) override { return inner_.InsertToken(row); }
  Result<std::optional<auth::TokenRow>> GetTokenByHash(const std::string& h) override {
    return inner_.GetTokenByHash(h);
  }
  Result<std::vector<auth::TokenRow>> ListTokens(const std::string& u) override { return inner_.ListTokens(u); }
  Status RevokeToken(const std::string& id, long long now) override { return inner_.RevokeToken(id, now); }
  Status TouchToken(const std::string& id, long long now) override { return inner_.TouchToken(id, now); }

 private:
  AuthStore& inner_;
};

// One portal server's identity stack, as PortalServer builds it: SQL store,
// counting layer, revocation announcements (local cache, then the notifier),
// Authenticator and session cache subscribed to the notifier.
struct Server {
  Server(const std::string& location, notify::Notifier& notifier, const long long* clock) {
    sql = auth::SqlAuthStore::Open(location).value();
    counting = std::make_unique<CountingStore>(*sql);
    revocations = std::make_unique<auth::RevocationStore>(*counting, [this, &notifier](const auth::Revocation& r) {
      cache->Revoke(r);
      (void)notifier.Publish(SessionCache::kChannel, SessionCache::Payload(r));
    });
    auth::AuthOptions options;
    options.now = [clock] { return *clock; };
    options.limits.password_cost = auth::PasswordCost{1, 1u << 20};
    authenticator = std::make_unique<auth::Authenticator>(*revocations, options);
    SessionCache::Options cache_options;
    cache_options.now = options.now;
    cache_options.touch_seconds = options.limits.session_touch_seconds;
    cache_options.idle_seconds = options.limits.session_idle_seconds;
    cache = std::make_unique<SessionCache>(*authenticator, cache_options);
    subscription = notifier.Subscribe(SessionCache::kChannel, [this](const notify::Notification& n) {
      cache->ApplyNotification(n);
      std::lock_guard<std::mutex> lock(mu);
      ++heard;
      cv.notify_all();
    }).value();
  }
  // Waits (bounded) until this server has heard `count` announcements.
  bool Heard(int count) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20), [&] { return heard >= count; });
  }

  std::unique_ptr<auth::SqlAuthStore> sql;
  std::unique_ptr<CountingStore> counting;
  std::unique_ptr<auth::RevocationStore> revocations;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<SessionCache> cache;
  long long subscription = 0;
  std::mutex mu;
  std::condition_variable cv;
  int heard = 0;
};

class SessionCacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      if (schema_.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
      location_ = schema_.uri();
      notifier_a_ = notify::OpenNotifier(location_).value();
      notifier_b_ = notify::OpenNotifier(location_).value();
    } else {
      location_ = dir_.File("catalogue.db");
      notifier_a_ = notify::OpenNotifier(location_).value();  // in-process: both servers on one
    }
    a_ = std::make_unique<Server>(location_, *notifier_a_, &clock_);
    b_ = std::make_unique<Server>(location_, notifier_b_ ? *notifier_b_ : *notifier_a_, &clock_);
    auth::User u;
    u.id = "ana.s";
    u.member = "IDN";
    u.agency = "POLRI";
    u.roles = {policy::Role::kAnalyst};
    u.clearance = policy::Clearance{model::Classification::kSecret, "IDN", PartialDate{2027, 12, 31}};
    u.totp_required = false;
    ASSERT_TRUE(a_->authenticator->AddUser("admin", u, kPassword).ok());
    auto signed_in = a_->authenticator->SignIn({"ana.s", kPassword, "", "10.0.0.7"});
    ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
    token_ = signed_in->session_token;
  }
  void TearDown() override {
    // Subscriptions first: the notifier's thread must not call a destroyed cache.
    if (a_) notifier_a_->Unsubscribe(a_->subscription);
    if (b_) (notifier_b_ ? notifier_b_ : notifier_a_)->Unsubscribe(b_->subscription);
  }
  // Waits until every server has heard `count` announcements in all.
  void AllHeard(int count) {
    ASSERT_TRUE(a_->Heard(count));
    ASSERT_TRUE(b_->Heard(count));
  }

  testing::TempDir dir_;
  audit::pgtest::PostgresTestSchema schema_{"sessioncache"};
  std::string location_;
  long long clock_ = 1'900'000'000;
  std::unique_ptr<notify::Notifier> notifier_a_, notifier_b_;
  std::unique_ptr<Server> a_, b_;
  std::string token_;
};

TEST_P(SessionCacheTest, ServesFromMemoryUntilTheTouchInterval) {
  auto first = a_->cache->Resume(token_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ((*first)->principal.user_id, "ana.s");
  EXPECT_EQ(a_->counting->session_reads, 1);
  clock_ += 59;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(a_->cache->Resume(token_).ok());
  EXPECT_EQ(a_->counting->session_reads, 1) << "fresh entries are served without reading the store";
  EXPECT_EQ(a_->cache->hits(), 5u);
  clock_ += 1;  // 60 s after last_seen: back to the store, which writes last_seen
  auto touched = a_->cache->Resume(token_);
  ASSERT_TRUE(touched.ok());
  EXPECT_EQ(a_->counting->session_reads, 2);
  auto row = a_->sql->GetSession(auth::SessionIdHash(token_)).value();
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->last_seen, clock_) << "the idle clock is written at each touch interval, as without the cache";
  EXPECT_EQ((*touched)->idle_expires_at, clock_ + 30 * 60);
}

TEST_P(SessionCacheTest, UnknownTokenIsRefusedAndNotCached) {
  EXPECT_EQ(a_->cache->Resume("not-a-session").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(a_->cache->size(), 0u);
}

TEST_P(SessionCacheTest, SignOutEndsTheSessionOnEveryServerAtOnce) {
  ASSERT_TRUE(a_->cache->Resume(token_).ok());
  ASSERT_TRUE(b_->cache->Resume(token_).ok());
  ASSERT_TRUE(a_->authenticator->SignOut(token_).ok());
  // This server: before SignOut returned.
  EXPECT_EQ(a_->cache->Resume(token_).status().code(), StatusCode::kUnauthenticated);
  AllHeard(1);
  EXPECT_EQ(b_->cache->Resume(token_).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(SessionCacheTest, DisablingAUserEndsTheirSessionsEverywhere) {
  ASSERT_TRUE(a_->cache->Resume(token_).ok());
  ASSERT_TRUE(b_->cache->Resume(token_).ok());
  ASSERT_TRUE(b_->authenticator->SetDisabled("admin", "ana.s", true).ok());
  EXPECT_EQ(b_->cache->Resume(token_).status().code(), StatusCode::kUnauthenticated);
  AllHeard(2);  // the user row, then their sessions
  EXPECT_EQ(a_->cache->Resume(token_).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(SessionCacheTest, AChangedClearanceAppliesToTheNextRequestEverywhere) {
  ASSERT_EQ((*a_->cache->Resume(token_))->principal.clearance->level, model::Classification::kSecret);
  ASSERT_TRUE(b_->cache->Resume(token_).ok());
  auth::User changed = a_->authenticator->GetUser("ana.s").value().value();
  changed.clearance->level = model::Classification::kRestricted;
  changed.roles = {policy::Role::kObserver};
  ASSERT_TRUE(a_->authenticator->UpdateUser("admin", changed).ok());
  auto here = a_->cache->Resume(token_);
  ASSERT_TRUE(here.ok());
  EXPECT_EQ((*here)->principal.clearance->level, model::Classification::kRestricted);
  AllHeard(1);
  auto there = b_->cache->Resume(token_);
  ASSERT_TRUE(there.ok());
  EXPECT_EQ((*there)->principal.clearance->level, model::Classification::kRestricted);
  EXPECT_EQ((*there)->principal.roles, std::set<policy::Role>{policy::Role::kObserver});
}

TEST_P(SessionCacheTest, SignOutEverywhereEndsEverySessionOfTheUser) {
  auto second = a_->authenticator->SignIn({"ana.s", kPassword, "", "10.0.0.8"}).value();
  ASSERT_TRUE(a_->cache->Resume(token_).ok());
  ASSERT_TRUE(b_->cache->Resume(second.session_token).ok());
  ASSERT_TRUE(a_->authenticator->SignOutEverywhere("ana.s").ok());
  EXPECT_FALSE(a_->cache->Resume(token_).ok());
  AllHeard(1);
  EXPECT_FALSE(b_->cache->Resume(second.session_token).ok());
}

TEST_P(SessionCacheTest, UseThroughOneServerKeepsTheSessionAliveOnAnother) {
  ASSERT_TRUE(a_->cache->Resume(token_).ok());  // A's entry: last_seen = t0
  for (int minute = 1; minute <= 40; ++minute) {
    clock_ += 60;
    ASSERT_TRUE(b_->cache->Resume(token_).ok()) << "minute " << minute;  // B touches the store
  }
  // 40 min after A's entry was made: A must not judge the session idle.
  auto resumed = a_->cache->Resume(token_);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ((*resumed)->idle_expires_at, clock_ + 30 * 60);
}

TEST_P(SessionCacheTest, AnIdleSessionIsRefusedEvenWhenCached) {
  ASSERT_TRUE(a_->cache->Resume(token_).ok());
  clock_ += 30 * 60 + 1;
  EXPECT_EQ(a_->cache->Resume(token_).status().code(), StatusCode::kUnauthenticated);
  EXPECT_FALSE(a_->sql->GetSession(auth::SessionIdHash(token_)).value().has_value()) << "expired sessions are deleted";
}

TEST_P(SessionCacheTest, ALookupThatRacedWithARevocationIsNotKept) {
  // The lookup reads the session, then the user is signed out everywhere
  // (committed and announced) before the lookup stores its answer.
  a_->counting->after_session_read = [this] { ASSERT_TRUE(b_->authenticator->SignOutEverywhere("ana.s").ok()); };
  auto raced = a_->cache->Resume(token_);
  AllHeard(1);
  EXPECT_EQ(a_->cache->size(), 0u) << "a session resolved before its revocation must not be cached";
  EXPECT_FALSE(a_->cache->Resume(token_).ok());
  (void)raced;
}

TEST_P(SessionCacheTest, NotificationsNameOnlyTheirSessionOrUser) {
  auto second = a_->authenticator->SignIn({"ana.s", kPassword, "", "10.0.0.8"}).value();
  ASSERT_TRUE(a_->cache->Resume(token_).ok());
  ASSERT_TRUE(a_->cache->Resume(second.session_token).ok());
  EXPECT_EQ(a_->cache->size(), 2u);
  auth::Revocation one{auth::Revocation::Kind::kSession, auth::SessionIdHash(second.session_token)};
  std::string payload = SessionCache::Payload(one);
  EXPECT_EQ(payload.find(second.session_token), std::string::npos) << "the token itself never travels";
  a_->cache->ApplyNotification({std::string(SessionCache::kChannel), payload, false});
  EXPECT_EQ(a_->cache->size(), 1u);
  a_->cache->ApplyNotification({std::string(SessionCache::kChannel), "u:someone.else", false});
  EXPECT_EQ(a_->cache->size(), 1u);
  a_->cache->ApplyNotification({std::string(SessionCache::kChannel), "", true});  // resync: all dropped
  EXPECT_EQ(a_->cache->size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Stores, SessionCacheTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace disrupt::server
