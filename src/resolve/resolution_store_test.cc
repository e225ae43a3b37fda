// One suite for both resolution stores: decisions survive, the saved state
// restores the same clusters, an incremental run continues from it, and a
// corrupt file is reported, not crashed on.
#include "resolve/resolution_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "resolve/csv_input.h"
#include "testing.h"

namespace disrupt::resolve {
namespace {

std::vector<PersonRecord> People() {
  // Two people written by three members, and one other person.
  return {
      {"AUS-1", "AUS", "Mohammad", "Rahimi", "", "1985-03-14", "M", "AFG", "P1234567", "+61 412 345 678", ""},
      {"MYS-7", "MYS", "", "", "Muhammad Rahimi", "14/03/1985", "M", "AFG", "P1234567", "", ""},
      {"THA-3", "THA", "", "", "محمد رحيمي", "1985", "M", "AF", "", "0412345678", ""},
      {"AUS-2", "AUS", "Somchai", "Srisuk", "", "1990-07-01", "M", "THA", "", "+66 81 234 5678", ""},
      {"THA-9", "THA", "", "", "สมชาย ศรีสุข", "1990-07-01", "M", "THA", "", "081 234 5678", ""},
      {"LKA-4", "LKA", "Nimal", "Perera", "", "1979-11-02", "M", "LKA", "N7654321", "", ""},
  };
}

class StoreSuite : public ::testing::TestWithParam<bool> {
 protected:
  std::unique_ptr<ResolutionStore> Open() {
    if (!GetParam()) return NewMemoryResolutionStore();
    auto s = OpenFileResolutionStore(dir_.File("resolution"));
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }
  disrupt::testing::TempDir dir_;
};

TEST_P(StoreSuite, DecisionsAndStateRoundTrip) {
  auto store = Open();
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(People()).ok());
  ASSERT_TRUE(resolver.Run().ok());
  Decision d{"AUS-1", "LKA-4", Verdict::kNotSame, "analyst7", 1700000000, "checked the photos"};
  ASSERT_TRUE(store->AppendDecision(d).ok());
  ASSERT_TRUE(resolver.Decide(d).ok());
  ASSERT_TRUE(store->SaveState(resolver).ok());

  auto decisions = store->Decisions();
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].note, "checked the photos");
  EXPECT_EQ((*decisions)[0].verdict, Verdict::kNotSame);

  auto loaded = LoadResolver(*store, {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->Assignments(), resolver.Assignments());
  EXPECT_EQ((*loaded)->model().ToJson(), resolver.model().ToJson());

  // An incremental run from the stored state: the new record joins Somchai.
  ASSERT_TRUE((*loaded)->Add({{"NZL-5", "NZL", "Somchai", "Srisuk", "", "01/07/1990", "M", "THA", "", "", ""}}).ok());
  ASSERT_TRUE((*loaded)->Run().ok());
  std::map<std::string, std::string> c;
  for (const auto& [id, cluster] : (*loaded)->Assignments()) c[id] = cluster;
  EXPECT_EQ(c["NZL-5"], c["AUS-2"]);
  EXPECT_NE(c["AUS-1"], c["LKA-4"]);
}

TEST_P(StoreSuite, EmptyStoreGivesAnEmptyResolver) {
  auto store = Open();
  auto loaded = LoadResolver(*store, {});
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE((*loaded)->Assignments().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreSuite, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "File" : "Memory"; });

// A store whose saved state was made by an earlier version of the code:
// its model carries no version (as states saved before versions were
// recorded) and its links claim that Mohammad Rahimi and Nimal Perera are
// surely one person, which the current model would never say.
class OldStateStore : public ResolutionStore {
 public:
  OldStateStore() {
    Resolver r;
    EXPECT_TRUE(r.Add(People()).ok());
    EXPECT_TRUE(r.Run().ok());
    state_ = StateOf(r);
    nlohmann::json old = state_.model.ToJson();
    old.erase("version");
    auto model = Model::FromJson(old);
    EXPECT_TRUE(model.ok());
    state_.model = std::move(*model);
    state_.links.push_back({"AUS-1", "LKA-4", 60.0});
  }
  Status AppendDecision(const Decision& d) override { return memory_->AppendDecision(d); }
  Result<std::vector<Decision>> Decisions() const override { return memory_->Decisions(); }
  Status SaveState(const Resolver& r) override {
    state_ = StateOf(r);
    return Status::Ok();
  }
  Result<std::optional<ResolvedState>> LoadState() const override { return std::optional<ResolvedState>(state_); }

