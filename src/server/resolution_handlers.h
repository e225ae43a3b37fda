// The portal's resolution desk and the handlers of the resolution area:
// entity resolution over the catalogue's Person records with an analysts'
// review queue, hit/no-hit deconfliction between members' encodings,
// direct release grants by an originator, and watchlists with alerts.
//
// ResolutionDesk holds what these routes share between requests: the
// resolver (one resolved set for the whole catalogue, persisted in the
// catalogue's database through deconflict::PortalState), the live
// watchlist, and the background run (at most one at a time). Results are
// global; every handler filters them for the caller: a pair, a cluster
// member, a link or an alert's record is shown only when the caller may
// read every record it names (policy::Visibility), and a hidden record
// answers like a missing one.
//
// Runs: POST /api/v1/resolution/runs (or the end of an import) starts a
// run on a worker thread: it scans the catalogue's Person records (with the
// phone numbers and identity documents they hold), adds those not yet in
// the resolved set, resolves them incrementally (the first run estimates
// the model) and saves the state. A run asked for while one is going is
// folded into a follow-up run. Records changed after they were resolved
// keep the values they were resolved with.
//
// Several servers on one database: a decision (or its undo) and the state a
// run saves are announced on notify::kResolutionChannel; every other
// server then re-reads the decisions (or reloads the whole resolved state)
// on its worker thread, so that its review queue and clusters follow within
// moments, and a run always starts from the latest saved state. A server
// that reconnects to the database after missing announcements reloads too.
//
// Thread safety: every method may be called from several request threads.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "deconflict/portal_state.h"
#include "deconflict/watchlist.h"
#include "notify/notifier.h"
#include "resolve/resolver.h"
#include "server/auditor.h"
#include "server/json_log.h"
#include "server/route.h"
#include "store/store.h"

namespace disrupt::server {

class ResolutionDesk {
 public:
  // Opens the tables in the database at `db_path` and loads the saved
  // resolution state, decisions and selectors. kUnavailable / kDataLoss from
  // the database.
  static Result<std::unique_ptr<ResolutionDesk>> Open(const std::string& db_path, store::Store& store,
                                                      Auditor& auditor, JsonLog& log);
  ~ResolutionDesk();  // waits for a run in progress
  ResolutionDesk(const ResolutionDesk&) = delete;
  ResolutionDesk& operator=(const ResolutionDesk&) = delete;

  // Starts a run (or joins the one going, returning its id with
  // `joined` set). The run's progress is Run(id).
  Result<std::string> StartRun(const std::string& actor, const std::string& member, bool* joined);
  // The run's progress (schema ResolutionRun). kNotFound for an unknown id.
  Result<nlohmann::json> Run(const std::string& id);

  // Called when an import job has finished with the spooled upload at
  // `upload_path` (Disrupt JSON Lines): checks the watchlists against the
  // uploaded records now in the store (alerts) and queues an incremental run.
  void AfterImport(const std::string& upload_path, const std::string& actor, const std::string& member);

  // Runs `fn` with the resolver held (no run is changing it meanwhile).
  template <typename Fn>
  auto WithResolver(Fn&& fn) {
    std::lock_guard<std::mutex> lock(resolver_mu_);
    return fn(*resolver_);
  }
  // Records an analyst's decision durably, then in the resolver.
  // kFailedPrecondition when a record has not been resolved yet.
  Status Decide(const resolve::Decision& decision);

  // Registers a selector (validated and normalised first); kInvalidArgument
  // naming the value when it cannot be read.
  Status AddSelector(const deconflict::StoredSelector& selector);
  Status RemoveSelector(const std::string& id, const std::string& member);
  // Alerts the watchlists raise for `records` (already in the store),
  // recorded once each; returns how many were new.
  Result<long long> CheckWatchlists(const std::vector<model::Record>& records);

  deconflict::PortalState& state() { return *state_; }

 private:
  struct RunState;
  ResolutionDesk(std::unique_ptr<deconflict::PortalState> state, store::Store& store, Auditor& auditor,
                 JsonLog& log);
  void Worker();
  Status Execute(RunState& run);
  // Announces a change to the other servers (logged, not fatal, when the
  // database cannot be reached: they catch up on their next reload).
  void Announce(const char* what);
  // Called on the notifier's thread: marks what must be re-read.
  void OnAnnouncement(const notify::Notification& n);
  // Brings the resolver up to what the database holds (on the worker thread).
  Status CatchUp(bool whole_state);

  std::unique_ptr<deconflict::PortalState> state_;
  std::unique_ptr<resolve::ResolutionStore> resolution_;
  store::Store& store_;
  Auditor& auditor_;
  JsonLog& log_;

  std::mutex resolver_mu_;
  std::unique_ptr<resolve::Resolver> resolver_;

  std::mutex watch_mu_;
  deconflict::Watchlist watchlist_;

  std::mutex run_mu_;  // guards the run fields below
  std::condition_variable run_cv_;
  std::vector<std::shared_ptr<RunState>> runs_;  // newest last, at most a few dozen kept
  std::shared_ptr<RunState> current_;            // running or queued
  std::shared_ptr<RunState> pending_;            // asked for while current_ runs
  bool rerun_ = false;                            // pending_ is set
  bool stopping_ = false;
  bool stale_decisions_ = false;  // another server decided: re-read the decisions
  bool stale_state_ = false;      // another server saved a run's state: reload it
  std::thread worker_;

  std::string instance_;  // this server's name in announcements
  // Announcements between servers; opened after the worker starts and
  // destroyed first (its thread calls OnAnnouncement).
  std::unique_ptr<notify::Notifier> notifier_;
  long long subscription_ = 0;
};

namespace handlers {

// resolution_handlers.cc
Result<Reply> StartResolutionRun(Services& s, RequestContext& c);
Result<Reply> ResolutionRunProgress(Services& s, RequestContext& c);
Result<Reply> ReviewQueue(Services& s, RequestContext& c);
Result<Reply> PostDecision(Services& s, RequestContext& c);
Result<Reply> RevokeDecision(Services& s, RequestContext& c);
Result<Reply> ClusterOfRecord(Services& s, RequestContext& c);
Result<Reply> UploadEncodings(Services& s, RequestContext& c);
Result<Reply> ListHits(Services& s, RequestContext& c);
Result<Reply> GrantRelease(Services& s, RequestContext& c);
Result<Reply> AddWatchSelector(Services& s, RequestContext& c);
Result<Reply> ListWatchSelectors(Services& s, RequestContext& c);
Result<Reply> RemoveWatchSelector(Services& s, RequestContext& c);
Result<Reply> ListAlerts(Services& s, RequestContext& c);

}  // namespace handlers
}  // namespace disrupt::server
