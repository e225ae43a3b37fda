// Tests of the portal's resolution, deconfliction and watchlist tables, on
// SQLite and (when DISRUPT_TEST_POSTGRES names a server; make test starts a
// throw-away cluster) on PostgreSQL: what is written is read back after the
// database is reopened, decisions and the resolved state feed an
// incremental resolver, uploads replace the member's earlier one, hits and
// alerts are recorded once, selectors can be removed only by their member,
// and what one portal server writes another sharing the database reads.
// On SQLite only: a database written by the earlier SQLite-only version
// keeps its state, and backup/restore carries these tables.
#include "deconflict/portal_state.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "audit/backup.h"
#include "audit/postgres_test_schema.h"
#include "testing.h"

namespace disrupt::deconflict {
namespace {

enum class Backend { kSqlite, kPostgres };

// Where the state lives for one test: a SQLite file in a temporary
// directory, or a fresh PostgreSQL schema (skipped without a server).
class PortalStateTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres && schema_.uri().empty()) {
      GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server";
    }
  }
  std::string Location() const {
    return GetParam() == Backend::kPostgres ? schema_.uri() : (dir_.path() / "catalogue.db").string();
  }

  disrupt::testing::TempDir dir_;
  audit::pgtest::PostgresTestSchema schema_{"portal_state"};
};

INSTANTIATE_TEST_SUITE_P(Databases, PortalStateTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return info.param == Backend::kSqlite ? "Sqlite" : "Postgres"; });

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

