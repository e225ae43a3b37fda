// Handlers of the system routes: liveness, readiness, metrics, the OpenAPI
// document. None needs an identity; none reveals anything about records.
#include <chrono>

#include "server/handlers.h"
#include "server/openapi.h"
#include "server/services.h"

namespace disrupt::server::handlers {

Result<Reply> Health(Services&, RequestContext&) {
  Reply r;
  r.body = {{"status", "ok"}};
  return r;
}

Result<Reply> Ready(Services& s, RequestContext&) {
  // Reachable and answering: a read of one small setting.
  auto setting = s.store.GetSetting("created_at");
  if (!setting.ok()) return Status::Unavailable("the catalogue store is not reachable");
  Reply r;
  r.body = {{"status", "ready"}};
  return r;
}

Result<Reply> MetricsText(Services& s, RequestContext&) {
  Reply r;
  r.raw = s.metrics.Render();
  r.raw_content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

Result<Reply> OpenApi(Services&, RequestContext&) {
  static const std::string kDocument = OpenApiDocument().dump(1);
  Reply r;
  r.raw = kDocument;
  r.raw_content_type = "application/json";
  return r;
}

}  // namespace disrupt::server::handlers
