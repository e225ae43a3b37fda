// Services: what the portal's handlers work with, built once by the server
// and shared by every request (store, security subsystems, metrics, log,
// configuration), and the authenticated Caller of one request.
//
// Thread safety: every member is safe to use from several request threads at
// once (the store, audit log and authenticator serialise internally; Metrics,
// JsonLog, PolicyCache and Auditor lock).
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "audit/audit_log.h"
#include "auth/auth.h"
#include "policy/policy.h"
#include "policy/release.h"
#include "server/auditor.h"
#include "server/config.h"
#include "server/json_log.h"
#include "server/metrics.h"
#include "server/static_files.h"
#include "store/store.h"

namespace disrupt::notify {
class Notifier;
}
namespace disrupt::governance {
class Registry;
}

namespace disrupt::server {

class ImportJobs;
class MemberDirectory;
class ResolutionDesk;

// Who is calling, once authenticated.
struct Caller {
  policy::Principal principal;
  std::string actor;  // as written in the audit log: the user id, or "token:<user>"
  bool via_token = false;
  std::string session_token;  // sessions only: the cookie's value (never logged)
};

// The PolicyContext (release grants, agreements, today) shared by requests,
// reloaded from the release registry at most every `refresh_seconds`: a new
// grant or a revocation takes effect within that time.
class PolicyCache {
 public:
  PolicyCache(policy::ReleaseRegistry* registry, double refresh_seconds)
      : registry_(registry), refresh_seconds_(refresh_seconds) {}
  // The current context; kUnavailable when the registry cannot be read.
  Result<std::shared_ptr<const policy::PolicyContext>> Get(double now_seconds);
  // Forces a reload on the next Get (after a grant made through this server).
  void Invalidate();

 private:
  policy::ReleaseRegistry* registry_;
  double refresh_seconds_;
  std::mutex mu_;
  std::shared_ptr<const policy::PolicyContext> context_;
  double loaded_at_ = -1e18;
};

struct Services {
  Config config;
  JsonLog& log;
  Metrics& metrics;
  store::Store& store;
  StaticFiles static_files;
  auth::Authenticator& auth;
  Auditor& auditor;
  PolicyCache& policy;
  ImportJobs* imports = nullptr;  // owned by the server
  // Monotonic seconds, for rate limits and job timing.
  double (*monotonic_seconds)() = nullptr;
  policy::ReleaseRegistry* releases = nullptr;  // owned by the server
  // Events to every server sharing the database (notify/notifier.h): e.g.
  // Publish("alerts", alert_id) after an alert is committed, and Subscribe
  // in the area's set-up to push it to the users connected here. Owned by
  // the server.
  notify::Notifier* notifier = nullptr;
  // Resolution, deconfliction and watchlists (resolution_handlers.h); owned by the server.
  ResolutionDesk* resolution = nullptr;
  // Members and the groups they form, reloaded when an administrator changes one; owned by the server.
  MemberDirectory* members = nullptr;
  // Meetings, actions and agencies (governance/governance.h); owned by the server.
  governance::Registry* governance = nullptr;
};

}  // namespace disrupt::server
