// Tests of the audit log: appends and queries, and tampering done the way an
// intruder with write access to the database file would do it (dropping the
// append-only triggers, then editing rows with SQL). Each kind of tampering —
// change, removal, insertion, reordering, rewriting the chain, truncation,
// forged checkpoint — must be detected and located at the right entry.
//
// The forged entries are hashed by this test's own implementation of the
// documented formula (BLAKE2b-256 over the domain string and length-prefixed
// fields), written independently of audit_log.cc.
#include "audit/audit_log.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "crypto/keys.h"
#include "testing.h"

namespace disrupt::audit {
namespace {

// ---- an intruder's tools ----------------------------------------------------

class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    Exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;"
         "DROP TRIGGER IF EXISTS audit_checkpoint_no_update; DROP TRIGGER IF EXISTS audit_checkpoint_no_delete;");
  }
  ~RawDb() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << " in " << sql;
  }
  std::string Blob(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      out.assign(static_cast<const char*>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }
  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

std::string Field(const std::string& s) {
  std::string out;
  unsigned long long n = s.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(n >> (8 * i)));
  return out + s;
}

// The documented entry hash, written out afresh.
std::string ForgeHash(const std::string& prev, long long at, const std::vector<std::string>& fields) {
  std::string input = "disrupt-audit-v1" + Field(prev) + Field(std::to_string(at));
  for (const auto& f : fields) input += Field(f);
  unsigned char out[32];
  crypto_generichash(out, 32, reinterpret_cast<const unsigned char*>(input.data()), input.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(out), 32);
}

// Recomputes every stored hash from entry `from` on, as an intruder hiding a change would.
void Rechain(RawDb& raw, long long from) {
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw.db(),
                               "SELECT seq, at, actor, actor_member, action, target, outcome, reason, detail "
                               "FROM audit_log WHERE seq >= ? ORDER BY seq",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_int64(st, 1, from);
  std::string prev = raw.Blob("SELECT hash FROM audit_log WHERE seq = " + std::to_string(from - 1));
  struct Row {
    long long seq;
    std::string prev, hash;
  };
  std::vector<Row> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> fields;
    for (int c = 2; c <= 8; ++c) fields.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, c)));
    std::string hash = ForgeHash(prev, sqlite3_column_int64(st, 1), fields);
    rows.push_back({sqlite3_column_int64(st, 0), prev, hash});
    prev = hash;
  }
  sqlite3_finalize(st);
  for (const auto& r : rows) {
    sqlite3_stmt* up = nullptr;
    sqlite3_prepare_v2(raw.db(), "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", -1, &up, nullptr);
    sqlite3_bind_blob(up, 1, r.prev.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(up, 2, r.hash.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(up, 3, r.seq);
    ASSERT_EQ(sqlite3_step(up), SQLITE_DONE);
    sqlite3_finalize(up);
  }
}

// ---- fixture ----------------------------------------------------------------------

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = crypto::SecretKey::Generate();
    public_key_ = PublicKeyFromSeed(seed_);
    Reopen(4);
  }
  void Reopen(long long sign_every) {
    log_.reset();
    AuditOptions options;
    options.signing_seed = seed_;
    options.sign_every_entries = sign_every;
    options.sign_every_seconds = 1'000'000;
    options.now = [this] { return clock_; };
    auto log = AuditLog::Open(path(), options);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
  }
  std::string path() const { return dir_.File("catalogue.db"); }

  // Writes `n` entries: reads of records R-1.. by alternating users.
  void Fill(int n) {
    for (int i = 1; i <= n; ++i) {
      clock_ += 7;
      AuditEvent e{i % 2 ? "alice" : "budi", i % 2 ? "AUS" : "IDN", action::kRead, "R-" + std::to_string(i),
                   i % 3 ? Outcome::kAllow : Outcome::kDeny, i % 3 ? "allowed_releasable" : "not_releasable",
                   "req-" + std::to_string(i)};
      auto seq = log_->Append(e);
      ASSERT_TRUE(seq.ok()) << seq.status().ToString();
      ASSERT_EQ(*seq, i);
    }
  }

  VerifyReport Verify() {
    log_.reset();  // the intruder worked on the file; start afresh
    Reopen(4);
    auto report = log_->Verify(public_key_);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }

  static bool Has(const VerifyReport& r, Finding::Kind kind, long long seq) {
    return std::any_of(r.findings.begin(), r.findings.end(),
                       [&](const Finding& f) { return f.kind == kind && f.seq == seq; });
  }
  static bool HasKind(const VerifyReport& r, Finding::Kind kind) {
    return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.kind == kind; });
  }
  static std::string Describe(const VerifyReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += std::string(ToString(f.kind)) + "@" + std::to_string(f.seq) + ": " + f.message + "\n";
    return s;
  }

  testing::TempDir dir_;
  crypto::SecretKey seed_;
  std::string public_key_;
  long long clock_ = 1'800'000'000;
  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, CleanLogVerifiesWithCheckpoints) {
  Fill(10);
  auto report = Verify();
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(report.entries, 10);
  EXPECT_EQ(report.last_seq, 10);
  EXPECT_TRUE(report.signatures_checked);
  EXPECT_EQ(report.checkpoints, 2);  // at 4 and 8
  EXPECT_EQ(report.last_checkpoint_seq, 8);
  EXPECT_EQ(report.unsigned_tail, 2);
  ASSERT_TRUE(log_->Checkpoint().ok());
  auto after = log_->Verify(public_key_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->unsigned_tail, 0);
  EXPECT_TRUE(after->ok());
}

