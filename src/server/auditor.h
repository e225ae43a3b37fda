// Auditor: the server's path to the audit log (audit/audit_log.h), with
// group commit. Request threads hand their entries over and wait until they
// are durably appended; one writer thread appends everything queued at that
// moment in one AppendBatch (one transaction), so that thousands of audited
// reads per second cost a few transactions, not thousands.
//
// Fail closed: when the log cannot be written, Record returns the error and
// the handler refuses the request (an unaudited read must not happen).
//
// Gathering: a commit writes every page its entries touch (the log's row,
// and a leaf of each of its indexes) however few entries it holds, so a
// commit of one entry costs nearly what a commit of ten does. When fewer
// than `gather_events` entries are waiting, the writer waits up to
// `gather_micros` for more before it commits: each read waits a little
// longer for its commit, and the log writes fewer pages (which the disk must
// also flush at every checkpoint) in fewer transactions.
//
// Thread-safe. The destructor drains the queue and stops the writer.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "audit/audit_log.h"
#include "core/status.h"

namespace disrupt::server {

struct AuditorOptions {
  int gather_micros = 0;    // 0: commit what is queued at once
  size_t gather_events = 1;  // enough entries to commit without waiting
};

class Auditor {
 public:
  // `log` must outlive the Auditor.
  explicit Auditor(audit::AuditLog& log, AuditorOptions options = {});
  ~Auditor();
  Auditor(const Auditor&) = delete;
  Auditor& operator=(const Auditor&) = delete;

  // Appends the events (in order, contiguously) and returns once they are committed.
  Status Record(std::vector<audit::AuditEvent> events);
  Status Record(audit::AuditEvent event) { return Record(std::vector<audit::AuditEvent>{std::move(event)}); }
  // Record for what a request is about to show: nothing to record is Ok; a
  // failure is the one kUnavailable answer, so that nothing is shown unaudited.
  Status RecordShown(std::vector<audit::AuditEvent> events);
  Status RecordShown(audit::AuditEvent event) {
    return RecordShown(std::vector<audit::AuditEvent>{std::move(event)});
  }

 private:
  void WriterLoop();

  audit::AuditLog& log_;
  const AuditorOptions options_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<audit::AuditEvent> queue_;
  unsigned long long enqueued_ = 0;   // events ever queued
  unsigned long long committed_ = 0;  // events ever written (or failed)
  // Failures by the range of tickets they covered: (first, last, status).
  std::vector<std::tuple<unsigned long long, unsigned long long, Status>> failures_;
  bool stop_ = false;
  std::thread writer_;
};

}  // namespace disrupt::server
