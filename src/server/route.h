// Routes: the one table from which the server dispatches requests and the
// OpenAPI document (openapi.h) is produced, so the two cannot disagree.
//
// Every route names its method and path pattern ("/api/v1/entities/{id}";
// a {name} segment matches one non-empty path segment), who may call it
// (Access), the token scope a machine client needs, the body it takes, its
// query parameters (validated by the server before the handler runs: type,
// range, length, UTF-8) and the handler, a plain function over the server's
// Services and the request's context.
//
// Handlers return a Reply or a Status; the server renders a Status in the one
// error shape (http_util.h). Handlers never throw on expected failures; the
// server's top-level handler turns anything that escapes into a logged 500.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace disrupt::server {

struct Services;

enum class Access {
  kPublic,  // no identity needed (health, metrics, OpenAPI, sign-in)
  kUser,    // a signed-in user or an API token
  kAdmin,   // an administrator
};

enum class BodyKind {
  kNone,       // no body accepted
  kJson,       // application/json, at most Config::max_body_bytes
  kJsonLines,  // application/x-ndjson (JSON Lines), at most Config::max_import_bytes
};

enum class ParamType { kString, kInteger, kBoolean, kDate };

struct ParamSpec {
  std::string_view name;
  ParamType type = ParamType::kString;
  std::string_view description;
  bool required = false;
  long long min = 0;  // integers: inclusive bounds
  long long max = 0;
};

// What a handler sends back. A JSON body unless `raw_content_type` is set.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::string raw;
  std::string raw_content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  // On failure: an HTTP status other than the Status code's (405 with Allow).
  int error_status = 0;
  // Secrets in the body (a CSRF token): never compressed (BREACH), never cached.
  bool sensitive = false;
};

struct Caller;  // the authenticated caller: services.h

// Everything a handler knows about its request.
struct RequestContext {
  const httplib::Request& request;
  std::string request_id;
  std::string client_address;
  std::map<std::string, std::string, std::less<>> path;   // {name} segments
  std::map<std::string, std::string, std::less<>> query;  // validated query parameters
  nlohmann::json body;                                     // kJson routes: the parsed body
  // The caller, once authenticated (nullptr on public routes without identity).
  const Caller* caller = nullptr;

  // A query parameter, or "" when absent.
  std::string_view Query(std::string_view name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string_view() : std::string_view(it->second);
  }
  std::string_view Path(std::string_view name) const {
    auto it = path.find(name);
    return it == path.end() ? std::string_view() : std::string_view(it->second);
  }
};

using HandlerFn = Result<Reply> (*)(Services& services, RequestContext& context);

struct RouteSpec {
  std::string_view method;   // "GET", "POST", "PUT", "DELETE"
  std::string_view pattern;  // "/api/v1/entities/{id}"
  std::string_view operation_id;
  std::string_view tag;
  std::string_view summary;
  Access access = Access::kUser;
  std::string_view scope;    // API-token scope needed: "read", "write", "import", "export", "admin" or ""
  BodyKind body = BodyKind::kNone;
  std::vector<ParamSpec> params;
  std::string_view request_schema;   // components/schemas name, or ""
  std::string_view response_schema;  // components/schemas name, or ""
  std::string_view response_type = "application/json";
  std::vector<int> errors;           // error statuses the route can answer besides 400/401/429/500
  HandlerFn handler = nullptr;

  bool state_changing() const { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }
};

// The whole table, in the order the OpenAPI document lists it: the system,
// session and catalogue routes (routes.cc) followed by each area's own.
const std::vector<RouteSpec>& Routes();

// One area of the API: its routes and the OpenAPI component schemas they
// name. Each area keeps both in its own file (<area>_routes.cc) and Routes()
// and the OpenAPI document gather them.
struct RouteArea {
  std::vector<RouteSpec> routes;
  nlohmann::ordered_json schemas = nlohmann::ordered_json::object();
};
RouteArea AnalysisRoutes();    // analysis_routes.cc: graph measures, brokers, routes, disruption plans
RouteArea ResolutionRoutes();  // resolution_routes.cc: entity resolution review, hit/no-hit, watchlists
RouteArea AdminRoutes();       // admin_routes.cc: users, clearances, member states and agencies
RouteArea HandlingRoutes();    // handling_routes.cc: release requests and grants, agreements, retention
RouteArea GovernanceRoutes();  // governance_routes.cc: the Working Group's meetings and actions

// The areas' schemas, merged (openapi.cc adds them to its own).
const nlohmann::ordered_json& AreaSchemas();

// Matches `path` against the table. Returns the route and fills `params`;
// nullptr when no route has that path for `method`. `path_exists` is set when
// some route has the path with another method (405 rather than 404), and
// `allowed` lists those methods.
const RouteSpec* MatchRoute(std::string_view method, std::string_view path,
                            std::map<std::string, std::string, std::less<>>& params, bool* path_exists,
                            std::string* allowed);

}  // namespace disrupt::server
