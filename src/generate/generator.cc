// Running a generation: validating the options, planning the units,
// building them on worker threads and writing them in unit order.
//
// Workers take the next unit from a shared counter but never run more than
// kWindow units ahead of the writer, so memory stays bounded (a few
// networks' worth of text) whatever the size of the data set. The writer
// appends each unit's text to the output files in unit order, which makes
// the files independent of the number of threads and of scheduling.
#include "generate/generator.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "generate/unit.h"

namespace disrupt::generate {

namespace {

constexpr int kWindow = 8;

// An output file written with a large buffer; remembers the first error.
class OutFile {
 public:
  OutFile() = default;
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;
  ~OutFile() {
    if (file_) std::fclose(file_);
  }

  Status Open(const std::filesystem::path& path, std::string_view header) {
    path_ = path.string();
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) return Status::Unavailable("cannot write " + path_);
    buffer_.resize(1 << 20);
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
    Write(header);
    return Status::Ok();
  }
  void Write(std::string_view text) {
    if (text.empty() || !file_) return;
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
    written_ += static_cast<long long>(text.size());
  }
  Status Close() {
    if (!file_) return Status::Ok();
    bool bad = std::fclose(file_) != 0 || failed_;
    file_ = nullptr;
    if (bad) return Status::Unavailable("error writing " + path_ + " (disk full?)");
    return Status::Ok();
  }
  long long written() const { return written_; }

 private:
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::string path_;
  bool failed_ = false;
  long long written_ = 0;
};

std::string SummaryJson(const GeneratorOptions& o, const GenerationSummary& s) {
  std::string out = "{\n";
  out += "  \"seed\": " + std::to_string(o.seed) + ",\n";
  out += "  \"entities_requested\": " + std::to_string(o.entities) + ",\n";
  out += "  \"entities\": " + std::to_string(s.entities) + ",\n";
  out += "  \"links\": " + std::to_string(s.links) + ",\n";
  out += "  \"events\": " + std::to_string(s.events) + ",\n";
  out += "  \"networks\": " + std::to_string(s.networks) + ",\n";
  out += "  \"persons\": " + std::to_string(s.persons) + ",\n";
  out += "  \"person_records\": " + std::to_string(s.person_records) + ",\n";
  out += "  \"first_year\": " + std::to_string(o.first_year) + ",\n";
  out += "  \"years\": " + std::to_string(o.years) + ",\n";
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.3f", o.duplicate_rate);
  out += "  \"duplicate_rate\": " + std::string(rate) + ",\n";
  out += "  \"by_type\": {";
  bool first = true;
  for (const auto& [type, n] : s.by_type) {
    out += first ? "\n" : ",\n";
    first = false;
    out += "    \"" + type + "\": " + std::to_string(n);
  }
  out += "\n  }\n}\n";
  return out;
}

}  // namespace

