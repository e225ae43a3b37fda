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
// Thread-safe; the destructor stops the thread. Failures are logged, never
// fatal: an unchecked log only grows until the next success.
#pragma once

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
  static Result<std::unique_ptr<WalCheckpointer>> Start(const std::string& path, double interval_seconds,
                                                        JsonLog& log);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Runs one passive checkpoint now (also what the thread does each interval).
  Status CheckpointNow();

 private:
  WalCheckpointer(std::unique_ptr<audit::SecurityDb> db, double interval_seconds, JsonLog& log);
  void Loop();

  std::unique_ptr<audit::SecurityDb> db_;
  double interval_seconds_;
  JsonLog& log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace disrupt::server
