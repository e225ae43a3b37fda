// The admin area of the portal API: administration: users, clearances, member states and agencies.
// Its routes and the component schemas they name; Routes() (routes.cc)
// gathers them.
#include "server/route.h"

namespace disrupt::server {

RouteArea AdminRoutes() {
  RouteArea area;
  return area;
}

}  // namespace disrupt::server
