// The resolution desk (runs over the catalogue, decisions, watchlists) and
// the handlers of the resolution area: review queue, decisions, clusters,
// encodings and hits, release grants, watchlists and alerts. See
// resolution_handlers.h for the need-to-know rules they apply.
#include "server/resolution_handlers.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "audit/security_db.h"
#include "core/date.h"
#include "core/text.h"
#include "deconflict/match.h"
#include "deconflict/watch_alerts.h"
#include "model/record.h"
#include "server/http_util.h"
#include "server/services.h"

namespace disrupt::server {

using nlohmann::json;
using model::Record;

namespace {

constexpr size_t kScanChunk = 2000;
constexpr size_t kRunsKept = 32;
constexpr const char* kHitMessage = "Another member holds a matching record: contact their focal point.";
constexpr const char* kHiddenAlertMessage =
    "A record matching your selector was recorded; it has not been released to you. Contact the originator's "
    "focal point.";

namespace action {
constexpr const char* kRun = "resolution.run";
constexpr const char* kDecision = "resolution.decision";
constexpr const char* kReview = "resolution.review";
constexpr const char* kUpload = "deconfliction.upload";
constexpr const char* kHits = "deconfliction.hits";
constexpr const char* kWatchlist = "watchlist";
constexpr const char* kAlerts = "watchlist.alerts";
}  // namespace action

// Visits every record of `query` in id order, in chunks, so that nothing
// else is asked of the store while it scans.
Status ScanAll(store::Store& store, store::RecordQuery query, const std::function<void(Record&&)>& visit) {
  query.limit = kScanChunk;
  for (;;) {
    std::vector<Record> batch;
    DISRUPT_RETURN_IF_ERROR(store.Scan(query, [&](Record&& r) {
      batch.push_back(std::move(r));
      return true;
    }));
    if (batch.empty()) return Status::Ok();
    std::string last = batch.back().id;
    size_t n = batch.size();
    for (auto& r : batch) visit(std::move(r));
    if (n < kScanChunk) return Status::Ok();
    query.after_id = std::move(last);
  }
}

// A catalogue Person as entity resolution reads it.
resolve::PersonRecord PersonOf(const Record& r) {
  resolve::PersonRecord p;
  p.id = r.id;
  p.member = r.provenance.originator;
  p.given_name = r.Get("given_name");
  p.family_name = r.Get("family_name");
  p.full_name = r.Get("name");
  p.dob = r.Get("birth_date");
  p.gender = r.Get("gender");
  p.nationality = r.Get("nationality");
  return p;
}

// The ids of the records in a Disrupt JSON Lines upload, in order.
std::vector<std::string> IdsInUpload(const std::string& path) {
  std::vector<std::string> ids;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (Trim(line).empty()) continue;
    auto j = json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("id") && j["id"].is_string()) ids.push_back(j["id"].get<std::string>());
  }
  return ids;
}

}  // namespace

// ---- ResolutionDesk ------------------------------------------------------------

struct ResolutionDesk::RunState {
  std::string id;
  std::string actor;
  std::string member;
  long long started_at = 0;
  // Below: guarded by the desk's run_mu_.
  std::string state = "queued";  // queued, running, done, failed
  std::string phase;             // scanning, resolving, saving
  long long persons_scanned = 0;
  long long new_records = 0;
  long long finished_at = 0;
  std::string failure;
  json stats;
};

ResolutionDesk::ResolutionDesk(std::unique_ptr<deconflict::PortalState> state, store::Store& store, Auditor& auditor,
                               JsonLog& log)
    : state_(std::move(state)), store_(store), auditor_(auditor), log_(log) {
  resolution_ = state_->Resolution();
}

Result<std::unique_ptr<ResolutionDesk>> ResolutionDesk::Open(const std::string& db_path, store::Store& store,
                                                             Auditor& auditor, JsonLog& log) {
  // The tables live beside the catalogue in its database (SQLite file or
  // PostgreSQL), shared by every portal server that serves the catalogue.
  DISRUPT_ASSIGN_OR_RETURN(auto state, deconflict::PortalState::Open(db_path));
  std::unique_ptr<ResolutionDesk> desk(new ResolutionDesk(std::move(state), store, auditor, log));
  resolve::LoadReport loaded;
  DISRUPT_ASSIGN_OR_RETURN(desk->resolver_,
                           resolve::LoadResolver(*desk->resolution_, resolve::ResolverOptions{}, &loaded));
  if (loaded.resolved_again) {
    // Saved by an earlier version of the resolution code: resolved again
    // (decisions replayed) and kept, so that the next start need not.
    DISRUPT_RETURN_IF_ERROR(desk->resolution_->SaveState(*desk->resolver_));
    log.Write(LogLevel::kInfo, "resolution_resolved_again",
              {{"saved_version", loaded.saved_version},
               {"version", resolve::kResolutionVersion},
               {"records", static_cast<long long>(desk->resolver_->records().size())}});
  }
  DISRUPT_ASSIGN_OR_RETURN(auto selectors, desk->state_->Selectors(""));
  for (const auto& s : selectors) {
    // A selector stored by this code was valid when stored; one that no
    // longer reads is skipped, not fatal, and logged by id only.
    if (!desk->watchlist_.Add(s.selector).ok()) {
      log.Write(LogLevel::kWarn, "selector_unreadable", {{"selector", s.selector.id}});
    }
  }
  desk->worker_ = std::thread([d = desk.get()] { d->Worker(); });
  if (audit::IsPostgresLocation(db_path)) {
    // Other servers may share the database: hear their decisions and runs.
    desk->instance_ = NewRequestId().substr(0, 16);
    DISRUPT_ASSIGN_OR_RETURN(desk->notifier_, notify::OpenNotifier(db_path));
    DISRUPT_ASSIGN_OR_RETURN(desk->subscription_,
                             desk->notifier_->Subscribe(notify::kResolutionChannel, [d = desk.get()](
                                                                                        const notify::Notification& n) {
                               d->OnAnnouncement(n);
                             }));
  }
  return desk;
}

