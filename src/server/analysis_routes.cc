// The analysis area of the portal API: graph measures, brokers, hierarchies, routes, modus operandi, changes and disruption plans on the catalogue, under need-to-know.
// Its routes and the component schemas they name; Routes() (routes.cc)
// gathers them.
#include "server/route.h"

namespace disrupt::server {

RouteArea AnalysisRoutes() {
  RouteArea area;
  return area;
}

}  // namespace disrupt::server
