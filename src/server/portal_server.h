// PortalServer: the members' portal HTTP(S) server.
//
// Every request passes through one ordered chain (PortalServer::Handle):
//   1. identify   request id (ours, or a trusted load balancer's), client address
//   2. route      match the route table (route.h): 404, or 405 with Allow
//   3. validate   path and query: UTF-8, lengths, known parameters, types
//   4. authenticate  session cookie or API token (routes other than kPublic): 401
//   5. authorize  route access and token scope; CSRF on state-changing
//                 requests made with a session cookie: 403
//   6. limit      per-client token bucket: 429 with Retry-After
//   7. body       media type (415), size (413), UTF-8, JSON depth and syntax (400)
//   8. handle     the route's handler (record-level need-to-know is decided
//                 there, through policy/, for every record it touches)
//   9. audit      reads, writes, exports and denials (by the handlers, via audit/)
//  10. answer     the error shape for failures, security headers on every
//                 answer, metrics and one access-log line
// Bodies larger than the route allows are refused before they are read,
// from Content-Length (step 7 happens early for size). Anything thrown by a
// handler is caught at the top, logged with the request id and answered
// with a bare 500.
//
// Life cycle: Create() (opens nothing itself: the store is passed in),
// Bind() (listens; returns the port, useful with port 0), Run() (serves
// until Stop()), Stop() (async: stops accepting; Run() returns once requests
// in flight have been answered). Stop() is safe from any thread but not from
// a signal handler: the CLI waits for signals on a thread of its own.
//
// Threads: Config::threads workers serve requests as they arrive, whatever
// the number of open connections (server/http_transport.h).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "audit/audit_log.h"
#include "auth/auth.h"
#include "core/status.h"
#include "crypto/field_cipher.h"
#include "policy/release.h"
#include "server/auditor.h"
#include "server/config.h"
#include "server/http_transport.h"
#include "server/import_jobs.h"
#include "server/json_log.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"
#include "server/route.h"
#include "server/services.h"
#include "store/store.h"

namespace disrupt::server {

class PortalServer {
 public:
  // Takes ownership of the store; `log` must outlive the server. Opens the
  // security subsystems (audit log, users and sessions, release registry) in
  // the same database. kInvalidArgument for an invalid configuration;
  // kFailedPrecondition when the TLS certificate or a key cannot be loaded;
  // kUnavailable when the database cannot be opened.
  static Result<std::unique_ptr<PortalServer>> Create(Config config, std::unique_ptr<store::Store> store, JsonLog& log);
  ~PortalServer();
  PortalServer(const PortalServer&) = delete;
  PortalServer& operator=(const PortalServer&) = delete;

  // Binds the listening socket and, when configured, writes the port file.
  // Returns the bound port. kUnavailable when the address cannot be bound.
  Result<int> Bind();
  // Serves until Stop(); returns once every request in flight is answered.
  Status Run();
  // Stops accepting connections; idempotent.
  void Stop();

  // The whole chain for one request, without a socket (tests, fuzzing).
  void Handle(const httplib::Request& request, httplib::Response& response);

  Metrics& metrics() { return metrics_; }
  const Config& config() const { return services_.config; }

 private:
  struct Security;
  PortalServer(Config config, std::unique_ptr<store::Store> store, JsonLog& log, std::unique_ptr<Security> security);
  Status Configure();
  // Step 4-5: the caller behind the cookie or token, route access, token scope, CSRF.
  Status Authenticate(const RouteSpec& route, RequestContext& context, Caller& caller);
  // Authenticate, with what a failure costs: it counts against the client's
  // address (429 with Retry-After in `reply` beyond the limit) and a
  // forbidden route is counted as a denial. Used by the chain and, for
  // requests with a body, before the body is read (RefuseEarly).
  Status AdmitCaller(const RouteSpec& route, RequestContext& context, Caller& caller, Reply& reply);
  // The per-client limit: this server's buckets, then (several servers on
  // PostgreSQL) the shared ones. False with `retry_after` set when over it.
  bool AllowClient(const std::string& key, int* retry_after);
  // Steps 2-8 of the chain; fills `reply` or returns the failure.
  Status RunChain(RequestContext& context, Caller& caller, const RouteSpec** route, Reply& reply);
  Status ValidateQuery(const RouteSpec& route, RequestContext& context) const;
  Status ReadBody(const RouteSpec& route, RequestContext& context) const;
  bool ServeStatic(const httplib::Request& request, Reply& reply) const;
  // Refusals decided before the body is read (size, encoding).
  bool RefuseEarly(const httplib::Request& request, httplib::Response& response);
  void Finish(const httplib::Request& request, httplib::Response& response, const std::string& request_id,
              std::string_view route_label, double seconds, std::string_view actor);
  std::string ClientAddress(const httplib::Request& request) const;

  Metrics metrics_;
  std::unique_ptr<store::Store> store_;
  JsonLog& log_;
  std::unique_ptr<Security> security_;
  Services services_;
  RateLimiter limiter_;
  std::unique_ptr<HttpTransport> http_;
  std::atomic<bool> stopping_{false};
  int port_ = -1;
};

// Adds the security headers every answer carries (CSP, frame denial,
// nosniff, no referrer, HSTS when `tls`), without duplicating any.
void ApplySecurityHeaders(httplib::Response& response, bool tls);

}  // namespace disrupt::server