TEST_P(PortalStateTest, ResolutionStateAndDecisionsSurviveReopening) {
  std::vector<resolve::PersonRecord> people = {
      Person("a1", "AUS", "Mohammad", "Rahimi", "1984-03-02"), Person("b1", "IDN", "Muhammad", "Rahimi", "1984-03-02"),
      Person("c1", "THA", "Somchai", "Srisuk", "1979-11-20"),  Person("d1", "MYS", "Siti", "Aminah", "1990"),
      Person("e1", "LKA", "Nuwan", "Perera", "1988-07-14"),    Person("f1", "AUS", "Ali", "Hussain", "1975-01-01")};
  std::vector<std::pair<std::string, std::string>> before;
  {
    auto state = PortalState::Open(Location());
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
  auto state = PortalState::Open(Location());
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

TEST_P(PortalStateTest, UploadsReplaceHitsAndAlertsAreRecordedOnce) {
  auto state = PortalState::Open(Location());
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

// Two portal servers sharing one catalogue database each open their own
// PortalState: what one writes, the other reads at once.
TEST_P(PortalStateTest, TwoServersShareTheState) {
  auto one = PortalState::Open(Location());
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  auto two = PortalState::Open(Location());  // the migration is already done: a no-op
  ASSERT_TRUE(two.ok()) << two.status().ToString();

  StoredSelector s{{"w-7", "NZL", SelectorKind::kName, "Мухаммад Рахими", "AFG"}, "u2", 50};
  ASSERT_TRUE((*one)->AddSelector(s).ok());
  EXPECT_EQ((*two)->AddSelector(s).code(), StatusCode::kConflict);
  auto seen = (*two)->Selectors("NZL");
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].selector.value, "Мухаммад Рахими");
  EXPECT_EQ((*seen)[0].selector.country, "AFG");
  EXPECT_EQ((*seen)[0].created_by, "u2");

  // An encoding file uploaded through one server is matched by the other;
  // bodies keep every byte.
  EncodingFile file{"IDN", "fedcba9876543210", {}};
  EncodedRecord r;
  r.ref = "IDN-Ω-1";
  r.exact["document"] = "00ff10ab";
  file.records.push_back(r);
  ASSERT_TRUE((*one)->PutUpload(file, "u3", 100).ok());
  auto uploads = (*two)->Uploads();
  ASSERT_TRUE(uploads.ok()) << uploads.status().ToString();
  ASSERT_EQ(uploads->size(), 1u);
  EXPECT_EQ((*uploads)[0].member, "IDN");
  EXPECT_EQ((*uploads)[0].key_id, "fedcba9876543210");
  ASSERT_EQ((*uploads)[0].records.size(), 1u);
  EXPECT_EQ((*uploads)[0].records[0].ref, "IDN-Ω-1");
  EXPECT_EQ((*uploads)[0].records[0].exact.at("document"), "00ff10ab");

  // The same hit found by both servers is recorded once.
  std::vector<Hit> hits = {{"AUS", "AUS-1", "IDN", "IDN-Ω-1", "document", 1.0}};
  auto a = (*one)->AddHits(hits, 110);
  auto b = (*two)->AddHits(hits, 111);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a + *b, 1);
  auto of_aus = (*two)->HitsOf("AUS");
  ASSERT_TRUE(of_aus.ok());
  ASSERT_EQ(of_aus->size(), 1u);
  EXPECT_EQ((*of_aus)[0].created_at, 110);

  std::vector<Alert> alerts = {{"w-7", "NZL", "AUS-1", "AUS", SelectorKind::kName, 0.9375}};
  ASSERT_EQ(*(*two)->AddAlerts(alerts, 120), 1);
  auto nzl = (*one)->AlertsOf("NZL");
  ASSERT_TRUE(nzl.ok());
  ASSERT_EQ(nzl->size(), 1u);
  EXPECT_DOUBLE_EQ((*nzl)[0].alert.strength, 0.9375);
  EXPECT_EQ((*nzl)[0].alert.watch_member, "NZL");

  // Decisions and the resolved state, written by one, load in the other.
  std::vector<resolve::PersonRecord> people = {Person("p1", "AUS", "Мухаммад", "Рахими", "1984-03-02"),
                                               Person("p2", "IDN", "Muhammad", "Rahimi", "1984-03-02"),
                                               Person("p3", "THA", "Somchai", "Srisuk", "1979-11-20")};
  resolve::Resolver resolver;
  ASSERT_TRUE(resolver.Add(people).ok());
  ASSERT_TRUE(resolver.Run().ok());
  ASSERT_TRUE((*one)->Resolution()->SaveState(resolver).ok());
  ASSERT_TRUE((*one)->Resolution()->AppendDecision({"p1", "p3", resolve::Verdict::kNotSame, "a-1", 5, "x"}).ok());
  ASSERT_TRUE((*two)->Resolution()->AppendDecision({"p1", "p2", resolve::Verdict::kSame, "a-2", 6, "y"}).ok());
  auto decisions = (*one)->Resolution()->Decisions();
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].analyst, "a-1");  // in the order appended, whichever server appended
  EXPECT_EQ((*decisions)[1].analyst, "a-2");
  auto loaded = (*two)->Resolution()->LoadState();
  ASSERT_TRUE(loaded.ok() && loaded->has_value()) << loaded.status().ToString();
  ASSERT_EQ((*loaded)->records.size(), 3u);
  EXPECT_EQ((*loaded)->records[0].given_name, "Мухаммад");
  EXPECT_EQ((*loaded)->clusters, resolver.Assignments());

  ASSERT_TRUE((*two)->RemoveSelector("w-7", "NZL").ok());
  EXPECT_TRUE((*one)->Selectors("")->empty());
}

