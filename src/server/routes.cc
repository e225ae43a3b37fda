// The route table (route.h): every route the portal answers, in one place.
// The server dispatches from it and openapi.cc documents it.
#include "server/route.h"

#include "server/handlers.h"

namespace disrupt::server {

namespace h = handlers;

namespace {

// Query parameters shared by the list routes.
std::vector<ParamSpec> ListParams(bool with_type) {
  std::vector<ParamSpec> p = {
      {"network", ParamType::kString, "only records belonging to this network id"},
      {"originator", ParamType::kString, "only records of this originating member (e.g. AUS)"},
      {"involving", ParamType::kString, "only links and events that refer to this entity id"},
      {"as_of", ParamType::kDate, "only records valid on this date"},
      {"after", ParamType::kString, "the next_after of the previous page"},
      {"limit", ParamType::kInteger, "records per page (default 50, at most the server's max_page_size)", false, 1,
       100000},
  };
  if (with_type) p.insert(p.begin(), {"type", ParamType::kString, "comma-separated schema names (Person,Vessel)"});
  return p;
}

#define DISRUPT_COLLECTION_ROUTES(PATH, NAME, TAG, WHAT, WITH_TYPE)                                             \
  {.method = "GET", .pattern = PATH, .operation_id = "list_" NAME, .tag = TAG,                                  \
   .summary = "One page of the " WHAT " the caller may see, in id order (keyset pagination).",                   \
   .scope = "read", .params = ListParams(WITH_TYPE), .response_schema = "RecordPage",                           \
   .handler = [](Services& s, RequestContext& c) { return h::ListRecords(s, c, PATH); }},                       \
  {.method = "POST", .pattern = PATH, .operation_id = "create_" NAME, .tag = TAG,                               \
   .summary = "Create one of the " WHAT ". The caller's member must be its originator.", .scope = "write",       \
   .body = BodyKind::kJson, .request_schema = "Record", .response_schema = "WriteResult", .errors = {409},        \
   .handler = [](Services& s, RequestContext& c) { return h::WriteRecord(s, c, PATH, true); }},                 \
  {.method = "GET", .pattern = PATH "/{id}", .operation_id = "get_" NAME, .tag = TAG,                           \
   .summary = "One of the " WHAT ", with the links and events involving it that the caller may see.",           \
   .scope = "read", .response_schema = "RecordDetail", .errors = {404},                                         \
   .handler = [](Services& s, RequestContext& c) { return h::GetRecord(s, c, PATH); }},                         \
  {.method = "PUT", .pattern = PATH "/{id}", .operation_id = "put_" NAME, .tag = TAG,                           \
   .summary = "Create or replace one of the " WHAT " (its version increments). Originator only.",               \
   .scope = "write", .body = BodyKind::kJson, .request_schema = "Record", .response_schema = "WriteResult",      \
   .errors = {409}, .handler = [](Services& s, RequestContext& c) { return h::WriteRecord(s, c, PATH, false); }}

}  // namespace

namespace {

std::vector<RouteSpec> CoreRoutes() {
  return {
      // System.
      {.method = "GET", .pattern = "/healthz", .operation_id = "health", .tag = "system",
       .summary = "Liveness: the process answers.", .access = Access::kPublic, .response_schema = "Status",
       .handler = h::Health},
      {.method = "GET", .pattern = "/readyz", .operation_id = "ready", .tag = "system",
       .summary = "Readiness: the catalogue store answers. 503 when it does not.", .access = Access::kPublic,
       .response_schema = "Status", .errors = {503}, .handler = h::Ready},
      {.method = "GET", .pattern = "/metrics", .operation_id = "metrics", .tag = "system",
       .summary = "Metrics in the Prometheus text format (requests, latencies, errors, store timings, "
                  "need-to-know denials by reason).",
       .access = Access::kPublic, .response_type = "text/plain", .handler = h::MetricsText},
      {.method = "GET", .pattern = "/api/v1/openapi.json", .operation_id = "openapi", .tag = "system",
       .summary = "This API's OpenAPI 3 document.", .access = Access::kPublic, .handler = h::OpenApi},
      // Sign-in.
      {.method = "POST", .pattern = "/api/v1/session", .operation_id = "sign_in", .tag = "session",
       .summary = "Sign in with user name, password and TOTP code. Sets the session cookie and returns the CSRF "
                  "token. Repeated failures lock the account for a growing time (429). While the user's second "
                  "factor is not yet set up, the right password without a code returns the factor to enrol "
                  "(enrolment_required) and no session; the first valid code confirms it. 412 when that factor "
                  "was not set up within its time (after the right password only): an administrator resets it.",
       .access = Access::kPublic, .body = BodyKind::kJson, .request_schema = "SignIn", .response_schema = "Session",
       .errors = {412}, .handler = h::SignIn},
      {.method = "GET", .pattern = "/api/v1/session", .operation_id = "current_session", .tag = "session",
       .summary = "The signed-in user, their member, roles and clearance, and the CSRF token.",
       .response_schema = "Session", .handler = h::CurrentSession},
      {.method = "DELETE", .pattern = "/api/v1/session", .operation_id = "sign_out", .tag = "session",
       .summary = "Sign out: ends the session and clears the cookie.", .handler = h::SignOut},
      // The catalogue.
      DISRUPT_COLLECTION_ROUTES("/api/v1/entities", "entities", "entities", "entities (people, organisations, "
                                "vessels, phones, accounts, documents, places ...)", true),
      DISRUPT_COLLECTION_ROUTES("/api/v1/links", "links", "links", "links between entities", true),
      DISRUPT_COLLECTION_ROUTES("/api/v1/events", "events", "events", "events (movements, payments, "
                                "communications, meetings, disruption actions)", true),
      DISRUPT_COLLECTION_ROUTES("/api/v1/networks", "networks", "networks", "catalogued criminal networks", false),
      DISRUPT_COLLECTION_ROUTES("/api/v1/cases", "cases", "cases", "cases (member agencies' investigations)", false),
      {.method = "GET", .pattern = "/api/v1/search", .operation_id = "search", .tag = "search",
       .summary = "Search names, aliases, identifiers and notes across scripts and transliterations. Only records "
                  "the caller may see are returned; nothing says how many others matched.",
       .scope = "read",
       .params = {{"q", ParamType::kString, "words in any script", true},
                  {"type", ParamType::kString, "comma-separated schema names"},
                  {"limit", ParamType::kInteger, "most hits (default 20)", false, 1, 1000}},
       .response_schema = "SearchResults", .handler = h::Search},
      {.method = "GET", .pattern = "/api/v1/stats", .operation_id = "stats", .tag = "catalogue",
       .summary = "Counts of the records the caller may see, by kind, type and originating member.",
       .scope = "read", .response_schema = "Stats", .handler = h::Stats},
      {.method = "GET", .pattern = "/api/v1/export", .operation_id = "export", .tag = "catalogue",
       .summary = "Every record the caller may export, as Disrupt JSON Lines (one record per line).",
       .scope = "export",
       .params = {{"type", ParamType::kString, "comma-separated schema names"},
                  {"network", ParamType::kString, "only records belonging to this network id"}},
       .response_type = "application/x-ndjson", .handler = h::Export},
      {.method = "POST", .pattern = "/api/v1/imports", .operation_id = "start_import", .tag = "catalogue",
       .summary = "Import Disrupt JSON Lines in the background; poll the job for progress and refused rows. "
                  "Every record must originate from the caller's member.",
       .scope = "write", .body = BodyKind::kJsonLines, .response_schema = "ImportJob", .handler = h::StartImport},
      {.method = "GET", .pattern = "/api/v1/imports/{id}", .operation_id = "import_progress", .tag = "catalogue",
       .summary = "An import's state, progress and refused rows (only for the user who started it).",
       .scope = "write", .response_schema = "ImportJob", .errors = {404}, .handler = h::ImportProgress},
  };
}

std::vector<RouteArea> Areas() {
  return {HandlingRoutes(), AnalysisRoutes(), ResolutionRoutes(), GovernanceRoutes(), AdminRoutes()};
}

}  // namespace

const std::vector<RouteSpec>& Routes() {
  static const std::vector<RouteSpec> kRoutes = [] {
    std::vector<RouteSpec> all = CoreRoutes();
    for (auto& area : Areas()) {
      for (auto& r : area.routes) all.push_back(std::move(r));
    }
    return all;
  }();
  return kRoutes;
}

const nlohmann::ordered_json& AreaSchemas() {
  static const nlohmann::ordered_json kSchemas = [] {
    nlohmann::ordered_json all = nlohmann::ordered_json::object();
    for (const auto& area : Areas()) {
      for (const auto& [name, schema] : area.schemas.items()) all[name] = schema;
    }
    return all;
  }();
  return kSchemas;
}

#undef DISRUPT_COLLECTION_ROUTES

namespace {

// Matches one pattern; fills `params` on success.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string, std::less<>>& params) {
  params.clear();
  size_t pi = 0;
  size_t si = 0;
  while (pi < pattern.size() && si < path.size()) {
    if (pattern[pi] == '{') {
      size_t close = pattern.find('}', pi);
      std::string_view name = pattern.substr(pi + 1, close - pi - 1);
      size_t end = path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;  // empty segment
      params.emplace(std::string(name), std::string(path.substr(si, end - si)));
      pi = close + 1;
      si = end;
      continue;
    }
    if (pattern[pi] != path[si]) return false;
    ++pi;
    ++si;
  }
  return pi == pattern.size() && si == path.size();
}

}  // namespace

const RouteSpec* MatchRoute(std::string_view method, std::string_view path,
                            std::map<std::string, std::string, std::less<>>& params, bool* path_exists,
                            std::string* allowed) {
  const RouteSpec* found = nullptr;
  std::map<std::string, std::string, std::less<>> scratch;
  for (const auto& r : Routes()) {
    if (!MatchPattern(r.pattern, path, scratch)) continue;
    if (r.method == method) {
      // A literal segment wins over a parameter ("/imports/{id}" vs a fixed name): first match in table order.
      if (found == nullptr) {
        found = &r;
        params = scratch;
      }
    } else {
      if (path_exists != nullptr) *path_exists = true;
      if (allowed != nullptr) {
        if (!allowed->empty()) *allowed += ", ";
        *allowed += r.method;
      }
    }
  }
  if (found == nullptr) return nullptr;
  return found;
}

}  // namespace disrupt::server
