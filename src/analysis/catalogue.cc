// Reading the catalogue under need-to-know and marking derived results; see
// catalogue.h.
#include "analysis/catalogue.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace disrupt::analysis {

namespace {

// Records are read in chunks of this many (keyset pagination), so a scan
// never holds the store for long.
constexpr size_t kScanChunk = 5000;

}  // namespace

void Marking::Add(const model::Record& record) {
  model::Grade g{record.provenance.reliability, record.provenance.credibility};
  if (sources_ == 0) {
    handling_ = record.handling;
    grade_ = g;
  } else {
    handling_ = model::MostRestrictive(handling_, record.handling);
    grade_ = model::WeakestGrade(grade_, g);
  }
  ++sources_;
}

void Marking::Add(const Marking& other) {
  if (other.sources_ == 0) return;
  if (sources_ == 0) {
    *this = other;
    return;
  }
  handling_ = model::MostRestrictive(handling_, other.handling_);
  grade_ = model::WeakestGrade(grade_, other.grade_);
  sources_ += other.sources_;
}

nlohmann::json Marking::ToJson() const {
  // The handling is rendered exactly as a record's (model::ToJson), so
  // clients read one form.
  model::Record carrier;
  carrier.handling = handling_;
  nlohmann::json handling = model::ToJson(carrier)["handling"];
  return nlohmann::json{{"sources", sources_},
                        {"handling", std::move(handling)},
                        {"grade", {{"reliability", std::string(1, grade_.reliability)}, {"credibility", grade_.credibility}}}};
}

Marking MarkingOf(const Snapshot& snapshot, const std::vector<model::Record>& records) {
  std::unordered_set<std::string_view> used;
  used.reserve(snapshot.nodes.size() + snapshot.links.size() + snapshot.events.size());
  for (const auto& n : snapshot.nodes) used.insert(n.id);
  for (const auto& l : snapshot.links) used.insert(l.id);
  for (const auto& e : snapshot.events) used.insert(e.id);
  Marking marking;
  for (const auto& r : records) {
    if (used.count(r.id)) marking.Add(r);
  }
  return marking;
}

RecordVisibility CatalogueView::Visible() const {
  // Every record in `records` passed the policy; anything else is unknown to the user.
  auto ids = std::make_shared<std::unordered_set<std::string>>();
  ids->reserve(records.size());
  for (const auto& r : records) ids->insert(r.id);
  return [ids](const model::Record& r) { return ids->count(r.id) != 0; };
}

Result<CatalogueView> LoadCatalogueView(store::Store& store, const policy::Principal& principal,
                                        const policy::PolicyContext& context, SnapshotOptions options) {
  CatalogueView view;
  std::vector<model::Record> all;
  store::RecordQuery query;
  query.limit = kScanChunk;
  for (;;) {
    size_t before = all.size();
    DISRUPT_RETURN_IF_ERROR(store.Scan(query, [&](model::Record&& r) {
      all.push_back(std::move(r));
      return true;
    }));
    size_t got = all.size() - before;
    if (got < kScanChunk) break;
    query.after_id = all.back().id;
  }
  view.scanned = all.size();
  // Entities are seeded into the decision cache so the reference rule needs
  // no store lookups; an entity absent from the scan (deleted meanwhile)
  // counts as hidden.
  std::unordered_map<std::string_view, const model::Record*> entities;
  for (const auto& r : all) {
    if (r.kind == model::RecordKind::kEntity) entities.emplace(r.id, &r);
  }
  policy::Visibility visibility(principal, policy::Operation::kRead, context,
                                [&entities](std::string_view id) -> std::optional<model::Record> {
                                  auto it = entities.find(id);
                                  if (it == entities.end()) return std::nullopt;
                                  return *it->second;
                                });
  for (const auto& r : all) {
    if (r.kind == model::RecordKind::kEntity) visibility.Remember(r);
  }
  std::vector<uint8_t> keep(all.size(), 0);
  for (size_t i = 0; i < all.size(); ++i) keep[i] = visibility.Check(all[i]).allowed ? 1 : 0;
  entities.clear();
  view.records.reserve(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    if (keep[i]) view.records.push_back(std::move(all[i]));
  }
  view.hidden = view.scanned - view.records.size();
  all.clear();
  all.shrink_to_fit();
  options.visible = [](const model::Record&) { return true; };  // `records` holds only visible ones
  DISRUPT_ASSIGN_OR_RETURN(view.snapshot, BuildSnapshot(view.records, options));
  view.marking = MarkingOf(*view.snapshot, view.records);
  return view;
}

}  // namespace disrupt::analysis
