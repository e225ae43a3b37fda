// Tests of the governance registry on SQLite and, when a test server is
// configured, PostgreSQL: agencies, meetings, actions, validation, and the
// policy's decision on meetings through AsRecord.
#include "governance/governance.h"

#include <gtest/gtest.h>

#include "audit/postgres_test_schema.h"
#include "policy/policy.h"
#include "testing.h"

namespace disrupt::governance {
namespace {

// 2026-12-03T09:30:00Z, computed from the civil date independently of ParseTimestamp.
constexpr long long kDec3 = (20790LL * 86400) + 9 * 3600 + 30 * 60;

class GovernanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string location;
    if (GetParam() == "postgres") {
      if (schema_.uri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
      location = schema_.uri();
    } else {
      location = dir_.File("catalogue.db");
    }
    auto registry = Registry::Open(location, [this] { return clock_; });
    ASSERT_TRUE(registry.ok()) << registry.status().ToString();
    registry_ = std::move(*registry);
  }

  static Meeting SampleMeeting(long long starts_at) {
    Meeting m;
    m.title = "Working Group meeting";
    m.kind = MeetingKind::kWorkingGroup;
    m.starts_at = starts_at;
    m.ends_at = starts_at + 6 * 3600;
    m.location = "Bangkok";
    m.chatham_house = true;
    m.agenda = "1. Adoption of the agenda\n2. Regional trends";
    m.originator = "THA";
    m.handling.classification = model::Classification::kRestricted;
    m.handling.tlp = model::Tlp::kAmber;
    m.handling.releasable_to = {"ALL_MEMBERS"};
    m.created_by = "sec.one";
    return m;
  }

  testing::TempDir dir_;
  audit::pgtest::PostgresTestSchema schema_{"govtest"};
  long long clock_ = kDec3 - 10 * 86400;
  std::unique_ptr<Registry> registry_;
};

TEST(GovernanceTimestamp, ParsesUtcTimesAndDates) {
  EXPECT_EQ(ParseTimestamp("2026-12-03T09:30:00Z").value(), kDec3);
  EXPECT_EQ(ParseTimestamp("2026-12-03T09:30Z").value(), kDec3);
  EXPECT_EQ(ParseTimestamp("2026-12-03").value(), kDec3 - 9 * 3600 - 30 * 60);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z").value(), 0);
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-12-03T25:00Z", "2026-12-03T09:30:00",
                          "2026-12-03 09:30Z", "2026-12-03T09:30:00+07:00", "03/12/2026"}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
}

TEST_P(GovernanceTest, AgenciesAreKeptPerMemberAndReplaced) {
  ASSERT_TRUE(registry_->PutAgency({"IDN", "POLRI", "Indonesian National Police", "ana.s", 0}).ok());
  ASSERT_TRUE(registry_->PutAgency({"IDN", "IMIGRASI", "Directorate General of Immigration", "", 0}).ok());
  ASSERT_TRUE(registry_->PutAgency({"AUS", "AFP", "Australian Federal Police", "", 0}).ok());
  ASSERT_TRUE(registry_->PutAgency({"IDN", "POLRI", "Kepolisian Negara Republik Indonesia", "", 0}).ok());

  auto idn = registry_->Agencies("IDN");
  ASSERT_TRUE(idn.ok()) << idn.status().ToString();
  ASSERT_EQ(idn->size(), 2u);
  EXPECT_EQ((*idn)[0].acronym, "IMIGRASI");
  EXPECT_EQ((*idn)[1].name, "Kepolisian Negara Republik Indonesia");
  EXPECT_EQ((*idn)[1].focal_point, "");
  EXPECT_EQ(registry_->Agencies()->size(), 3u);

  EXPECT_TRUE(registry_->RemoveAgency("IDN", "IMIGRASI").ok());
  EXPECT_EQ(registry_->RemoveAgency("IDN", "IMIGRASI").code(), StatusCode::kNotFound);
  EXPECT_EQ(registry_->Agencies("IDN")->size(), 1u);

  Status bad = registry_->PutAgency({"IDN", "polri", "x", "", 0});
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.field(), "acronym");
  EXPECT_EQ(registry_->PutAgency({"IDN", "BIN", "", "", 0}).field(), "name");
  EXPECT_EQ(registry_->PutAgency({"IDN", "BIN", "Intelligence", "Not A User", 0}).field(), "focal_point");
}

TEST_P(GovernanceTest, MeetingsRoundTripAndAreFoundByPeriod) {
  auto first = registry_->AddMeeting(SampleMeeting(kDec3));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->id.rfind("MTG-", 0), 0u);
  EXPECT_EQ(first->id.size(), 12u);
  EXPECT_EQ(first->created_at, clock_);
  auto second = registry_->AddMeeting(SampleMeeting(kDec3 + 30 * 86400));
  ASSERT_TRUE(second.ok());
  auto past = registry_->AddMeeting(SampleMeeting(kDec3 - 40 * 86400));
  ASSERT_TRUE(past.ok());

  auto got = registry_->GetMeeting(first->id);
  ASSERT_TRUE(got.ok() && got->has_value());
  const Meeting& m = **got;
  EXPECT_EQ(m.title, "Working Group meeting");
  EXPECT_EQ(m.starts_at, kDec3);
  EXPECT_EQ(m.ends_at, kDec3 + 6 * 3600);
  EXPECT_TRUE(m.chatham_house);
  EXPECT_EQ(m.agenda, "1. Adoption of the agenda\n2. Regional trends");
  EXPECT_EQ(m.handling.releasable_to, std::vector<std::string>{"ALL_MEMBERS"});
  EXPECT_EQ(m.handling.classification, model::Classification::kRestricted);

  // From "now" (10 days before the first) to 60 days later: the first two, in order.
  auto upcoming = registry_->Meetings(clock_, clock_ + 60 * 86400);
  ASSERT_TRUE(upcoming.ok());
  ASSERT_EQ(upcoming->size(), 2u);
  EXPECT_EQ((*upcoming)[0].id, first->id);
  EXPECT_EQ((*upcoming)[1].id, second->id);
  // A meeting in progress at `from` is included.
  EXPECT_EQ(registry_->Meetings(kDec3 + 3600, kDec3 + 7200)->size(), 1u);

  // Updates keep the originator and creator; cancelling is an update.
  Meeting change = m;
  change.cancelled = true;
  change.originator = "AUS";
  change.created_by = "someone.else";
  clock_ += 60;
  auto updated = registry_->UpdateMeeting(change);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->originator, "THA");
  EXPECT_EQ(updated->created_by, "sec.one");
  EXPECT_EQ(updated->updated_at, clock_);
  EXPECT_TRUE((*registry_->GetMeeting(first->id))->cancelled);

  Meeting missing = m;
  missing.id = "MTG-00000000";
  EXPECT_EQ(registry_->UpdateMeeting(missing).status().code(), StatusCode::kNotFound);
}

