// The portal server's request chain and life cycle; see portal_server.h.
#include "server/portal_server.h"

#include <httplib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>

#include <sys/socket.h>
#include <unistd.h>

#include "core/text.h"
#include "crypto/keys.h"
#include "auth/revocation_store.h"
#include "governance/governance.h"
#include "notify/notifier.h"
#include "server/handlers.h"
#include "server/http_transport.h"
#include "server/http_util.h"
#include "server/member_directory.h"
#include "server/resolution_handlers.h"
#include "server/shared_rate_limiter.h"
#include "server/session_cache.h"
#include "server/timed_store.h"
#include "server/wal_checkpointer.h"

namespace disrupt::server {

namespace {

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A metric label for the method: one of the known few, so clients cannot add series.
std::string_view MethodLabel(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return m;
  }
  return "other";
}

void SetHeaderOnce(httplib::Response& res, const char* name, std::string_view value) {
  if (!res.has_header(name)) res.set_header(name, std::string(value));
}

std::string_view ParamTypeName(ParamType t) {
  switch (t) {
    case ParamType::kString: return "string";
    case ParamType::kInteger: return "integer";
    case ParamType::kBoolean: return "boolean";
    case ParamType::kDate: return "date";
  }
  return "string";
}

// Path segments and parameter values: non-empty, bounded, valid UTF-8, no
// control characters.
Status CheckText(std::string_view value, size_t max_bytes, const std::string& field) {
  if (value.size() > max_bytes) {
    return Status::InvalidArgument("longer than " + std::to_string(max_bytes) + " bytes", field);
  }
  if (!IsValidUtf8(value)) return Status::InvalidArgument("not valid UTF-8", field);
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Status::InvalidArgument("contains a control character", field);
    }
  }
  return Status::Ok();
}

// Whether the request announces a body (or its encoding): what RefuseEarly judges.
bool HasBodyHeaders(const httplib::Request& req) {
  return req.has_header("Content-Length") || req.has_header("Transfer-Encoding") ||
         req.has_header("Content-Encoding");
}

}  // namespace

void ApplySecurityHeaders(httplib::Response& res, bool tls) {
  SetHeaderOnce(res, "Content-Security-Policy", kContentSecurityPolicy);
  SetHeaderOnce(res, "X-Frame-Options", "DENY");
  SetHeaderOnce(res, "X-Content-Type-Options", "nosniff");
  SetHeaderOnce(res, "Referrer-Policy", "no-referrer");
  SetHeaderOnce(res, "Cross-Origin-Opener-Policy", "same-origin");
  SetHeaderOnce(res, "Cross-Origin-Resource-Policy", "same-origin");
  SetHeaderOnce(res, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  if (tls) SetHeaderOnce(res, "Strict-Transport-Security", "max-age=63072000; includeSubDomains");
}

// The security subsystems, opened on the catalogue's database file, in the
// order they depend on each other (and destroyed in reverse).
struct PortalServer::Security {
  std::unique_ptr<audit::AuditLog> audit_log;
  std::unique_ptr<crypto::FieldCipher> cipher;
  std::unique_ptr<auth::SqliteAuthStore> auth_store;
  // Over auth_store: announces revocations to `sessions` and the notifier.
  std::unique_ptr<auth::RevocationStore> revocations;
  std::unique_ptr<MemberDirectory> groups;
  std::unique_ptr<governance::Registry> governance;
  // Several servers on one PostgreSQL database: the per-client limit they enforce together.
  std::unique_ptr<SharedRateLimiter> shared_limiter;
  // SQLite: the write-ahead log's checkpoints, off the audit writer's commits.
  std::unique_ptr<WalCheckpointer> checkpointer;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<policy::ReleaseRegistry> releases;
  std::unique_ptr<Auditor> auditor;
  std::unique_ptr<PolicyCache> policy;
  std::unique_ptr<ResolutionDesk> resolution;
  std::unique_ptr<ImportJobs> imports;  // set once Services exist
  std::unique_ptr<SessionCache> sessions;  // null when the cache is off
  // Last, so that it goes first: its listener thread calls into `policy`.
  std::unique_ptr<notify::Notifier> notifier;
};

namespace {

// "serve@<host name>:<port>", stable across restarts; a server on port 0 (a
// test) has its process id instead.
std::string DefaultAuditChain(int port) {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "localhost");
  std::string chain = std::string("serve@") + host;
  chain += port != 0 ? ":" + std::to_string(port) : ":pid" + std::to_string(getpid());
  // Chain names are at most 64 bytes: keep the end, which tells servers apart.
  if (chain.size() > 64) chain.erase(0, chain.size() - 64);
  return chain;
}

Result<crypto::SecretKey> LoadConfiguredKey(const crypto::KeySource& source, const char* field) {
  auto key = crypto::LoadKey(source);
  if (!key.ok()) {
    const Status& e = key.status();
    return Status::FailedPrecondition(std::string("cannot load the key (") + field + " or " + source.env_var +
                                      "): " + e.message());
  }
  return key;
}

}  // namespace

