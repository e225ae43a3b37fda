// Tests of backup and verified restore: a round trip keeps every table and
// the audit log intact; an altered backup, a forged manifest, a tampered
// audit log and an existing target are each refused without touching the target.
#include "audit/backup.h"

#include <sqlite3.h>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing.h"

namespace disrupt::audit {
namespace {

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = crypto::SecretKey::Generate();
    pk_ = PublicKeyFromSeed(seed_);
    AuditOptions options;
    options.signing_seed = seed_;
    auto log = AuditLog::Open(db(), options);
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE((*log)->Append({"ana.s", "IDN", action::kRead, "R-" + std::to_string(i), Outcome::kAllow,
                                  "allowed_releasable", ""}).ok());
    }
    Exec(db(), "CREATE TABLE IF NOT EXISTS catalogue_probe(x TEXT); INSERT INTO catalogue_probe VALUES ('kept');");
  }
  std::string db() const { return dir_.File("live.db"); }
  std::string bak() const { return dir_.File("backup.db"); }
  static void Exec(const std::string& path, const std::string& sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_close(h);
  }
  static std::string One(const std::string& path, const std::string& sql) {
    sqlite3* h = nullptr;
    sqlite3_open(path.c_str(), &h);
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
  }
  testing::TempDir dir_;
  crypto::SecretKey seed_;
  std::string pk_;
};

TEST_F(BackupTest, RoundTripVerifiesEverything) {
  auto m = MakeBackup(db(), bak(), seed_, "cli:test");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->audit_head_seq, 6);  // five reads and the backup itself
  EXPECT_FALSE(m->signature.empty());
  EXPECT_EQ(MakeBackup(db(), bak(), seed_, "cli:test").status().code(), StatusCode::kConflict);

  const std::string target = dir_.File("restored.db");
  auto r = RestoreBackup(bak(), target, pk_, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->manifest_signature_checked);
  EXPECT_TRUE(r->audit.ok());
  EXPECT_EQ(r->audit.entries, 6);
  EXPECT_TRUE(r->audit.signatures_checked);
  EXPECT_EQ(One(target, "SELECT x FROM catalogue_probe"), "kept");
  EXPECT_EQ(RestoreBackup(bak(), target, pk_, false).status().code(), StatusCode::kConflict);
  EXPECT_TRUE(RestoreBackup(bak(), target, pk_, true).ok());
}

TEST_F(BackupTest, RefusesAlteredBackupFile) {
  ASSERT_TRUE(MakeBackup(db(), bak(), seed_, "cli:test").ok());
  Exec(bak(), "UPDATE catalogue_probe SET x = 'changed'");
  const std::string target = dir_.File("restored.db");
  auto r = RestoreBackup(bak(), target, pk_, false);
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(BackupTest, RefusesForgedManifest) {
  ASSERT_TRUE(MakeBackup(db(), bak(), seed_, "cli:test").ok());
  // An intruder alters the backup and rewrites the manifest's digest to match.
  Exec(bak(), "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;");
  std::ifstream in(bak() + ".manifest.json");
  nlohmann::json j = nlohmann::json::parse(in);
  in.close();
  std::ifstream file(bak(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  j["blake2b_256"] = crypto::ToHex(crypto::Blake2b(bytes, 32).data(), 32);
  std::ofstream(bak() + ".manifest.json") << j.dump();
  auto r = RestoreBackup(bak(), dir_.File("restored.db"), pk_, false);
  ASSERT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("signature"), std::string::npos) << r.status().message();
  // Without the key the digest matches, but the audit log gives it away.
  auto unsigned_check = RestoreBackup(bak(), dir_.File("restored.db"), "", false);
  ASSERT_EQ(unsigned_check.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(unsigned_check.status().message().find("audit log"), std::string::npos) << unsigned_check.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir_.File("restored.db")));
}

}  // namespace
}  // namespace disrupt::audit
