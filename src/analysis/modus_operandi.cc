// Modus operandi profile against the regional baseline; see modus_operandi.h.
#include "analysis/modus_operandi.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace disrupt::analysis {

std::vector<std::string> MoTags(const model::Record& r) {
  std::set<std::string> tags;
  for (const auto& v : r.GetAll("modus_operandi")) tags.insert(v);
  auto add = [&](const char* property, const char* vocabulary) {
    for (const auto& v : r.GetAll(property)) tags.insert(std::string(vocabulary) + ":" + v);
  };
  if (r.type == "Movement") {
    add("mode", "transport_mode");
    add("concealment", "concealment");
  } else if (r.type == "Payment") {
    add("channel", "payment_method");
  } else if (r.type == "exploited") {
    add("exploitation", "exploitation");
  }
  return {tags.begin(), tags.end()};
}

Result<MoProfile> ProfileModusOperandi(const std::vector<model::Record>& records, const RecordVisibility& visible,
                                       const std::string& network_id) {
  if (!visible) return Status::InvalidArgument("a profile needs the requesting user's visibility decision", "visible");
  MoProfile p;
  p.network = network_id;
  bool found = false;
  std::map<std::string, MoTerm> terms;
  std::map<std::string, uint64_t> baseline;
  for (const auto& r : records) {
    if (!visible(r)) continue;
    bool in_network = r.id == network_id ||
                      std::find(r.networks.begin(), r.networks.end(), network_id) != r.networks.end();
    found |= r.id == network_id;
    auto tags = MoTags(r);
    if (tags.empty()) continue;
    p.baseline_tagged++;
    for (const auto& t : tags) baseline[t]++;
    if (!in_network) continue;
    p.network_tagged++;
    for (const auto& t : tags) {
      MoTerm& term = terms[t];
      term.tag = t;
      term.network_records++;
      if (term.records.size() < 20) term.records.push_back(r.id);
    }
  }
  if (!found) return Status::NotFound("no network " + network_id);
  for (auto& [tag, term] : terms) {
    term.baseline_records = baseline[tag];
    term.network_share = static_cast<double>(term.network_records) / static_cast<double>(p.network_tagged);
    term.baseline_share = static_cast<double>(term.baseline_records) / static_cast<double>(p.baseline_tagged);
    term.lift = term.baseline_share > 0 ? term.network_share / term.baseline_share : 0;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s in %llu of the network's %llu tagged records (%.0f%%) against %.0f%% region-wide: %.1fx",
                  tag.c_str(), static_cast<unsigned long long>(term.network_records),
                  static_cast<unsigned long long>(p.network_tagged), 100 * term.network_share,
                  100 * term.baseline_share, term.lift);
    term.explanation = buf;
    p.terms.push_back(term);
  }
  std::sort(p.terms.begin(), p.terms.end(), [](const MoTerm& a, const MoTerm& b) {
    if (a.lift != b.lift) return a.lift > b.lift;
    if (a.network_share != b.network_share) return a.network_share > b.network_share;
    return a.tag < b.tag;
  });
  return p;
}

nlohmann::json MoProfile::ToJson() const {
  nlohmann::json j;
  j["network"] = network;
  j["network_tagged"] = network_tagged;
  j["baseline_tagged"] = baseline_tagged;
  auto& list = j["terms"] = nlohmann::json::array();
  for (const auto& t : terms) {
    list.push_back({{"tag", t.tag},
                    {"network_records", t.network_records},
                    {"network_share", t.network_share},
                    {"baseline_records", t.baseline_records},
                    {"baseline_share", t.baseline_share},
                    {"lift", t.lift},
                    {"records", t.records},
                    {"explanation", t.explanation}});
  }
  return j;
}

}  // namespace disrupt::analysis