PortalServer::PortalServer(Config config, std::unique_ptr<store::Store> store, JsonLog& log,
                           std::unique_ptr<Security> security)
    : store_(std::make_unique<TimedStore>(std::move(store), metrics_)),
      log_(log),
      security_(std::move(security)),
      services_{config,
                log,
                metrics_,
                *store_,
                StaticFiles(config.web_root),
                *security_->authenticator,
                *security_->auditor,
                *security_->policy,
                nullptr,
                &MonotonicSeconds},
      limiter_(config.rate_limit_per_second, config.rate_limit_burst) {
  // Imports write through the timed store, which exists only now.
  security_->imports = std::make_unique<ImportJobs>(services_.config, *store_, *security_->auditor, metrics_, log_);
  services_.imports = security_->imports.get();
  services_.releases = security_->releases.get();
  services_.notifier = security_->notifier.get();
  services_.resolution = security_->resolution.get();
  services_.members = security_->groups.get();
  services_.governance = security_->governance.get();
  ResolutionDesk* desk = security_->resolution.get();
  security_->imports->SetAfterImport([desk](const std::string& path, const std::string& actor,
                                            const std::string& member) { desk->AfterImport(path, actor, member); });
}

PortalServer::~PortalServer() {
  // Imports write to the store: finish them before anything they use goes.
  if (security_) security_->imports.reset();
}