ResolutionDesk::~ResolutionDesk() {
  // No announcement may reach a desk going away.
  notifier_.reset();
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Result<std::string> ResolutionDesk::StartRun(const std::string& actor, const std::string& member, bool* joined) {
  std::lock_guard<std::mutex> lock(run_mu_);
  if (stopping_) return Status::Unavailable("the server is shutting down");
  *joined = false;
  if (current_ && current_->state == "queued") {
    *joined = true;
    return current_->id;
  }
  if (pending_) {
    *joined = true;
    return pending_->id;
  }
  auto run = std::make_shared<RunState>();
  run->id = "run-" + NewRequestId().substr(0, 16);
  run->actor = actor;
  run->member = member;
  run->started_at = UnixNow();
  runs_.push_back(run);
  if (runs_.size() > kRunsKept) runs_.erase(runs_.begin());
  if (current_) {
    // One is running: this one follows it (a later request joins this one).
    rerun_ = true;
    pending_ = run;
  } else {
    current_ = run;
  }
  run_cv_.notify_all();
  return run->id;
}

Result<json> ResolutionDesk::Run(const std::string& id) {
  std::lock_guard<std::mutex> lock(run_mu_);
  for (const auto& r : runs_) {
    if (r->id != id) continue;
    json j = {{"id", r->id},
              {"state", r->state},
              {"phase", r->phase},
              {"persons_scanned", r->persons_scanned},
              {"new_records", r->new_records},
              {"started_at", FormatTimestamp(r->started_at)}};
    if (r->finished_at) j["finished_at"] = FormatTimestamp(r->finished_at);
    if (!r->failure.empty()) j["failure"] = r->failure;
    if (!r->stats.is_null()) j["stats"] = r->stats;
    return j;
  }
  return Status::NotFound("no such run", "id");
}

void ResolutionDesk::Worker() {
  std::unique_lock<std::mutex> lock(run_mu_);
  for (;;) {
    run_cv_.wait(lock, [&] { return stopping_ || current_ != nullptr || stale_decisions_ || stale_state_; });
    if (stopping_) return;
    if (stale_decisions_ || stale_state_) {
      bool whole = stale_state_;
      stale_decisions_ = stale_state_ = false;
      lock.unlock();
      Status caught = CatchUp(whole);
      if (!caught.ok()) {
        log_.Write(LogLevel::kError, "resolution_catch_up_failed", {{"error", caught.ToString()}});
      }
      lock.lock();
      continue;
    }
    std::shared_ptr<RunState> run = current_;
    run->state = "running";
    lock.unlock();
    Status st = Execute(*run);
    lock.lock();
    run->state = st.ok() ? "done" : "failed";
    if (!st.ok()) run->failure = st.ToString();
    run->finished_at = UnixNow();
    std::string detail = "new " + std::to_string(run->new_records);
    lock.unlock();
    (void)auditor_.Record(audit::AuditEvent{run->actor, run->member, action::kRun, "run:" + run->id,
                                            st.ok() ? audit::Outcome::kInfo : audit::Outcome::kDeny,
                                            st.ok() ? "done" : "failed", detail});
    log_.Write(st.ok() ? LogLevel::kInfo : LogLevel::kError, "resolution_run",
               {{"run", run->id}, {"state", st.ok() ? "done" : "failed"}, {"new_records", run->new_records}});
    lock.lock();
    current_ = rerun_ ? pending_ : nullptr;
    pending_.reset();
    rerun_ = false;
  }
}

Status ResolutionDesk::Execute(RunState& run) {
  auto set_phase = [&](const char* phase) {
    std::lock_guard<std::mutex> lock(run_mu_);
    run.phase = phase;
  };
  set_phase("scanning");
  std::unordered_set<std::string> known;
  WithResolver([&](resolve::Resolver& r) {
    known.reserve(r.records().size());
    for (const auto& p : r.records()) known.insert(p.id);
    return 0;
  });
  std::vector<resolve::PersonRecord> fresh;
  std::unordered_map<std::string, size_t> fresh_index;
  store::RecordQuery persons;
  persons.kind = model::RecordKind::kEntity;
  persons.types = {"Person"};
  long long scanned = 0;
  DISRUPT_RETURN_IF_ERROR(ScanAll(store_, persons, [&](Record&& r) {
    ++scanned;
    if (known.count(r.id)) return;
    fresh_index.emplace(r.id, fresh.size());
    fresh.push_back(PersonOf(r));
  }));
  // The first document and phone each new person holds.
  if (!fresh.empty()) {
    std::vector<std::pair<size_t, std::string>> held;
    store::RecordQuery holds;
    holds.kind = model::RecordKind::kLink;
    holds.types = {"holds"};
    DISRUPT_RETURN_IF_ERROR(ScanAll(store_, holds, [&](Record&& r) {
      auto it = fresh_index.find(r.source);
      if (it != fresh_index.end()) held.emplace_back(it->second, r.target);
    }));
    for (const auto& [i, target] : held) {
      DISRUPT_ASSIGN_OR_RETURN(auto t, store_.Get(target));
      if (!t) continue;
      resolve::PersonRecord& p = fresh[i];
      if (t->type == "IdentityDocument" && p.passport_no.empty() && !t->Get("number").empty()) {
        p.passport_no = t->Get("issuing_country").empty() ? t->Get("number")
                                                           : t->Get("issuing_country") + ":" + t->Get("number");
      } else if (t->type == "Phone" && p.phone.empty()) {
        p.phone = t->Get("number");
      }
    }
  }
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    run.persons_scanned = scanned;
    run.new_records = static_cast<long long>(fresh.size());
    run.phase = "resolving";
  }
  std::lock_guard<std::mutex> lock(resolver_mu_);
  if (!fresh.empty()) {
    DISRUPT_RETURN_IF_ERROR(resolver_->Add(std::move(fresh)));
    Status ran = resolver_->Run();
    if (!ran.ok()) {
      // Leave the set as it was saved: queued records would otherwise be
      // taken for resolved by the next run.
      DISRUPT_ASSIGN_OR_RETURN(resolver_, resolve::LoadResolver(*resolution_, resolve::ResolverOptions{}));
      return ran;
    }
    set_phase("saving");
    DISRUPT_RETURN_IF_ERROR(resolution_->SaveState(*resolver_));
    Announce("state");
  }
  const resolve::ResolverStats& s = resolver_->stats();
  std::lock_guard<std::mutex> run_lock(run_mu_);
  run.stats = {{"records", s.records},           {"candidate_pairs", s.candidate_pairs},
               {"links", s.links},               {"refused_merges", s.refused_merges},
               {"clusters", s.clusters},         {"review_items", resolver_->review().size()},
               {"skipped_blocks", s.skipped_blocks}};
  return Status::Ok();
}

