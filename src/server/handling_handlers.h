// Handlers of the handling area (handling_routes.cc): release requests and
// grants, bilateral agreements, and retention review. The release registry
// (policy/release.h) enforces who may decide; these handlers add what only
// the catalogue knows (a record's true originator) and keep hidden records
// indistinguishable from missing ones.
#pragma once

#include "server/route.h"

namespace disrupt::server::handlers {

Result<Reply> RequestRelease(Services& s, RequestContext& c);
Result<Reply> ListReleaseRequests(Services& s, RequestContext& c);
Result<Reply> GrantReleaseRequest(Services& s, RequestContext& c);
Result<Reply> RefuseReleaseRequest(Services& s, RequestContext& c);
Result<Reply> ListGrants(Services& s, RequestContext& c);
Result<Reply> RevokeGrant(Services& s, RequestContext& c);
Result<Reply> ListAgreements(Services& s, RequestContext& c);
Result<Reply> RecordAgreement(Services& s, RequestContext& c);
Result<Reply> EndAgreement(Services& s, RequestContext& c);
Result<Reply> RetentionDue(Services& s, RequestContext& c);
Result<Reply> RenewRetention(Services& s, RequestContext& c);

}  // namespace disrupt::server::handlers