Result<std::unique_ptr<PortalServer>> PortalServer::Create(Config config, std::unique_ptr<store::Store> store,
                                                           JsonLog& log) {
  DISRUPT_RETURN_IF_ERROR(ValidateConfig(config));
  if (!store) return Status::InvalidArgument("a store is required", "store");
  DISRUPT_ASSIGN_OR_RETURN(std::string db_path, audit::PathFromStoreUri(config.store));
  auto security = std::make_unique<Security>();
  DISRUPT_ASSIGN_OR_RETURN(auto audit_key,
                           LoadConfiguredKey(crypto::AuditKeySource(config.audit_key_file), "audit_key_file"));
  DISRUPT_ASSIGN_OR_RETURN(auto field_key,
                           LoadConfiguredKey(crypto::FieldKeySource(config.field_key_file), "field_key_file"));
  audit::AuditOptions audit_options;
  audit_options.signing_seed = audit_key;
  audit_options.chain = config.audit_chain.empty() ? DefaultAuditChain(config.port) : config.audit_chain;
  const bool sqlite = !audit::IsPostgresLocation(db_path);
  // Every audited read waits for the audit writer's commit: no checkpoint inside it.
  audit_options.no_automatic_checkpoint = sqlite;
  DISRUPT_ASSIGN_OR_RETURN(security->audit_log, audit::AuditLog::Open(db_path, audit_options));
  if (sqlite) {
    DISRUPT_ASSIGN_OR_RETURN(security->checkpointer, WalCheckpointer::Start(db_path, 1.0, log));
  }
  security->cipher = std::make_unique<crypto::FieldCipher>(field_key);
  DISRUPT_ASSIGN_OR_RETURN(security->auth_store, auth::SqliteAuthStore::Open(db_path));
  DISRUPT_ASSIGN_OR_RETURN(security->groups, MemberDirectory::Open(*store));
  DISRUPT_ASSIGN_OR_RETURN(security->governance, governance::Registry::Open(db_path));
  if (audit::IsPostgresLocation(db_path)) {
    DISRUPT_ASSIGN_OR_RETURN(security->shared_limiter, SharedRateLimiter::Open(db_path, config.rate_limit_per_second,
                                                                               config.rate_limit_burst));
  }
  auth::AuthOptions auth_options;
  auth_options.limits.session_idle_seconds = config.session_idle_minutes * 60LL;
  auth_options.limits.session_absolute_seconds = config.session_absolute_hours * 3600LL;
  auth_options.limits.session_touch_seconds = config.session_touch_seconds;
  auth_options.cipher = security->cipher.get();
  auth_options.audit = security->audit_log.get();
  const MemberDirectory* groups = security->groups.get();
  auth_options.resolve_groups = [groups](const std::string& member) { return groups->GroupsOf(member); };
  // Every write that ends a session or changes its user drops the cached
  // sessions here at once, then on every other server through the notifier.
  Security* sec = security.get();
  security->revocations = std::make_unique<auth::RevocationStore>(
      *security->auth_store, [sec, &log](const auth::Revocation& revocation) {
        if (sec->sessions) sec->sessions->Revoke(revocation);
        if (sec->notifier) {
          if (Status s = sec->notifier->Publish(SessionCache::kChannel, SessionCache::Payload(revocation)); !s.ok()) {
            log.Write(LogLevel::kWarn, "notify_failed",
                      {{"channel", SessionCache::kChannel}, {"error", s.ToString()}});
          }
        }
      });
  security->authenticator = std::make_unique<auth::Authenticator>(*security->revocations, auth_options);
  if (config.session_cache) {
    SessionCache::Options cache_options;
    cache_options.touch_seconds = auth_options.limits.session_touch_seconds;
    cache_options.idle_seconds = auth_options.limits.session_idle_seconds;
    security->sessions = std::make_unique<SessionCache>(*security->authenticator, cache_options);
  }
  DISRUPT_ASSIGN_OR_RETURN(security->releases,
                           policy::ReleaseRegistry::Open(db_path, security->audit_log.get()));
  AuditorOptions auditor_options;
  auditor_options.gather_micros = config.audit_gather_micros;
  // Each request waits for its own entries' commit: no more than `threads` can be waiting.
  auditor_options.gather_events = static_cast<size_t>(config.threads);
  security->auditor = std::make_unique<Auditor>(*security->audit_log, auditor_options);
  security->policy = std::make_unique<PolicyCache>(security->releases.get(), config.policy_refresh_seconds);
  // Several servers on one PostgreSQL database (docs/deployment.md): a grant,
  // revocation or agreement made through any of them reloads every server's
  // policy cache at once, through the notification channel.
  DISRUPT_ASSIGN_OR_RETURN(security->notifier, notify::OpenNotifier(config.store));
  PolicyCache* policy_cache = security->policy.get();
  DISRUPT_RETURN_IF_ERROR(
      security->notifier->Subscribe("policy", [policy_cache](const notify::Notification&) { policy_cache->Invalidate(); })
          .status());
  // A member added or changed on any server: the groups the policy releases to follow.
  MemberDirectory* directory = security->groups.get();
  DISRUPT_RETURN_IF_ERROR(security->notifier
                              ->Subscribe(kMembersChannel,
                                          [directory, sec, &log](const notify::Notification&) {
                                            if (Status s = directory->Reload(); !s.ok()) {
                                              log.Write(LogLevel::kWarn, "members_reload_failed",
                                                        {{"error", s.ToString()}});
                                            }
                                            // Cached sessions hold their principal's groups.
                                            if (sec->sessions) sec->sessions->Revoke(auth::Revocation{});
                                          })
                              .status());
  if (SessionCache* sessions = security->sessions.get()) {
    DISRUPT_RETURN_IF_ERROR(security->notifier
                                ->Subscribe(SessionCache::kChannel,
                                            [sessions](const notify::Notification& n) { sessions->ApplyNotification(n); })
                                .status());
  }
  notify::Notifier* notifier = security->notifier.get();
  security->releases->OnPolicyChange([notifier, policy_cache, &log] {
    policy_cache->Invalidate();
    // Without the announcement the other servers reload within policy_refresh_seconds.
    if (Status s = notifier->Publish("policy", ""); !s.ok()) {
      log.Write(LogLevel::kWarn, "notify_failed", {{"channel", "policy"}, {"error", s.ToString()}});
    }
  });
  DISRUPT_ASSIGN_OR_RETURN(security->resolution, ResolutionDesk::Open(db_path, *store, *security->auditor, log));
  std::unique_ptr<PortalServer> server(
      new PortalServer(std::move(config), std::move(store), log, std::move(security)));
  DISRUPT_RETURN_IF_ERROR(server->Configure());
  return server;
}

