// PostgresStore beyond the shared suite (store_suite_test.cc): search gives
// the same hits, order and scores as SqliteStore on the same records; several
// servers opening one catalogue at once apply each migration once; the pool
// serves more threads than it has connections; URIs are checked; and a
// server restart while batches are being written gives errors to the writes
// in flight, loses nothing committed, leaves no partial batch, and the store
// recovers without being reopened.
//
// The tests need a PostgreSQL server: DISRUPT_TEST_POSTGRES names a database
// (make test starts one with scripts/pg-test-cluster.sh); they skip without
// it. The restart test starts a cluster of its own with that script, so that
// restarting it disturbs no other test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "testing.h"

// libpqxx 6.4 does not free the PGresult of a statement that a lost
// connection cut short (about 2 KiB per broken connection); the restart test
// provokes exactly that. Nothing else from libpqxx is expected to leak.
extern "C" const char* __lsan_default_suppressions() { return "leak:libpqxx-6.4.so\n"; }

namespace disrupt::store {
namespace {

std::string ServerUri() {
  const char* pg = std::getenv("DISRUPT_TEST_POSTGRES");
  return pg ? pg : "";
}

// `base` with a fresh schema of its own (and extra parameters).
std::string WithSchema(const std::string& base, const std::string& extra = "") {
  static std::atomic<int> n{0};
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "schema=pgtest_" + std::to_string(::getpid()) +
         "_" + std::to_string(++n) + extra;
}

// Drops the test's schema when the test ends.
struct SchemaGuard {
  std::string uri;
  ~SchemaGuard() {
    if (!uri.empty()) (void)PostgresStore::DropSchema(uri);
  }
};

Record Person(const std::string& id, const std::vector<std::string>& names) {
  Record r;
  r.id = id;
  r.type = "Person";
  for (size_t i = 0; i < names.size(); ++i) r.Add(i == 0 ? "name" : "alias", names[i]);
  r.provenance = model::Provenance{"AUS", "AFP", "OP-1", PartialDate{2024, 3, 1}, 'B', 2};
  r.handling.releasable_to = {"ALL_MEMBERS"};
  r.handling.review_date = PartialDate{2030, 1, 1};
  return r;
}

#define REQUIRE_POSTGRES()                                                                  \
  do {                                                                                      \
    if (ServerUri().empty()) GTEST_SKIP() << "DISRUPT_TEST_POSTGRES not set: no PostgreSQL server"; \
  } while (0)

TEST(PostgresUri, KeepsOurParametersOutOfLibpq) {
  auto o = PostgresStore::ParseUri("postgresql://u@db.example:5433/cat?sslmode=verify-full&pool_size=8&schema=exercise_1");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->conninfo, "postgresql://u@db.example:5433/cat?sslmode=verify-full");
  EXPECT_EQ(o->pool_size, 8u);
  EXPECT_EQ(o->schema, "exercise_1");
  EXPECT_EQ(PostgresStore::ParseUri("postgres:///cat")->conninfo, "postgres:///cat");
  EXPECT_EQ(PostgresStore::ParseUri("postgresql:///c?pool_size=0").status().field(), "store:pool_size");
  EXPECT_EQ(PostgresStore::ParseUri("postgresql:///c?pool_size=65").status().field(), "store:pool_size");
  EXPECT_EQ(PostgresStore::ParseUri("postgresql:///c?schema=a;drop").status().field(), "store:schema");
  EXPECT_EQ(PostgresStore::ParseUri("postgresql:///c?schema=Upper").status().field(), "store:schema");
  EXPECT_EQ(PostgresStore::ParseUri("mysql://x").status().code(), StatusCode::kInvalidArgument);
}

TEST(PostgresUri, AnUnreachableServerIsUnavailable) {
  testing::TempDir dir;  // an empty directory: no server socket in it
  auto s = Store::Open("postgresql:///nodb?host=" + dir.path().string() + "&connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable) << s.status().ToString();
}

// Names in the scripts of the region, with romanised spellings, mixed into
// records so that tokens are shared between records in varying numbers.
const std::vector<std::string> kGiven = {
    "Mohammad", "Muhammad", "Ahmad", "Ali", "Hussein", "Somchai", "Nguyen", "Rahim", "Peter", "Aung",
    "محمد", "علی", "حسین", "سمیع", "สมชาย", "ประยุทธ์", "สุรชัย", "রহিম", "মোহাম্মদ", "အောင်မြင့်", "राजेश",
    "Nguyễn", "Trần", "王小明", "ສົມພອນ", "សុខ", "පෙරේරා", "Jean-Luc", "O'Brien", "Abdul", "ABDULLAH"};
const std::vector<std::string> kFamily = {
    "Rahimi", "Karimi", "Rezaei", "Ahmadi", "Srisuk", "Johnson", "Uddin", "Kumar", "Van An", "Thi Binh",
    "رحیمی", "کریمی", "رضایی", "احمدی", "ศรีสุข", "แก้วมณี", "উদ্দিন", "করিম", "မောင်မောင်", "सिंह", "कुमार",
    "Văn Bình", "李华", "ຈັນທະວົງ", "ចាន់", "Perera", "Al-Rashid", "bin Laden-Smith", "Sayed"};

TEST(PostgresSearch, SameHitsOrderAndScoresAsSqlite) {
  REQUIRE_POSTGRES();
  SchemaGuard guard{WithSchema(ServerUri())};
  auto pg = PostgresStore::Open(guard.uri);
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  testing::TempDir dir;
  auto lite = SqliteStore::Open(dir.File("c.db"));
  ASSERT_TRUE(lite.ok()) << lite.status().ToString();
  std::vector<Store*> stores = {pg->get(), lite->get()};

  std::mt19937 rng(20240301);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<Record> records;
  for (int i = 0; i < 240; ++i) {
    std::vector<std::string> names = {pick(kGiven) + " " + pick(kFamily)};
    for (unsigned a = rng() % 3; a > 0; --a) names.push_back(pick(kGiven) + " " + pick(kGiven) + " " + pick(kFamily));
    char id[16];
    std::snprintf(id, sizeof id, "P%04d", i);
    records.push_back(Person(id, names));
  }
  for (Store* s : stores) {
    ASSERT_TRUE(s->Put(std::span<const Record>(records).first(120)).ok());
    ASSERT_TRUE(s->Put(std::span<const Record>(records).subspan(120)).ok());
  }
  // Replacements and deletions change the index statistics bm25 uses.
  std::vector<Record> replaced;
  for (int i = 0; i < 240; i += 7) replaced.push_back(Person(records[i].id, {pick(kGiven) + " " + pick(kFamily)}));
  for (Store* s : stores) {
    ASSERT_TRUE(s->Put(replaced).ok());
    for (int i = 3; i < 240; i += 11) ASSERT_TRUE(s->Delete(records[i].id).ok());
  }

  std::vector<std::string> queries = {"Mohammad", "muhammad rahimi", "mo", "ra", "Rah", "محمد", "محمد رحیمی",
                                      "สมชาย", "somchai srisuk", "ศรี", "রহিম", "উদ্দিন", "အောင်", "राजेश सिंह",
                                      "nguyen van", "Nguyễn", "trần", "王", "李华", "Jean", "luc", "obrien", "o",
                                      "Al-Rashid", "bin", "abdul", "sm", "ka", "P01", "p0", "Sayed Ali", "kmr",
                                      "mhmd", "hsn", "ປ", "សុខ", "perera"};
  struct Variant {
    std::vector<std::string> types;
    size_t limit;
  };
  const Variant variants[] = {{{}, 5}, {{}, 500}, {{"Vessel"}, 500}};
  for (const auto& q : queries) {
    for (const auto& v : variants) {
      SearchQuery sq{q, v.types, v.limit};
      auto a = pg->get()->Search(sq);
      auto b = lite->get()->Search(sq);
      ASSERT_TRUE(a.ok()) << q << ": " << a.status().ToString();
      ASSERT_TRUE(b.ok()) << q << ": " << b.status().ToString();
      ASSERT_EQ(a->size(), b->size()) << "query '" << q << "' limit " << v.limit;
      for (size_t i = 0; i < a->size(); ++i) {
        EXPECT_EQ((*a)[i].id, (*b)[i].id) << "query '" << q << "' hit " << i;
        EXPECT_DOUBLE_EQ((*a)[i].score, (*b)[i].score) << "query '" << q << "' hit " << i;
      }
    }
  }
  // The comparison is not vacuous: the queries find records, across scripts.
  auto somchai = pg->get()->Search(SearchQuery{"สมชาย", {}, 500});
  ASSERT_TRUE(somchai.ok());
  EXPECT_GT(somchai->size(), 10u);
}

TEST(PostgresStoreServers, SeveralOpeningAtOnceMigrateOnce) {
  REQUIRE_POSTGRES();
  SchemaGuard guard{WithSchema(ServerUri())};
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto s = PostgresStore::Open(guard.uri);
      if (s.ok() && (*s)->SchemaVersion() >= 1) ++opened;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(opened.load(), 4);
  // Counted independently of the store: one row per migration.
  auto o = PostgresStore::ParseUri(guard.uri);
  ASSERT_TRUE(o.ok());
  pqxx::connection c(o->conninfo);
  pqxx::nontransaction tx(c);
  auto rows = tx.exec("SELECT count(*), count(DISTINCT version) FROM " + tx.quote_name(o->schema) +
                      ".schema_migrations");
  EXPECT_EQ(rows[0][0].as<int>(), rows[0][1].as<int>());
  EXPECT_GE(rows[0][0].as<int>(), 1);
}

TEST(PostgresStoreServers, APoolOfTwoServesEightThreads) {
  REQUIRE_POSTGRES();
  SchemaGuard guard{WithSchema(ServerUri(), "&pool_size=2")};
  auto opened = PostgresStore::Open(guard.uri);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string id = "T" + std::to_string(t) + "-" + std::to_string(i);
        if (!store.Put(std::vector<Record>{Person(id, {"Name " + id})}).ok()) ++failures;
        auto got = store.Get(id);
        if (!got.ok() || !got.value()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto stats = store.Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->entities, 80);
}

// A cluster of the test's own, started and removed with the project's script.
class OwnCluster {
 public:
  OwnCluster() : script_((testing::SourceDir() / "scripts" / "pg-test-cluster.sh").string()) {
    state_ = dir_.File("cluster.state");
    FILE* p = ::popen(("bash '" + script_ + "' start '" + state_ + "' 2>/dev/null").c_str(), "r");
    if (!p) return;
    char buf[1024];
    while (std::fgets(buf, sizeof buf, p)) uri_ += buf;
    if (::pclose(p) != 0) uri_.clear();
    while (!uri_.empty() && (uri_.back() == '\n' || uri_.back() == '\r')) uri_.pop_back();
  }
  ~OwnCluster() { (void)std::system(("bash '" + script_ + "' stop '" + state_ + "' >/dev/null 2>&1").c_str()); }
  const std::string& uri() const { return uri_; }
  // Restarts the server as after a crash: connections are cut mid-statement.
  bool Restart() {
    return std::system(("bash '" + script_ + "' restart '" + state_ + "' immediate >/dev/null 2>&1").c_str()) == 0;
  }

 private:
  testing::TempDir dir_;
  std::string script_, state_, uri_;
};

TEST(PostgresStoreFaults, ServerRestartDuringWritesLosesNothingCommitted) {
  REQUIRE_POSTGRES();
  OwnCluster cluster;
  ASSERT_FALSE(cluster.uri().empty()) << "could not start a PostgreSQL cluster with scripts/pg-test-cluster.sh";
  auto opened = PostgresStore::Open(cluster.uri() + "&pool_size=4");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;

  constexpr int kWriters = 3, kBatch = 25;
  struct Outcome {
    std::vector<std::string> ids;
    Status status;
  };
  std::vector<std::vector<Outcome>> outcomes(kWriters);
  std::atomic<bool> restarted{false};
  std::atomic<int> committed_before{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      // Write until the restart is over and five more batches went through.
      int after_restart_ok = 0;
      for (int b = 0; b < 100000 && after_restart_ok < 5; ++b) {
        std::vector<Record> batch;
        Outcome o;
        for (int i = 0; i < kBatch; ++i) {
          std::string id = "W" + std::to_string(w) + "-" + std::to_string(b) + "-" + std::to_string(i);
          batch.push_back(Person(id, {"Writer " + std::to_string(w) + " batch " + std::to_string(b)}));
          o.ids.push_back(id);
        }
        bool was_restarted = restarted.load();
        o.status = store.Put(batch);
        if (o.status.ok()) {
          if (was_restarted) ++after_restart_ok;
          else {
            ++committed_before;
            committed_before.notify_all();
          }
        }
        outcomes[w].push_back(std::move(o));
      }
    });
  }
  for (int seen = committed_before.load(); seen < 6; seen = committed_before.load()) committed_before.wait(seen);
  ASSERT_TRUE(cluster.Restart());
  restarted = true;
  for (auto& t : writers) t.join();

  long long expected = 0;
  int failed = 0;
  for (const auto& per_writer : outcomes) {
    for (const auto& o : per_writer) {
      auto present = store.Existing(o.ids);
      ASSERT_TRUE(present.ok()) << present.status().ToString();
      if (o.status.ok()) {
        EXPECT_EQ(present->size(), o.ids.size()) << "a committed batch lost records";
        expected += static_cast<long long>(o.ids.size());
      } else {
        ++failed;
        EXPECT_EQ(o.status.code(), StatusCode::kUnavailable) << o.status.ToString();
        // A batch whose COMMIT was cut may have been applied, but never in part.
        EXPECT_TRUE(present->empty() || present->size() == o.ids.size())
            << present->size() << " of " << o.ids.size() << " records of a failed batch were written";
        expected += static_cast<long long>(present->size());
      }
    }
  }
  EXPECT_GT(failed, 0) << "no write was in flight during the restart";
  auto stats = store.Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->entities, expected);
  // Search statistics kept in step with the records.
  auto hits = store.Search(SearchQuery{"writer", {}, 1000000});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(static_cast<long long>(hits->size()), expected);
}

}  // namespace
}  // namespace disrupt::store
