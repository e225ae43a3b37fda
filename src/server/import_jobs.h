// ImportJobs: imports uploaded through the API, run in the background with
// progress the uploader can poll.
//
// POST /api/v1/imports spools the body (Disrupt JSON Lines) to a private
// file, starts a job and answers 202 with its id; GET /api/v1/imports/{id}
// gives its state, bytes and records done, and the rows refused with
// line, field and message. The job runs ingest::Importer over a
// GuardedStore, so every record must be writable by the uploader under the
// need-to-know policy (their member is the originator) or the batch is
// refused. Bad rows are set aside (a rejects file in the spool) and reported;
// good rows are written in batches of Config::import_batch_size.
//
// Only the user who started a job can see it; anyone else gets 404. At most
// Config::max_import_jobs run at once (kResourceExhausted beyond). Finished
// jobs are kept for an hour. Every job's start and end is audited (action
// record.write, target "import:<id>", with counts).
//
// Thread-safe. The destructor waits for running jobs to finish.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "policy/policy.h"
#include "server/auditor.h"
#include "server/config.h"
#include "server/json_log.h"
#include "server/metrics.h"
#include "store/store.h"

namespace disrupt::server {

class ImportJobs {
 public:
  ImportJobs(const Config& config, store::Store& store, Auditor& auditor, Metrics& metrics, JsonLog& log);
  ~ImportJobs();

  // Starts an import of `body` for `principal` (`actor` as audited).
  // Returns the job id. kResourceExhausted when too many run.
  Result<std::string> Start(const policy::Principal& principal, const std::string& actor,
                            std::shared_ptr<const policy::PolicyContext> context, std::string_view body,
                            const std::string& request_id);
  // The job's state as JSON (schema ImportJob). kNotFound when there is no
  // such job or it belongs to someone else.
  Result<nlohmann::json> Progress(const std::string& id, const std::string& user_id);

  // Called on the job's thread after a job that wrote records, with the
  // spooled upload (still present), the actor and the member; set before
  // the first job starts.
  using AfterImport = std::function<void(const std::string& upload_path, const std::string& actor,
                                         const std::string& member)>;
  void SetAfterImport(AfterImport after) { after_import_ = std::move(after); }

 private:
  struct Job;
  void Run(std::shared_ptr<Job> job);
  void Prune();

  const Config& config_;
  store::Store& store_;
  Auditor& auditor_;
  Metrics& metrics_;
  JsonLog& log_;
  std::string spool_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::vector<std::thread> threads_;
  int running_ = 0;
  AfterImport after_import_;
};

}  // namespace disrupt::server