Status PortalServer::Configure() {
  const Config& c = services_.config;
  if (!c.web_root.empty() && !services_.static_files.enabled()) {
    return Status::InvalidArgument("not a readable directory: " + c.web_root, "web_root");
  }
  TransportOptions t;
  t.threads = c.threads;
  t.max_connections = c.max_connections;
  t.read_timeout_ms = c.read_timeout_ms;
  t.write_timeout_ms = c.write_timeout_ms;
  t.idle_timeout_ms = c.idle_timeout_ms;
  t.keep_alive_max_requests = c.keep_alive_max_requests;
  t.max_body_bytes = static_cast<size_t>(std::max(c.max_body_bytes, c.max_import_bytes));
  t.tls_cert = c.tls_cert;
  t.tls_key = c.tls_key;
  HttpTransport::Handlers h;
  h.before_body = [this](const httplib::Request& req, httplib::Response& res) { return RefuseEarly(req, res); };
  h.handle = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
  // Requests the HTTP layer refuses itself (malformed, head or body too
  // large, unknown transfer coding): the one error shape.
  h.error = [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(ErrorBodyForHttpStatus(res.status), "application/json");
    ApplySecurityHeaders(res, services_.config.tls());
    SetHeaderOnce(res, "Cache-Control", "no-store");
    metrics_.CountRequest("(http)", MethodLabel(req.method), res.status, 0);
    if (services_.config.access_log) {
      log_.Write(LogLevel::kInfo, "request", {{"route", "(http)"}, {"status", res.status}});
    }
  };
  h.on_exception = [this] { log_.Write(LogLevel::kError, "unhandled_exception", {{"where", "http"}}); };
  DISRUPT_ASSIGN_OR_RETURN(http_, HttpTransport::Create(std::move(t), std::move(h)));
  HttpTransport* transport = http_.get();
  metrics_.SetOpenConnections([transport] { return static_cast<long long>(transport->open_connections()); });
  return Status::Ok();
}

Result<int> PortalServer::Bind() {
  const Config& c = services_.config;
  DISRUPT_ASSIGN_OR_RETURN(int port, http_->Bind(c.listen_address, c.port));
  port_ = port;
  if (!c.port_file.empty()) {
    // Written whole to a temporary name, then renamed: a reader never sees half a number.
    std::string tmp = c.port_file + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << port << "\n";
      if (!out) return Status::Unavailable("cannot write the port file " + c.port_file);
    }
    if (std::rename(tmp.c_str(), c.port_file.c_str()) != 0) {
      return Status::Unavailable("cannot write the port file " + c.port_file);
    }
  }
  log_.Write(LogLevel::kInfo, "listening",
             {{"address", c.listen_address}, {"port", port}, {"tls", c.tls()}, {"threads", c.threads}});
  return port;
}

Status PortalServer::Run() {
  if (port_ < 0) return Status::FailedPrecondition("Bind() first");
  // Returns once Stop() has closed the listening socket and every connection.
  Status served = http_->Run();
  log_.Write(LogLevel::kInfo, "stopped", {{"in_flight", metrics_.in_flight()}});
  return served;
}

void PortalServer::Stop() {
  if (stopping_.exchange(true)) return;
  log_.Write(LogLevel::kInfo, "shutting_down", {{"in_flight", metrics_.in_flight()}});
  http_->Stop();
}

std::string PortalServer::ClientAddress(const httplib::Request& req) const {
  if (services_.config.trust_proxy) {
    // The load balancer appends the address it saw last; earlier entries are the client's claims.
    std::string xff = req.get_header_value("X-Forwarded-For");
    if (!xff.empty()) {
      auto parts = SplitTrimmed(xff, ',');
      if (!parts.empty() && parts.back().size() <= 64 && IsValidUtf8(parts.back())) return parts.back();
    }
  }
  return req.remote_addr;
}

