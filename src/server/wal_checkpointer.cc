// Background WAL checkpoints; see wal_checkpointer.h.
#include "server/wal_checkpointer.h"

#include <chrono>

namespace disrupt::server {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(const std::string& path, double interval_seconds,
                                                                 JsonLog& log) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::OpenSecurityDb(path));
  if (db->dialect() != audit::Dialect::kSqlite) {
    return Status::InvalidArgument("checkpoints are for a SQLite database", "store");
  }
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(std::move(db), interval_seconds, log));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<audit::SecurityDb> db, double interval_seconds, JsonLog& log)
    : db_(std::move(db)), interval_seconds_(interval_seconds), log_(log) {
  thread_ = std::thread([this] { Loop(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Status WalCheckpointer::CheckpointNow() {
  auto lock = db_->Lock();
  DISRUPT_ASSIGN_OR_RETURN(audit::Statement * checkpoint, db_->Prepare("PRAGMA wal_checkpoint(PASSIVE)"));
  auto done = checkpoint->Step();
  checkpoint->Reset();
  return done.status();
}

void WalCheckpointer::Loop() {
  const auto interval = std::chrono::duration<double>(interval_seconds_);
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, interval, [this] { return stop_; })) {
    lock.unlock();
    if (Status s = CheckpointNow(); !s.ok()) {
      log_.Write(LogLevel::kWarn, "checkpoint_failed", {{"error", s.ToString()}});
    }
    lock.lock();
  }
}

}  // namespace disrupt::server
