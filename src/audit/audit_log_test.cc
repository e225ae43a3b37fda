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

// Recomputes every stored hash of `chain` from entry `from` on, as an intruder hiding a change would.
void Rechain(RawDb& raw, long long from, const std::string& chain = "main") {
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw.db(),
                               "SELECT seq, at, actor, actor_member, action, target, outcome, reason, detail "
                               "FROM audit_log WHERE chain = ? AND chain_seq >= ? ORDER BY chain_seq",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, chain.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, from);
  std::string prev = raw.Blob("SELECT hash FROM audit_log WHERE chain = '" + chain +
                              "' AND chain_seq = " + std::to_string(from - 1));
  if (from == 1) prev = std::string(32, '\0');
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

  // A second writer on the same database with a chain of its own, as a
  // second portal server is.
  std::unique_ptr<AuditLog> OpenChain(const std::string& chain, long long sign_every) {
    AuditOptions options;
    options.chain = chain;
    options.signing_seed = seed_;
    options.sign_every_entries = sign_every;
    options.sign_every_seconds = 1'000'000;
    options.now = [this] { return clock_; };
    auto log = AuditLog::Open(path(), options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(log).value() : nullptr;
  }
  static AuditEvent Read(const std::string& actor, int i) {
    return {actor, "AUS", action::kRead, "R-" + std::to_string(i), Outcome::kAllow, "allowed_originator", ""};
  }

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
  static bool Has(const VerifyReport& r, Finding::Kind kind, const std::string& chain, long long seq) {
    return std::any_of(r.findings.begin(), r.findings.end(),
                       [&](const Finding& f) { return f.kind == kind && f.chain == chain && f.seq == seq; });
  }
  static bool HasKind(const VerifyReport& r, Finding::Kind kind) {
    return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.kind == kind; });
  }
  static std::string Describe(const VerifyReport& r) {
    std::string s;
    for (const auto& f : r.findings) {
      s += std::string(ToString(f.kind)) + "@" + f.chain + ":" + std::to_string(f.seq) + ": " + f.message + "\n";
    }
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
    raw.Exec("UPDATE audit_log SET seq = seq - 1, chain_seq = chain_seq - 1 WHERE seq > 5");
  }
  auto report = Verify();
  // The entry now numbered 5 (formerly 6) no longer follows entry 4.
  EXPECT_TRUE(Has(report, Finding::Kind::kRemoved, 5)) << Describe(report);
}

