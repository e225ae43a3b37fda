// Background WAL checkpoints; see wal_checkpointer.h.
#include "server/wal_checkpointer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace disrupt::server {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(const std::string& path, double interval_seconds,
                                                                 JsonLog& log, long long restart_bytes) {
  DISRUPT_ASSIGN_OR_RETURN(auto db, audit::OpenSecurityDb(path));
  if (db->dialect() != audit::Dialect::kSqlite) {
    return Status::InvalidArgument("checkpoints are for a SQLite database", "store");
  }
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(std::move(db), interval_seconds, log, restart_bytes));
}

WalCheckpointer::WalCheckpointer(std::unique_ptr<audit::SecurityDb> db, double interval_seconds, JsonLog& log,
                                 long long restart_bytes)
    : db_(std::move(db)), interval_seconds_(interval_seconds), log_(log), restart_bytes_(restart_bytes) {
  {
    auto lock = db_->Lock();
    auto page = db_->Prepare("PRAGMA page_size");
    if (page.ok()) {
      auto row = (*page)->Step();
      if (row.ok() && *row) page_bytes_ = std::max(512LL, (*page)->Int(0));
      (*page)->Reset();
    }
  }
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
  // The row: busy, frames in the log, frames copied.
  long long frames = done.ok() && *done ? checkpoint->Int(1) : 0;
  checkpoint->Reset();
  DISRUPT_RETURN_IF_ERROR(done.status());
  last_log_frames_.store(frames);
  // A log frame is a page and a 24-byte header.
  if (frames * (page_bytes_ + 24) <= restart_bytes_) return Status::Ok();
  auto started = std::chrono::steady_clock::now();
  DISRUPT_ASSIGN_OR_RETURN(audit::Statement * restart, db_->Prepare("PRAGMA wal_checkpoint(RESTART)"));
  auto restarted = restart->Step();
  bool busy = restarted.ok() && *restarted && restart->Int(0) != 0;
  restart->Reset();
  DISRUPT_RETURN_IF_ERROR(restarted.status());
  restarts_.fetch_add(1);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  log_.Write(LogLevel::kInfo, "wal_restarted", {{"frames", frames}, {"ms", std::round(ms * 10) / 10}, {"busy", busy}});
  return Status::Ok();
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
