// Watchlist alerts for records as they are written: every path that writes
// records to the catalogue (an import through the portal or the CLI, a
// single write through the API) hands the written records here, and each
// match against a member's selector becomes an alert for that member, kept
// in the portal state (portal_state.h). Whether the member may see the
// matching record is decided when the alert is read, by the need-to-know
// policy; an alert itself holds only references.
//
// Selectors are read from the database on each call, so selectors another
// portal server registered a moment ago apply at once.
//
// Thread safety: as PortalState. Cost: one read of the selectors, then
// Watchlist::Check per record.
#pragma once

#include <span>

#include "core/status.h"
#include "deconflict/portal_state.h"
#include "model/record.h"

namespace disrupt::deconflict {

// Raises the alerts `records` give against every member's selectors;
// returns how many were new. A selector that no longer normalises is
// skipped. Errors: those of PortalState.
Result<long long> RaiseWatchlistAlerts(PortalState& state, std::span<const model::Record> records, long long now);

}  // namespace disrupt::deconflict
