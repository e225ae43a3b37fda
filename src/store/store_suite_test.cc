// The store test suite: every Store implementation must pass it. It runs
// against SQLite always, and against PostgreSQL when DISRUPT_TEST_POSTGRES
// names a database (make test starts a throw-away cluster for it).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>

#include "store/postgres_store.h"
#include "store/store.h"
#include "testing.h"

namespace disrupt::store {
namespace {

using disrupt::Interval;
using disrupt::PartialDate;

model::Provenance Prov(const std::string& originator = "AUS") {
  return model::Provenance{originator, "AFP", "OP-1", PartialDate{2024, 3, 1}, 'B', 2};
}

model::Handling Hand() {
  model::Handling h;
  h.releasable_to = {"ALL_MEMBERS"};
  h.review_date = PartialDate{2030, 1, 1};
  return h;
}

Record Person(const std::string& id, const std::string& name, const std::string& originator = "AUS") {
  Record r;
  r.id = id;
  r.type = "Person";
  r.Add("name", name);
  r.provenance = Prov(originator);
  r.handling = Hand();
  return r;
}

Record Link(const std::string& id, const std::string& type, const std::string& s, const std::string& t) {
  Record r;
  r.id = id;
  r.kind = RecordKind::kLink;
  r.type = type;
  r.source = s;
  r.target = t;
  r.provenance = Prov();
  r.handling = Hand();
  return r;
}

class StoreSuite : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string uri = GetParam();
    if (uri == "sqlite") {
      uri = "sqlite:" + dir_.File("catalogue.db");
    } else {
      const char* pg = std::getenv("DISRUPT_TEST_POSTGRES");
      if (!pg) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server for this run";
      // Each test in a schema of its own: tests run in parallel on one database.
      uri = std::string(pg) + (std::string(pg).find('?') == std::string::npos ? "?" : "&") + "schema=suite_" +
            std::to_string(::getpid()) + "_" + std::to_string(++schemas_);
      pg_uri_ = uri;
    }
    auto s = Store::Open(uri);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  void TearDown() override {
    store_.reset();
    if (!pg_uri_.empty()) (void)PostgresStore::DropSchema(pg_uri_);
  }

  std::vector<std::string> Ids(const RecordQuery& q) {
    std::vector<std::string> ids;
    Status s = store_->Scan(q, [&](Record&& r) {
      ids.push_back(r.id);
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return ids;
  }

  std::vector<std::string> SearchIds(const std::string& text) {
    auto hits = store_->Search(SearchQuery{text, {}, 50});
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const auto& h : hits.value()) ids.push_back(h.id);
    }
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::string pg_uri_;
  static inline int schemas_ = 0;
};

TEST_P(StoreSuite, PutThenGetReturnsTheSameRecord) {
  Record p = Person("P1", "Ahmad Karimi");
  p.Add("alias", "Haji Ahmad", Interval{PartialDate{2019, 0, 0}, {}});
  p.Add("birth_date", "1984-02");
  p.handling.codes = {model::HandlingCode::kNoOnwardDissemination};
  ASSERT_TRUE(store_->Put(std::vector<Record>{p}).ok());
  auto got = store_->Get("P1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got.value().has_value());
  Record g = *got.value();
  EXPECT_EQ(g.version, 1);
  g.version = 0;
  g.updated_at = 0;
  EXPECT_EQ(g, p);
  auto none = store_->Get("nope");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value().has_value());
}

TEST_P(StoreSuite, ReplacingARecordIncrementsItsVersion) {
  ASSERT_TRUE(store_->Put(std::vector<Record>{Person("P1", "Ahmad Karimi")}).ok());
  ASSERT_TRUE(store_->Put(std::vector<Record>{Person("P1", "Ahmad Karimi Jan")}).ok());
  auto got = store_->Get("P1");
  ASSERT_TRUE(got.ok() && got.value());
  EXPECT_EQ(got.value()->version, 2);
  EXPECT_EQ(got.value()->Get("name"), "Ahmad Karimi Jan");
  // The old name no longer finds it; the new one does.
  EXPECT_EQ(SearchIds("jan"), std::vector<std::string>{"P1"});
}

TEST_P(StoreSuite, ABatchWithOneBadRecordWritesNothing) {
  Record bad = Person("P3", "Bad Date");
  bad.Add("birth_date", "1984-02-30");
  Status s = store_->Put(std::vector<Record>{Person("P1", "One"), Person("P2", "Two"), bad});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "properties.birth_date");
  EXPECT_NE(s.message().find("records[2]"), std::string::npos) << s.message();
  EXPECT_TRUE(Ids({}).empty());
}

TEST_P(StoreSuite, RefusesDanglingLinkEndsButAcceptsEndsInTheSameBatch) {
  Status s = store_->Put(std::vector<Record>{Person("P1", "One"), Link("L1", "directs", "P1", "P9")});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "target");
  EXPECT_NE(s.message().find("P9"), std::string::npos);
  EXPECT_TRUE(Ids({}).empty());
  // Link first, its ends later in the same batch: fine.
  ASSERT_TRUE(store_->Put(std::vector<Record>{Link("L1", "directs", "P1", "P2"), Person("P1", "One"),
                                              Person("P2", "Two")})
                  .ok());
  // A link cannot point at another link.
  s = store_->Put(std::vector<Record>{Link("L2", "associate_of", "P1", "L1")});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreSuite, ScanFiltersByKindTypeNetworkInvolvementAndPages) {
  Record net;
  net.id = "N1";
  net.type = "Network";
  net.Add("name", "Southern Route");
  net.Add("network_status", "active");
  net.provenance = Prov();
  net.handling = Hand();
  Record a = Person("P1", "Alpha"), b = Person("P2", "Bravo"), c = Person("P3", "Charlie");
  a.networks = {"N1"};
  b.networks = {"N1"};
  Record l1 = Link("L1", "directs", "P1", "P2"), l2 = Link("L2", "associate_of", "P2", "P3");
  l1.networks = {"N1"};
  ASSERT_TRUE(store_->Put(std::vector<Record>{net, a, b, c, l1, l2}).ok());
  RecordQuery q;
  q.kind = RecordKind::kLink;
  EXPECT_EQ(Ids(q), (std::vector<std::string>{"L1", "L2"}));
  q = {};
  q.types = {"Person"};
  EXPECT_EQ(Ids(q), (std::vector<std::string>{"P1", "P2", "P3"}));
  q = {};
  q.network = "N1";
  EXPECT_EQ(Ids(q), (std::vector<std::string>{"L1", "P1", "P2"}));
  q = {};
  q.involving = "P2";
  EXPECT_EQ(Ids(q), (std::vector<std::string>{"L1", "L2"}));
  q = {};
  q.types = {"Person"};
  q.limit = 2;
  EXPECT_EQ(Ids(q), (std::vector<std::string>{"P1", "P2"}));
  q.after_id = "P2";
  EXPECT_EQ(Ids(q), (std::vector<std::string>{"P3"}));
}