TEST_F(AuditLogTest, DetectsInsertedEntry) {
  Fill(10);
  {
    RawDb raw(path());
    raw.Exec("UPDATE audit_log SET seq = seq + 1000, chain_seq = chain_seq + 1000 WHERE seq >= 5");
    raw.Exec("UPDATE audit_log SET seq = seq - 999, chain_seq = chain_seq - 999 WHERE seq >= 1000");
    // A forged entry at 5 that links correctly to entry 4 and hashes correctly.
    std::string prev = raw.Blob("SELECT hash FROM audit_log WHERE seq = 4");
    std::vector<std::string> fields{"mallory", "AUS", "record.read", "R-99", "allow", "allowed_originator", ""};
    std::string hash = ForgeHash(prev, 1'800'000'030, fields);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw.db(),
                       "INSERT INTO audit_log(seq, at, actor, actor_member, action, target, outcome, reason, detail, "
                       "prev_hash, hash, chain, chain_seq) VALUES (5, 1800000030, 'mallory', 'AUS', 'record.read', "
                       "'R-99', 'allow', 'allowed_originator', '', ?, ?, 'main', 5)",
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
    raw.Exec("UPDATE audit_log SET seq = 1003, chain_seq = 1003 WHERE seq = 3");
    raw.Exec("UPDATE audit_log SET seq = 3, chain_seq = 3 WHERE seq = 8");
    raw.Exec("UPDATE audit_log SET seq = 8, chain_seq = 8 WHERE seq = 1003");
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
    std::string message = "disrupt-audit-checkpoint-v2" + Field("main") + Field("10") + Field(hash) + Field("");
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(), sk);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw.db(),
                       "INSERT INTO audit_checkpoint(seq, hash, signed_at, public_key, signature, chain, chain_seq, "
                       "witness, format) VALUES (10, ?, 0, ?, ?, 'main', 10, '', 2)",
                       -1, &st, nullptr);
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


TEST_F(AuditLogTest, WritersWithChainsOfTheirOwnVerifyAndWitnessEachOther) {
  auto b = OpenChain("serve-b", 4);
  ASSERT_NE(b, nullptr);
  long long last_seq = 0;
  for (int i = 1; i <= 6; ++i) {
    for (AuditLog* log : {log_.get(), b.get()}) {
      clock_ += 1;
      auto seq = log->Append(Read(log == b.get() ? "budi" : "alice", i));
      ASSERT_TRUE(seq.ok()) << seq.status().ToString();
      EXPECT_GT(*seq, last_seq);  // seq numbers the whole log
      last_seq = *seq;
    }
  }
  auto report = log_->Verify(public_key_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->entries, 12);
  EXPECT_EQ(report->last_seq, 12);
  ASSERT_EQ(report->chains.size(), 2u);
  for (const auto& c : report->chains) {
    EXPECT_EQ(c.entries, 6) << c.chain;
    EXPECT_EQ(c.head, 6) << c.chain;
    EXPECT_EQ(c.last_signed, 4) << c.chain;  // each signed its own 4th entry
  }
  EXPECT_EQ(report->chains[0].chain, "main");
  EXPECT_EQ(report->chains[1].chain, "serve-b");
  EXPECT_EQ(report->unsigned_tail, 4);

  AuditQuery q;
  q.actor = "budi";
  auto entries = log_->Query(q);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 6u);
  for (size_t i = 0; i < entries->size(); ++i) {
    EXPECT_EQ((*entries)[i].chain, "serve-b");
    EXPECT_EQ((*entries)[i].chain_seq, static_cast<long long>(i + 1));
  }
  auto head = b->Head();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->first, 6);
  EXPECT_EQ(head->second, entries->back().hash);

  // A checkpoint of one chain signs the other's head too: the tail of
  // serve-b is now covered without serve-b signing anything.
  ASSERT_TRUE(log_->Checkpoint().ok());
  auto after = log_->Verify(public_key_);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->ok()) << Describe(*after);
  EXPECT_EQ(after->unsigned_tail, 0);

  // Signing again with nothing new signs nothing; once serve-b moved on, a
  // forced checkpoint of main (whose head is signed) anchors the new witness
  // with an entry of its own.
  ASSERT_TRUE(log_->Checkpoint().ok());
  ASSERT_TRUE(b->Append(Read("budi", 7)).ok());
  ASSERT_TRUE(log_->Checkpoint().ok());
  auto last = log_->Verify(public_key_);
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(last->ok()) << Describe(*last);
  EXPECT_EQ(last->entries, 14);
  EXPECT_EQ(last->checkpoints, after->checkpoints + 1);
  EXPECT_EQ(last->unsigned_tail, 0);
  AuditQuery anchors;
  anchors.action = action::kCheckpoint;
  auto anchor = log_->Query(anchors);
  ASSERT_TRUE(anchor.ok());
  ASSERT_EQ(anchor->size(), 1u);
  EXPECT_EQ((*anchor)[0].chain, "main");
  EXPECT_EQ((*anchor)[0].chain_seq, 7);
}

TEST_F(AuditLogTest, RemovingAWholeChainIsCaughtByAnotherChainsWitness) {
  auto b = OpenChain("serve-b", 100);
  ASSERT_NE(b, nullptr);
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(b->Append(Read("budi", i)).ok());
  // main signs its 4th entry and witnesses serve-b's third
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log_->Append(Read("alice", i)).ok());
  b.reset();
  {
    RawDb raw(path());
    raw.Exec("DROP TRIGGER IF EXISTS audit_chain_no_delete;"
             "DELETE FROM audit_log WHERE chain = 'serve-b'; DELETE FROM audit_checkpoint WHERE chain = 'serve-b';"
             "DELETE FROM audit_chain WHERE chain = 'serve-b';");
  }
  auto report = Verify();
  ASSERT_TRUE(Has(report, Finding::Kind::kTruncated, "serve-b", 0)) << Describe(report);
  EXPECT_EQ(report.findings[0].other_seq, 3);
  EXPECT_EQ(report.findings.size(), 1u) << Describe(report);
}

TEST_F(AuditLogTest, AWitnessCatchesARewrittenTailOfAnotherChain) {
  auto b = OpenChain("serve-b", 100);  // never signs by itself
  ASSERT_NE(b, nullptr);
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(b->Append(Read("budi", i)).ok());
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log_->Append(Read("alice", i)).ok());  // witnesses serve-b at 3
  b.reset();
  {
    RawDb raw(path());
    raw.Exec("UPDATE audit_log SET target = 'R-77' WHERE chain = 'serve-b' AND chain_seq = 2");
    Rechain(raw, 2, "serve-b");
  }
  auto report = Verify();
  EXPECT_FALSE(HasKind(report, Finding::Kind::kChanged)) << Describe(report);
  EXPECT_TRUE(Has(report, Finding::Kind::kCheckpointMismatch, "serve-b", 3)) << Describe(report);
  EXPECT_FALSE(Has(report, Finding::Kind::kCheckpointMismatch, "main", 4)) << Describe(report);
}

