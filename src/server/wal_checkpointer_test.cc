// The audit log opened without automatic checkpoints leaves its commits in
// the write-ahead log, however many, until a WalCheckpointer copies them into
// the database file. The oracle is the files themselves: pages reach the
// database file only through a checkpoint.
#include "server/wal_checkpointer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "audit/audit_log.h"
#include "testing.h"

namespace disrupt::server {
namespace {

void AppendMany(audit::AuditLog& log, int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<audit::AuditEvent> events;
    for (int i = 0; i < 20; ++i) {
      events.push_back(audit::AuditEvent{"analyst", "AUS", "record.read", "AUS-" + std::to_string(b * 20 + i),
                                         audit::Outcome::kAllow, "allowed", "request " + std::to_string(b)});
    }
    ASSERT_TRUE(log.AppendBatch(events).ok());
  }
}

uintmax_t SizeOf(const std::string& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  EXPECT_FALSE(ec) << file;
  return ec ? 0 : size;
}

// An audit log opened without automatic checkpoints, in a fresh catalogue
// file, and a JSON log whose lines the test reads.
struct LogWithoutAutomaticCheckpoints {
  LogWithoutAutomaticCheckpoints() {
    audit::AuditOptions options;
    options.no_automatic_checkpoint = true;
    auto opened = audit::AuditLog::Open(path, options);
    if (!opened.ok()) {
      status = opened.status();
      return;
    }
    log = std::move(opened).value();
  }
  testing::TempDir dir;
  const std::string path = dir.File("catalogue.db");
  std::unique_ptr<audit::AuditLog> log;
  Status status;
  std::ostringstream lines;
  JsonLog json_log{lines};
};

TEST(WalCheckpointerTest, WithoutAutomaticCheckpointsCommitsWaitForTheCheckpointer) {
  LogWithoutAutomaticCheckpoints t;
  ASSERT_TRUE(t.log != nullptr) << t.status.ToString();
  auto checkpointer = WalCheckpointer::Start(t.path, 3600, t.json_log);  // runs only when asked here
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().ToString();

  const auto file_before = SizeOf(t.path);
  AppendMany(*t.log, 400);  // 400 commits of 20 entries: well past SQLite's automatic threshold
  EXPECT_GT(SizeOf(t.path + "-wal"), 1000u * 4096u);
  EXPECT_EQ(SizeOf(t.path), file_before);  // nothing copied yet

  ASSERT_TRUE((*checkpointer)->CheckpointNow().ok());
  EXPECT_GT(SizeOf(t.path), file_before + 100u * 4096u);
  EXPECT_EQ(t.lines.str(), "");  // no failure logged
}

TEST(WalCheckpointerTest, ALogOverTheBoundIsStartedOverAndOnlyThen) {
  LogWithoutAutomaticCheckpoints t;
  ASSERT_TRUE(t.log != nullptr) << t.status.ToString();
  // Under the bound: a passive checkpoint only.
  auto generous = WalCheckpointer::Start(t.path, 3600, t.json_log, 1LL << 40);
  ASSERT_TRUE(generous.ok());
  AppendMany(*t.log, 50);
  ASSERT_TRUE((*generous)->CheckpointNow().ok());
  const long long frames = (*generous)->last_log_frames();
  EXPECT_GT(frames, 50);
  EXPECT_EQ((*generous)->restarts(), 0);
  EXPECT_EQ(t.lines.str().find("wal_restarted"), std::string::npos);

  // Over the bound (a hundred pages): a restarting checkpoint runs and is
  // logged, and the next commits are written from the log's beginning.
  auto bounded = WalCheckpointer::Start(t.path, 3600, t.json_log, 100LL * 4096);
  ASSERT_TRUE(bounded.ok());
  AppendMany(*t.log, 50);
  ASSERT_TRUE((*bounded)->CheckpointNow().ok());
  EXPECT_EQ((*bounded)->restarts(), 1);
  EXPECT_NE(t.lines.str().find("\"event\":\"wal_restarted\""), std::string::npos) << t.lines.str();
  AppendMany(*t.log, 2);
  ASSERT_TRUE((*generous)->CheckpointNow().ok());
  EXPECT_LT((*generous)->last_log_frames(), frames / 4);
}

TEST(WalCheckpointerTest, ByDefaultTheCommittingConnectionCheckpoints) {
  testing::TempDir dir;
  const std::string path = dir.File("catalogue.db");
  auto log = audit::AuditLog::Open(path, audit::AuditOptions{});
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  const auto file_before = SizeOf(path);
  AppendMany(**log, 400);
  EXPECT_GT(SizeOf(path), file_before + 100u * 4096u);
}

}  // namespace
}  // namespace disrupt::server