Status ResolutionDesk::Decide(const resolve::Decision& decision) {
  std::lock_guard<std::mutex> lock(resolver_mu_);
  std::unordered_set<std::string> resolved;
  auto assignments = resolver_->Assignments();
  for (const auto& [id, _] : assignments) resolved.insert(id);
  for (const auto* id : {&decision.a, &decision.b}) {
    if (!resolved.count(*id)) {
      return Status::FailedPrecondition("record " + *id + " has not been resolved yet: start a resolution run",
                                        id == &decision.a ? "a" : "b");
    }
  }
  // Durable first: a decision the analyst was told about is never lost.
  DISRUPT_RETURN_IF_ERROR(resolution_->AppendDecision(decision));
  DISRUPT_RETURN_IF_ERROR(resolver_->Decide(decision));
  Announce("decision");
  return Status::Ok();
}

void ResolutionDesk::Announce(const char* what) {
  if (!notifier_) return;
  if (Status s = notifier_->Publish(notify::kResolutionChannel, instance_ + " " + what); !s.ok()) {
    log_.Write(LogLevel::kWarn, "notify_failed", {{"channel", "resolution"}, {"error", s.ToString()}});
  }
}

void ResolutionDesk::OnAnnouncement(const notify::Notification& n) {
  // Quick and non-blocking (notifier.h): the worker does the reading.
  std::string_view payload = n.payload;
  if (!n.resync && payload.substr(0, payload.find(' ')) == instance_) return;  // our own
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    if (n.resync || payload.ends_with(" state")) {
      stale_state_ = true;
    } else {
      stale_decisions_ = true;
    }
  }
  run_cv_.notify_all();
}

Status ResolutionDesk::CatchUp(bool whole_state) {
  std::unique_ptr<resolve::Resolver> loaded;
  if (whole_state) {
    // Read without holding the resolver: requests go on meanwhile.
    DISRUPT_ASSIGN_OR_RETURN(loaded, resolve::LoadResolver(*resolution_, resolve::ResolverOptions{}));
  }
  std::lock_guard<std::mutex> lock(resolver_mu_);
  // Decisions are read under the resolver's lock: one taken here meanwhile
  // (Decide holds the lock from its append to its use) is in the list.
  DISRUPT_ASSIGN_OR_RETURN(auto decisions, resolution_->Decisions());
  if (loaded) resolver_ = std::move(loaded);
  resolver_->ReplaceDecisions(std::move(decisions));
  return Status::Ok();
}

Status ResolutionDesk::AddSelector(const deconflict::StoredSelector& selector) {
  std::lock_guard<std::mutex> lock(watch_mu_);
  deconflict::Watchlist probe;
  Status valid = probe.Add(selector.selector);
  if (!valid.ok()) return Status::InvalidArgument(valid.message(), "value");
  DISRUPT_RETURN_IF_ERROR(state_->AddSelector(selector));
  return watchlist_.Add(selector.selector);
}

