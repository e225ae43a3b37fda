// Handlers of the Working Group's own business (governance_routes.cc):
// meetings and the actions they decide, and the administration of members
// and their agencies.
//
// Meetings and actions are shown only to those the need-to-know policy lets
// read them (policy::Decide over governance::AsRecord): one the caller may
// not see answers exactly as one that does not exist, and lists leave it
// out. The secretariat and the co-chairs organise meetings and record
// actions, for their own member as originator; the member that owns an
// action (its analysts and focal points) reports its progress. Every read,
// change and refusal is audited.
#pragma once

#include "server/route.h"

namespace disrupt::server::handlers {

Result<Reply> ListMeetings(Services& s, RequestContext& c);
Result<Reply> GetMeeting(Services& s, RequestContext& c);
Result<Reply> AddMeeting(Services& s, RequestContext& c);
Result<Reply> UpdateMeeting(Services& s, RequestContext& c);
Result<Reply> ListActions(Services& s, RequestContext& c);
Result<Reply> AddAction(Services& s, RequestContext& c);
Result<Reply> UpdateAction(Services& s, RequestContext& c);

// Administrators: members and agencies.
Result<Reply> PutMember(Services& s, RequestContext& c);
Result<Reply> PutAgency(Services& s, RequestContext& c);
Result<Reply> RemoveAgency(Services& s, RequestContext& c);

}  // namespace disrupt::server::handlers
