// Watchlist alerts for written records; see watch_alerts.h.
#include "deconflict/watch_alerts.h"

#include <vector>

#include "deconflict/watchlist.h"

namespace disrupt::deconflict {

Result<long long> RaiseWatchlistAlerts(PortalState& state, std::span<const model::Record> records, long long now) {
  if (records.empty()) return 0;
  DISRUPT_ASSIGN_OR_RETURN(auto selectors, state.Selectors(""));
  if (selectors.empty()) return 0;
  Watchlist watchlist;
  for (const auto& s : selectors) (void)watchlist.Add(s.selector);
  std::vector<Alert> alerts;
  for (const auto& r : records) {
    auto found = watchlist.Check(ObservationOf(r));
    alerts.insert(alerts.end(), found.begin(), found.end());
  }
  if (alerts.empty()) return 0;
  return state.AddAlerts(alerts, now);
}

}  // namespace disrupt::deconflict
