// Batch import with per-record checks and all-or-nothing writes; see importer.h.
#include "ingest/importer.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/csv.h"
#include "core/text.h"
#include "model/schema.h"

namespace disrupt::ingest {

namespace {

// Where a reference sits in a record: "source", "target", "networks", or a
// property ("properties." + name); built as text only for a message.
struct RefField {
  std::string_view name;
  bool property = false;
  std::string ToString() const { return property ? "properties." + std::string(name) : std::string(name); }
};

// Calls `visit(field, id)` for every entity id a record refers to.
template <typename Visit>
void ForEachReference(const model::Record& r, Visit&& visit) {
  if (r.kind == model::RecordKind::kLink) {
    visit(RefField{"source"}, r.source);
    visit(RefField{"target"}, r.target);
  }
  if (const model::Schema* schema = model::FindSchema(r.type)) {
    for (const auto& spec : schema->properties) {
      if (spec.type != model::PropertyType::kEntityRef) continue;
      auto it = r.properties.find(spec.name);
      if (it == r.properties.end()) continue;
      for (const auto& v : it->second) visit(RefField{spec.name, true}, v.value);
    }
  }
  for (const auto& n : r.networks) visit(RefField{"networks"}, n);
}

// The input column or property a record field came from, if the reader said
// ("column 'DOB' (properties.birth_date)").
std::string DescribeField(const SourceItem& item, const std::string& field) {
  for (const auto& [f, column] : item.columns) {
    if (f == field) return column + " (" + field + ")";
  }
  return field;
}

}  // namespace

std::string ImportProblem::ToString() const {
  std::string s = path + ":" + std::to_string(line) + ": ";
  if (!field.empty()) s += field + ": ";
  return s + message;
}

Result<std::unique_ptr<Importer>> Importer::Open(store::Store& store, const model::Vocabularies& vocabularies,
                                                 ImportOptions options) {
  if (options.batch_size == 0 || options.batch_size > kMaxBatchSize) {
    return Status::InvalidArgument("batch size must be 1 to " + std::to_string(kMaxBatchSize), "--batch-size");
  }
  std::unique_ptr<Importer> importer(new Importer(store, vocabularies, std::move(options)));
  if (!importer->options_.rejects_path.empty()) {
    importer->rejects_ = std::make_unique<std::ofstream>(importer->options_.rejects_path, std::ios::trunc);
    if (!*importer->rejects_) {
      return Status::InvalidArgument("cannot write the rejects file " + importer->options_.rejects_path, "--skip-bad");
    }
    importer->rejects_csv_ = EndsWith(AsciiLower(importer->options_.rejects_path), ".csv");
    if (importer->rejects_csv_) WriteCsvRecord(*importer->rejects_, {"file", "line", "field", "reason", "input"});
  }
  if (importer->options_.bulk_load) {
    DISRUPT_ASSIGN_OR_RETURN(importer->bulk_, store.BeginBulkLoad());
  }
  return importer;
}

Importer::Importer(store::Store& store, const model::Vocabularies& vocabularies, ImportOptions options)
    : store_(store),
      vocabularies_(vocabularies),
      options_(std::move(options)),
      start_(std::chrono::steady_clock::now()) {}

Importer::~Importer() { (void)Finish(); }

Status Importer::Finish() {
  if (!bulk_) return Status::Ok();
  bulk_ = false;
  const auto start = std::chrono::steady_clock::now();
  Status s = store_.EndBulkLoad();
  summary_.store_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

void Importer::AddProblem(const std::string& path, const SourceItem& item, const std::string& field,
                          const std::string& message) {
  ++summary_.problem_count;
  if (summary_.problems.size() < options_.max_problems) {
    summary_.problems.push_back(ImportProblem{path, item.line, field, message});
  }
}

Status Importer::WriteReject(const RecordReader& reader, const SourceItem& first, const std::string& field,
                             const std::string& reason) {
  if (rejects_csv_) {
    WriteCsvRecord(*rejects_, {reader.path(), std::to_string(first.line), field, reason, first.raw});
  } else {
    nlohmann::json j = {{"file", reader.path()}, {"line", first.line}, {"field", field}, {"reason", reason}};
    // The input text is kept as it was, unless it is not valid UTF-8.
    j["input"] = IsValidUtf8(first.raw) ? first.raw : std::string("(not valid UTF-8; see the input file)");
    *rejects_ << j.dump() << '\n';
  }
  if (!*rejects_) return Status::Unavailable("cannot write the rejects file " + options_.rejects_path);
  return Status::Ok();
}

namespace {

// Batches read and checked ahead by the reading thread, handed to the
// writing thread. At most kAhead wait, so memory stays at a few batches.
class BatchQueue {
 public:
  static constexpr size_t kAhead = 2;
  struct Batch {
    std::vector<SourceItem> items;
    uint64_t bytes_read = 0;
  };

  // Producer: waits for room; false when the consumer has stopped.
  bool Push(Batch batch) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return queue_.size() < kAhead || stopped_; });
    if (stopped_) return false;
    queue_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }
  void Finish() {
    std::lock_guard lock(mu_);
    finished_ = true;
    ready_.notify_one();
  }
  // Consumer: false when the producer has finished and nothing is left.
  bool Pop(Batch& batch) {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return !queue_.empty() || finished_; });
    if (queue_.empty()) return false;
    batch = std::move(queue_.front());
    queue_.pop_front();
    room_.notify_one();
    return true;
  }
  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    room_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable room_, ready_;
  std::deque<Batch> queue_;  // guarded by mu_
  bool finished_ = false;    // guarded by mu_
  bool stopped_ = false;     // guarded by mu_
};

}  // namespace

