// Auditor: the server's path to the audit log (audit/audit_log.h), with
// group commit. Request threads hand their entries over and wait until they
// are durably appended; one writer thread appends everything queued at that
// moment in one AppendBatch (one transaction), so that thousands of audited
// reads per second cost a few transactions, not thousands.
//
// Fail closed: when the log cannot be written, Record returns the error and
// the handler refuses the request (an unaudited read must not happen).
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

class Auditor {
 public:
  // `log` must outlive the Auditor.
  explicit Auditor(audit::AuditLog& log);
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