Status ResolutionDesk::RemoveSelector(const std::string& id, const std::string& member) {
  std::lock_guard<std::mutex> lock(watch_mu_);
  DISRUPT_RETURN_IF_ERROR(state_->RemoveSelector(id, member));
  (void)watchlist_.Remove(id);
  return Status::Ok();
}

Result<long long> ResolutionDesk::CheckWatchlists(const std::vector<Record>& records) {
  // Selectors are read again from the database (watch_alerts.h): another
  // portal server sharing it may have registered or removed some since.
  return deconflict::RaiseWatchlistAlerts(*state_, records, UnixNow());
}

void ResolutionDesk::AfterImport(const std::string& upload_path, const std::string& actor, const std::string& member) {
  std::vector<std::string> ids = IdsInUpload(upload_path);
  std::vector<Record> written;
  for (const auto& id : ids) {
    auto r = store_.Get(id);
    if (r.ok() && *r && (*r)->provenance.originator == member) written.push_back(std::move(**r));
    if (written.size() == kScanChunk) {
      auto raised = CheckWatchlists(written);
      if (!raised.ok()) log_.Write(LogLevel::kError, "watchlist_check_failed", {{"error", raised.status().ToString()}});
      written.clear();
    }
  }
  auto raised = CheckWatchlists(written);
  if (!raised.ok()) log_.Write(LogLevel::kError, "watchlist_check_failed", {{"error", raised.status().ToString()}});
  bool joined = false;
  (void)StartRun(actor, member, &joined);
}

// ---- Handlers ----------------------------------------------------------------

namespace handlers {

namespace {

Result<std::shared_ptr<const policy::PolicyContext>> Policy(Services& s) {
  return s.policy.Get(s.monotonic_seconds());
}

policy::Visibility::Lookup Lookup(store::Store& store) {
  return [&store](std::string_view id) -> std::optional<Record> {
    auto r = store.Get(id);
    if (!r.ok()) return std::nullopt;
    return *r;
  };
}

audit::AuditEvent Audit(const RequestContext& c, const char* what, std::string target, audit::Outcome outcome,
                        std::string reason) {
  return audit::AuditEvent{c.caller->actor, c.caller->principal.member, what, std::move(target), outcome,
                           std::move(reason), "request " + c.request_id};
}

Status Must(Status audited) {
  if (!audited.ok()) return Status::Unavailable("the audit log cannot be written; nothing was done unaudited");
  return Status::Ok();
}

bool MayAnalyse(const policy::Principal& p) {
  return p.Has(policy::Role::kAnalyst) || p.Has(policy::Role::kMemberOfficial);
}

Status NeedAnalyst(const RequestContext& c) {
  if (!MayAnalyse(c.caller->principal)) return Status::Forbidden("analysts and member officials only");
  return Status::Ok();
}

ResolutionDesk& Desk(Services& s) { return *s.resolution; }

// Which records the caller may read, each looked up once per request.
class Visible {
 public:
  Visible(Services& s, const RequestContext& c, const policy::PolicyContext& context)
      : store_(s.store), visibility_(c.caller->principal, policy::Operation::kRead, context, Lookup(s.store)) {}
  // The record when it exists and the caller may read it.
  Result<std::optional<Record>> Get(const std::string& id) {
    DISRUPT_ASSIGN_OR_RETURN(auto r, store_.Get(id));
    if (!r || !visibility_.Check(*r)) return std::optional<Record>();
    return r;
  }
  Result<bool> Check(const std::string& id) {
    auto it = known_.find(id);
    if (it != known_.end()) return it->second;
    DISRUPT_ASSIGN_OR_RETURN(auto r, Get(id));
    known_[id] = r.has_value();
    return r.has_value();
  }

