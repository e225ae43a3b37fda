// The governance area of the portal API: the Working Group's meetings and
// the actions they decide. Its routes and the component schemas they name;
// Routes() (routes.cc) gathers them. Handlers: governance_handlers.cc.
#include "server/governance_handlers.h"
#include "server/route.h"

namespace disrupt::server {

namespace {

using nlohmann::ordered_json;

ordered_json Str() { return {{"type", "string"}}; }
ordered_json Ref(const char* name) { return {{"$ref", std::string("#/components/schemas/") + name}}; }

ordered_json Schemas() {
  ordered_json s = ordered_json::object();
  s["GovernanceHandling"] = {
      {"type", "object"},
      {"description", "The marking of a meeting or action; the need-to-know policy decides who sees it as it "
                      "decides records. Defaults: RESTRICTED, AMBER, releasable to ALL_MEMBERS."},
      {"properties",
       {{"classification", Str()},
        {"tlp", Str()},
        {"releasable_to", {{"type", "array"}, {"items", Str()}}},
        {"compartment", Str()}}}};
  s["MeetingWrite"] = {
      {"type", "object"},
      {"description", "Times in UTC (2026-12-03T09:30:00Z, or a date for midnight). On creation title and "
                      "starts_at are required; on update every field is optional."},
      {"properties",
       {{"title", Str()},
        {"kind", {{"type", "string"},
                  {"enum", {"working_group", "co_chairs", "steering_group", "workshop", "bilateral", "other"}}}},
        {"starts_at", Str()},
        {"ends_at", Str()},
        {"location", Str()},
        {"chatham_house", {{"type", "boolean"},
                           {"description", "Held under the Chatham House Rule: what is said may be used but "
                                           "not attributed."}}},
        {"agenda", Str()},
        {"cancelled", {{"type", "boolean"}}},
        {"handling", Ref("GovernanceHandling")}}}};
  s["Meeting"] = {{"type", "object"},
                  {"properties",
                   {{"id", Str()},
                    {"title", Str()},
                    {"kind", Str()},
                    {"starts_at", Str()},
                    {"ends_at", Str()},
                    {"location", Str()},
                    {"chatham_house", {{"type", "boolean"}}},
                    {"agenda", Str()},
                    {"originator", Str()},
                    {"handling", Ref("GovernanceHandling")},
                    {"cancelled", {{"type", "boolean"}}},
                    {"created_by", Str()},
                    {"created_at", Str()},
                    {"updated_at", Str()},
                    {"actions", {{"type", "array"},
                                 {"description", "GET of one meeting: its actions the caller may see."},
                                 {"items", Ref("Action")}}}}}};
  s["Meetings"] = {{"type", "object"}, {"properties", {{"meetings", {{"type", "array"}, {"items", Ref("Meeting")}}}}}};
  s["ActionWrite"] = {
      {"type", "object"},
      {"description", "On creation title and owner are required. The owner member may change status and "
                      "assignee only; the recording member's secretariat or co-chair may change everything."},
      {"properties",
       {{"title", Str()},
        {"detail", Str()},
        {"meeting_id", Str()},
        {"owner", {{"type", "string"}, {"description", "The member that must carry it out."}}},
        {"assignee", Str()},
        {"due", {{"type", "string"}, {"description", "A date, possibly partial (2027-03)."}}},
        {"status", {{"type", "string"}, {"enum", {"open", "in_progress", "done", "dropped"}}}},
        {"handling", Ref("GovernanceHandling")}}}};
  s["Action"] = {{"type", "object"},
                 {"properties",
                  {{"id", Str()},
                   {"title", Str()},
                   {"detail", Str()},
                   {"meeting_id", Str()},
                   {"owner", Str()},
                   {"assignee", Str()},
                   {"due", Str()},
                   {"status", Str()},
                   {"originator", Str()},
                   {"handling", Ref("GovernanceHandling")},
                   {"created_by", Str()},
                   {"created_at", Str()},
                   {"updated_at", Str()}}}};
  s["Actions"] = {{"type", "object"}, {"properties", {{"actions", {{"type", "array"}, {"items", Ref("Action")}}}}}};
  return s;
}

constexpr std::string_view kTag = "working group";

}  // namespace

RouteArea GovernanceRoutes() {
  namespace h = handlers;
  RouteArea area;
  area.routes = {
      {.method = "GET", .pattern = "/api/v1/meetings", .operation_id = "list_meetings", .tag = kTag,
       .summary = "Meetings the caller may see that end after `from` and start before `to` (default: from "
                  "yesterday, for a year), by start time.",
       .scope = "read",
       .params = {{"from", ParamType::kString, "UTC time or date"},
                  {"to", ParamType::kString, "UTC time or date"},
                  {"limit", ParamType::kInteger, "at most this many (default 100)", false, 1, 1000}},
       .response_schema = "Meetings", .handler = h::ListMeetings},
      {.method = "POST", .pattern = "/api/v1/meetings", .operation_id = "add_meeting", .tag = kTag,
       .summary = "The secretariat or a co-chair schedules a meeting, their member as originator. Audited.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "MeetingWrite", .response_schema = "Meeting",
       .errors = {403}, .handler = h::AddMeeting},
      {.method = "GET", .pattern = "/api/v1/meetings/{id}", .operation_id = "get_meeting", .tag = kTag,
       .summary = "One meeting with its actions; a meeting the caller may not see answers 404 like a missing one.",
       .scope = "read", .response_schema = "Meeting", .errors = {404}, .handler = h::GetMeeting},
      {.method = "PUT", .pattern = "/api/v1/meetings/{id}", .operation_id = "update_meeting", .tag = kTag,
       .summary = "The organising member's secretariat or co-chair changes or cancels a meeting. Audited.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "MeetingWrite", .response_schema = "Meeting",
       .errors = {403, 404}, .handler = h::UpdateMeeting},
      {.method = "GET", .pattern = "/api/v1/actions", .operation_id = "list_actions", .tag = kTag,
       .summary = "Actions the caller may see: open ones (default) or all, optionally of one owner member; by due "
                  "date.",
       .scope = "read",
       .params = {{"status", ParamType::kString, "open (default) or all"},
                  {"owner", ParamType::kString, "member code"}},
       .response_schema = "Actions", .handler = h::ListActions},
      {.method = "POST", .pattern = "/api/v1/actions", .operation_id = "add_action", .tag = kTag,
       .summary = "The secretariat or a co-chair records an action for a member, possibly from a meeting. Audited.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ActionWrite", .response_schema = "Action",
       .errors = {403}, .handler = h::AddAction},
      {.method = "PUT", .pattern = "/api/v1/actions/{id}", .operation_id = "update_action", .tag = kTag,
       .summary = "The owner member reports progress (status, assignee); the recording member may change "
                  "everything. Audited.",
       .scope = "write", .body = BodyKind::kJson, .request_schema = "ActionWrite", .response_schema = "Action",
       .errors = {403, 404}, .handler = h::UpdateAction},
  };
  area.schemas = Schemas();
  return area;
}

}  // namespace disrupt::server