bool PortalServer::RefuseEarly(const httplib::Request& req, httplib::Response& res) {
  // Nothing to refuse before the body when there is none (no route lookup).
  if (!HasBodyHeaders(req)) return false;
  const Config& c = services_.config;
  std::map<std::string, std::string, std::less<>> params;
  bool exists = false;
  std::string allowed;
  const RouteSpec* route = MatchRoute(req.method == "HEAD" ? "GET" : req.method, req.path, params, &exists, &allowed);
  long long limit = route != nullptr && route->body == BodyKind::kJsonLines ? c.max_import_bytes : c.max_body_bytes;
  Status refusal;
  int http_status = 0;
  if (req.has_header("Content-Encoding")) {
    refusal = Status::InvalidArgument("compressed request bodies are not accepted", "Content-Encoding");
    http_status = 415;
  } else if (req.has_header("Transfer-Encoding") && !req.has_header("Content-Length") &&
             (route == nullptr || route->body != BodyKind::kJsonLines)) {
    refusal = Status::InvalidArgument("a Content-Length is required", "Content-Length");
    http_status = 411;
  } else if (req.has_header("Content-Length")) {
    long long length = 0;
    if (!ParseInt64(req.get_header_value("Content-Length"), length) || length < 0) {
      refusal = Status::InvalidArgument("not a valid length", "Content-Length");
      http_status = 400;
    } else if (length > limit) {
      refusal = Status::ResourceExhausted("request body larger than " + std::to_string(limit) + " bytes", "body");
      http_status = 413;
    }
  }
  if (http_status == 0 && route != nullptr && route->access != Access::kPublic) {
    // Who is calling is known from the head: a body is read only for a
    // caller who may send it, so that nobody unauthenticated can make the
    // server hold megabytes per connection.
    RequestContext context{req};
    context.client_address = ClientAddress(req);
    Caller caller;
    Reply reply;
    if (Status auth = AdmitCaller(*route, context, caller, reply); !auth.ok()) {
      refusal = auth;
      http_status = ToHttpStatus(auth.code());
      for (auto& [name, value] : reply.headers) res.set_header(name, value);
    }
  }
  if (http_status == 0) return false;
  std::string request_id = NewRequestId();
  res.status = http_status;
  res.set_content(ErrorBody(refusal), "application/json");
  // The body was not read: the connection cannot carry another request.
  res.set_header("Connection", "close");
  res.set_header("X-Request-Id", request_id);
  ApplySecurityHeaders(res, c.tls());
  SetHeaderOnce(res, "Cache-Control", "no-store");
  Finish(req, res, request_id, route != nullptr ? route->pattern : std::string_view("(unmatched)"), 0, "");
  return true;
}

void PortalServer::Handle(const httplib::Request& req, httplib::Response& res) {
  double start = MonotonicSeconds();
  metrics_.RequestStarted();
  RequestContext context{req};
  std::string incoming = services_.config.trust_proxy ? req.get_header_value("X-Request-Id") : std::string();
  context.request_id = IsAcceptableRequestId(incoming) ? incoming : NewRequestId();
  context.client_address = ClientAddress(req);
  const RouteSpec* route = nullptr;
  Caller caller;
  Reply reply;
  Status status;
  try {
    status = RunChain(context, caller, &route, reply);
  } catch (const std::exception&) {
    // Never the exception's text: it may hold record contents.
    log_.Write(LogLevel::kError, "unhandled_exception",
               {{"request_id", context.request_id}, {"route", route ? route->pattern : "(unmatched)"}});
    status = Status::Internal("internal error");
  } catch (...) {
    log_.Write(LogLevel::kError, "unhandled_exception", {{"request_id", context.request_id}});
    status = Status::Internal("internal error");
  }
  const bool tls = services_.config.tls();
  if (!status.ok()) {
    res.status = reply.error_status != 0 ? reply.error_status : ToHttpStatus(status.code());
    if (status.code() == StatusCode::kInternal || status.code() == StatusCode::kDataLoss) {
      // Details stay in the log; the client learns only that it failed.
      log_.Write(LogLevel::kError, "internal_error",
                 {{"request_id", context.request_id}, {"code", StatusCodeName(status.code())}});
      status = Status::Internal("internal error; quote request id " + context.request_id);
    }
    res.set_content(ErrorBody(status), "application/json");
    for (auto& [name, value] : reply.headers) res.set_header(name, value);
  } else {
    res.status = reply.status;
    for (auto& [name, value] : reply.headers) res.set_header(name, value);
    if (!reply.raw_content_type.empty()) {
      res.set_content(std::move(reply.raw), reply.raw_content_type);
    } else if (reply.status != 204) {
      res.set_content(reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      reply.sensitive ? "application/json; charset=utf-8" : "application/json");
    }
  }
  res.set_header("X-Request-Id", context.request_id);
  ApplySecurityHeaders(res, tls);
  bool is_static = route == nullptr && status.ok();
  SetHeaderOnce(res, "Cache-Control", is_static ? "no-cache" : "no-store");
  std::string_view label = route != nullptr ? route->pattern : (is_static ? "(static)" : "(unmatched)");
  Finish(req, res, context.request_id, label, MonotonicSeconds() - start,
         context.caller != nullptr ? std::string_view(context.caller->actor) : std::string_view());
  metrics_.RequestFinished();
}

