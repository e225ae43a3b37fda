// The OpenAPI 3.0 document of the portal API, produced from the route table
// (route.h) and the schemas kept beside it, and its rendering as the
// Markdown reference docs/api.md.
//
// Regenerate the reference with:
//   disrupt serve --print-api-doc > docs/api.md
// (tests/server_api_doc_test.sh fails when docs/api.md is out of date).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace disrupt::server {

nlohmann::json OpenApiDocument();
// Markdown for people: every route with its parameters, body, answers and
// who may call it, then the schemas.
std::string OpenApiMarkdown(const nlohmann::json& document);

}  // namespace disrupt::server