 private:
  store::Store& store_;
  policy::Visibility visibility_;
  std::unordered_map<std::string, bool> known_;
};

json ExplanationJson(const resolve::Explanation& e) {
  json fields = json::array();
  for (const auto& f : e.fields) {
    fields.push_back({{"field", resolve::ComparisonName(f.comparison)},
                      {"outcome", f.level == resolve::kMissing ? std::string_view("missing")
                                                               : resolve::LevelName(f.comparison, f.level)},
                      {"weight", f.weight},
                      {"term_frequency_adjusted", f.term_frequency}});
  }
  return {{"prior", e.prior}, {"weight", e.score.weight}, {"probability", e.score.probability}, {"fields", fields}};
}

size_t LimitOf(const RequestContext& c, size_t fallback) {
  long long n = static_cast<long long>(fallback);
  if (!c.Query("limit").empty()) ParseInt64(c.Query("limit"), n);
  return static_cast<size_t>(n);
}

Result<std::string> BodyString(const RequestContext& c, const char* field, bool required, size_t max = 200) {
  if (!c.body.is_object()) return Status::InvalidArgument("expected a JSON object", "body");
  if (!c.body.contains(field) || c.body[field].is_null()) {
    if (required) return Status::InvalidArgument("is required", field);
    return std::string();
  }
  if (!c.body[field].is_string()) return Status::InvalidArgument("must be a string", field);
  std::string v = c.body[field].get<std::string>();
  if (required && Trim(v).empty()) return Status::InvalidArgument("must not be empty", field);
  if (v.size() > max) return Status::InvalidArgument("is too long (at most " + std::to_string(max) + ")", field);
  return v;
}

// The member's name and its focal points (active member officials), for a
// "contact their focal point" answer.
Result<json> FocalPoint(Services& s, const std::string& member) {
  json out = {{"member", member}, {"name", ""}, {"focal_points", json::array()}};
  DISRUPT_ASSIGN_OR_RETURN(auto members, s.store.Members());
  for (const auto& m : members) {
    if (m.code == member) out["name"] = m.name;
  }
  DISRUPT_ASSIGN_OR_RETURN(auto users, s.auth.ListUsers());
  for (const auto& u : users) {
    if (u.member == member && !u.disabled && u.roles.count(policy::Role::kMemberOfficial)) {
      out["focal_points"].push_back({{"user_id", u.id}, {"display_name", u.display_name}, {"agency", u.agency}});
    }
  }
  return out;
}

// Whether two resolved records are in one cluster (false when either is not resolved).
bool SameEntity(ResolutionDesk& desk, const std::string& a, const std::string& b) {
  return desk.WithResolver([&](resolve::Resolver& r) {
    std::string ca, cb;
    for (const auto& [id, cluster] : r.Assignments()) {
      if (id == a) ca = cluster;
      if (id == b) cb = cluster;
    }
    return !ca.empty() && ca == cb;
  });
}

// Both records of a decision, visible to the caller, or 404 naming which.
Status CheckPair(Visible& visible, const std::string& a, const std::string& b) {
  if (a == b) return Status::InvalidArgument("a decision is about two different records", "b");
  for (const auto& [id, field] : {std::pair{&a, "a"}, std::pair{&b, "b"}}) {
    DISRUPT_ASSIGN_OR_RETURN(auto r, visible.Get(*id));
    if (!r || r->type != "Person") return Status::NotFound("no such record", field);
  }
  return Status::Ok();
}

}  // namespace

Result<Reply> StartResolutionRun(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(NeedAnalyst(c));
  bool joined = false;
  DISRUPT_ASSIGN_OR_RETURN(auto id, Desk(s).StartRun(c.caller->actor, c.caller->principal.member, &joined));
  DISRUPT_RETURN_IF_ERROR(
      Must(s.auditor.Record(Audit(c, action::kRun, "run:" + id, audit::Outcome::kInfo, joined ? "joined" : "started"))));
  DISRUPT_ASSIGN_OR_RETURN(auto progress, Desk(s).Run(id));
  Reply reply;
  reply.status = 202;
  reply.body = std::move(progress);
  reply.headers.emplace_back("Location", "/api/v1/resolution/runs/" + id);
  return reply;
}

Result<Reply> ResolutionRunProgress(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto progress, Desk(s).Run(std::string(c.Path("id"))));
  Reply reply;
  reply.body = std::move(progress);
  return reply;
}

Result<Reply> ReviewQueue(Services& s, RequestContext& c) {
  size_t limit = LimitOf(c, 50);
  long long offset = 0;
  if (!c.Query("offset").empty()) ParseInt64(c.Query("offset"), offset);
  auto items = Desk(s).WithResolver([](resolve::Resolver& r) { return r.review(); });
  DISRUPT_ASSIGN_OR_RETURN(auto context, Policy(s));
  Visible visible(s, c, *context);
  json out = json::array();
  size_t i = static_cast<size_t>(std::max<long long>(offset, 0));
  for (; i < items.size() && out.size() < limit; ++i) {
    const auto& item = items[i];
    DISRUPT_ASSIGN_OR_RETURN(bool va, visible.Check(item.a));
    if (!va) continue;
    DISRUPT_ASSIGN_OR_RETURN(bool vb, visible.Check(item.b));
    if (!vb) continue;
    auto explanation = Desk(s).WithResolver([&](resolve::Resolver& r) { return r.Explain(item.a, item.b); });
    json j = {{"a", item.a},
              {"b", item.b},
              {"probability", item.probability},
              {"weight", item.weight},
              {"reason", item.reason}};
    if (explanation.ok()) j["explanation"] = ExplanationJson(*explanation);
    out.push_back(std::move(j));
  }
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(
      Audit(c, action::kReview, "review", audit::Outcome::kInfo, "pairs " + std::to_string(out.size())))));
  Reply reply;
  reply.body = {{"items", std::move(out)}, {"next_offset", i < items.size() ? json(i) : json(nullptr)}};
  return reply;
}

Result<Reply> PostDecision(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(NeedAnalyst(c));
  DISRUPT_ASSIGN_OR_RETURN(auto a, BodyString(c, "a", true));
  DISRUPT_ASSIGN_OR_RETURN(auto b, BodyString(c, "b", true));
  DISRUPT_ASSIGN_OR_RETURN(auto verdict_text, BodyString(c, "decision", true));
  DISRUPT_ASSIGN_OR_RETURN(auto note, BodyString(c, "note", false, 1000));
  if (verdict_text != "same" && verdict_text != "not_same") {
    return Status::InvalidArgument("must be same or not_same (DELETE revokes)", "decision");
  }
  DISRUPT_ASSIGN_OR_RETURN(auto context, Policy(s));
  Visible visible(s, c, *context);
  DISRUPT_RETURN_IF_ERROR(CheckPair(visible, a, b));
  resolve::Decision d;
  d.a = a;
  d.b = b;
  d.verdict = verdict_text == "same" ? resolve::Verdict::kSame : resolve::Verdict::kNotSame;
  d.analyst = c.caller->actor;
  d.at = UnixNow();
  d.note = note;
  DISRUPT_RETURN_IF_ERROR(Must(
      s.auditor.Record(Audit(c, action::kDecision, a + " " + b, audit::Outcome::kInfo, verdict_text))));
  DISRUPT_RETURN_IF_ERROR(Desk(s).Decide(d));
  Reply reply;
  reply.status = 201;
  reply.body = {{"a", a}, {"b", b}, {"decision", verdict_text}, {"same_entity", SameEntity(Desk(s), a, b)}};
  return reply;
}

