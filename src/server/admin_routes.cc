// The admin area of the portal API: users, their roles, clearances and
// compartments, TOTP enrolment and reset, lockouts, and the member states
// with their agencies. Its routes and the component schemas they name;
// Routes() (routes.cc) gathers them. Handlers: admin_handlers.cc.
#include "server/admin_handlers.h"
#include "server/governance_handlers.h"
#include "server/route.h"

namespace disrupt::server {

namespace {

using nlohmann::ordered_json;

ordered_json Str() { return {{"type", "string"}}; }
ordered_json StrArray() { return {{"type", "array"}, {"items", Str()}}; }

ordered_json Schemas() {
  ordered_json s = ordered_json::object();
  s["AdminUser"] = {
      {"type", "object"},
      {"description", "A portal user as administrators see it (no secrets)."},
      {"properties",
       {{"id", Str()},
        {"display_name", Str()},
        {"member", Str()},
        {"agency", Str()},
        {"roles", StrArray()},
        {"clearance",
         {{"type", "object"},
          {"description", "null when the user holds no clearance."},
          {"properties", {{"level", Str()}, {"granted_by", Str()}, {"expires", Str()}}}}},
        {"compartments", StrArray()},
        {"disabled", {{"type", "boolean"}}},
        {"totp_required", {{"type", "boolean"}}},
        {"totp_enrolled", {{"type", "boolean"}}},
        {"totp_pending", {{"type", "boolean"},
                          {"description", "A second factor is set up and waits for the user's first code."}}},
        {"created_at", Str()}}}};
  s["AdminUserWrite"] = {
      {"type", "object"},
      {"description", "A user's settings. POST also takes `id` and `password` (at least 12 characters); PUT keeps "
                      "the id and secrets."},
      {"properties",
       {{"id", Str()},
        {"password", Str()},
        {"display_name", Str()},
        {"member", {{"type", "string"}, {"description", "A member code known to the platform (AUS, IDN, IOM ...)."}}},
        {"agency", Str()},
        {"roles", {{"type", "array"},
                   {"items", {{"type", "string"},
                              {"enum", {"administrator", "secretariat", "co_chair", "member_official", "analyst",
                                        "observer", "victim_protection"}}}}}},
        {"clearance", {{"type", "string"},
                       {"enum", {"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"}}}},
        {"clearance_granted_by", {{"type", "string"}, {"description", "Default: the user's member."}}},
        {"clearance_expires", {{"type", "string"}, {"description", "YYYY-MM-DD; empty for no expiry."}}},
        {"compartments", StrArray()}}}};
  s["AdminUserResult"] = {
      {"type", "object"},
      {"properties",
       {{"user", {{"$ref", "#/components/schemas/AdminUser"}}},
        {"enrolment",
         {{"type", "object"},
          {"description", "New users and TOTP resets only, shown once: the otpauth:// URI to show as a QR code, "
                          "its base32 secret, and the time by which the user must confirm it with a first code "
                          "(they are also shown it at a sign-in with their password until then)."},
          {"properties", {{"totp_uri", Str()}, {"totp_secret", Str()}, {"enrol_until", Str()}}}}}}}};
  s["AdminUsers"] = {
      {"type", "object"},
      {"properties", {{"users", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/AdminUser"}}}}}}}};
  s["AdminMembers"] = {
      {"type", "object"},
      {"description", "Member states, territories and organisations, with their registered agencies (acronym, "
                      "name, focal point) and any other agency named by their users (registered false)."},
      {"properties",
       {{"members",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"code", Str()},
              {"name", Str()},
              {"kind", Str()},
              {"role", Str()},
              {"ad_hoc_group", {{"type", "boolean"}}},
              {"agencies", {{"type", "array"},
                            {"items", {{"type", "object"},
                                       {"properties", {{"acronym", Str()},
                                                       {"name", Str()},
                                                       {"focal_point", Str()},
                                                       {"registered", {{"type", "boolean"}}},
                                                       {"users", {{"type", "integer"}}}}}}}}}}}}}}}}}};
  s["MemberWrite"] = {
      {"type", "object"},
      {"description", "A member's name (required for a new member), kind, role and Ad Hoc Group membership."},
      {"properties",
       {{"name", Str()},
        {"kind", {{"type", "string"}, {"enum", {"state", "territory", "organisation"}}}},
        {"role", {{"type", "string"}, {"enum", {"member", "observer", "meeting_observer"}}}},
        {"ad_hoc_group", {{"type", "boolean"}}}}}};
  s["Member"] = {{"type", "object"},
                 {"properties",
                  {{"code", Str()}, {"name", Str()}, {"kind", Str()}, {"role", Str()}, {"ad_hoc_group", {{"type", "boolean"}}}}}};
  s["AgencyWrite"] = {{"type", "object"},
                      {"required", {"name"}},
                      {"properties",
                       {{"name", Str()},
                        {"focal_point", {{"type", "string"}, {"description", "A user id of the same member, or empty."}}}}}};
  s["Agency"] = {{"type", "object"},
                 {"properties", {{"member", Str()}, {"acronym", Str()}, {"name", Str()}, {"focal_point", Str()}}}};
  return s;
}

