// The OpenAPI document and its Markdown rendering; see openapi.h.
#include "server/openapi.h"

#include <sstream>

#include "server/route.h"

namespace disrupt::server {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

// Component schemas: the shapes the routes take and return.
ojson Schemas() {
  ojson s = ojson::object();
  s["Error"] = {
      {"type", "object"},
      {"description", "The one error shape of every failed request."},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message"}},
          {"properties",
           {{"code",
             {{"type", "string"},
              {"description",
               "invalid_argument, not_found, forbidden, unauthenticated, conflict, failed_precondition, "
               "resource_exhausted, unavailable, internal, method_not_allowed"}}},
            {"message", {{"type", "string"}, {"description", "What is wrong, for people."}}},
            {"field",
             {{"type", "string"},
              {"description", "The input the error is about: a query parameter, a header, or a JSON path in "
                              "the body (\"records[3] (id AUS-1): properties.birth_date\")."}}}}}}}}}};
  s["Status"] = {{"type", "object"}, {"properties", {{"status", {{"type", "string"}}}}}};
  s["Handling"] = {
      {"type", "object"},
      {"description", "Who may see the record and what they may do with it (docs/data-model.md)."},
      {"properties",
       {{"classification", {{"type", "string"}, {"enum", {"UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET",
                                                          "TOP SECRET"}}}},
        {"tlp", {{"type", "string"}}},
        {"codes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"releasable_to", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"originator_control", {{"type", "boolean"}}},
        {"compartment", {{"type", "string"}}},
        {"review_date", {{"type", "string"}}},
        {"restrictions", {{"type", "string"}}},
        {"legal_basis", {{"type", "string"}}}}}};
  s["Provenance"] = {{"type", "object"},
                     {"properties",
                      {{"originator", {{"type", "string"}}},
                       {"agency", {{"type", "string"}}},
                       {"case", {{"type", "string"}}},
                       {"reported", {{"type", "string"}}},
                       {"reliability", {{"type", "string"}, {"description", "A (reliable) .. F (cannot be judged)"}}},
                       {"credibility", {{"type", "integer"}, {"description", "1 (confirmed) .. 6 (cannot be judged)"}}}}}};
  s["Record"] = {
      {"type", "object"},
      {"description", "An entity, link or event in the project's JSON form (docs/data-model.md)."},
      {"required", {"id", "kind", "type", "provenance", "handling"}},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"kind", {{"type", "string"}, {"enum", {"entity", "link", "event"}}}},
        {"type", {{"type", "string"}, {"description", "Schema name: Person, Vessel, member_of, Movement ..."}}},
        {"source", {{"type", "string"}, {"description", "Links: the source entity's id."}}},
        {"target", {{"type", "string"}, {"description", "Links: the target entity's id."}}},
        {"valid_from", {{"type", "string"}}},
        {"valid_to", {{"type", "string"}}},
        {"properties", {{"type", "object"}, {"additionalProperties", {{"type", "array"}}}}},
        {"networks", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"provenance", {{"$ref", "#/components/schemas/Provenance"}}},
        {"handling", {{"$ref", "#/components/schemas/Handling"}}},
        {"version", {{"type", "integer"}, {"readOnly", true}}},
        {"updated_at", {{"type", "string"}, {"readOnly", true}}}}}};
  s["RecordPage"] = {
      {"type", "object"},
      {"description", "One page of records the caller may see, in id order. No total is given: counting "
                      "would reveal hidden records."},
      {"properties",
       {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Record"}}}}},
        {"next_after", {{"type", "string"}, {"nullable", true},
                        {"description", "Pass as `after` for the next page; null on the last page."}}}}}};
  s["RecordDetail"] = {
      {"type", "object"},
      {"properties",
       {{"record", {{"$ref", "#/components/schemas/Record"}}},
        {"links", {{"type", "array"},
                   {"description", "Links and events involving the record whose every end the caller may see."},
                   {"items", {{"$ref", "#/components/schemas/Record"}}}}}}}};
  s["WriteResult"] = {{"type", "object"},
                      {"properties", {{"id", {{"type", "string"}}}, {"version", {{"type", "integer"}}}}}};
  s["SearchResults"] = {
      {"type", "object"},
      {"properties",
       {{"hits", {{"type", "array"},
                  {"items", {{"type", "object"},
                             {"properties", {{"score", {{"type", "number"}}},
                                             {"record", {{"$ref", "#/components/schemas/Record"}}}}}}}}}}}};
  s["ImportJob"] = {
      {"type", "object"},
      {"properties",
       {{"id", {{"type", "string"}}},
        {"state", {{"type", "string"}, {"enum", {"queued", "running", "done", "failed"}}}},
        {"bytes_total", {{"type", "integer"}}},
        {"bytes_done", {{"type", "integer"}}},
        {"lines_read", {{"type", "integer"}}},
        {"records_written", {{"type", "integer"}}},
        {"errors", {{"type", "array"},
                    {"description", "Rows refused, with line number, field and message (at most 1000)."},
                    {"items", {{"type", "object"},
                               {"properties", {{"line", {{"type", "integer"}}},
                                               {"field", {{"type", "string"}}},
                                               {"message", {{"type", "string"}}}}}}}}},
        {"started_at", {{"type", "string"}}},
        {"finished_at", {{"type", "string"}}}}}};
  s["Stats"] = {{"type", "object"},
                {"description", "Counts of the records the caller may see."},
                {"properties",
                 {{"entities", {{"type", "integer"}}},
                  {"links", {{"type", "integer"}}},
                  {"events", {{"type", "integer"}}},
                  {"by_type", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}},
                  {"by_originator", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}}}}};
  s["SignIn"] = {{"type", "object"},
                 {"required", {"username", "password"}},
                 {"properties", {{"username", {{"type", "string"}}},
                                 {"password", {{"type", "string"}, {"format", "password"}}},
                                 {"totp", {{"type", "string"}, {"description", "The 6-digit code (RFC 6238)."}}}}}};
  s["Session"] = {
      {"type", "object"},
      {"description", "The signed-in user. The session itself travels in an HttpOnly cookie."},
      {"properties",
       {{"user", {{"type", "string"}}},
        {"member", {{"type", "string"}}},
        {"agency", {{"type", "string"}}},
        {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"clearance", {{"type", "string"}}},
        {"csrf_token", {{"type", "string"},
                        {"description", "Send back in the X-CSRF-Token header of every state-changing request."}}},
        {"expires_at", {{"type", "string"}}},
        {"enrolment_required",
         {{"type", "boolean"},
          {"description", "Present (true) instead of a session while the user's second factor is not set up: "
                          "totp_uri (for a QR code) and totp_secret are to be added to an authenticator app, then "
                          "the sign-in repeated with the first code, before enrol_until."}}},
        {"totp_uri", {{"type", "string"}}},
        {"totp_secret", {{"type", "string"}}},
        {"enrol_until", {{"type", "string"}}}}}};
  return s;
}