void PortalServer::Finish(const httplib::Request& req, httplib::Response& res, const std::string& request_id,
                          std::string_view route_label, double seconds, std::string_view actor) {
  std::string method(MethodLabel(req.method));
  metrics_.CountRequest(route_label, method, res.status, seconds);
  if (services_.config.access_log && log_.Enabled(LogLevel::kInfo)) {
    nlohmann::json fields = {{"request_id", request_id},
                             {"method", method},
                             {"route", route_label},
                             {"status", res.status},
                             {"ms", std::round(seconds * 1e5) / 100},
                             {"client", req.remote_addr}};
    if (!actor.empty()) fields["actor"] = actor;
    log_.Write(LogLevel::kInfo, "request", fields);
  }
}

Status PortalServer::RunChain(RequestContext& context, Caller& caller, const RouteSpec** route_out, Reply& reply) {
  const httplib::Request& req = context.request;
  // 2. route
  DISRUPT_RETURN_IF_ERROR(CheckText(req.path, 2048, "path"));
  bool exists = false;
  std::string allowed;
  std::string method = req.method == "HEAD" ? "GET" : req.method;
  const RouteSpec* route = MatchRoute(method, req.path, context.path, &exists, &allowed);
  *route_out = route;
  if (route == nullptr) {
    if (exists) {
      reply.headers.emplace_back("Allow", allowed);
      reply.error_status = 405;
      return Status::InvalidArgument("method " + method + " not allowed here; allowed: " + allowed, "method");
    }
    if (method == "GET" && !StartsWith(req.path, "/api/") && ServeStatic(req, reply)) return Status::Ok();
    return Status::NotFound("no such resource");
  }
  for (const auto& [name, value] : context.path) DISRUPT_RETURN_IF_ERROR(CheckText(value, 256, name));
  // 3. validate the query
  DISRUPT_RETURN_IF_ERROR(ValidateQuery(*route, context));
  // 4-5. authenticate, authorize
  if (route->access != Access::kPublic) {
    DISRUPT_RETURN_IF_ERROR(AdmitCaller(*route, context, caller, reply));
    context.caller = &caller;
  }
  // 6. limit: every API route, per caller (or per address before sign-in).
  if (StartsWith(route->pattern, "/api/")) {
    std::string key = context.caller != nullptr ? "u:" + context.caller->principal.user_id
                                                : "a:" + context.client_address;
    int retry_after = 1;
    if (!AllowClient(key, &retry_after)) {
      metrics_.CountRateLimited();
      reply.headers.emplace_back("Retry-After", std::to_string(retry_after));
      return Status::ResourceExhausted("too many requests; retry after " + std::to_string(retry_after) + " s");
    }
  }
  // 7. body
  DISRUPT_RETURN_IF_ERROR(ReadBody(*route, context));
  // 8. handle
  auto result = route->handler(services_, context);
  if (!result.ok()) return result.status();
  reply = std::move(result).value();
  return Status::Ok();
}