Result<Reply> RevokeDecision(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(NeedAnalyst(c));
  std::string a(c.Path("a")), b(c.Path("b"));
  DISRUPT_ASSIGN_OR_RETURN(auto context, Policy(s));
  Visible visible(s, c, *context);
  DISRUPT_RETURN_IF_ERROR(CheckPair(visible, a, b));
  // The latest decision on the pair must be a standing one.
  bool standing = Desk(s).WithResolver([&](resolve::Resolver& r) {
    bool on = false;
    for (const auto& d : r.decisions()) {
      if ((d.a == a && d.b == b) || (d.a == b && d.b == a)) on = d.verdict != resolve::Verdict::kRevoked;
    }
    return on;
  });
  if (!standing) return Status::NotFound("no standing decision on these records", "b");
  resolve::Decision d{a, b, resolve::Verdict::kRevoked, c.caller->actor, UnixNow(), ""};
  DISRUPT_RETURN_IF_ERROR(
      Must(s.auditor.Record(Audit(c, action::kDecision, a + " " + b, audit::Outcome::kInfo, "revoked"))));
  DISRUPT_RETURN_IF_ERROR(Desk(s).Decide(d));
  Reply reply;
  reply.body = {{"a", a}, {"b", b}, {"decision", "revoked"}, {"same_entity", SameEntity(Desk(s), a, b)}};
  return reply;
}

Result<Reply> ClusterOfRecord(Services& s, RequestContext& c) {
  std::string id(c.Path("record_id"));
  DISRUPT_ASSIGN_OR_RETURN(auto context, Policy(s));
  Visible visible(s, c, *context);
  DISRUPT_ASSIGN_OR_RETURN(auto record, visible.Get(id));
  if (!record || record->type != "Person") return Status::NotFound("no such record", "record_id");
  struct View {
    std::vector<std::string> members;
    std::vector<resolve::ClusterLink> links;
    std::vector<std::pair<resolve::ClusterLink, resolve::Explanation>> explained;
    bool resolved = false;
  };
  View view = Desk(s).WithResolver([&](resolve::Resolver& r) {
    View v;
    std::string cluster;
    auto assignments = r.Assignments();
    for (const auto& [rid, cid] : assignments) {
      if (rid == id) cluster = cid;
    }
    if (cluster.empty()) return v;
    v.resolved = true;
    for (const auto& [rid, cid] : assignments) {
      if (cid == cluster) v.members.push_back(rid);
    }
    auto it = r.cluster_links().find(cluster);
    if (it != r.cluster_links().end()) v.links = it->second;
    return v;
  });
  if (!view.resolved) view.members = {id};
  json members = json::array();
  std::vector<std::string> shown;
  for (const auto& m : view.members) {
    DISRUPT_ASSIGN_OR_RETURN(bool ok, visible.Check(m));
    if (ok) shown.push_back(m);
  }
  std::map<std::string, json> why;
  for (const auto& m : shown) why[m] = json::array();
  for (const auto& l : view.links) {
    if (!why.count(l.a) || !why.count(l.b)) continue;  // a link to a record the caller may not see says nothing
    json j = {{"probability", l.probability}, {"weight", l.weight}, {"decided_by_analyst", l.decided}};
    auto e = Desk(s).WithResolver([&](resolve::Resolver& r) { return r.Explain(l.a, l.b); });
    if (e.ok()) j["explanation"] = ExplanationJson(*e);
    json ja = j, jb = j;
    ja["with"] = l.b;
    jb["with"] = l.a;
    why[l.a].push_back(std::move(ja));
    why[l.b].push_back(std::move(jb));
  }
  for (const auto& m : shown) members.push_back({{"record_id", m}, {"links", why[m]}});
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(
      Audit(c, action::kReview, id, audit::Outcome::kInfo, "cluster members " + std::to_string(shown.size())))));
  Reply reply;
  reply.body = {{"entity", shown.empty() ? id : shown.front()},
                {"resolved", view.resolved},
                {"members", std::move(members)}};
  return reply;
}

