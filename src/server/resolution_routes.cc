// The resolution area of the portal API: the entity-resolution review queue, hit/no-hit deconfliction between members and watchlists.
// Its routes and the component schemas they name; Routes() (routes.cc)
// gathers them.
#include "server/route.h"

namespace disrupt::server {

RouteArea ResolutionRoutes() {
  RouteArea area;
  return area;
}

}  // namespace disrupt::server