namespace {

// The value of one cookie in a Cookie header, or "".
std::string CookieValue(const httplib::Request& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  for (const auto& part : SplitTrimmed(header, ';')) {
    size_t eq = part.find('=');
    if (eq != std::string::npos && std::string_view(part).substr(0, eq) == name) return part.substr(eq + 1);
  }
  return "";
}

Result<std::shared_ptr<const auth::Session>> ResumeUncached(auth::Authenticator& auth, const std::string& token) {
  DISRUPT_ASSIGN_OR_RETURN(auto session, auth.ResumeSession(token));
  return std::make_shared<const auth::Session>(std::move(session));
}

}  // namespace

bool PortalServer::AllowClient(const std::string& key, int* retry_after) {
  if (!limiter_.Allow(key, services_.monotonic_seconds(), retry_after)) return false;
  SharedRateLimiter* shared = security_->shared_limiter.get();
  if (shared == nullptr) return true;
  Status error;
  const bool allowed = shared->Allow(key, retry_after, &error);
  if (!error.ok()) {
    // The request goes on (its own database work will fail and say so); only the shared part was skipped.
    log_.Write(LogLevel::kWarn, "rate_limit_unavailable", {{"error", error.ToString()}});
  }
  return allowed;
}

Status PortalServer::AdmitCaller(const RouteSpec& route, RequestContext& context, Caller& caller, Reply& reply) {
  Status auth = Authenticate(route, context, caller);
  if (auth.ok()) return auth;
  // Failed attempts count against the client's address, so guessing tokens is slow.
  int retry_after = 1;
  if (!AllowClient("a:" + context.client_address, &retry_after)) {
    metrics_.CountRateLimited();
    reply.headers.emplace_back("Retry-After", std::to_string(retry_after));
    return Status::ResourceExhausted("too many requests; retry after " + std::to_string(retry_after) + " s");
  }
  if (auth.code() == StatusCode::kForbidden) metrics_.CountDenial("route_forbidden");
  return auth;
}

Status PortalServer::Authenticate(const RouteSpec& route, RequestContext& context, Caller& caller) {
  const httplib::Request& req = context.request;
  auth::Authenticator& auth = services_.auth;
  std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    if (!StartsWith(authorization, "Bearer ") || authorization.size() > 512) {
      return Status::Unauthenticated("expected Authorization: Bearer TOKEN");
    }
    auto scope = auth::ParseScope(route.scope.empty() ? "read" : route.scope);
    if (!scope.ok()) return Status::Internal("route with an unknown scope");
    auto principal = auth.AuthenticateToken(authorization.substr(7), *scope);
    if (!principal.ok()) {
      if (principal.status().code() == StatusCode::kForbidden) {
        return Status::Forbidden("this token lacks the scope " + std::string(route.scope), "Authorization");
      }
      return Status::Unauthenticated("invalid or expired token");
    }
    caller.principal = std::move(principal).value();
    caller.via_token = true;
    caller.actor = "token:" + caller.principal.user_id;
  } else {
    std::string token = CookieValue(req, kSessionCookie);
    if (token.empty()) return Status::Unauthenticated("sign in first");
    if (token.size() > 256) return Status::Unauthenticated("invalid session");
    auto session = security_->sessions ? security_->sessions->Resume(token) : ResumeUncached(auth, token);
    if (!session.ok()) {
      if (session.status().code() == StatusCode::kUnavailable) return session.status();
      return Status::Unauthenticated("the session has ended; sign in again");
    }
    caller.principal = (*session)->principal;
    caller.actor = caller.principal.user_id;
    caller.session_token = std::move(token);
    if (route.state_changing()) {
      // Cookies ride along on cross-site requests; the token in a header cannot.
      std::string presented = req.get_header_value("X-CSRF-Token");
      if (presented.empty() || !auth.CheckCsrf(caller.session_token, presented)) {
        return Status::Forbidden("missing or wrong CSRF token", "X-CSRF-Token");
      }
    }
  }
  if (route.access == Access::kAdmin && !caller.principal.Has(policy::Role::kAdministrator)) {
    return Status::Forbidden("administrators only");
  }
  return Status::Ok();
}