Result<Reply> UploadEncodings(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(NeedAnalyst(c));
  const std::string& member = c.caller->principal.member;
  std::istringstream in(c.request.body);
  auto parsed = deconflict::ReadEncodingFile(in, "body");
  if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message(), parsed.status().field());
  deconflict::EncodingFile file = std::move(*parsed);
  if (!file.member.empty() && file.member != member) {
    return Status::InvalidArgument("the file was encoded for " + file.member + ", not your member " + member,
                                   "body:1:member");
  }
  file.member = member;
  if (file.records.empty()) return Status::InvalidArgument("the file holds no records", "body");
  std::set<std::string> refs;
  for (const auto& r : file.records) {
    if (r.ref.empty() || !refs.insert(r.ref).second) {
      return Status::InvalidArgument("every record needs its own non-empty ref", "body:ref");
    }
  }
  long long now = UnixNow();
  DISRUPT_RETURN_IF_ERROR(s.resolution->state().PutUpload(file, c.caller->actor, now));
  DISRUPT_ASSIGN_OR_RETURN(auto uploads, s.resolution->state().Uploads());
  std::vector<deconflict::Hit> hits;
  long long compared = 0, other_secret = 0;
  deconflict::MatchOptions options;
  for (auto& other : uploads) {
    if (other.member == member) continue;
    if (other.key_id != file.key_id) {
      ++other_secret;
      continue;
    }
    ++compared;
    std::vector<deconflict::EncodingFile> pair;
    pair.push_back(file);
    pair.push_back(std::move(other));
    DISRUPT_ASSIGN_OR_RETURN(auto found, deconflict::MatchEncodings(pair, options));
    hits.insert(hits.end(), found.begin(), found.end());
  }
  DISRUPT_ASSIGN_OR_RETURN(long long added, s.resolution->state().AddHits(hits, now));
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(
      Audit(c, action::kUpload, "encodings:" + member, audit::Outcome::kInfo,
            "records " + std::to_string(file.records.size()) + " new_hits " + std::to_string(added)))));
  Reply reply;
  reply.status = 201;
  reply.body = {{"member", member},
                {"records", file.records.size()},
                {"key_id", file.key_id},
                {"members_compared", compared},
                {"members_with_another_secret", other_secret},
                {"new_hits", added}};
  return reply;
}

Result<Reply> ListHits(Services& s, RequestContext& c) {
  const std::string& member = c.caller->principal.member;
  DISRUPT_ASSIGN_OR_RETURN(auto hits, s.resolution->state().HitsOf(member));
  std::map<std::string, json> contacts;
  json out = json::array();
  for (const auto& h : hits) {
    bool mine_a = h.hit.member_a == member;
    std::string other = mine_a ? h.hit.member_b : h.hit.member_a;
    if (!contacts.count(other)) {
      DISRUPT_ASSIGN_OR_RETURN(contacts[other], FocalPoint(s, other));
    }
    out.push_back({{"id", h.id},
                   {"your_record", mine_a ? h.hit.ref_a : h.hit.ref_b},
                   {"kind", h.hit.kind},
                   {"strength", h.hit.strength},
                   {"other_member", contacts[other]},
                   {"message", kHitMessage},
                   {"created_at", FormatTimestamp(h.created_at)}});
  }
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(
      Audit(c, action::kHits, "hits:" + member, audit::Outcome::kInfo, "hits " + std::to_string(out.size())))));
  Reply reply;
  reply.body = {{"items", std::move(out)}};
  return reply;
}

Result<Reply> GrantRelease(Services& s, RequestContext& c) {
  if (s.releases == nullptr) return Status::Unavailable("the release registry is not open");
  DISRUPT_ASSIGN_OR_RETURN(auto reason, BodyString(c, "reason", true, 1000));
  DISRUPT_ASSIGN_OR_RETURN(auto record_id, BodyString(c, "record_id", false));
  DISRUPT_ASSIGN_OR_RETURN(auto kind_text, BodyString(c, "grantee_kind", false));
  DISRUPT_ASSIGN_OR_RETURN(auto grantee, BodyString(c, "grantee", false));
  policy::GranteeKind kind = policy::GranteeKind::kMember;
  if (c.body.contains("hit_id")) {
    // Release the caller's side of a hit to the other member.
    if (!c.body["hit_id"].is_number_integer()) return Status::InvalidArgument("must be an integer", "hit_id");
    long long hit_id = c.body["hit_id"].get<long long>();
    DISRUPT_ASSIGN_OR_RETURN(auto hits, s.resolution->state().HitsOf(c.caller->principal.member));
    auto it = std::find_if(hits.begin(), hits.end(), [&](const auto& h) { return h.id == hit_id; });
    if (it == hits.end()) return Status::NotFound("no such hit", "hit_id");
    bool mine_a = it->hit.member_a == c.caller->principal.member;
    record_id = mine_a ? it->hit.ref_a : it->hit.ref_b;
    grantee = mine_a ? it->hit.member_b : it->hit.member_a;
  } else {
    if (record_id.empty()) return Status::InvalidArgument("record_id or hit_id is required", "record_id");
    if (grantee.empty()) return Status::InvalidArgument("is required", "grantee");
    if (!kind_text.empty()) {
      DISRUPT_ASSIGN_OR_RETURN(kind, policy::ParseGranteeKind(kind_text));
    }
  }
  DISRUPT_ASSIGN_OR_RETURN(auto context, Policy(s));
  Visible visible(s, c, *context);
  DISRUPT_ASSIGN_OR_RETURN(auto record, visible.Get(record_id));
  if (!record) return Status::NotFound("no such record in the catalogue", "record_id");
  DISRUPT_ASSIGN_OR_RETURN(auto grant, s.releases->GrantDirect(c.caller->principal, record->id,
                                                              record->provenance.originator, kind, grantee, reason));
  s.policy.Invalidate();
  Reply reply;
  reply.status = 201;
  reply.body = {{"id", grant.id},
                {"record_id", grant.record_id},
                {"grantee_kind", policy::ToString(grant.kind)},
                {"grantee", grant.grantee},
                {"granted_by", grant.granted_by},
                {"granted_at", FormatTimestamp(grant.granted_at)}};
  return reply;
}

