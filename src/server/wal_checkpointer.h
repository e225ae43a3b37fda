// WalCheckpointer: SQLite's write-ahead-log checkpoints, run by a thread of
// their own instead of inside the commits that requests wait for.
//
// A SQLite catalogue keeps its changes in a write-ahead log until a
// checkpoint copies them into the database file and flushes it to disk. By
// default the connection whose commit takes the log past a thousand pages
// runs that checkpoint inside the commit; in the portal that is the audit
// writer, and every audited read waiting on the commit waits for the flush
// too. The audit log's connection is opened without automatic checkpoints
// (audit::AuditOptions::no_automatic_checkpoint) and this thread runs a
// passive checkpoint (which never blocks readers or writers) every
// `interval_seconds` on a connection of its own.
//
// A passive checkpoint copies the log but cannot start it over while readers
// are still using it, and on a busy portal some always are: the log file
// would then grow for as long as the load lasts. When, after a passive
// checkpoint, the log holds more than `restart_bytes`, the thread runs a
// RESTART checkpoint, which waits for those readers and holds back the
// writer meanwhile (tens of milliseconds: every audited read waits that
// long once), so that the next commit writes the log from its start again.
//
// Thread-safe; the destructor stops the thread. Failures are logged, never
// fatal: an unchecked log only grows until the next success.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "audit/security_db.h"
#include "core/status.h"
#include "server/json_log.h"

namespace disrupt::server {

class WalCheckpointer {
 public:
  // `path` is a SQLite database file; `log` must outlive the checkpointer.
  // kUnavailable when the database cannot be opened.
  static constexpr long long kDefaultRestartBytes = 256LL << 20;
  static Result<std::unique_ptr<WalCheckpointer>> Start(const std::string& path, double interval_seconds,
                                                        JsonLog& log,
                                                        long long restart_bytes = kDefaultRestartBytes);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Runs one passive checkpoint now (also what the thread does each
  // interval), then a restarting one when the log is over the bound.
  Status CheckpointNow();
  // Restarting checkpoints run so far.
  long long restarts() const { return restarts_.load(); }
  // Frames in the log at the last passive checkpoint.
  long long last_log_frames() const { return last_log_frames_.load(); }

 private:
  WalCheckpointer(std::unique_ptr<audit::SecurityDb> db, double interval_seconds, JsonLog& log,
                  long long restart_bytes);
  void Loop();

  std::unique_ptr<audit::SecurityDb> db_;
  double interval_seconds_;
  JsonLog& log_;
  long long restart_bytes_;
  long long page_bytes_ = 4096;
  std::atomic<long long> restarts_{0};
  std::atomic<long long> last_log_frames_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace disrupt::server