 private:
  std::unique_ptr<ResolutionStore> memory_ = NewMemoryResolutionStore();
  ResolvedState state_;
};

TEST(ResolutionVersionTest, StateOfAnOlderVersionIsResolvedAgainWithEveryDecision) {
  OldStateStore store;
  // An analyst's decision that the model alone would not take.
  Decision same{"LKA-4", "AUS-2", Verdict::kSame, "analyst7", 1700000000, "same fingerprints"};
  ASSERT_TRUE(store.AppendDecision(same).ok());

  // As it stands the old state would merge Rahimi with Perera.
  LoadReport report;
  auto loaded = LoadResolver(store, {}, &report);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(report.resolved_again);
  EXPECT_EQ(report.saved_version, 1);
  const Resolver& r = **loaded;
  EXPECT_EQ(r.model().parameters().version, kResolutionVersion);
  std::map<std::string, std::string> c;
  for (const auto& [id, cluster] : r.Assignments()) c[id] = cluster;
  ASSERT_EQ(c.size(), People().size()) << "every saved record is resolved again";
  EXPECT_NE(c["AUS-1"], c["LKA-4"]) << "the old link's weight is not used";
  EXPECT_EQ(c["AUS-1"], c["MYS-7"]);
  EXPECT_EQ(c["LKA-4"], c["AUS-2"]) << "the analyst's decision is replayed";
  ASSERT_EQ(r.decisions().size(), 1u);

  // Saved again, the state carries the current version and restores as it stands.
  ASSERT_TRUE(store.SaveState(r).ok());
  LoadReport again;
  auto reloaded = LoadResolver(store, {}, &again);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_FALSE(again.resolved_again);
  EXPECT_EQ(again.saved_version, kResolutionVersion);
  EXPECT_EQ((*reloaded)->Assignments(), r.Assignments());
}

TEST(ResolutionVersionTest, ModelJsonCarriesTheVersion) {
  Model m;
  EXPECT_EQ(m.ToJson().at("version").get<int>(), kResolutionVersion);
  nlohmann::json j = m.ToJson();
  j["version"] = kResolutionVersion + 5;
  auto later = Model::FromJson(j);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->parameters().version, kResolutionVersion + 5);
}

TEST(FileStoreTest, CorruptDecisionsAreDataLoss) {
  disrupt::testing::TempDir dir;
  auto store = OpenFileResolutionStore(dir.File("r"));
  ASSERT_TRUE(store.ok());
  disrupt::testing::WriteFile(dir.File("r/decisions.jsonl"), "{\"a\":\"x\",\"b\":\"y\",\"verdict\":\"same\"}\n{oops\n");
  auto d = (*store)->Decisions();
  EXPECT_EQ(d.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(d.status().message().find("decisions.jsonl:2"), std::string::npos);
}

TEST(ResolverSmallTest, SamePeopleAcrossScriptsAndMembers) {
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(People()).ok());
  ASSERT_TRUE(resolver.Run().ok());
  std::map<std::string, std::string> c;
  for (const auto& [id, cluster] : resolver.Assignments()) c[id] = cluster;
  EXPECT_EQ(c["AUS-1"], c["MYS-7"]);
  EXPECT_EQ(c["AUS-2"], c["THA-9"]);
  EXPECT_NE(c["AUS-1"], c["AUS-2"]);
  EXPECT_EQ(c["LKA-4"], "LKA-4");
}

TEST(PersonCsvTest, ErrorsNameFileLineAndColumn) {
  disrupt::testing::TempDir dir;
  disrupt::testing::WriteFile(dir.File("a.csv"), "record_id,given_name,surname\n1,a,b\n");
  auto r = ReadPersonCsv(dir.File("a.csv"));
  EXPECT_EQ(r.status().field(), dir.File("a.csv") + ":1:surname");
  disrupt::testing::WriteFile(dir.File("b.csv"), "given_name\nx\n");
  EXPECT_NE(ReadPersonCsv(dir.File("b.csv")).status().message().find("no record_id"), std::string::npos);
  disrupt::testing::WriteFile(dir.File("c.csv"), "record_id,dob\n1,1980\n2\n");
  EXPECT_EQ(ReadPersonCsv(dir.File("c.csv")).status().field(), dir.File("c.csv") + ":3");
  disrupt::testing::WriteFile(dir.File("d.csv"), "Record_ID, Full_Name\n1,\"Ahmad bin Ismail\"\n");
  auto ok = ReadPersonCsv(dir.File("d.csv"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0].full_name, "Ahmad bin Ismail");
  EXPECT_EQ(ReadPersonCsv(dir.File("none.csv")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace disrupt::resolve