constexpr std::string_view kTag = "administration";

}  // namespace

RouteArea AdminRoutes() {
  namespace h = handlers;
  RouteArea area;
  area.routes = {
      {.method = "GET", .pattern = "/api/v1/admin/users", .operation_id = "admin_list_users", .tag = kTag,
       .summary = "Every user with roles, clearance, compartments and state. Administrators with a session only.",
       .access = Access::kAdmin, .response_schema = "AdminUsers", .errors = {403}, .handler = h::ListUsers},
      {.method = "POST", .pattern = "/api/v1/admin/users", .operation_id = "admin_add_user", .tag = kTag,
       .summary = "Create a user with a password and a TOTP secret; the answer carries the enrolment (otpauth:// "
                  "URI) once, and the user sets it up at their first sign-in. Audited.",
       .access = Access::kAdmin, .body = BodyKind::kJson, .request_schema = "AdminUserWrite",
       .response_schema = "AdminUserResult", .errors = {403, 409}, .handler = h::AddUser},
      {.method = "PUT", .pattern = "/api/v1/admin/users/{id}", .operation_id = "admin_update_user", .tag = kTag,
       .summary = "Replace a user's member, agency, roles, clearance and compartments. Audited.",
       .access = Access::kAdmin, .body = BodyKind::kJson, .request_schema = "AdminUserWrite",
       .response_schema = "AdminUserResult", .errors = {403, 404}, .handler = h::UpdateUser},
      {.method = "POST", .pattern = "/api/v1/admin/users/{id}/disable", .operation_id = "admin_disable_user",
       .tag = kTag, .summary = "Disable a user and end their sessions. Audited.", .access = Access::kAdmin,
       .response_schema = "AdminUserResult", .errors = {403, 404}, .handler = h::DisableUser},
      {.method = "POST", .pattern = "/api/v1/admin/users/{id}/enable", .operation_id = "admin_enable_user",
       .tag = kTag, .summary = "Enable a disabled user. Audited.", .access = Access::kAdmin,
       .response_schema = "AdminUserResult", .errors = {403, 404}, .handler = h::EnableUser},
      {.method = "POST", .pattern = "/api/v1/admin/users/{id}/totp-reset", .operation_id = "admin_reset_totp",
       .tag = kTag,
       .summary = "Give a user a new TOTP secret (the old one stops working, their sessions end); the answer "
                  "carries the enrolment once. Audited.",
       .access = Access::kAdmin, .response_schema = "AdminUserResult", .errors = {403, 404},
       .handler = h::ResetUserTotp},
      {.method = "POST", .pattern = "/api/v1/admin/users/{id}/unlock", .operation_id = "admin_unlock_user",
       .tag = kTag, .summary = "Clear a lockout after failed sign-ins. Audited.", .access = Access::kAdmin,
       .response_schema = "AdminUserResult", .errors = {403, 404}, .handler = h::UnlockUser},
      {.method = "GET", .pattern = "/api/v1/admin/members", .operation_id = "admin_list_members", .tag = kTag,
       .summary = "Member states and organisations with the agencies of their users.", .access = Access::kAdmin,
       .response_schema = "AdminMembers", .errors = {403}, .handler = h::ListMembers},
      {.method = "PUT", .pattern = "/api/v1/admin/members/{code}", .operation_id = "admin_put_member", .tag = kTag,
       .summary = "Add a member (states and territories by ISO 3166-1 alpha-3 code) or change its name, kind, role "
                  "or Ad Hoc Group membership. The groups the policy releases to follow at once on every server. "
                  "Audited.",
       .access = Access::kAdmin, .body = BodyKind::kJson, .request_schema = "MemberWrite", .response_schema = "Member",
       .errors = {403}, .handler = h::PutMember},
      {.method = "PUT", .pattern = "/api/v1/admin/members/{code}/agencies/{acronym}", .operation_id = "admin_put_agency",
       .tag = kTag,
       .summary = "Register an agency of a member (or change its name and focal point), by its acronym "
                  "(2-16 of A-Z, 0-9, -). Audited.",
       .access = Access::kAdmin, .body = BodyKind::kJson, .request_schema = "AgencyWrite", .response_schema = "Agency",
       .errors = {403, 404}, .handler = h::PutAgency},
      {.method = "DELETE", .pattern = "/api/v1/admin/members/{code}/agencies/{acronym}",
       .operation_id = "admin_remove_agency", .tag = kTag,
       .summary = "Remove an agency from the register (its users keep their agency name). Audited.",
       .access = Access::kAdmin, .errors = {403, 404}, .handler = h::RemoveAgency},
  };
  area.schemas = Schemas();
  return area;
}

}  // namespace disrupt::server