TEST_P(StoreSuite, AsOfQueriesSeeOnlyWhatHeldThatDay) {
  Record a = Person("P1", "Alpha"), b = Person("P2", "Bravo");
  a.Add("alias", "Old Alias", Interval{{}, PartialDate{2019, 12, 31}});
  a.Add("alias", "New Alias", Interval{PartialDate{2020, 1, 1}, {}});
  Record old_link = Link("L1", "associate_of", "P1", "P2");
  old_link.valid = Interval{PartialDate{2015, 0, 0}, PartialDate{2018, 6, 0}};
  Record new_link = Link("L2", "directs", "P1", "P2");
  new_link.valid = Interval{PartialDate{2020, 3, 1}, {}};
  ASSERT_TRUE(store_->Put(std::vector<Record>{a, b, old_link, new_link}).ok());
  RecordQuery q;
  q.kind = RecordKind::kLink;
  q.as_of_day = PartialDate{2017, 1, 1}.EarliestDay();
  EXPECT_EQ(Ids(q), std::vector<std::string>{"L1"});
  q.as_of_day = PartialDate{2018, 6, 30}.EarliestDay();  // partial end date covers the whole month
  EXPECT_EQ(Ids(q), std::vector<std::string>{"L1"});
  q.as_of_day = PartialDate{2021, 1, 1}.EarliestDay();
  EXPECT_EQ(Ids(q), std::vector<std::string>{"L2"});
  q = {};
  q.types = {"Person"};
  q.as_of_day = PartialDate{2019, 6, 1}.EarliestDay();
  std::vector<std::string> aliases;
  ASSERT_TRUE(store_->Scan(q, [&](Record&& r) {
                      if (r.id == "P1") aliases = r.GetAll("alias");
                      return true;
                    })
                  .ok());
  EXPECT_EQ(aliases, std::vector<std::string>{"Old Alias"});
}