Generator::Generator(GeneratorOptions options) : options_(std::move(options)) {
  if (options_.entities < kMinEntities || options_.entities > kMaxEntities) {
    status_ = Status::InvalidArgument("entities must be between " + std::to_string(kMinEntities) + " and " +
                                          std::to_string(kMaxEntities),
                                      "entities");
  } else if (options_.out_dir.empty()) {
    status_ = Status::InvalidArgument("missing output directory", "out");
  } else if (options_.threads < 0 || options_.threads > 64) {
    status_ = Status::InvalidArgument("threads must be between 0 and 64", "threads");
  } else if (!(options_.duplicate_rate >= 0 && options_.duplicate_rate <= 3)) {
    status_ = Status::InvalidArgument("duplicate rate must be between 0 and 3", "duplicates");
  } else if (options_.first_year < 1990 || options_.first_year > 2100) {
    status_ = Status::InvalidArgument("first year must be between 1990 and 2100", "first-year");
  } else if (options_.years < 1 || options_.years > 30) {
    status_ = Status::InvalidArgument("years must be between 1 and 30", "years");
  }
  if (options_.threads == 0) options_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Status Generator::Run() {
  if (!status_.ok()) return status_;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir(options_.out_dir);
  fs::create_directories(dir / "truth", ec);
  if (ec) return Status::Unavailable("cannot create " + (dir / "truth").string() + ": " + ec.message());

  OutFile records, resolve, edges, persons, actors, variations, networks, organisers;
  DISRUPT_RETURN_IF_ERROR(records.Open(dir / "records.jsonl", ""));
  DISRUPT_RETURN_IF_ERROR(resolve.Open(
      dir / "resolve_records.csv",
      "record_id,member,given_name,family_name,full_name,dob,gender,nationality,passport_no,phone,address\n"));
  DISRUPT_RETURN_IF_ERROR(edges.Open(dir / "edges.csv", "source,target,weight\n"));
  DISRUPT_RETURN_IF_ERROR(persons.Open(dir / "truth" / "persons.csv", "record_id,person_id\n"));
  DISRUPT_RETURN_IF_ERROR(actors.Open(dir / "truth" / "actors.csv",
                                      "person_id,network_id,role,cell_country,nationality,name_group,organiser,victim\n"));
  DISRUPT_RETURN_IF_ERROR(variations.Open(dir / "truth" / "variations.csv",
                                          "record_id,person_id,member,primary,script,variations\n"));
  DISRUPT_RETURN_IF_ERROR(networks.Open(
      dir / "truth" / "networks.csv",
      "network_id,name,route,origin,destination,countries,status,persons,actors,organisers,trips,disrupted_on\n"));
  DISRUPT_RETURN_IF_ERROR(organisers.Open(dir / "truth" / "organisers.csv", "network_id,person_id,record_ids\n"));

  const RunPlan plan = MakePlan(options_);
  const int units = static_cast<int>(plan.networks.size()) + 1;

  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::unique_ptr<Block>> slots(kWindow);
  int written = 0;
  bool failed = false;
  std::atomic<int> next{0};

  auto worker = [&] {
    for (;;) {
      int unit = next.fetch_add(1);
      if (unit >= units) return;
      {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return unit < written + kWindow || failed; });
        if (failed) return;
      }
      auto block = std::make_unique<Block>();
      try {
        BuildUnit(plan, unit, *block);
      } catch (const std::exception&) {
        std::lock_guard lock(mu);
        failed = true;
        changed.notify_all();
        return;
      }
      std::lock_guard lock(mu);
      slots[unit % kWindow] = std::move(block);
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < options_.threads; ++t) threads.emplace_back(worker);

  GenerationSummary total;
  for (int unit = 0; unit < units; ++unit) {
    std::unique_ptr<Block> block;
    {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return slots[unit % kWindow] != nullptr || failed; });
      if (failed) break;
      block = std::move(slots[unit % kWindow]);
    }
    records.Write(block->entities);
    records.Write(block->relations);
    resolve.Write(block->resolve);
    edges.Write(block->edges);
    persons.Write(block->persons);
    actors.Write(block->actors);
    variations.Write(block->variations);
    networks.Write(block->networks);
    organisers.Write(block->organisers);
    total.Add(block->counts);
    block.reset();
    std::lock_guard lock(mu);
    ++written;
    changed.notify_all();
  }
  for (auto& t : threads) t.join();
  if (failed) return Status::Internal("generation failed (out of memory?)");

  total.bytes = records.written();
  for (OutFile* f : {&records, &resolve, &edges, &persons, &actors, &variations, &networks, &organisers}) {
    DISRUPT_RETURN_IF_ERROR(f->Close());
  }
  OutFile summary;
  DISRUPT_RETURN_IF_ERROR(summary.Open(dir / "truth" / "summary.json", SummaryJson(options_, total)));
  DISRUPT_RETURN_IF_ERROR(summary.Close());
  summary_ = std::move(total);
  return Status::Ok();
}

}  // namespace disrupt::generate
