// The handling area of the portal API: release requests and grants,
// bilateral agreements, and retention review of records past their review
// date (direct grants, which may name a deconfliction hit, are in the
// resolution area: POST /api/v1/releases). Its routes and the component schemas they name; Routes() (routes.cc)
// gathers them.
#include "server/handling_handlers.h"
#include "server/route.h"

namespace disrupt::server {

namespace h = handlers;

namespace {

using ojson = nlohmann::ordered_json;

ojson Str(const char* description) { return {{"type", "string"}, {"description", description}}; }
ojson Int(const char* description) { return {{"type", "integer"}, {"description", description}}; }
ojson Bool(const char* description) { return {{"type", "boolean"}, {"description", description}}; }
ojson ArrayOf(const char* schema) {
  return {{"type", "array"}, {"items", {{"$ref", std::string("#/components/schemas/") + schema}}}};
}

ojson Schemas() {
  ojson s = ojson::object();
  s["ReleaseRequestBody"] = {
      {"type", "object"},
      {"required", {"record_id", "originator", "justification"}},
      {"properties",
       {{"record_id", Str("the record the caller learned of (e.g. from a deconfliction hit)")},
        {"originator", Str("the member said to hold it (ISO code)")},
        {"justification", Str("why the caller needs it; at most 1000 bytes, no record contents")}}}};
  s["ReleaseRequest"] = {
      {"type", "object"},
      {"properties",
       {{"id", Int("request id")},
        {"record_id", Str("")},
        {"originator", Str("the member the request is addressed to")},
        {"requester", Str("user id")},
        {"requester_member", Str("")},
        {"justification", Str("")},
        {"state", Str("pending, granted or refused")},
        {"created_at", Str("ISO 8601 UTC")},
        {"decided_by", Str("the focal point's user id")},
        {"decision_reason", Str("")},
        {"decided_at", Str("ISO 8601 UTC, empty while pending")}}}};
  s["ReleaseRequests"] = {{"type", "object"}, {"properties", {{"requests", ArrayOf("ReleaseRequest")}}}};
  s["RequestGrantBody"] = {
      {"type", "object"},
      {"required", {"reason"}},
      {"properties",
       {{"grantee_kind", Str("member (default), user or group")},
        {"grantee", Str("member code, user id or group name; for a request, empty means the requester "
                        "(member or user)")},
        {"reason", Str("why it is released; at most 1000 bytes")}}}};
  s["Grant"] = {
      {"type", "object"},
      {"properties",
       {{"id", Int("grant id")},
        {"record_id", Str("")},
        {"originator", Str("")},
        {"grantee_kind", Str("member, user or group")},
        {"grantee", Str("")},
        {"granted_by", Str("")},
        {"reason", Str("")},
        {"request_id", Int("0 when granted directly")},
        {"granted_at", Str("ISO 8601 UTC")}}}};
  s["ReleaseGrants"] = {{"type", "object"}, {"properties", {{"grants", ArrayOf("Grant")}}}};
  s["ReasonBody"] = {{"type", "object"}, {"required", {"reason"}}, {"properties", {{"reason", Str("")}}}};
  s["Agreement"] = {
      {"type", "object"},
      {"required", {"party_a", "party_b", "reference"}},
      {"properties",
       {{"id", Int("agreement id (responses)")},
        {"party_a", Str("member code")},
        {"party_b", Str("member code")},
        {"a_to_b", Bool("party_a's records are releasable to party_b (default true)")},
        {"b_to_a", Bool("party_b's records are releasable to party_a (default true)")},
        {"max_classification", Str("highest classification released (default SECRET)")},
        {"reference", Str("the agreement's title or reference number")},
        {"recorded_by", Str("responses")},
        {"recorded_at", Str("responses: ISO 8601 UTC")}}}};
  s["Agreements"] = {{"type", "object"}, {"properties", {{"agreements", ArrayOf("Agreement")}}}};
  s["RetentionItem"] = {
      {"type", "object"},
      {"properties",
       {{"id", Str("")},
        {"type", Str("schema name")},
        {"review_date", Str("YYYY[-MM[-DD]]")},
        {"days_left", Int("negative once the date has passed")},
        {"classification", Str("")},
        {"label", Str("the record's name, only when the caller's clearance and compartments cover it")}}}};
  s["RetentionDue"] = {{"type", "object"}, {"properties", {{"due", ArrayOf("RetentionItem")}}}};
  s["RenewBody"] = {{"type", "object"},
                    {"required", {"review_date"}},
                    {"properties", {{"review_date", Str("the new review date, YYYY-MM-DD, after today")}}}};
  s["Renewed"] = {{"type", "object"},
                  {"properties", {{"id", Str("")}, {"version", Int("")}, {"review_date", Str("")}}}};
  return s;
}

}  // namespace

RouteArea HandlingRoutes() {
  RouteArea area;
  area.schemas = Schemas();
  area.routes = {
      {.method = "POST", .pattern = "/api/v1/releases/requests", .operation_id = "request_release",
       .tag = "releases",
       .summary = "Ask a record's originator to release it. The record is not looked up: whether it exists "
                  "stays with the originator, whose focal point answers.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ReleaseRequestBody",
       .response_schema = "ReleaseRequest", .errors = {409}, .handler = h::RequestRelease},
      {.method = "GET", .pattern = "/api/v1/releases/requests", .operation_id = "list_release_requests",
       .tag = "releases",
       .summary = "The caller's own requests (view=mine, the default) or, for a focal point, the pending "
                  "requests addressed to their member (view=incoming).",
       .scope = "read", .params = {{"view", ParamType::kString, "mine or incoming"}},
       .response_schema = "ReleaseRequests", .errors = {403}, .handler = h::ListReleaseRequests},
      {.method = "POST", .pattern = "/api/v1/releases/requests/{id}/grant", .operation_id = "grant_release_request",
       .tag = "releases",
       .summary = "A focal point of the originator grants a pending request (to the requesting member by "
                  "default). The record must be one of the member's own.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "RequestGrantBody", .response_schema = "Grant",
       .errors = {403, 404, 409}, .handler = h::GrantReleaseRequest},
      {.method = "POST", .pattern = "/api/v1/releases/requests/{id}/refuse", .operation_id = "refuse_release_request",
       .tag = "releases", .summary = "A focal point of the originator refuses a pending request, with a reason.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ReasonBody", .response_schema = "ReleaseRequest",
       .errors = {403, 404, 409}, .handler = h::RefuseReleaseRequest},
      {.method = "GET", .pattern = "/api/v1/releases/grants", .operation_id = "list_grants", .tag = "releases",
       .summary = "The active grants of one of the caller's member's records.", .scope = "read",
       .params = {{"record", ParamType::kString, "record id", true}}, .response_schema = "ReleaseGrants",
       .errors = {404}, .handler = h::ListGrants},
      {.method = "POST", .pattern = "/api/v1/releases/grants/{id}/revoke", .operation_id = "revoke_grant",
       .tag = "releases", .summary = "A focal point of the originator revokes a grant; it stops applying at once.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ReasonBody", .errors = {404},
       .handler = h::RevokeGrant},
      {.method = "GET", .pattern = "/api/v1/agreements", .operation_id = "list_agreements", .tag = "releases",
       .summary = "Bilateral agreements in force: whose records are releasable to whom, up to which "
                  "classification.",
       .scope = "read", .response_schema = "Agreements", .handler = h::ListAgreements},
      {.method = "POST", .pattern = "/api/v1/agreements", .operation_id = "record_agreement", .tag = "releases",
       .summary = "The secretariat or an administrator records a bilateral agreement; the policy applies it at "
                  "once.",
       .scope = "admin", .body = BodyKind::kJson, .request_schema = "Agreement", .response_schema = "Agreement",
       .errors = {403}, .handler = h::RecordAgreement},
      {.method = "POST", .pattern = "/api/v1/agreements/{id}/end", .operation_id = "end_agreement",
       .tag = "releases", .summary = "Ends an agreement (secretariat or administrator).", .scope = "admin",
       .errors = {403, 404}, .handler = h::EndAgreement},
      {.method = "GET", .pattern = "/api/v1/retention/due", .operation_id = "retention_due", .tag = "retention",
       .summary = "The caller's member's records whose review date has passed or falls within the coming days, "
                  "earliest first (analysts and focal points).",
       .scope = "read",
       .params = {{"within_days", ParamType::kInteger, "days ahead (default 30)", false, 0, 3650}},
       .response_schema = "RetentionDue", .errors = {403}, .handler = h::RetentionDue},
      {.method = "POST", .pattern = "/api/v1/retention/{id}/renew", .operation_id = "renew_retention",
       .tag = "retention",
       .summary = "Renew one of the member's records until a later review date (analysts and focal points of "
                  "the originator). Records not renewed are removed after the grace period by `disrupt "
                  "retention sweep`.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "RenewBody", .response_schema = "Renewed",
       .errors = {404}, .handler = h::RenewRetention},
  };
  return area;
}

}  // namespace disrupt::server