Status Importer::Run(RecordReader& reader) {
  // Two threads, because parsing and checking cost about as much as writing:
  // this one writes batches while the reading thread reads and validates the
  // next ones. The reader is used by the reading thread only (its path is
  // immutable); results are taken from it after the join.
  BatchQueue queue;
  std::thread producer([&] {
    BatchQueue::Batch batch;
    SourceItem item;
    uint64_t last_unit = 0;
    while (reader.Next(item)) {
      if (item.error.ok()) item.error = model::Validate(item.record, &vocabularies_);
      // Cut batches only between input units, so a unit is accepted or rejected whole.
      if (batch.items.size() >= options_.batch_size && item.unit != last_unit) {
        batch.bytes_read = reader.bytes_read();
        if (!queue.Push(std::move(batch))) return queue.Finish();
        batch = BatchQueue::Batch();
      }
      last_unit = item.unit;
      batch.items.push_back(std::move(item));
      item = SourceItem();
    }
    batch.bytes_read = reader.bytes_read();
    if (!batch.items.empty() && reader.status().ok()) queue.Push(std::move(batch));
    queue.Finish();
  });
  Status result;
  BatchQueue::Batch batch;
  while (queue.Pop(batch)) {
    summary_.read += batch.items.size();
    batch_ = std::move(batch.items);
    result = Flush(reader, batch.bytes_read);
    if (!result.ok()) break;
  }
  queue.Stop();
  producer.join();
  batch_.clear();
  summary_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (!result.ok()) return result;
  if (!reader.status().ok()) return reader.status().WithContext(reader.path());
  for (auto& note : reader.Notes()) summary_.notes.push_back(reader.path() + ": " + note);
  return Status::Ok();
}