Result<std::shared_ptr<const policy::PolicyContext>> PolicyCache::Get(double now_seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  if (context_ && now_seconds - loaded_at_ < refresh_seconds_ &&
      context_->today == policy::PolicyContext::Today()) {
    return context_;
  }
  DISRUPT_ASSIGN_OR_RETURN(auto loaded, registry_->LoadContext());
  context_ = std::make_shared<const policy::PolicyContext>(std::move(loaded));
  loaded_at_ = now_seconds;
  return context_;
}

void PolicyCache::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  loaded_at_ = -1e18;
}

Status PortalServer::ValidateQuery(const RouteSpec& route, RequestContext& context) const {
  const Config& c = services_.config;
  const auto& params = context.request.params;
  if (params.size() > static_cast<size_t>(c.max_query_params)) {
    return Status::InvalidArgument("more than " + std::to_string(c.max_query_params) + " query parameters", "query");
  }
  for (const auto& [name, value] : params) {
    DISRUPT_RETURN_IF_ERROR(CheckText(name, 64, "query"));
    const ParamSpec* spec = nullptr;
    for (const auto& p : route.params) {
      if (p.name == name) spec = &p;
    }
    if (spec == nullptr) return Status::InvalidArgument("unknown query parameter", name);
    if (params.count(name) > 1) return Status::InvalidArgument("given more than once", name);
    DISRUPT_RETURN_IF_ERROR(CheckText(value, static_cast<size_t>(c.max_param_bytes), name));
    switch (spec->type) {
      case ParamType::kInteger: {
        auto n = ParseCount(value, name, spec->min, spec->max);
        if (!n.ok()) return n.status();
        break;
      }
      case ParamType::kBoolean:
        if (value != "true" && value != "false") return Status::InvalidArgument("expected true or false", name);
        break;
      case ParamType::kDate: {
        auto d = PartialDate::Parse(value);
        if (!d.ok()) return Status::InvalidArgument("expected a date (YYYY, YYYY-MM or YYYY-MM-DD)", name);
        break;
      }
      case ParamType::kString:
        if (value.empty()) return Status::InvalidArgument("must not be empty", name);
        break;
    }
    context.query.emplace(name, value);
  }
  for (const auto& p : route.params) {
    if (p.required && !context.query.count(p.name)) {
      return Status::InvalidArgument("required " + std::string(ParamTypeName(p.type)) + " parameter is missing",
                                     std::string(p.name));
    }
  }
  return Status::Ok();
}

Status PortalServer::ReadBody(const RouteSpec& route, RequestContext& context) const {
  const Config& c = services_.config;
  const auto& req = context.request;
  std::string media = MediaType(req.get_header_value("Content-Type"));
  switch (route.body) {
    case BodyKind::kNone:
      if (!req.body.empty()) return Status::InvalidArgument("this route takes no body", "body");
      return Status::Ok();
    case BodyKind::kJson: {
      if (media != "application/json") {
        return Status::InvalidArgument("expected Content-Type: application/json", "Content-Type");
      }
      DISRUPT_ASSIGN_OR_RETURN(context.body,
                               ParseJsonBody(req.body, c.max_json_depth, static_cast<size_t>(c.max_body_bytes)));
      return Status::Ok();
    }
    case BodyKind::kJsonLines:
      if (media != "application/x-ndjson" && media != "application/jsonl" && media != "application/json-lines") {
        return Status::InvalidArgument("expected Content-Type: application/x-ndjson", "Content-Type");
      }
      if (req.body.size() > static_cast<size_t>(c.max_import_bytes)) {
        return Status::ResourceExhausted("request body too large", "body");
      }
      return Status::Ok();
  }
  return Status::Ok();
}

bool PortalServer::ServeStatic(const httplib::Request& req, Reply& reply) const {
  const StaticFiles& files = services_.static_files;
  if (!files.enabled()) return false;
  auto file = files.Find(req.path);
  if (!file.ok()) {
    // Client-side routes of the front end ("/entities/AUS-1") get its index.html.
    std::string_view last = std::string_view(req.path).substr(req.path.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos || !IsSafeWebPath(req.path)) return false;
    file = files.Find("/");
    if (!file.ok()) return false;
  }
  reply.status = 200;
  reply.raw = std::move(file->content);
  reply.raw_content_type = file->content_type;
  reply.headers.emplace_back("Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  return true;
}

}  // namespace disrupt::server
