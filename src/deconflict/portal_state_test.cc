// Tests of the portal's resolution, deconfliction and watchlist tables:
// what is written is read back after the database is reopened, decisions
// and the resolved state feed an incremental resolver, uploads replace the
// member's earlier one, hits and alerts are recorded once, and selectors
// can be removed only by their member.
#include "deconflict/portal_state.h"

#include <gtest/gtest.h>

#include "testing.h"

namespace disrupt::deconflict {
namespace {

std::string DbPath(const disrupt::testing::TempDir& dir) { return (dir.path() / "catalogue.db").string(); }

resolve::PersonRecord Person(std::string id, std::string member, std::string given, std::string family,
                             std::string dob) {
  resolve::PersonRecord r;
  r.id = std::move(id);
  r.member = std::move(member);
  r.given_name = std::move(given);
  r.family_name = std::move(family);
  r.dob = std::move(dob);
  return r;
}

TEST(PortalStateTest, ResolutionStateAndDecisionsSurviveReopening) {
  disrupt::testing::TempDir dir;
  std::vector<resolve::PersonRecord> people = {
      Person("a1", "AUS", "Mohammad", "Rahimi", "1984-03-02"), Person("b1", "IDN", "Muhammad", "Rahimi", "1984-03-02"),
      Person("c1", "THA", "Somchai", "Srisuk", "1979-11-20"),  Person("d1", "MYS", "Siti", "Aminah", "1990"),
      Person("e1", "LKA", "Nuwan", "Perera", "1988-07-14"),    Person("f1", "AUS", "Ali", "Hussain", "1975-01-01")};
  std::vector<std::pair<std::string, std::string>> before;
  {
    auto state = PortalState::Open(DbPath(dir));
    ASSERT_TRUE(state.ok()) << state.status().ToString();
    auto store = (*state)->Resolution();
    resolve::Resolver resolver;
    ASSERT_TRUE(resolver.Add(people).ok());
    ASSERT_TRUE(resolver.Run().ok());
    ASSERT_TRUE(store->SaveState(resolver).ok());
    resolve::Decision d{"c1", "d1", resolve::Verdict::kSame, "analyst-1", 1700000000, "seen together"};
    ASSERT_TRUE(store->AppendDecision(d).ok());
    before = resolver.Assignments();
  }
  auto state = PortalState::Open(DbPath(dir));
  ASSERT_TRUE(state.ok());
  auto store = (*state)->Resolution();
  auto decisions = store->Decisions();
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].analyst, "analyst-1");
  EXPECT_EQ((*decisions)[0].verdict, resolve::Verdict::kSame);
  auto loaded = store->LoadState();
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->records.size(), people.size());
  EXPECT_EQ((*loaded)->records[2].given_name, "Somchai");
  EXPECT_EQ((*loaded)->clusters, before);
  // The decision, replayed on the loaded state, puts c1 and d1 together.
  auto resolver = resolve::LoadResolver(*store, {});
  ASSERT_TRUE(resolver.ok()) << resolver.status().ToString();
  std::map<std::string, std::string> cluster;
  for (const auto& [r, c] : (*resolver)->Assignments()) cluster[r] = c;
  EXPECT_EQ(cluster["c1"], cluster["d1"]);
}

TEST(PortalStateTest, UploadsReplaceHitsAndAlertsAreRecordedOnce) {
  disrupt::testing::TempDir dir;
  auto state = PortalState::Open(DbPath(dir));
  ASSERT_TRUE(state.ok());
  EncodingFile file{"AUS", "0123456789abcdef", {}};
  EncodedRecord r;
  r.ref = "AUS-1";
  r.exact["phone"] = "00ff";
  file.records.push_back(r);
  ASSERT_TRUE((*state)->PutUpload(file, "u1", 10).ok());
  file.records.push_back(r);
  file.records.back().ref = "AUS-2";
  ASSERT_TRUE((*state)->PutUpload(file, "u1", 20).ok());
  auto uploads = (*state)->Uploads();
  ASSERT_TRUE(uploads.ok());
  ASSERT_EQ(uploads->size(), 1u);
  EXPECT_EQ((*uploads)[0].records.size(), 2u);
  EXPECT_EQ((*uploads)[0].records[1].exact.at("phone"), "00ff");
  auto info = (*state)->UploadOf("AUS");
  ASSERT_TRUE(info.ok() && info->has_value());
  EXPECT_EQ((*info)->records, 2);
  EXPECT_EQ((*info)->uploaded_at, 20);

  std::vector<Hit> hits = {{"AUS", "AUS-1", "IDN", "IDN-9", "phone", 1.0},
                           {"AUS", "AUS-2", "MYS", "M-3", "name_dob", 0.875}};
  auto added = (*state)->AddHits(hits, 30);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 2);
  added = (*state)->AddHits(hits, 40);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 0);
  auto of_idn = (*state)->HitsOf("IDN");
  ASSERT_TRUE(of_idn.ok());
  ASSERT_EQ(of_idn->size(), 1u);
  EXPECT_EQ((*of_idn)[0].hit.ref_b, "IDN-9");
  auto of_mys = (*state)->HitsOf("MYS");
  ASSERT_TRUE(of_mys.ok());
  ASSERT_EQ(of_mys->size(), 1u);
  EXPECT_DOUBLE_EQ((*of_mys)[0].hit.strength, 0.875);

  StoredSelector s{{"w1", "NZL", SelectorKind::kPhone, "+64 21 555 0100", ""}, "u2", 50};
  ASSERT_TRUE((*state)->AddSelector(s).ok());
  EXPECT_EQ((*state)->AddSelector(s).code(), StatusCode::kConflict);
  EXPECT_EQ((*state)->RemoveSelector("w1", "AUS").code(), StatusCode::kNotFound);
  std::vector<Alert> alerts = {{"w1", "NZL", "AUS-1", "AUS", SelectorKind::kPhone, 1.0}};
  auto raised = (*state)->AddAlerts(alerts, 60);
  ASSERT_TRUE(raised.ok());
  EXPECT_EQ(*raised, 1);
  raised = (*state)->AddAlerts(alerts, 70);
  ASSERT_TRUE(raised.ok());
  EXPECT_EQ(*raised, 0);
  auto nzl = (*state)->AlertsOf("NZL");
  ASSERT_TRUE(nzl.ok());
  ASSERT_EQ(nzl->size(), 1u);
  EXPECT_EQ((*nzl)[0].alert.record_ref, "AUS-1");
  EXPECT_TRUE((*state)->AlertsOf("AUS")->empty());
  ASSERT_TRUE((*state)->RemoveSelector("w1", "NZL").ok());
  EXPECT_TRUE((*state)->Selectors("")->empty());
}

}  // namespace
}  // namespace disrupt::deconflict
