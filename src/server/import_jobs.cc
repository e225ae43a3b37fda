// Background imports with progress; see import_jobs.h.
#include "server/import_jobs.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/date.h"
#include "ingest/importer.h"
#include "ingest/reader.h"
#include "server/guarded_store.h"
#include "server/http_util.h"

namespace disrupt::server {

namespace fs = std::filesystem;

struct ImportJobs::Job {
  std::string id;
  std::string owner;
  std::string actor;
  std::string member;
  policy::Principal principal;
  std::shared_ptr<const policy::PolicyContext> context;
  std::string path;
  long long bytes_total = 0;
  long long started_at = 0;
  std::mutex mu;  // guards the fields below
  std::string state = "queued";
  long long bytes_done = 0;
  long long lines_read = 0;
  long long records_written = 0;
  long long records_rejected = 0;
  long long finished_at = 0;
  std::string failure;
  nlohmann::json errors = nlohmann::json::array();
};

ImportJobs::ImportJobs(const Config& config, store::Store& store, Auditor& auditor, Metrics& metrics, JsonLog& log)
    : config_(config), store_(store), auditor_(auditor), metrics_(metrics), log_(log) {
  spool_ = (fs::temp_directory_path() / ("disrupt-imports-" + std::to_string(getpid()))).string();
}

ImportJobs::~ImportJobs() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
  std::error_code ec;
  fs::remove_all(spool_, ec);
}

Result<std::string> ImportJobs::Start(const policy::Principal& principal, const std::string& actor,
                                      std::shared_ptr<const policy::PolicyContext> context, std::string_view body,
                                      const std::string& request_id) {
  auto job = std::make_shared<Job>();
  job->id = NewRequestId().substr(0, 20);
  job->owner = principal.user_id;
  job->actor = actor;
  job->member = principal.member;
  job->principal = principal;
  job->context = std::move(context);
  job->bytes_total = static_cast<long long>(body.size());
  job->started_at = UnixNow();
  {
    std::lock_guard<std::mutex> lock(mu_);
    Prune();
    if (running_ >= config_.max_import_jobs) {
      return Status::ResourceExhausted("too many imports are running; try again when one has finished");
    }
    ++running_;
  }
  std::error_code ec;
  fs::create_directories(spool_, ec);
  fs::permissions(spool_, fs::perms::owner_all, fs::perm_options::replace, ec);
  job->path = spool_ + "/" + job->id + ".jsonl";
  {
    std::ofstream out(job->path, std::ios::binary | std::ios::trunc);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!out) {
      std::lock_guard<std::mutex> lock(mu_);
      --running_;
      return Status::Unavailable("cannot spool the upload");
    }
  }
  Status audited = auditor_.Record(audit::AuditEvent{actor, principal.member, audit::action::kWrite,
                                                     "import:" + job->id, audit::Outcome::kInfo, "import_started",
                                                     "request " + request_id});
  if (!audited.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
    fs::remove(job->path, ec);
    return Status::Unavailable("the audit log cannot be written");
  }
  std::lock_guard<std::mutex> lock(mu_);
  jobs_[job->id] = job;
  threads_.emplace_back([this, job] { Run(job); });
  return job->id;
}

void ImportJobs::Run(std::shared_ptr<Job> job) {
  {
    std::lock_guard<std::mutex> lock(job->mu);
    job->state = "running";
  }
  auto on_denial = [this](const std::string&, policy::Reason reason) {
    metrics_.CountDenial(policy::ReasonCode(reason));
  };
  GuardedStore guarded(store_, job->principal, *job->context, on_denial);
  Status status;
  ingest::ImportSummary summary;
  auto vocabularies = store_.LoadVocabularies();
  if (!vocabularies.ok()) {
    status = vocabularies.status();
  } else {
    ingest::ImportOptions options;
    options.batch_size = static_cast<size_t>(config_.import_batch_size);
    options.rejects_path = job->path + ".rejects.jsonl";
    options.max_problems = 1000;
    options.on_batch = [&job](const ingest::ImportProgress& p) {
      std::lock_guard<std::mutex> lock(job->mu);
      job->bytes_done = static_cast<long long>(p.bytes_read);
      job->records_written = static_cast<long long>(p.written);
      job->records_rejected = static_cast<long long>(p.rejected);
    };
    auto importer = ingest::Importer::Open(guarded, *vocabularies, options);
    auto reader = ingest::OpenJsonReader(job->path);
    if (!importer.ok()) {
      status = importer.status();
    } else if (!reader.ok()) {
      status = reader.status();
    } else {
      status = (*importer)->Run(**reader);
      summary = (*importer)->summary();
    }
  }
  if (after_import_ && summary.written > 0) after_import_(job->path, job->actor, job->member);
  std::error_code ec;
  fs::remove(job->path, ec);
  fs::remove(job->path + ".rejects.jsonl", ec);
  {
    std::lock_guard<std::mutex> lock(job->mu);
    job->lines_read = static_cast<long long>(summary.read);
    job->records_written = static_cast<long long>(summary.written);
    job->records_rejected = static_cast<long long>(summary.rejected);
    job->bytes_done = job->bytes_total;
    for (const auto& p : summary.problems) {
      job->errors.push_back({{"line", p.line}, {"field", p.field}, {"message", p.message}});
    }
    job->state = status.ok() ? "done" : "failed";
    // The failure is the store's or policy's message: ids and codes, no record contents.
    if (!status.ok()) job->failure = status.ToString();
    job->finished_at = UnixNow();
  }
  metrics_.CountImport(status.ok() ? "done" : "failed");
  Status audited = auditor_.Record(audit::AuditEvent{
      job->actor, job->member, audit::action::kWrite, "import:" + job->id,
      status.ok() ? audit::Outcome::kAllow : audit::Outcome::kDeny, status.ok() ? "import_done" : "import_failed",
      "written " + std::to_string(summary.written) + " rejected " + std::to_string(summary.rejected)});
  if (!audited.ok()) log_.Write(LogLevel::kError, "audit_failed", {{"job", job->id}});
  log_.Write(LogLevel::kInfo, "import_finished",
             {{"job", job->id}, {"actor", job->actor}, {"state", status.ok() ? "done" : "failed"},
              {"written", summary.written}, {"rejected", summary.rejected}});
  std::lock_guard<std::mutex> lock(mu_);
  --running_;
}

void ImportJobs::Prune() {
  long long cutoff = UnixNow() - 3600;
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    std::lock_guard<std::mutex> lock(it->second->mu);
    if (it->second->finished_at != 0 && it->second->finished_at < cutoff) {
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
}

Result<nlohmann::json> ImportJobs::Progress(const std::string& id, const std::string& user_id) {
  std::shared_ptr<Job> job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jobs_.find(id);
    if (it != jobs_.end() && it->second->owner == user_id) job = it->second;
  }
  if (!job) return Status::NotFound("no such import", "id");
  std::lock_guard<std::mutex> lock(job->mu);
  nlohmann::json j = {{"id", job->id},
                      {"state", job->state},
                      {"bytes_total", job->bytes_total},
                      {"bytes_done", job->bytes_done},
                      {"lines_read", job->lines_read},
                      {"records_written", job->records_written},
                      {"records_rejected", job->records_rejected},
                      {"errors", job->errors},
                      {"started_at", FormatTimestamp(job->started_at)}};
  if (job->finished_at != 0) j["finished_at"] = FormatTimestamp(job->finished_at);
  if (!job->failure.empty()) j["failure"] = job->failure;
  return j;
}

}  // namespace disrupt::server
