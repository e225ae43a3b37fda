// Tests of retention review, renewal and removal against a real SQLite
// catalogue and audit log.
#include "retention/retention.h"

#include <gtest/gtest.h>

#include "testing.h"

namespace disrupt::retention {
namespace {

using model::Record;

long long Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

Record Person(const std::string& id, const std::string& originator, PartialDate review) {
  Record r;
  r.id = id;
  r.type = "Person";
  r.Add("name", "Person " + id);
  r.provenance = model::Provenance{originator, "AGENCY", "OP-1", PartialDate{2024, 3, 1}, 'B', 2};
  r.handling.releasable_to = {"ALL_MEMBERS"};
  r.handling.review_date = review;
  return r;
}

Record Associate(const std::string& id, const std::string& a, const std::string& b, PartialDate review) {
  Record r = Person(id, "AUS", review);
  r.kind = model::RecordKind::kLink;
  r.type = "associate_of";
  r.properties.clear();
  r.source = a;
  r.target = b;
  return r;
}

policy::Principal Analyst(const std::string& member) {
  policy::Principal p;
  p.user_id = "u-" + member;
  p.member = member;
  p.roles = {policy::Role::kAnalyst};
  p.clearance = policy::Clearance{model::Classification::kSecret, member, {}};
  return p;
}

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::Open("sqlite:" + dir_.File("catalogue.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    auto log = audit::AuditLog::Open(dir_.File("audit.db"));
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    audit_ = std::move(*log);
    std::vector<Record> batch = {
        Person("AUS-1", "AUS", {2026, 1, 10}),   // long past
        Person("AUS-2", "AUS", {2026, 3, 5}),    // within the month ahead
        Person("AUS-3", "AUS", {2027, 1, 1}),    // far ahead
        Person("AUS-4", "AUS", {2026, 2}),       // partial: counts from 2026-02-28
        Person("IDN-1", "IDN", {2026, 1, 1}),    // another member's
        Associate("AUS-L1", "AUS-3", "IDN-1", {2030, 1, 1}),
    };
    ASSERT_TRUE(store_->Put(batch).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
};

TEST_F(RetentionTest, DueListsTheMembersRecordsByDate) {
  auto due = Due(*store_, "AUS", Day(2026, 2, 15), 30);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  ASSERT_EQ(due->size(), 3u);
  EXPECT_EQ((*due)[0].id, "AUS-1");
  EXPECT_EQ((*due)[0].days_left, Day(2026, 1, 10) - Day(2026, 2, 15));
  EXPECT_EQ((*due)[1].id, "AUS-4");
  EXPECT_EQ((*due)[1].days_left, 13);  // 28 February
  EXPECT_EQ((*due)[2].id, "AUS-2");
  auto none = Due(*store_, "NZL", Day(2026, 2, 15), 30);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(Due(*store_, "AUS", 0, -1).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(RetentionTest, RenewalByTheOriginatorOnly) {
  policy::PolicyContext context;
  context.today = Day(2026, 2, 15);
  // Another member's analyst cannot renew, and learns nothing from the answer.
  auto refused = Renew(*store_, Analyst("IDN"), context, "AUS-1", {2027, 6, 30});
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  auto missing = Renew(*store_, Analyst("IDN"), context, "AUS-99", {2027, 6, 30});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), refused.status().message());
  // An observer of the originator cannot either.
  policy::Principal observer = Analyst("AUS");
  observer.roles = {policy::Role::kObserver};
  EXPECT_EQ(Renew(*store_, observer, context, "AUS-1", {2027, 6, 30}).status().code(), StatusCode::kNotFound);
  // Dates must be complete and in the future.
  EXPECT_EQ(Renew(*store_, Analyst("AUS"), context, "AUS-1", {2027}).status().field(), "review_date");
  EXPECT_EQ(Renew(*store_, Analyst("AUS"), context, "AUS-1", {2026, 2, 15}).status().field(), "review_date");

  auto renewed = Renew(*store_, Analyst("AUS"), context, "AUS-1", {2027, 6, 30});
  ASSERT_TRUE(renewed.ok()) << renewed.status().ToString();
  EXPECT_EQ(renewed->handling.review_date, (PartialDate{2027, 6, 30}));
  EXPECT_EQ(renewed->version, 2);
  auto due = Due(*store_, "AUS", Day(2026, 2, 15), 0);
  ASSERT_TRUE(due.ok());
  for (const auto& d : *due) EXPECT_NE(d.id, "AUS-1");
}

TEST_F(RetentionTest, SweepRemovesLapsedRecordsAndAuditsEachRemoval) {
  SweepOptions options;
  options.today = Day(2026, 3, 1);
  options.grace_days = 30;
  options.actor = "cli:test";
  options.dry_run = true;
  auto preview = Sweep(*store_, nullptr, options);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  // IDN-1 (2026-01-01) and AUS-1 (2026-01-10) are over 30 days past; AUS-4 (2026-02-28) is not.
  ASSERT_EQ(preview->removed.size(), 2u);
  EXPECT_EQ(preview->removed[0].id, "IDN-1");
  EXPECT_EQ(preview->removed[1].id, "AUS-1");
  ASSERT_TRUE(store_->Get("IDN-1")->has_value()) << "a dry run removes nothing";

  options.dry_run = false;
  EXPECT_EQ(Sweep(*store_, nullptr, options).status().code(), StatusCode::kFailedPrecondition);
  auto swept = Sweep(*store_, audit_.get(), options);
  ASSERT_TRUE(swept.ok()) << swept.status().ToString();
  ASSERT_EQ(swept->removed.size(), 2u);
  EXPECT_FALSE(store_->Get("IDN-1")->has_value());
  EXPECT_FALSE(store_->Get("AUS-1")->has_value());
  EXPECT_TRUE(store_->Get("AUS-3")->has_value());
  // The link to the removed entity went with it.
  EXPECT_FALSE(store_->Get("AUS-L1")->has_value());

  audit::AuditQuery query;
  query.action = audit::action::kRetention;
  auto entries = audit_->Query(query);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].event.target, "IDN-1");
  EXPECT_EQ((*entries)[0].event.actor, "cli:test");
  EXPECT_EQ((*entries)[0].event.detail.find("Person"), std::string::npos) << "no contents in the log";
  auto again = Sweep(*store_, audit_.get(), options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->removed.empty());
}

}  // namespace
}  // namespace disrupt::retention
