// The modus operandi profile of a network: how often each method (transport
// mode, concealment, document fraud, recruitment, payment, exploitation)
// appears in the network's records, against the same figure for all the
// records the user may see (the regional baseline).
//
// Tags of a record, as "vocabulary:term": its `modus_operandi` values; a
// Movement's mode (transport_mode:) and concealment (concealment:); a
// Payment's channel (payment_method:); an exploited link's exploitation
// (exploitation:). A record belongs to the network when it lists the
// network among its networks (and the Network entity itself).
//
// share = records with the tag / records with any tag (in the network or in
// the baseline); lift = network share / baseline share (how much more the
// network uses the method than the region does; 0 when the baseline lacks
// it, which cannot happen as the network is part of the baseline).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/snapshot.h"
#include "model/record.h"

namespace disrupt::analysis {

struct MoTerm {
  std::string tag;  // vocabulary:term
  uint64_t network_records = 0;
  double network_share = 0;
  uint64_t baseline_records = 0;
  double baseline_share = 0;
  double lift = 0;
  std::vector<std::string> records;  // ids of the network's records with the tag (first 20)
  std::string explanation;
};

struct MoProfile {
  std::string network;
  uint64_t network_tagged = 0;   // network records with any tag
  uint64_t baseline_tagged = 0;  // visible records with any tag
  std::vector<MoTerm> terms;     // network's tags by lift, then share
  nlohmann::json ToJson() const;
};

// The modus operandi tags of one record.
std::vector<std::string> MoTags(const model::Record& record);

// kInvalidArgument when `visible` is empty; kNotFound when the network is
// not among the visible records.
Result<MoProfile> ProfileModusOperandi(const std::vector<model::Record>& records, const RecordVisibility& visible,
                                       const std::string& network_id);

}  // namespace disrupt::analysis