TEST_P(GovernanceTest, BadMeetingsAreRefusedNamingTheField) {
  Meeting m = SampleMeeting(kDec3);
  m.ends_at = m.starts_at - 1;
  EXPECT_EQ(registry_->AddMeeting(m).status().field(), "ends_at");
  m = SampleMeeting(kDec3);
  m.title = "";
  EXPECT_EQ(registry_->AddMeeting(m).status().field(), "title");
  m = SampleMeeting(kDec3);
  m.title = "bad\x01title";
  EXPECT_EQ(registry_->AddMeeting(m).status().field(), "title");
  m = SampleMeeting(kDec3);
  m.agenda = std::string("\xff\xfe", 2);
  EXPECT_EQ(registry_->AddMeeting(m).status().field(), "agenda");
  m = SampleMeeting(kDec3);
  m.handling.releasable_to = {"all members"};
  EXPECT_EQ(registry_->AddMeeting(m).status().field(), "handling.releasable_to");
  EXPECT_EQ(registry_->Meetings(0, kDec3 * 2)->size(), 0u);
}

TEST_P(GovernanceTest, ActionsOpenFirstByDueDate) {
  auto meeting = registry_->AddMeeting(SampleMeeting(kDec3));
  ASSERT_TRUE(meeting.ok());
  auto make = [&](const char* title, const char* due, const char* owner) {
    Action a;
    a.title = title;
    a.owner = owner;
    a.meeting_id = meeting->id;
    if (*due) a.due = PartialDate::Parse(due).value();
    a.originator = "THA";
    a.handling.releasable_to = {"ALL_MEMBERS"};
    a.created_by = "sec.one";
    auto added = registry_->AddAction(a);
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    return *added;
  };
  Action late = make("Share route analysis", "2027-03-01", "IDN");
  Action soon = make("Nominate focal points", "2026-12-15", "AUS");
  Action undated = make("Draft the best-practice note", "", "NZL");

  auto open = registry_->Actions(true);
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  ASSERT_EQ(open->size(), 3u);
  EXPECT_EQ((*open)[0].id, soon.id);
  EXPECT_EQ((*open)[1].id, late.id);
  EXPECT_EQ((*open)[2].id, undated.id);

  soon.status = ActionStatus::kDone;
  ASSERT_TRUE(registry_->UpdateAction(soon).ok());
  EXPECT_EQ(registry_->Actions(true)->size(), 2u);
  EXPECT_EQ(registry_->Actions(false)->size(), 3u);
  // The meeting's actions, done ones included; none of another meeting.
  auto of_meeting = registry_->ActionsOf(meeting->id);
  ASSERT_TRUE(of_meeting.ok()) << of_meeting.status().ToString();
  ASSERT_EQ(of_meeting->size(), 3u);
  EXPECT_EQ((*of_meeting)[0].id, soon.id);
  EXPECT_TRUE(registry_->ActionsOf("MTG-ffffffff")->empty());

  Action orphan = late;
  orphan.meeting_id = "MTG-ffffffff";
  EXPECT_EQ(registry_->UpdateAction(orphan).status().field(), "meeting_id");
  Action bad;
  bad.title = "No owner";
  bad.originator = "THA";
  EXPECT_EQ(registry_->AddAction(bad).status().field(), "owner");
}

TEST_P(GovernanceTest, ThePolicyDecidesMeetingsLikeRecords) {
  Meeting m = SampleMeeting(kDec3);
  m.handling.classification = model::Classification::kSecret;
  m.handling.releasable_to = {"AUS"};
  auto added = registry_->AddMeeting(m);
  ASSERT_TRUE(added.ok());
  policy::PolicyContext context;
  context.today = kDec3 / 86400;
  policy::Principal aus{"a.analyst", "AUS", "AFP", {policy::Role::kAnalyst},
                        policy::Clearance{model::Classification::kSecret, "AUS", {}}, {}, {"ALL_MEMBERS"}};
  policy::Principal idn = aus;
  idn.member = "IDN";
  policy::Principal low = aus;
  low.clearance->level = model::Classification::kRestricted;
  EXPECT_TRUE(policy::Decide(aus, AsRecord(*added), policy::Operation::kRead, context));
  EXPECT_EQ(policy::Decide(idn, AsRecord(*added), policy::Operation::kRead, context).reason,
            policy::Reason::kNotReleasable);
  EXPECT_EQ(policy::Decide(low, AsRecord(*added), policy::Operation::kRead, context).reason,
            policy::Reason::kClearanceInsufficient);
}

INSTANTIATE_TEST_SUITE_P(Stores, GovernanceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace disrupt::governance
