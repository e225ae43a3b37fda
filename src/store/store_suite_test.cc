// The store test suite: every Store implementation must pass it. It runs
// against SQLite always, and against PostgreSQL when DISRUPT_TEST_POSTGRES
// names a database (make test starts a throw-away cluster for it); each
// store both in clear and with its sensitive fields encrypted at rest, which
// must not change what any operation returns.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <pqxx/pqxx>

#include <sqlite3.h>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
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

std::shared_ptr<const FieldProtection> TestProtection(uint8_t seed = 7) {
  std::array<uint8_t, crypto::kKeyBytes> bytes{};
  bytes.fill(seed);
  return std::make_shared<FieldProtection>(crypto::SecretKey::FromBytes(bytes));
}

class StoreSuite : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string param = GetParam();
    if (param.ends_with("+key")) {
      param.resize(param.size() - 4);
      options_.protection = TestProtection();
    }
    if (param == "sqlite") {
      uri_ = "sqlite:" + dir_.File("catalogue.db");
    } else {
      const char* pg = std::getenv("DISRUPT_TEST_POSTGRES");
      if (!pg) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server for this run";
      pg_base_ = pg;
      // Each test in a schema of its own: tests run in parallel on one database.
      pg_schema_ = "suite_" + std::to_string(::getpid()) + "_" + std::to_string(++schemas_);
      uri_ = pg_base_ + (pg_base_.find('?') == std::string::npos ? "?" : "&") + "schema=" + pg_schema_;
      pg_uri_ = uri_;
    }
    auto s = Store::Open(uri_, options_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  // Closes the store and opens it again with `options`.
  Result<std::unique_ptr<Store>> Reopen(const OpenOptions& options) {
    store_.reset();
    return Store::Open(uri_, options);
  }

  // Whether `needle` appears anywhere in what the database keeps: the SQLite
  // file and its write-ahead log byte for byte, or PostgreSQL's stored
  // records and search terms.
  bool DatabaseContains(const std::string& needle) {
    if (pg_base_.empty()) {
      std::string bytes;
      for (const std::string& f : {dir_.File("catalogue.db"), dir_.File("catalogue.db-wal")}) {
        std::ifstream in(f, std::ios::binary);
        bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      }
      return bytes.find(needle) != std::string::npos;
    }
    pqxx::connection c(pg_base_);
    pqxx::work tx(c);
    std::string like = "%" + needle + "%";
    auto n = tx.exec_params1("SELECT (SELECT count(*) FROM " + tx.quote_name(pg_schema_) +
                                 ".records WHERE body LIKE $1) + (SELECT count(*) FROM " + tx.quote_name(pg_schema_) +
                                 ".search_terms WHERE term LIKE $1)",
                             like)[0]
                 .as<long long>();
    return n > 0;
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
  OpenOptions options_;
  std::string uri_;
  std::unique_ptr<Store> store_;
  std::string pg_uri_, pg_base_, pg_schema_;
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

TEST_P(StoreSuite, ProtectedFieldsAreEncryptedAtRestAndStillFound) {
  if (!options_.protection) GTEST_SKIP() << "only for a store opened with a field key";
  Record p = Person("TH1", "Somchai Srisuk");
  p.Add("alias", "Kittipong");
  p.Add("birth_date", "1979-11-03");
  p.Add("notes", "Runs boats from Satun");  // not sensitive for a suspect
  Record doc;
  doc.id = "DOC1";
  doc.type = "IdentityDocument";
  doc.Add("document_type", "passport");
  doc.Add("number", "AB1234567");
  doc.Add("issuing_country", "THA");
  doc.Add("status", "forged");
  doc.provenance = Prov();
  doc.handling = Hand();
  Record victim = Person("V1", "Ayesha Begum");
  victim.Set("victim", "true");
  victim.Add("notes", "Recruited in Cox's Bazar");  // victim data: protected
  ASSERT_TRUE(store_->Put(std::vector<Record>{p, doc, victim}).ok());

  for (const char* clear : {"Somchai", "somchai", "Srisuk", "Kittipong", "kittipong", "1979-11-03", "AB1234567",
                            "ab1234567", "Ayesha", "Begum", "begum", "Bazar", "bazar"}) {
    EXPECT_FALSE(DatabaseContains(clear)) << clear << " is stored in clear";
  }
  // What is not sensitive stays in clear (the store filters on it).
  EXPECT_TRUE(DatabaseContains("Satun"));

  auto got = store_->Get("TH1");
  ASSERT_TRUE(got.ok() && got.value()) << got.status().ToString();
  EXPECT_EQ(got.value()->Get("name"), "Somchai Srisuk");
  EXPECT_EQ(got.value()->Get("birth_date"), "1979-11-03");
  EXPECT_EQ(got.value()->Get("alias"), "Kittipong");

  EXPECT_EQ(SearchIds("somch"), std::vector<std::string>{"TH1"});
  EXPECT_EQ(SearchIds("Kittipong Srisuk"), std::vector<std::string>{"TH1"});
  EXPECT_EQ(SearchIds("AB1234567"), std::vector<std::string>{"DOC1"});
  EXPECT_EQ(SearchIds("bazar"), std::vector<std::string>{"V1"});
  EXPECT_TRUE(SearchIds("somchaix").empty());
}

TEST_P(StoreSuite, AProtectedCatalogueRefusesToOpenWithoutItsKey) {
  if (!options_.protection) GTEST_SKIP() << "only for a store opened with a field key";
  ASSERT_TRUE(store_->Put(std::vector<Record>{Person("P1", "Ahmad Karimi")}).ok());
  auto without = Reopen({});
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(without.status().message().find(options_.protection->key_fingerprint()), std::string::npos)
      << without.status().ToString();
  OpenOptions other;
  other.protection = TestProtection(9);
  auto wrong = Reopen(other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kFailedPrecondition);
  auto right = Reopen(options_);
  ASSERT_TRUE(right.ok()) << right.status().ToString();
  EXPECT_EQ(right.value()->Get("P1").value()->Get("name"), "Ahmad Karimi");
}

TEST_P(StoreSuite, OpeningACatalogueInClearWithAKeyProtectsIt) {
  if (options_.protection) GTEST_SKIP() << "only for a store opened in clear";
  Record p = Person("P1", "Kittipong Wongsawat");
  p.Add("birth_date", "1981-06-30");
  ASSERT_TRUE(store_->Put(std::vector<Record>{p, Person("P2", "Ahmad Karimi")}).ok());
  ASSERT_TRUE(store_->Put(std::vector<Record>{Person("P2", "Ahmad Karimi Jan")}).ok());  // version 2
  EXPECT_TRUE(DatabaseContains("Kittipong"));
  auto opened = Reopen(OpenOptions{TestProtection()});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  for (const char* clear : {"Kittipong", "kittipong", "Wongsawat", "wongsawat", "1981-06-30", "Karimi"}) {
    EXPECT_FALSE(DatabaseContains(clear)) << clear << " is still stored in clear";
  }
  auto got = store_->Get("P2");
  ASSERT_TRUE(got.ok() && got.value());
  EXPECT_EQ(got.value()->Get("name"), "Ahmad Karimi Jan");
  EXPECT_EQ(got.value()->version, 2);  // protecting is not an edit
  EXPECT_EQ(SearchIds("wongs"), std::vector<std::string>{"P1"});
  EXPECT_EQ(store_->Get("P1").value()->Get("birth_date"), "1981-06-30");
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreSuite,
                         ::testing::Values("sqlite", "sqlite+key", "postgresql", "postgresql+key"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '+', '_');
                           return name;
                         });

TEST(FieldProtectionTest, ACiphertextMovedToAnotherRecordDoesNotDecrypt) {
  testing::TempDir dir;
  std::string uri = "sqlite:" + dir.File("c.db");
  OpenOptions options{TestProtection()};
  {
    auto s = Store::Open(uri, options);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->Put(std::vector<Record>{Person("P1", "Ahmad Karimi"), Person("P2", "Reza Tehrani")}).ok());
    // Copy P1's stored body, ciphertext and all, over P2's, as someone with
    // write access to the file could.
    auto* sqlite = dynamic_cast<SqliteStore*>(s->get());
    ASSERT_NE(sqlite, nullptr);
    std::lock_guard lock(sqlite->mutex());
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(sqlite->handle(),
                           "UPDATE records SET body = replace((SELECT body FROM records WHERE id = 'P1'), "
                           "'\"id\":\"P1\"', '\"id\":\"P2\"') WHERE id = 'P2'",
                           nullptr, nullptr, &err),
              SQLITE_OK)
        << (err ? err : "");
  }
  auto s = Store::Open(uri, options);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->Get("P1").value()->Get("name"), "Ahmad Karimi");
  auto moved = (*s)->Get("P2");
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(moved.status().message().find("P2"), std::string::npos) << moved.status().ToString();
}

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