TEST_F(AuditLogTest, RefusesOversizedDetailAndMissingAction) {
  AuditEvent e{"alice", "AUS", action::kRead, "R-1", Outcome::kAllow, "", std::string(kMaxDetail + 1, 'x')};
  EXPECT_EQ(log_->Append(e).status().code(), StatusCode::kInvalidArgument);
  e.detail = "";
  e.action = "";
  EXPECT_EQ(log_->Append(e).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(AuditLogTest, AppendOnlyAgainstOrdinarySql) {
  Fill(3);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET actor = 'x' WHERE seq = 1", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log WHERE seq = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(AuditLogTest, DetectsChangedEntry) {
  Fill(10);
  { RawDb raw(path()); raw.Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 7"); }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kChanged, 7)) << Describe(report);
  EXPECT_EQ(report.findings.size(), 1u) << Describe(report);
}

TEST_F(AuditLogTest, DetectsChangedDecision) {
  Fill(10);
  { RawDb raw(path()); raw.Exec("UPDATE audit_log SET outcome = 'allow', reason = 'allowed_originator' WHERE seq = 3"); }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kChanged, 3)) << Describe(report);
}

TEST_F(AuditLogTest, DetectsRemovedEntry) {
  Fill(10);
  { RawDb raw(path()); raw.Exec("DELETE FROM audit_log WHERE seq = 5"); }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kRemoved, 5)) << Describe(report);
  EXPECT_EQ(report.findings.size(), 1u) << Describe(report);
}

TEST_F(AuditLogTest, DetectsRemovedEntryWithRenumbering) {
  Fill(10);
  {
    RawDb raw(path());
    raw.Exec("DELETE FROM audit_log WHERE seq = 5");
    raw.Exec("UPDATE audit_log SET seq = seq - 1 WHERE seq > 5");
  }
  auto report = Verify();
  // The entry now numbered 5 (formerly 6) no longer follows entry 4.
  EXPECT_TRUE(Has(report, Finding::Kind::kRemoved, 5)) << Describe(report);
}

TEST_F(AuditLogTest, DetectsInsertedEntry) {
  Fill(10);
  {
    RawDb raw(path());
    raw.Exec("UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 5");
    raw.Exec("UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000");
    // A forged entry at 5 that links correctly to entry 4 and hashes correctly.
    std::string prev = raw.Blob("SELECT hash FROM audit_log WHERE seq = 4");
    std::vector<std::string> fields{"mallory", "AUS", "record.read", "R-99", "allow", "allowed_originator", ""};
    std::string hash = ForgeHash(prev, 1'800'000'030, fields);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw.db(),
                       "INSERT INTO audit_log VALUES (5, 1800000030, 'mallory', 'AUS', 'record.read', 'R-99', 'allow', "
                       "'allowed_originator', '', ?, ?)",
                       -1, &st, nullptr);
    sqlite3_bind_blob(st, 1, prev.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, hash.data(), 32, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kInserted, 5)) << Describe(report);
  EXPECT_FALSE(HasKind(report, Finding::Kind::kChanged)) << Describe(report);
}