Result<Reply> AddWatchSelector(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(NeedAnalyst(c));
  DISRUPT_ASSIGN_OR_RETURN(auto kind_text, BodyString(c, "kind", true));
  DISRUPT_ASSIGN_OR_RETURN(auto value, BodyString(c, "value", true, 300));
  DISRUPT_ASSIGN_OR_RETURN(auto country, BodyString(c, "country", false, 3));
  DISRUPT_ASSIGN_OR_RETURN(auto kind, deconflict::ParseSelectorKind(kind_text));
  deconflict::StoredSelector stored;
  stored.selector.id = "W-" + NewRequestId().substr(0, 16);
  stored.selector.member = c.caller->principal.member;
  stored.selector.kind = kind;
  stored.selector.value = value;
  stored.selector.country = country;
  stored.created_by = c.caller->actor;
  stored.created_at = UnixNow();
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(
      Audit(c, action::kWatchlist, stored.selector.id, audit::Outcome::kInfo, "added " + kind_text))));
  DISRUPT_RETURN_IF_ERROR(s.resolution->AddSelector(stored));
  Reply reply;
  reply.status = 201;
  reply.body = {{"id", stored.selector.id}, {"kind", kind_text}, {"value", value}, {"country", country}};
  reply.headers.emplace_back("Location", "/api/v1/watchlists/" + stored.selector.id);
  return reply;
}

Result<Reply> ListWatchSelectors(Services& s, RequestContext& c) {
  DISRUPT_ASSIGN_OR_RETURN(auto selectors, s.resolution->state().Selectors(c.caller->principal.member));
  json out = json::array();
  for (const auto& st : selectors) {
    out.push_back({{"id", st.selector.id},
                   {"kind", deconflict::ToString(st.selector.kind)},
                   {"value", st.selector.value},
                   {"country", st.selector.country},
                   {"created_by", st.created_by},
                   {"created_at", FormatTimestamp(st.created_at)}});
  }
  Reply reply;
  reply.body = {{"items", std::move(out)}};
  return reply;
}

Result<Reply> RemoveWatchSelector(Services& s, RequestContext& c) {
  DISRUPT_RETURN_IF_ERROR(NeedAnalyst(c));
  std::string id(c.Path("id"));
  DISRUPT_RETURN_IF_ERROR(s.resolution->RemoveSelector(id, c.caller->principal.member));
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(Audit(c, action::kWatchlist, id, audit::Outcome::kInfo, "removed"))));
  Reply reply;
  reply.status = 204;
  return reply;
}

Result<Reply> ListAlerts(Services& s, RequestContext& c) {
  size_t limit = LimitOf(c, 100);
  DISRUPT_ASSIGN_OR_RETURN(auto alerts, s.resolution->state().AlertsOf(c.caller->principal.member));
  DISRUPT_ASSIGN_OR_RETURN(auto context, Policy(s));
  Visible visible(s, c, *context);
  std::map<std::string, json> contacts;
  std::vector<audit::AuditEvent> reads;
  json out = json::array();
  for (const auto& a : alerts) {
    if (out.size() == limit) break;
    DISRUPT_ASSIGN_OR_RETURN(auto stored, s.store.Get(a.alert.record_ref));
    if (!stored) continue;  // deleted since: nothing to follow up
    DISRUPT_ASSIGN_OR_RETURN(auto record, visible.Get(a.alert.record_ref));
    json j = {{"id", a.id},
              {"selector_id", a.alert.selector_id},
              {"kind", deconflict::ToString(a.alert.kind)},
              {"strength", a.alert.strength},
              {"created_at", FormatTimestamp(a.created_at)}};
    if (record) {
      j["record"] = {{"id", record->id}, {"type", record->type}, {"label", record->Label()},
                     {"originator", record->provenance.originator}};
      reads.push_back(Audit(c, audit::action::kRead, record->id, audit::Outcome::kAllow, "allowed"));
    } else {
      const std::string& originator = stored->provenance.originator;
      if (!contacts.count(originator)) {
        DISRUPT_ASSIGN_OR_RETURN(contacts[originator], FocalPoint(s, originator));
      }
      j["record"] = nullptr;
      j["contact"] = contacts[originator];
      j["message"] = kHiddenAlertMessage;
    }
    out.push_back(std::move(j));
  }
  reads.push_back(Audit(c, action::kAlerts, "alerts:" + c.caller->principal.member, audit::Outcome::kInfo,
                        "alerts " + std::to_string(out.size())));
  DISRUPT_RETURN_IF_ERROR(Must(s.auditor.Record(std::move(reads))));
  Reply reply;
  reply.body = {{"items", std::move(out)}};
  return reply;
}

}  // namespace handlers
}  // namespace disrupt::server
