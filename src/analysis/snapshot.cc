// Building a network snapshot from catalogue records; see snapshot.h.
#include "analysis/snapshot.h"

#include <algorithm>
#include <climits>

#include "core/text.h"
#include "model/schema.h"

namespace disrupt::analysis {

namespace {

const std::string kNoCountry;

bool Overlaps(const Interval& a, const Interval& b) {
  long long a_from = a.from.empty() ? LLONG_MIN : a.from.EarliestDay();
  long long a_to = a.to.empty() ? LLONG_MAX : a.to.LatestDay();
  long long b_from = b.from.empty() ? LLONG_MIN : b.from.EarliestDay();
  long long b_to = b.to.empty() ? LLONG_MAX : b.to.LatestDay();
  return a_from <= b_to && b_from <= a_to;
}

bool InNetworks(const model::Record& r, const std::set<std::string>& networks) {
  if (networks.empty()) return true;
  if (networks.count(r.id)) return true;
  for (const auto& n : r.networks) {
    if (networks.count(n)) return true;
  }
  return false;
}

// Events carry their date as a property rather than a validity interval.
Interval TimeOf(const model::Record& r) {
  if (r.kind == model::RecordKind::kEvent) {
    auto d = PartialDate::Parse(r.Get("date"));
    if (d.ok()) return Interval{*d, *d};
  }
  return r.valid;
}

}  // namespace

const std::string& NodeInfo::country() const { return countries.empty() ? kNoCountry : countries.front(); }

std::vector<std::string> CountriesOf(const model::Record& entity) {
  std::vector<std::string> out;
  for (const char* p : {"nationality", "country", "flag", "issuing_country"}) {
    for (auto& c : entity.GetAll(p)) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

bool InTime(const model::Record& record, const SnapshotOptions& options) {
  Interval t = TimeOf(record);
  if (options.as_of && !options.as_of->empty() && !t.Covers(*options.as_of)) return false;
  if ((!options.window.from.empty() || !options.window.to.empty()) && !Overlaps(t, options.window)) return false;
  return true;
}

Result<std::shared_ptr<const Snapshot>> BuildSnapshot(const std::vector<model::Record>& records,
                                                      const SnapshotOptions& options) {
  if (!options.visible) {
    return Status::InvalidArgument("a snapshot needs the requesting user's visibility decision", "visible");
  }
  auto snap = std::make_shared<Snapshot>();
  graph::GraphBuilder builder(graph::BuildOptions{options.directed, false, options.weight_by_count});
  std::unordered_map<std::string, graph::NodeIndex> index;
  // Pass 1: entities (and places, kept aside for routes).
  for (const auto& r : records) {
    if (r.kind != model::RecordKind::kEntity || !options.visible(r)) continue;
    if (r.type == "Place") {
      snap->place_country[r.id] = r.Get("country");
      snap->place_name[r.id] = r.Label();
    }
    if (!InTime(r, options)) continue;
    if (!options.entity_types.empty() && !options.entity_types.count(r.type)) continue;
    if (!InNetworks(r, options.networks)) continue;
    auto countries = CountriesOf(r);
    if (!options.countries.empty() &&
        std::none_of(countries.begin(), countries.end(), [&](const auto& c) { return options.countries.count(c); })) {
      continue;
    }
    if (index.count(r.id)) continue;
    graph::NodeIndex v = builder.AddNode(r.id);
    index[r.id] = v;
    snap->nodes.push_back(NodeInfo{r.id, r.type, r.Label(), std::move(countries), r.networks, r.Get("country"),
                                   r.GetAll("nationality")});
  }
  // Pass 2: links between kept entities; events.
  for (const auto& r : records) {
    if (r.kind == model::RecordKind::kEntity || !options.visible(r) || !InTime(r, options)) continue;
    if (r.kind == model::RecordKind::kEvent) {
      if (InNetworks(r, options.networks)) snap->events.push_back(r);
      continue;
    }
    if (r.type == "located_at") {
      // Where an actor is: the country of a visible place it is located at
      // (the first one read), unless the entity states its own country.
      auto at = index.find(r.source);
      auto place = snap->place_country.find(r.target);
      if (at != index.end() && place != snap->place_country.end() && snap->nodes[at->second].location.empty()) {
        snap->nodes[at->second].location = place->second;
      }
    }
    if (!options.link_types.empty() && !options.link_types.count(r.type)) continue;
    auto s = index.find(r.source), t = index.find(r.target);
    if (s == index.end() || t == index.end()) continue;
    double w = 1.0;
    if (options.weight_by_count) {
      long long c;
      if (ParseInt64(r.Get("count"), c) && c > 0) w = static_cast<double>(c);
    }
    builder.AddLink(s->second, t->second, w);
    const model::Schema* schema = model::FindSchema(r.type);
    snap->links.push_back(LinkInfo{s->second, t->second, r.id, r.type, schema != nullptr && schema->directed});
  }
  snap->graph = builder.Build();
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

}  // namespace disrupt::analysis