TEST_F(AuditLogTest, ACheckpointOfAnEmptyChainWitnessesTheOthers) {
  ASSERT_TRUE(log_->Checkpoint().ok());  // nothing anywhere: nothing to sign
  auto b = OpenChain("serve-b", 100);   // never signs by itself
  ASSERT_NE(b, nullptr);
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(b->Append(Read("budi", i)).ok());
  ASSERT_TRUE(log_->Checkpoint().ok());  // as `disrupt audit checkpoint` does, on chain main
  auto report = log_->Verify(public_key_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->checkpoints, 1);
  EXPECT_EQ(report->entries, 4);  // serve-b's three and main's anchor
  EXPECT_EQ(report->unsigned_tail, 0);
  ASSERT_EQ(report->chains.size(), 2u);
  EXPECT_EQ(report->chains[1].chain, "serve-b");
  EXPECT_EQ(report->chains[1].last_signed, 3);
}

TEST_F(AuditLogTest, RefusesABadChainName) {
  AuditOptions options;
  for (std::string bad : {std::string(), std::string(65, 'a'), std::string("a\tb"), std::string("a\nb")}) {
    options.chain = bad;
    auto log = AuditLog::Open(path(), options);
    ASSERT_FALSE(log.ok()) << bad;
    EXPECT_EQ(log.status().code(), StatusCode::kInvalidArgument);
  }
}

// A log written before chains (schema version 1, one chain, checkpoints of
// format 1) is upgraded in place: what it held still verifies, and new
// entries continue its chain as "main".
TEST_F(AuditLogTest, ALogFromBeforeChainsIsUpgradedAndStillVerifies) {
  const std::string legacy = dir_.File("legacy.db");
  {
    RawDb raw(legacy);
    raw.Exec(R"sql(
CREATE TABLE security_migration (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT INTO security_migration VALUES ('audit', 1);
CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,
  actor_member TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL,
  reason TEXT NOT NULL, detail TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
CREATE TABLE audit_checkpoint (seq INTEGER PRIMARY KEY, hash BLOB NOT NULL, signed_at INTEGER NOT NULL,
  public_key BLOB NOT NULL, signature BLOB NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
)sql");
    std::string prev(32, '\0');
    for (int seq = 1; seq <= 5; ++seq) {
      std::vector<std::string> fields{"alice", "AUS", "record.read", "R-" + std::to_string(seq), "allow", "", ""};
      std::string hash = ForgeHash(prev, 1'700'000'000 + seq, fields);
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(raw.db(),
                         "INSERT INTO audit_log VALUES (?, ?, 'alice', 'AUS', 'record.read', ?, 'allow', '', '', ?, ?)",
                         -1, &st, nullptr);
      std::string target = "R-" + std::to_string(seq);
      sqlite3_bind_int64(st, 1, seq);
      sqlite3_bind_int64(st, 2, 1'700'000'000 + seq);
      sqlite3_bind_text(st, 3, target.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob(st, 4, prev.data(), 32, SQLITE_TRANSIENT);
      sqlite3_bind_blob(st, 5, hash.data(), 32, SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
      if (seq == 4) {  // a format-1 checkpoint, signed with the audit key
        unsigned char pk[32], sk[64], sig[64];
        crypto_sign_seed_keypair(pk, sk, seed_.data());
        std::string message = "disrupt-audit-checkpoint-v1" + Field("4") + Field(hash);
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(), sk);
        sqlite3_prepare_v2(raw.db(), "INSERT INTO audit_checkpoint VALUES (4, ?, 0, ?, ?)", -1, &st, nullptr);
        sqlite3_bind_blob(st, 1, hash.data(), 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 2, pk, 32, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, sig, 64, SQLITE_TRANSIENT);
        ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
      }
      prev = hash;
    }
  }
  AuditOptions options;
  options.signing_seed = seed_;
  auto log = AuditLog::Open(legacy, options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  auto report = (*log)->Verify(public_key_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->entries, 5);
  EXPECT_EQ(report->checkpoints, 1);
  EXPECT_EQ(report->unsigned_tail, 1);
  auto seq = (*log)->Append(Read("budi", 6));
  ASSERT_TRUE(seq.ok()) << seq.status().ToString();
  EXPECT_EQ(*seq, 6);
  ASSERT_TRUE((*log)->Checkpoint().ok());
  auto entries = (*log)->Query(AuditQuery{});
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 6u);
  EXPECT_EQ(entries->back().chain, "main");
  EXPECT_EQ(entries->back().chain_seq, 6);
  EXPECT_EQ(entries->back().prev_hash, (*entries)[4].hash);
  report = (*log)->Verify(public_key_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Describe(*report);
  EXPECT_EQ(report->unsigned_tail, 0);
  // The old entries are still protected by the old checkpoint.
  log->reset();
  {
    RawDb raw(legacy);
    raw.Exec("UPDATE audit_log SET outcome = 'deny' WHERE seq = 2");
    Rechain(raw, 2);
  }
  log = AuditLog::Open(legacy, options);
  ASSERT_TRUE(log.ok());
  report = (*log)->Verify(public_key_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(Has(*report, Finding::Kind::kCheckpointMismatch, "main", 4)) << Describe(*report);
}

}  // namespace
}  // namespace disrupt::audit