TEST_P(StoreSuite, SearchMatchesAcrossScriptsAndSpellings) {
  ASSERT_TRUE(store_
                  ->Put(std::vector<Record>{Person("TH1", "Somchai Srisuk"), Person("IR1", "Mohammad Rahimi"),
                                            Person("VN1", "Nguyễn Văn An"), Person("AU1", "Peter Johnson"),
                                            Person("TH2", "สมชาย ศรีสุข", "THA"), Person("IR2", "محمد رحیمی", "IRN")})
                  .ok());
  // Thai script query finds the romanised record and the Thai one.
  auto thai = SearchIds("สมชาย");
  EXPECT_NE(std::find(thai.begin(), thai.end(), "TH1"), thai.end());
  EXPECT_NE(std::find(thai.begin(), thai.end(), "TH2"), thai.end());
  // Romanised query finds the Thai-script record.
  auto latin = SearchIds("Somchai");
  EXPECT_NE(std::find(latin.begin(), latin.end(), "TH2"), latin.end());
  // Persian script query finds the romanised name (short vowels are not written).
  auto persian = SearchIds("محمد رحیمی");
  EXPECT_NE(std::find(persian.begin(), persian.end(), "IR1"), persian.end());
  auto roman = SearchIds("Muhammad Rahimi");
  EXPECT_NE(std::find(roman.begin(), roman.end(), "IR2"), roman.end());
  // Diacritics and case fold away; prefixes match.
  EXPECT_EQ(SearchIds("nguyen"), std::vector<std::string>{"VN1"});
  EXPECT_EQ(SearchIds("JOHNS"), std::vector<std::string>{"AU1"});
  // Every word must match.
  EXPECT_TRUE(SearchIds("Peter Rahimi").empty());
  // A query without words is refused, not an SQL error.
  EXPECT_EQ(store_->Search(SearchQuery{"  ,; ", {}, 10}).status().code(), StatusCode::kInvalidArgument);
  // FTS syntax in user input is data, not syntax.
  EXPECT_TRUE(SearchIds("\"NEAR(x y)\" OR *").empty());
}

TEST_P(StoreSuite, DeletingAnEntityDeletesItsLinks) {
  ASSERT_TRUE(store_
                  ->Put(std::vector<Record>{Person("P1", "One"), Person("P2", "Two"), Person("P3", "Three"),
                                            Link("L1", "directs", "P1", "P2"), Link("L2", "directs", "P2", "P3")})
                  .ok());
  ASSERT_TRUE(store_->Delete("P1").ok());
  EXPECT_EQ(Ids({}), (std::vector<std::string>{"L2", "P2", "P3"}));
  EXPECT_TRUE(SearchIds("One").empty());
  EXPECT_EQ(store_->Delete("P1").code(), StatusCode::kNotFound);
}

TEST_P(StoreSuite, StatsCountByKindTypeAndOriginator) {
  ASSERT_TRUE(store_
                  ->Put(std::vector<Record>{Person("P1", "One"), Person("P2", "Two", "IDN"),
                                            Link("L1", "directs", "P1", "P2")})
                  .ok());
  auto st = store_->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->entities, 2);
  EXPECT_EQ(st->links, 1);
  EXPECT_EQ(st->events, 0);
  EXPECT_EQ(st->by_type.at("Person"), 2);
  EXPECT_EQ(st->by_originator.at("AUS"), 2);
  EXPECT_EQ(st->by_originator.at("IDN"), 1);
}

TEST_P(StoreSuite, MembersGroupsTermsAndSettingsPersist) {
  std::vector<model::Member> members = {{"AUS", "Australia", model::MemberKind::kState, model::MemberRole::kMember, true},
                                        {"IOM", "IOM", model::MemberKind::kOrganisation, model::MemberRole::kMember, true}};
  ASSERT_TRUE(store_->PutMembers(members).ok());
  auto got = store_->Members();
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ(got->at(1).kind, model::MemberKind::kOrganisation);
  ASSERT_TRUE(store_->PutGroup("FIVE_EYES_PLUS", {"AUS", "NZL"}).ok());
  EXPECT_EQ(store_->Groups()->at("FIVE_EYES_PLUS"), (std::vector<std::string>{"AUS", "NZL"}));
  ASSERT_TRUE(store_->AddTerm(model::Term{"concealment", "fuel_tank", "Fuel tank"}).ok());
  EXPECT_EQ(store_->AddTerm(model::Term{"nonsense_vocab", "x", ""}).code(), StatusCode::kInvalidArgument);
  auto vocab = store_->LoadVocabularies();
  ASSERT_TRUE(vocab.ok());
  EXPECT_TRUE(vocab->Has("concealment", "fuel_tank"));
  ASSERT_TRUE(store_->PutSetting("created_at", "2026-01-01").ok());
  EXPECT_EQ(store_->GetSetting("created_at").value(), std::optional<std::string>("2026-01-01"));
  EXPECT_EQ(store_->GetSetting("missing").value(), std::optional<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreSuite, ::testing::Values("sqlite", "postgresql"));

TEST(SqliteStoreFile, SurvivesReopeningAndKeepsItsSchemaVersion) {
  testing::TempDir dir;
  std::string uri = "sqlite:" + dir.File("c.db");
  {
    auto s = Store::Open(uri);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->Put(std::vector<Record>{Person("P1", "One")}).ok());
    EXPECT_GE((*s)->SchemaVersion(), 1);
  }
  auto s = Store::Open(uri);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE((*s)->Get("P1").value().has_value());
}

TEST(SqliteStoreFile, RefusesAFileThatIsNotADatabase) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("junk.db"), std::string(4096, 'x'));
  auto s = Store::Open("sqlite:" + dir.File("junk.db"));
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace disrupt::store