std::string_view ParamTypeSchema(ParamType t) {
  switch (t) {
    case ParamType::kInteger: return "integer";
    case ParamType::kBoolean: return "boolean";
    default: return "string";
  }
}

std::string AccessText(const RouteSpec& r) {
  switch (r.access) {
    case Access::kPublic: return "anyone";
    case Access::kUser: return "signed-in users and API tokens";
    case Access::kAdmin: return "administrators";
  }
  return "";
}

std::string StatusText(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No content";
    case 400: return "Invalid input (the error names the field)";
    case 401: return "Not signed in";
    case 403: return "Not allowed (role, token scope or CSRF token)";
    case 404: return "No such record, or one the caller may not see (the two are indistinguishable)";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 413: return "Body too large";
    case 415: return "Wrong Content-Type";
    case 429: return "Rate limit or lockout; see Retry-After";
    case 500: return "Internal error (details only in the server log)";
    case 503: return "The store is unavailable";
  }
  return "Error";
}

}  // namespace

json OpenApiDocument() {
  ojson doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "Disrupt members' portal API"},
                 {"version", "1"},
                 {"description",
                  "The JSON API of the members' portal. Every record read goes through the need-to-know "
                  "policy: lists, search, counts, links and exports hold only what the caller may see, and "
                  "a hidden record answers exactly like a missing one (404)."}};
  doc["servers"] = ojson::array({{{"url", "/"}}});
  ojson paths = ojson::object();
  for (const auto& r : Routes()) {
    ojson op;
    op["operationId"] = r.operation_id;
    op["tags"] = ojson::array({r.tag});
    op["summary"] = r.summary;
    op["x-access"] = AccessText(r);
    if (!r.scope.empty()) op["x-token-scope"] = r.scope;
    if (r.access == Access::kPublic) {
      op["security"] = ojson::array();
    }
    ojson params = ojson::array();
    std::string_view rest = r.pattern;
    for (size_t open = rest.find('{'); open != std::string_view::npos; open = rest.find('{', open + 1)) {
      size_t close = rest.find('}', open);
      params.push_back({{"name", rest.substr(open + 1, close - open - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
    for (const auto& p : r.params) {
      ojson schema = {{"type", ParamTypeSchema(p.type)}};
      if (p.type == ParamType::kInteger) {
        schema["minimum"] = p.min;
        schema["maximum"] = p.max;
      }
      if (p.type == ParamType::kDate) schema["format"] = "partial-date";
      params.push_back({{"name", p.name},
                        {"in", "query"},
                        {"required", p.required},
                        {"description", p.description},
                        {"schema", schema}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.body == BodyKind::kJson) {
      ojson schema = r.request_schema.empty() ? ojson{{"type", "object"}}
                                              : ojson{{"$ref", "#/components/schemas/" + std::string(r.request_schema)}};
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", schema}}}}}};
    } else if (r.body == BodyKind::kJsonLines) {
      op["requestBody"] = {
          {"required", true},
          {"description", "JSON Lines: one record per line in the project's JSON form."},
          {"content", {{"application/x-ndjson", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    }
    ojson responses = ojson::object();
    int ok = r.method == "POST" && r.body == BodyKind::kJsonLines ? 202
             : r.method == "POST"                                 ? 201
             : r.method == "DELETE"                               ? 204
                                                                  : 200;
    ojson ok_response = {{"description", StatusText(ok)}};
    if (ok != 204) {
      ojson schema = r.response_schema.empty()
                         ? ojson{{"type", r.response_type == "application/json" ? "object" : "string"}}
                         : ojson{{"$ref", "#/components/schemas/" + std::string(r.response_schema)}};
      ok_response["content"] = {{std::string(r.response_type), {{"schema", schema}}}};
    }
    responses[std::to_string(ok)] = ok_response;
    std::vector<int> errors = {400};
    if (r.access != Access::kPublic) errors.insert(errors.end(), {401, 403});
    if (r.body != BodyKind::kNone) errors.insert(errors.end(), {413, 415});
    errors.insert(errors.end(), r.errors.begin(), r.errors.end());
    if (r.pattern.substr(0, 5) == "/api/") errors.push_back(429);
    errors.push_back(500);
    std::sort(errors.begin(), errors.end());
    errors.erase(std::unique(errors.begin(), errors.end()), errors.end());
    for (int e : errors) {
      responses[std::to_string(e)] = {
          {"description", StatusText(e)},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    }
    op["responses"] = responses;
    std::string method(r.method);
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[std::string(r.pattern)][method] = op;
  }
  doc["paths"] = paths;
  doc["components"] = {
      {"schemas", [] {
         ojson all = Schemas();
         for (const auto& [name, schema] : AreaSchemas().items()) all[name] = schema;
         return all;
       }()},
      {"securitySchemes",
       {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "disrupt_session"},
                     {"description", "Set by POST /api/v1/session. State-changing requests also need the "
                                     "X-CSRF-Token header."}}},
        {"token", {{"type", "http"}, {"scheme", "bearer"},
                   {"description", "An API token for machine clients, limited to its scopes."}}}}}};
  doc["security"] = ojson::array({{{"session", ojson::array()}}, {{"token", ojson::array()}}});
  return json::parse(doc.dump());
}

std::string OpenApiMarkdown(const json& document) {
  // Render from an ordered copy so the reference lists routes in table order.
  std::ostringstream out;
  out << "# Portal API reference\n\n"
      << "<!-- Generated by `disrupt serve --print-api-doc` from the OpenAPI document served at "
         "/api/v1/openapi.json. Do not edit by hand. -->\n\n"
      << document["info"]["description"].get<std::string>() << "\n\n"
      << "Every failure answers with one shape, `{\"error\": {\"code\", \"message\", \"field\"}}`; `field` names "
         "the input at fault when there is one. Sign in with `POST /api/v1/session` (the session travels in an "
         "HttpOnly cookie and every state-changing request must carry the `X-CSRF-Token` header), or send an API "
         "token as `Authorization: Bearer TOKEN`.\n\n";
  for (const auto& r : Routes()) {
    std::string method(r.method);
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const json& op = document["paths"][std::string(r.pattern)][method];
    out << "## `" << r.method << " " << r.pattern << "`\n\n" << op["summary"].get<std::string>() << "\n\n";
    out << "- Who: " << op["x-access"].get<std::string>();
    if (op.contains("x-token-scope")) out << " (token scope `" << op["x-token-scope"].get<std::string>() << "`)";
    out << "\n";
    if (op.contains("parameters")) {
      out << "- Parameters:\n";
      for (const auto& p : op["parameters"]) {
        out << "  - `" << p["name"].get<std::string>() << "` (" << p["in"].get<std::string>() << ", "
            << p["schema"]["type"].get<std::string>();
        if (p["schema"].contains("minimum")) {
          out << " " << p["schema"]["minimum"].get<long long>() << ".." << p["schema"]["maximum"].get<long long>();
        }
        out << (p["required"].get<bool>() ? ", required" : "") << ")";
        if (p.contains("description") && !p["description"].get<std::string>().empty()) {
          out << ": " << p["description"].get<std::string>();
        }
        out << "\n";
      }
    }
    if (op.contains("requestBody")) {
      const auto& content = op["requestBody"]["content"];
      for (auto it = content.begin(); it != content.end(); ++it) {
        out << "- Body: `" << it.key() << "`";
        const auto& schema = it.value()["schema"];
        if (schema.contains("$ref")) {
          std::string ref = schema["$ref"].get<std::string>();
          out << ", " << ref.substr(ref.rfind('/') + 1);
        }
        out << "\n";
      }
    }
    out << "- Answers:";
    for (auto it = op["responses"].begin(); it != op["responses"].end(); ++it) {
      out << " " << it.key();
      if (it.key()[0] == '2' && it.value().contains("content")) {
        for (auto c = it.value()["content"].begin(); c != it.value()["content"].end(); ++c) {
          const auto& schema = c.value()["schema"];
          if (schema.contains("$ref")) {
            std::string ref = schema["$ref"].get<std::string>();
            out << " (" << ref.substr(ref.rfind('/') + 1) << ")";
          } else {
            out << " (" << c.key() << ")";
          }
        }
      }
    }
    out << "\n\n";
  }
  out << "# Schemas\n\n";
  const json& schemas = document["components"]["schemas"];
  for (auto it = schemas.begin(); it != schemas.end(); ++it) {
    out << "## " << it.key() << "\n\n";
    if (it.value().contains("description")) out << it.value()["description"].get<std::string>() << "\n\n";
    if (it.value().contains("properties")) {
      out << "| field | type | notes |\n|---|---|---|\n";
      const auto& props = it.value()["properties"];
      for (auto p = props.begin(); p != props.end(); ++p) {
        std::string type = p.value().contains("type") ? p.value()["type"].get<std::string>() : "";
        if (p.value().contains("$ref")) {
          std::string ref = p.value()["$ref"].get<std::string>();
          type = ref.substr(ref.rfind('/') + 1);
        }
        std::string notes = p.value().contains("description") ? p.value()["description"].get<std::string>() : "";
        if (p.value().contains("enum")) {
          std::string values;
          for (const auto& e : p.value()["enum"]) values += (values.empty() ? "" : ", ") + e.get<std::string>();
          notes += (notes.empty() ? "" : " ") + std::string("One of: ") + values + ".";
        }
        out << "| `" << p.key() << "` | " << type << " | " << notes << " |\n";
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace disrupt::server
