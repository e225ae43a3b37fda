// Handlers of the administration area (admin_routes.cc): users, their roles,
// clearances and compartments, disabling, TOTP enrolment and reset, lockout,
// and the member states with the agencies their users belong to.
//
// Only administrators reach them (Access::kAdmin), and only through a signed-in
// session: an API token is refused (kForbidden), so that every change to
// who may see what is made by a person who passed the second factor. Every
// change is audited by the Authenticator (action auth.user, the acting
// administrator as actor); listing users and members is audited here.
// A new user's or a reset's TOTP enrolment (otpauth:// URI and secret) is in
// the answer once, marked sensitive (never cached or compressed), for the
// administrator to hand to the user as a QR code; it is never stored in the
// clear nor shown again.
//
// Thread safety: as Services. Cost: each call is a few store reads; listing is
// O(users + members).
#pragma once

#include "server/route.h"

namespace disrupt::server::handlers {

Result<Reply> ListUsers(Services& s, RequestContext& c);
Result<Reply> AddUser(Services& s, RequestContext& c);
Result<Reply> UpdateUser(Services& s, RequestContext& c);
Result<Reply> DisableUser(Services& s, RequestContext& c);
Result<Reply> EnableUser(Services& s, RequestContext& c);
Result<Reply> ResetUserTotp(Services& s, RequestContext& c);
Result<Reply> UnlockUser(Services& s, RequestContext& c);
Result<Reply> ListMembers(Services& s, RequestContext& c);

}  // namespace disrupt::server::handlers
