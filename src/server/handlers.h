// The route handlers, grouped by area. Each is a HandlerFn (route.h) or is
// wrapped into one in routes.cc: it reads the validated request context,
// calls the libraries and returns a Reply or a Status. Record-level
// need-to-know is decided inside the catalogue handlers, for every record
// they touch.
#pragma once

#include <string_view>

#include "server/route.h"

namespace disrupt::server {

// Name of the session cookie.
inline constexpr std::string_view kSessionCookie = "disrupt_session";

namespace handlers {

// system_handlers.cc
Result<Reply> Health(Services& s, RequestContext& c);
Result<Reply> Ready(Services& s, RequestContext& c);
Result<Reply> MetricsText(Services& s, RequestContext& c);
Result<Reply> OpenApi(Services& s, RequestContext& c);

// session_handlers.cc
Result<Reply> SignIn(Services& s, RequestContext& c);
Result<Reply> CurrentSession(Services& s, RequestContext& c);
Result<Reply> SignOut(Services& s, RequestContext& c);

// catalogue_handlers.cc; `pattern` says which collection the route serves.
Result<Reply> ListRecords(Services& s, RequestContext& c, std::string_view pattern);
Result<Reply> GetRecord(Services& s, RequestContext& c, std::string_view pattern);
Result<Reply> WriteRecord(Services& s, RequestContext& c, std::string_view pattern, bool create);
Result<Reply> Search(Services& s, RequestContext& c);
Result<Reply> Stats(Services& s, RequestContext& c);
Result<Reply> Export(Services& s, RequestContext& c);
Result<Reply> StartImport(Services& s, RequestContext& c);
Result<Reply> ImportProgress(Services& s, RequestContext& c);

}  // namespace handlers
}  // namespace disrupt::server