Status Importer::Flush(const RecordReader& reader, uint64_t bytes_read) {
  if (batch_.empty()) return Status::Ok();
  const std::string& path = reader.path();
  const size_t n = batch_.size();
  // Per record: empty = good, otherwise (field, reason).
  std::vector<std::pair<std::string, std::string>> bad(n);
  std::vector<bool> is_bad(n, false);
  std::vector<bool> collateral(n, false);  // good itself, rejected with its input unit
  auto mark = [&](size_t i, std::string field, std::string reason) {
    if (is_bad[i]) return;
    is_bad[i] = true;
    bad[i] = {std::move(field), std::move(reason)};
  };

  // 1. Reader errors and schema validation (done by the reading thread).
  for (size_t i = 0; i < n; ++i) {
    const auto& it = batch_[i];
    if (!it.error.ok()) mark(i, DescribeField(it, it.error.field()), it.error.message());
  }

  // A unit is accepted or rejected whole.
  auto spread_to_units = [&] {
    std::unordered_map<uint64_t, size_t> first_bad;
    for (size_t i = 0; i < n; ++i) {
      if (is_bad[i]) first_bad.emplace(batch_[i].unit, i);
    }
    if (first_bad.empty()) return;
    for (size_t i = 0; i < n; ++i) {
      if (is_bad[i]) continue;
      auto f = first_bad.find(batch_[i].unit);
      if (f != first_bad.end()) {
        mark(i, "", "rejected with the other records made from the same input");
        collateral[i] = true;
      }
    }
  };
  spread_to_units();

  // 2. Duplicate ids in the batch: the later record wins.
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(n * 2);
  std::vector<bool> superseded(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (is_bad[i]) continue;
    auto [pos, inserted] = index.emplace(batch_[i].record.id, i);
    if (!inserted) {
      superseded[pos->second] = true;
      pos->second = i;
      ++summary_.replaced_in_batch;
    }
  }

  // 3. References: every entity referred to must be in the batch or the store.
  std::unordered_set<std::string> outside;
  for (size_t i = 0; i < n; ++i) {
    if (is_bad[i]) continue;
    ForEachReference(batch_[i].record, [&](const RefField&, const std::string& id) {
      if (!index.count(id)) outside.insert(id);
    });
  }
  std::unordered_set<std::string> existing;
  if (!outside.empty()) {
    std::vector<std::string> ids(outside.begin(), outside.end());
    const auto asked = std::chrono::steady_clock::now();
    DISRUPT_ASSIGN_OR_RETURN(auto found, store_.Existing(ids));
    summary_.store_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count();
    existing.insert(found.begin(), found.end());
  }
  // Rejecting a record can leave others dangling; repeat until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < n; ++i) {
      if (is_bad[i]) continue;
      std::string field, missing;
      ForEachReference(batch_[i].record, [&](const RefField& f, const std::string& id) {
        if (!missing.empty()) return;
        auto in_batch = index.find(id);
        bool ok = in_batch != index.end() ? !is_bad[in_batch->second] : existing.count(id) > 0;
        if (!ok) {
          field = f.ToString();
          missing = id;
        }
      });
      if (!missing.empty()) {
        mark(i, DescribeField(batch_[i], field),
             "dangling reference: entity '" + missing + "' is neither in this import batch nor in the catalogue");
        changed = true;
      }
    }
    if (changed) spread_to_units();
  }

  // 4. Report, reject or stop.
  size_t bad_count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_bad[i]) continue;
    ++bad_count;
    if (!collateral[i]) AddProblem(path, batch_[i], bad[i].first, bad[i].second);
  }
  if (bad_count > 0 && !rejects_) {
    summary_.stopped = true;
    summary_.rejected += bad_count;
    uint64_t first_line = batch_.front().line, last_line = batch_.back().line;
    batch_.clear();
    return Status::InvalidArgument(std::to_string(bad_count) + " bad record(s) in the batch read from lines " +
                                       std::to_string(first_line) + "-" + std::to_string(last_line) +
                                       "; nothing of that batch was written",
                                   path);
  }
  if (bad_count > 0) {
    // One rejects entry per input unit, with every reason found for it.
    struct Entry {
      size_t first;  // the unit's first item (it carries the raw input)
      std::string field;
      std::vector<std::string> reasons;
    };
    std::vector<Entry> entries;
    std::unordered_map<uint64_t, size_t> entry_of;
    for (size_t i = 0; i < n; ++i) {
      if (!is_bad[i]) continue;
      auto [pos, inserted] = entry_of.emplace(batch_[i].unit, entries.size());
      if (inserted) {
        size_t first = i;
        while (first > 0 && batch_[first - 1].unit == batch_[i].unit) --first;
        entries.push_back({first, {}, {}});
      }
      auto& e = entries[pos->second];
      if (collateral[i]) continue;
      if (e.field.empty()) e.field = bad[i].first;
      e.reasons.push_back(bad[i].first.empty() ? bad[i].second : bad[i].first + ": " + bad[i].second);
    }
    for (const auto& e : entries) {
      DISRUPT_RETURN_IF_ERROR(WriteReject(reader, batch_[e.first], e.field, Join(e.reasons, "; ")));
    }
    summary_.rejected += bad_count;
  }

  std::vector<model::Record> records;
  records.reserve(n - bad_count);
  for (size_t i = 0; i < n; ++i) {
    if (!is_bad[i] && !superseded[i]) records.push_back(std::move(batch_[i].record));
  }
  index.clear();
  batch_.clear();
  if (!records.empty()) {
    const auto put = std::chrono::steady_clock::now();
    store::PutOptions put_options;
    put_options.validated = true;  // by the reading thread, against the same vocabularies
    Status s = store_.Put(records, put_options);
    summary_.store_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - put).count();
    if (!s.ok()) return s.WithContext(path + ": writing a batch of " + std::to_string(records.size()) + " records");
    summary_.written += records.size();
    ++summary_.batches;
    if (options_.on_written) options_.on_written(records);
  }
  if (rejects_) rejects_->flush();
  if (options_.on_batch) {
    ImportProgress p;
    p.batches = summary_.batches;
    p.written = summary_.written;
    p.rejected = summary_.rejected;
    p.bytes_read = bytes_read;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    options_.on_batch(p);
  }
  return Status::Ok();
}

}  // namespace disrupt::ingest
