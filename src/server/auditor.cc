// Group-committing audit writer; see auditor.h.
#include "server/auditor.h"

#include <chrono>

namespace disrupt::server {

Auditor::Auditor(audit::AuditLog& log, AuditorOptions options) : log_(log), options_(options) {
  writer_ = std::thread([this] { WriterLoop(); });
}

Auditor::~Auditor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  writer_.join();
}

Status Auditor::Record(std::vector<audit::AuditEvent> events) {
  if (events.empty()) return Status::Ok();
  std::unique_lock<std::mutex> lock(mu_);
  if (stop_) return Status::Unavailable("the audit log is closed");
  unsigned long long first = enqueued_ + 1;
  for (auto& e : events) queue_.push_back(std::move(e));
  enqueued_ += events.size();
  unsigned long long last = enqueued_;
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return committed_ >= last; });
  for (const auto& [from, to, status] : failures_) {
    if (from <= last && to >= first) return status;
  }
  return Status::Ok();
}

Status Auditor::RecordShown(std::vector<audit::AuditEvent> events) {
  if (events.empty()) return Status::Ok();
  if (!Record(std::move(events)).ok()) {
    return Status::Unavailable("the audit log cannot be written; nothing is shown unaudited");
  }
  return Status::Ok();
}

void Auditor::WriterLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (stop_) return;
      continue;
    }
    if (options_.gather_micros > 0 && queue_.size() < options_.gather_events) {
      work_cv_.wait_for(lock, std::chrono::microseconds(options_.gather_micros),
                        [&] { return stop_ || queue_.size() >= options_.gather_events; });
    }
    std::vector<audit::AuditEvent> batch(std::make_move_iterator(queue_.begin()),
                                         std::make_move_iterator(queue_.end()));
    queue_.clear();
    unsigned long long first = committed_ + 1;
    unsigned long long last = committed_ + batch.size();
    lock.unlock();
    auto appended = log_.AppendBatch(batch);
    lock.lock();
    if (!appended.ok()) {
      failures_.emplace_back(first, last, appended.status());
      // Keep only recent failures: waiters look them up right after being woken.
      if (failures_.size() > 1024) failures_.erase(failures_.begin());
    }
    committed_ = last;
    done_cv_.notify_all();
  }
}

}  // namespace disrupt::server