// Regression: the portal's state used to be kept only in SQLite. A database
// written by that version (its tables created by the DDL below, exactly as
// it ran) opens with its rows, and new rows continue its numbering.
TEST(PortalStateSqliteTest, DatabaseOfTheSqliteOnlyVersionKeepsItsState) {
  disrupt::testing::TempDir dir;
  const std::string path = (dir.path() / "catalogue.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* earlier =
        "CREATE TABLE security_migration (component TEXT PRIMARY KEY, version INTEGER NOT NULL);"
        "INSERT INTO security_migration VALUES ('deconflict', 1);"
        "CREATE TABLE resolution_decision (seq INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT NOT NULL, b TEXT NOT NULL,"
        " verdict TEXT NOT NULL, analyst TEXT NOT NULL, at INTEGER NOT NULL, note TEXT NOT NULL);"
        "CREATE TABLE resolution_state (name TEXT PRIMARY KEY, body BLOB NOT NULL);"
        "CREATE TABLE deconflict_upload (member TEXT PRIMARY KEY, key_id TEXT NOT NULL, records INTEGER NOT NULL,"
        " uploaded_by TEXT NOT NULL, uploaded_at INTEGER NOT NULL, body BLOB NOT NULL);"
        "CREATE TABLE deconflict_hit (id INTEGER PRIMARY KEY AUTOINCREMENT, member_a TEXT NOT NULL, ref_a TEXT NOT "
        "NULL, member_b TEXT NOT NULL, ref_b TEXT NOT NULL, kind TEXT NOT NULL, strength_ppm INTEGER NOT NULL,"
        " created_at INTEGER NOT NULL, UNIQUE (member_a, ref_a, member_b, ref_b, kind));"
        "CREATE TABLE watch_selector (id TEXT PRIMARY KEY, member TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT "
        "NULL, country TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL);"
        "CREATE TABLE watch_alert (id INTEGER PRIMARY KEY AUTOINCREMENT, selector_id TEXT NOT NULL,"
        " watch_member TEXT NOT NULL, record_id TEXT NOT NULL, record_member TEXT NOT NULL, kind TEXT NOT NULL,"
        " strength_ppm INTEGER NOT NULL, created_at INTEGER NOT NULL, UNIQUE (selector_id, record_id));"
        "INSERT INTO resolution_decision (a, b, verdict, analyst, at, note) VALUES ('x1', 'x2', 'same', 'an-9', 7, "
        "'old');"
        "INSERT INTO deconflict_hit (id, member_a, ref_a, member_b, ref_b, kind, strength_ppm, created_at)"
        " VALUES (41, 'AUS', 'A-1', 'MYS', 'M-1', 'phone', 1000000, 9);"
        "INSERT INTO watch_selector VALUES ('old-1', 'THA', 'phone', '+66 81 555 0100', '', 'u9', 8);";
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, earlier, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_close(db);
  }
  auto state = PortalState::Open(path);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  auto decisions = (*state)->Resolution()->Decisions();
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].note, "old");
  auto selectors = (*state)->Selectors("THA");
  ASSERT_TRUE(selectors.ok());
  ASSERT_EQ(selectors->size(), 1u);
  EXPECT_EQ((*selectors)[0].selector.kind, SelectorKind::kPhone);
  ASSERT_EQ(*(*state)->AddHits({{"AUS", "A-2", "MYS", "M-1", "phone", 1.0}}, 10), 1);
  auto hits = (*state)->HitsOf("MYS");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, 42);  // newest first, numbered after the old row
  EXPECT_EQ((*hits)[1].id, 41);
}

// disrupt backup / restore copy the whole SQLite database: the portal's
// state comes back with the catalogue and the audit log.
TEST(PortalStateSqliteTest, BackupAndRestoreCarryTheState) {
  disrupt::testing::TempDir dir;
  const std::string path = (dir.path() / "catalogue.db").string();
  {
    auto state = PortalState::Open(path);
    ASSERT_TRUE(state.ok());
    ASSERT_TRUE((*state)->AddSelector({{"w1", "NZL", SelectorKind::kDocument, "LA0012345", ""}, "u2", 50}).ok());
    ASSERT_EQ(*(*state)->AddAlerts({{"w1", "NZL", "AUS-3", "AUS", SelectorKind::kDocument, 1.0}}, 60), 1);
    ASSERT_TRUE((*state)->Resolution()->AppendDecision({"a", "b", resolve::Verdict::kSame, "an", 1, ""}).ok());
  }
  const std::string backup = (dir.path() / "backup.db").string();
  auto made = audit::MakeBackup(path, backup, std::nullopt, "tester");
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const std::string restored = (dir.path() / "restored.db").string();
  auto report = audit::RestoreBackup(backup, restored, "", false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  auto state = PortalState::Open(restored);
  ASSERT_TRUE(state.ok());
  auto selectors = (*state)->Selectors("NZL");
  ASSERT_TRUE(selectors.ok());
  ASSERT_EQ(selectors->size(), 1u);
  EXPECT_EQ((*selectors)[0].selector.value, "LA0012345");
  auto alerts = (*state)->AlertsOf("NZL");
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].alert.record_ref, "AUS-3");
  EXPECT_EQ((*state)->Resolution()->Decisions()->size(), 1u);
}

}  // namespace
}  // namespace disrupt::deconflict
