// The resolution area of the portal API: the entity-resolution review queue, hit/no-hit deconfliction between members and watchlists.
// Its routes and the component schemas they name; Routes() (routes.cc)
// gathers them. Handlers: resolution_handlers.cc.
#include "server/resolution_handlers.h"
#include "server/route.h"

namespace disrupt::server {

namespace {

using nlohmann::ordered_json;
namespace h = handlers;

ordered_json Str(const char* description = nullptr) {
  ordered_json j = {{"type", "string"}};
  if (description) j["description"] = description;
  return j;
}
ordered_json Num(const char* description = nullptr) {
  ordered_json j = {{"type", "number"}};
  if (description) j["description"] = description;
  return j;
}
ordered_json Int() { return {{"type", "integer"}}; }
ordered_json Ref(const char* name) { return {{"$ref", std::string("#/components/schemas/") + name}}; }
ordered_json ArrayOf(ordered_json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

ordered_json Schemas() {
  ordered_json s = ordered_json::object();
  s["ResolutionRun"] = {
      {"type", "object"},
      {"properties",
       {{"id", Str()},
        {"state", {{"type", "string"}, {"enum", {"queued", "running", "done", "failed"}}}},
        {"phase", Str("scanning, resolving or saving")},
        {"persons_scanned", Int()},
        {"new_records", Int()},
        {"stats", {{"type", "object"}, {"description", "records, candidate pairs, links, clusters, review items"}}},
        {"started_at", Str()},
        {"finished_at", Str()},
        {"failure", Str()}}}};
  s["MatchExplanation"] = {
      {"type", "object"},
      {"description", "Why two records score as they do: the prior and each field's outcome and weight (log2 "
                      "Bayes factor; positive for agreement, negative for disagreement)."},
      {"properties",
       {{"prior", Num()},
        {"weight", Num()},
        {"probability", Num()},
        {"fields", ArrayOf({{"type", "object"},
                            {"properties",
                             {{"field", Str("given_name, family_name, dob, gender, nationality, document, phone, "
                                            "address")},
                              {"outcome", Str("e.g. exact, phonetic, close, different, missing")},
                              {"weight", Num()},
                              {"term_frequency_adjusted", {{"type", "boolean"}}}}}})}}}};
  s["ReviewPage"] = {
      {"type", "object"},
      {"properties",
       {{"items", ArrayOf({{"type", "object"},
                           {"properties",
                            {{"a", Str()},
                             {"b", Str()},
                             {"probability", Num()},
                             {"weight", Num()},
                             {"reason", Str("uncertain, would chain two groups, analyst said not same")},
                             {"explanation", Ref("MatchExplanation")}}}})},
        {"next_offset", {{"type", "integer"}, {"nullable", true}}}}}};
  s["ResolutionDecision"] = {
      {"type", "object"},
      {"required", {"a", "b", "decision"}},
      {"properties",
       {{"a", Str("a Person record id")},
        {"b", Str("another Person record id")},
        {"decision", {{"type", "string"}, {"enum", {"same", "not_same"}}}},
        {"note", Str("why (at most 1000 characters; no record contents)")}}}};
  s["DecisionResult"] = {{"type", "object"},
                         {"properties",
                          {{"a", Str()},
                           {"b", Str()},
                           {"decision", Str()},
                           {"same_entity", {{"type", "boolean"}, {"description", "whether a and b are now one "
                                                                                  "resolved person"}}}}}};
  s["ResolvedEntity"] = {
      {"type", "object"},
      {"properties",
       {{"entity", Str("the earliest member record the caller may see")},
        {"resolved", {{"type", "boolean"}, {"description", "false until a run has resolved the record"}}},
        {"members", ArrayOf({{"type", "object"},
                             {"properties",
                              {{"record_id", Str()},
                               {"links", ArrayOf({{"type", "object"},
                                                  {"properties",
                                                   {{"with", Str()},
                                                    {"probability", Num()},
                                                    {"weight", Num()},
                                                    {"decided_by_analyst", {{"type", "boolean"}}},
                                                    {"explanation", Ref("MatchExplanation")}}}})}}}})}}}};
  s["EncodingUpload"] = {{"type", "object"},
                         {"properties",
                          {{"member", Str()},
                           {"records", Int()},
                           {"key_id", Str()},
                           {"members_compared", Int()},
                           {"members_with_another_secret", Int()},
                           {"new_hits", Int()}}}};
  s["FocalPoint"] = {
      {"type", "object"},
      {"properties",
       {{"member", Str()},
        {"name", Str()},
        {"focal_points",
         ArrayOf({{"type", "object"},
                  {"properties", {{"user_id", Str()}, {"display_name", Str()}, {"agency", Str()}}}})}}}};
  s["HitList"] = {
      {"type", "object"},
      {"properties",
       {{"items", ArrayOf({{"type", "object"},
                           {"properties",
                            {{"id", Int()},
                             {"your_record", Str("your member's reference of the matching record")},
                             {"kind", Str("phone, passport_no or name_dob")},
                             {"strength", Num("1 for exact identifiers; the Dice coefficient for names and "
                                              "dates of birth")},
                             {"other_member", Ref("FocalPoint")},
                             {"message", Str()},
                             {"created_at", Str()}}}})}}}};
  s["ReleaseGrantRequest"] = {
      {"type", "object"},
      {"required", {"reason"}},
      {"properties",
       {{"hit_id", {{"type", "integer"}, {"description", "release your side of this hit to the other member"}}},
        {"record_id", Str("or: the record to release")},
        {"grantee_kind", {{"type", "string"}, {"enum", {"member", "user", "group"}}}},
        {"grantee", Str()},
        {"reason", Str()}}}};
  s["ReleaseGrant"] = {{"type", "object"},
                       {"properties",
                        {{"id", Int()},
                         {"record_id", Str()},
                         {"grantee_kind", Str()},
                         {"grantee", Str()},
                         {"granted_by", Str()},
                         {"granted_at", Str()}}}};
  s["WatchSelectorRequest"] = {
      {"type", "object"},
      {"required", {"kind", "value"}},
      {"properties",
       {{"kind", {{"type", "string"}, {"enum", {"name", "phone", "document", "vessel", "account"}}}},
        {"value", Str("a name in any script, a phone number, a document number, an IMO number / MMSI / vessel "
                      "name, or an account number")},
        {"country", Str("alpha-3 country a local phone number belongs to")}}}};
  s["WatchSelector"] = {{"type", "object"},
                        {"properties",
                         {{"id", Str()},
                          {"kind", Str()},
                          {"value", Str()},
                          {"country", Str()},
                          {"created_by", Str()},
                          {"created_at", Str()}}}};
  s["WatchSelectorList"] = {{"type", "object"}, {"properties", {{"items", ArrayOf(Ref("WatchSelector"))}}}};
  s["AlertList"] = {
      {"type", "object"},
      {"properties",
       {{"items",
         ArrayOf({{"type", "object"},
                  {"properties",
                   {{"id", Int()},
                    {"selector_id", Str()},
                    {"kind", Str()},
                    {"strength", Num()},
                    {"created_at", Str()},
                    {"record",
                     {{"description", "the matching record when the caller may see it, else null"},
                      {"type", "object"}, {"nullable", true},
                      {"properties", {{"id", Str()}, {"type", Str()}, {"label", Str()}, {"originator", Str()}}}}},
                    {"contact", Ref("FocalPoint")},
                    {"message", Str()}}}})}}}};
  return s;
}

}  // namespace

RouteArea ResolutionRoutes() {
  RouteArea area;
  area.routes = {
      {.method = "POST", .pattern = "/api/v1/resolution/runs", .operation_id = "start_resolution_run",
       .tag = "resolution",
       .summary = "Resolve the catalogue's Person records not resolved yet against those that are (the first run "
                  "estimates the model). One run at a time: a request while one runs joins the next. Analysts and "
                  "member officials.",
       .scope = "write", .response_schema = "ResolutionRun", .errors = {403}, .handler = h::StartResolutionRun},
      {.method = "GET", .pattern = "/api/v1/resolution/runs/{id}", .operation_id = "resolution_run",
       .tag = "resolution", .summary = "A run's state and progress.", .scope = "read",
       .response_schema = "ResolutionRun", .errors = {404}, .handler = h::ResolutionRunProgress},
      {.method = "GET", .pattern = "/api/v1/resolution/review", .operation_id = "resolution_review",
       .tag = "resolution",
       .summary = "Pairs waiting for an analyst (uncertain band, refused merges), strongest first, with why they "
                  "score as they do. Only pairs whose two records the caller may see.",
       .scope = "read",
       .params = {{"limit", ParamType::kInteger, "pairs per page (default 50)", false, 1, 500},
                  {"offset", ParamType::kInteger, "the next_offset of the previous page", false, 0, 1LL << 40}},
       .response_schema = "ReviewPage", .handler = h::ReviewQueue},
      {.method = "POST", .pattern = "/api/v1/resolution/decisions", .operation_id = "resolution_decide",
       .tag = "resolution",
       .summary = "Record that two Person records are (same) or are not (not_same) the same person. Audited; "
                  "kept and respected by every later run. Both records must be visible to the caller.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ResolutionDecision",
       .response_schema = "DecisionResult", .errors = {403, 404, 412}, .handler = h::PostDecision},
      {.method = "DELETE", .pattern = "/api/v1/resolution/decisions/{a}/{b}", .operation_id = "resolution_revoke",
       .tag = "resolution",
       .summary = "Revoke the standing decision on two records: the model's verdict applies again. Audited.",
       .scope = "write", .response_schema = "DecisionResult", .errors = {403, 404}, .handler = h::RevokeDecision},
      {.method = "GET", .pattern = "/api/v1/resolution/clusters/{record_id}", .operation_id = "resolution_cluster",
       .tag = "resolution",
       .summary = "The resolved person a Person record belongs to: the member records the caller may see, each "
                  "with the links that hold it in and why.",
       .scope = "read", .response_schema = "ResolvedEntity", .errors = {404}, .handler = h::ClusterOfRecord},
      {.method = "POST", .pattern = "/api/v1/deconfliction/encodings", .operation_id = "upload_encodings",
       .tag = "deconfliction",
       .summary = "Upload the caller's member's encodings (the file `disrupt encode` writes), replacing its "
                  "earlier upload, and match them against other members' (exact keys, CLKs by Dice). Never "
                  "readable by anyone. Analysts and member officials.",
       .scope = "write", .body = BodyKind::kJsonLines, .response_schema = "EncodingUpload", .errors = {403},
       .handler = h::UploadEncodings},
      {.method = "GET", .pattern = "/api/v1/deconfliction/hits", .operation_id = "deconfliction_hits",
       .tag = "deconfliction",
       .summary = "Hits on the caller's member's records: the other member, its focal points and the match "
                  "strength. No data of the other member's record.",
       .scope = "read", .response_schema = "HitList", .handler = h::ListHits},
      {.method = "POST", .pattern = "/api/v1/releases", .operation_id = "grant_release", .tag = "deconfliction",
       .summary = "A focal point of the originating member releases a record (or its side of a hit) to a member, "
                  "user or group. Audited in the release registry.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ReleaseGrantRequest",
       .response_schema = "ReleaseGrant", .errors = {403, 404}, .handler = h::GrantRelease},
      {.method = "POST", .pattern = "/api/v1/watchlists", .operation_id = "add_watch_selector", .tag = "watchlists",
       .summary = "Register a selector for the caller's member; later imports that match raise alerts. Analysts "
                  "and member officials.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "WatchSelectorRequest",
       .response_schema = "WatchSelector", .errors = {403}, .handler = h::AddWatchSelector},
      {.method = "GET", .pattern = "/api/v1/watchlists", .operation_id = "list_watch_selectors", .tag = "watchlists",
       .summary = "The caller's member's selectors.", .scope = "read", .response_schema = "WatchSelectorList",
       .handler = h::ListWatchSelectors},
      {.method = "DELETE", .pattern = "/api/v1/watchlists/{id}", .operation_id = "remove_watch_selector",
       .tag = "watchlists", .summary = "Remove one of the caller's member's selectors.", .scope = "write",
       .errors = {403, 404}, .handler = h::RemoveWatchSelector},
      {.method = "GET", .pattern = "/api/v1/alerts", .operation_id = "list_alerts", .tag = "watchlists",
       .summary = "Alerts raised by the caller's member's selectors, newest first. A matching record the caller "
                  "may not see is not described: the alert names only the originator's focal points.",
       .scope = "read", .params = {{"limit", ParamType::kInteger, "alerts (default 100)", false, 1, 1000}},
       .response_schema = "AlertList", .handler = h::ListAlerts},
  };
  area.schemas = Schemas();
  return area;
}

}  // namespace disrupt::server
