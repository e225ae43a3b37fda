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
  // Entities are read first and decided as they arrive: the decision is
  // cached by id (the reference rule of the links and events read next needs
  // no store lookups), and a hidden record is dropped at once, so the scan
  // never holds more than the visible records and one chunk. A link or event
  // whose entity is absent from the entity scan (deleted meanwhile) is hidden.
  policy::Visibility visibility(principal, policy::Operation::kRead, context,
                                [](std::string_view) -> std::optional<model::Record> { return std::nullopt; });
  // One run of visible records per kind, each in id order.
  std::vector<size_t> run_ends;
  for (model::RecordKind kind : {model::RecordKind::kEntity, model::RecordKind::kLink, model::RecordKind::kEvent}) {
    store::RecordQuery query;
    query.kind = kind;
    query.limit = kScanChunk;
    for (;;) {
      size_t got = 0;
      std::string last;
      DISRUPT_RETURN_IF_ERROR(store.Scan(query, [&](model::Record&& r) {
        ++got;
        last = r.id;
        if (r.kind == model::RecordKind::kEntity) visibility.Remember(r);
        if (visibility.Check(r).allowed) view.records.push_back(std::move(r));
        return true;
      }));
      view.scanned += got;
      if (got < kScanChunk) break;
      query.after_id = std::move(last);
    }
    run_ends.push_back(view.records.size());
  }
  // The contract is one list in id order: merge the three runs.
  auto by_id = [](const model::Record& a, const model::Record& b) { return a.id < b.id; };
  auto begin = view.records.begin();
  std::inplace_merge(begin, begin + static_cast<std::ptrdiff_t>(run_ends[0]),
                     begin + static_cast<std::ptrdiff_t>(run_ends[1]), by_id);
  std::inplace_merge(begin, begin + static_cast<std::ptrdiff_t>(run_ends[1]),
                     begin + static_cast<std::ptrdiff_t>(run_ends[2]), by_id);
  view.records.shrink_to_fit();
  view.hidden = view.scanned - view.records.size();
  options.visible = [](const model::Record&) { return true; };  // `records` holds only visible ones
  DISRUPT_ASSIGN_OR_RETURN(view.snapshot, BuildSnapshot(view.records, options));
  view.marking = MarkingOf(*view.snapshot, view.records);
  return view;
}

}  // namespace disrupt::analysis