TEST_F(AuditLogTest, DetectsReorderedEntries) {
  Fill(10);
  {
    RawDb raw(path());
    raw.Exec("UPDATE audit_log SET seq = 1003 WHERE seq = 3");
    raw.Exec("UPDATE audit_log SET seq = 3 WHERE seq = 8");
    raw.Exec("UPDATE audit_log SET seq = 8 WHERE seq = 1003");
  }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kReordered, 3)) << Describe(report);
  EXPECT_TRUE(Has(report, Finding::Kind::kReordered, 8)) << Describe(report);
  EXPECT_FALSE(HasKind(report, Finding::Kind::kChanged)) << Describe(report);
}

TEST_F(AuditLogTest, SignedCheckpointCatchesRewrittenChain) {
  Fill(10);
  {
    RawDb raw(path());
    raw.Exec("UPDATE audit_log SET outcome = 'allow' WHERE seq = 6");
    Rechain(raw, 6);
  }
  auto report = Verify();
  // Every entry is locally consistent now; only the checkpoint at 8 can tell.
  EXPECT_FALSE(HasKind(report, Finding::Kind::kChanged)) << Describe(report);
  ASSERT_TRUE(Has(report, Finding::Kind::kCheckpointMismatch, 8)) << Describe(report);
  auto f = std::find_if(report.findings.begin(), report.findings.end(),
                        [](const Finding& f) { return f.kind == Finding::Kind::kCheckpointMismatch; });
  EXPECT_EQ(f->other_seq, 4);  // the change lies after the good checkpoint at 4
}

TEST_F(AuditLogTest, DetectsTruncationBelowACheckpoint) {
  Fill(10);
  { RawDb raw(path()); raw.Exec("DELETE FROM audit_log WHERE seq >= 7"); }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kTruncated, 6)) << Describe(report);
}

TEST_F(AuditLogTest, DetectsForgedCheckpoint) {
  Fill(10);
  {
    RawDb raw(path());
    raw.Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 9");
    Rechain(raw, 9);
    // Sign the new head with the intruder's own key.
    unsigned char pk[32], sk[64], sig[64];
    crypto_sign_keypair(pk, sk);
    std::string hash = raw.Blob("SELECT hash FROM audit_log WHERE seq = 10");
    std::string message = "disrupt-audit-checkpoint-v1" + Field("10") + Field(hash);
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(), sk);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw.db(), "INSERT INTO audit_checkpoint VALUES (10, ?, 0, ?, ?)", -1, &st, nullptr);
    sqlite3_bind_blob(st, 1, hash.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, pk, 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 3, sig, 64, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  auto report = Verify();
  EXPECT_TRUE(Has(report, Finding::Kind::kBadSignature, 10)) << Describe(report);
  EXPECT_FALSE(HasKind(report, Finding::Kind::kChanged)) << Describe(report);
}

TEST_F(AuditLogTest, QueriesWhoSawWhat) {
  Fill(12);
  AuditQuery q;
  q.target = "R-4";
  auto hits = log_->Query(q);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].event.actor, "budi");
  EXPECT_EQ((*hits)[0].event.reason, "allowed_releasable");

  AuditQuery denials;
  denials.outcome = Outcome::kDeny;
  denials.action = "record.";
  auto denied = log_->Query(denials);
  ASSERT_TRUE(denied.ok());
  EXPECT_EQ(denied->size(), 4u);  // entries 3, 6, 9, 12
  for (const auto& e : *denied) EXPECT_EQ(e.seq % 3, 0);

  AuditQuery page;
  page.actor = "alice";
  page.limit = 2;
  page.after_seq = 3;
  auto p = log_->Query(page);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].seq, 5);
  EXPECT_EQ((*p)[1].seq, 7);

  AuditQuery window;
  window.from = 1'800'000'000 + 7 * 3;
  window.to = 1'800'000'000 + 7 * 5;
  auto w = log_->Query(window);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->size(), 3u);
}

}  // namespace
}  // namespace disrupt::audit
