// In-memory and file-backed resolution stores; see resolution_store.h.
#include "resolve/resolution_store.h"

#include <filesystem>
#include <functional>
#include <fstream>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/text.h"
#include "resolve/csv_input.h"

namespace disrupt::resolve {

ResolvedState StateOf(const Resolver& resolver) {
  ResolvedState s;
  s.records = resolver.records();
  s.links = resolver.Links();
  s.model = resolver.model();
  s.clusters = resolver.Assignments();
  // Only records that took part in a run belong to the resolved state.
  s.records.resize(s.clusters.size());
  return s;
}

namespace {

class MemoryResolutionStore : public ResolutionStore {
 public:
  Status AppendDecision(const Decision& decision) override {
    std::lock_guard<std::mutex> lock(mu_);
    decisions_.push_back(decision);
    return Status::Ok();
  }
  Result<std::vector<Decision>> Decisions() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return decisions_;
  }
  Status SaveState(const Resolver& resolver) override {
    ResolvedState s = StateOf(resolver);
    std::lock_guard<std::mutex> lock(mu_);
    state_ = std::move(s);
    return Status::Ok();
  }
  Result<std::optional<ResolvedState>> LoadState() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return state_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Decision> decisions_;
  std::optional<ResolvedState> state_;
};

nlohmann::json DecisionJson(const Decision& d) {
  return {{"a", d.a}, {"b", d.b}, {"verdict", ToString(d.verdict)}, {"analyst", d.analyst}, {"at", d.at},
          {"note", d.note}};
}

// Writes `content` through a temporary file and a rename, so a crash
// leaves either the old or the new file.
Status WriteAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return Status::Unavailable("cannot write " + tmp.string());
    write(out);
    out.flush();
    if (!out) return Status::Unavailable("cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Unavailable("cannot replace " + path.string() + ": " + ec.message());
  return Status::Ok();
}

class FileResolutionStore : public ResolutionStore {
 public:
  explicit FileResolutionStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  Status AppendDecision(const Decision& decision) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::ofstream out(dir_ / "decisions.jsonl", std::ios::app);
    out << DecisionJson(decision).dump() << "\n";
    out.flush();
    if (!out) return Status::Unavailable("cannot append to " + (dir_ / "decisions.jsonl").string());
    return Status::Ok();
  }

  Result<std::vector<Decision>> Decisions() const override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Decision> out;
    std::ifstream in(dir_ / "decisions.jsonl");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (Trim(line).empty()) continue;
      std::string where = (dir_ / "decisions.jsonl").string() + ":" + std::to_string(n);
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return Status::DataLoss("corrupt decision at " + where);
      Decision d;
      d.a = j.value("a", "");
      d.b = j.value("b", "");
      auto verdict = ParseVerdict(j.value("verdict", ""));
      if (d.a.empty() || d.b.empty() || !verdict.ok()) return Status::DataLoss("corrupt decision at " + where);
      d.verdict = *verdict;
      d.analyst = j.value("analyst", "");
      d.at = j.value("at", 0LL);
      d.note = j.value("note", "");
      out.push_back(std::move(d));
    }
    return out;
  }

  Status SaveState(const Resolver& resolver) override {
    ResolvedState s = StateOf(resolver);
    std::lock_guard<std::mutex> lock(mu_);
    DISRUPT_RETURN_IF_ERROR(WritePersonCsv((dir_ / "records.csv.tmp").string(), s.records));
    std::error_code ec;
    std::filesystem::rename(dir_ / "records.csv.tmp", dir_ / "records.csv", ec);
    if (ec) return Status::Unavailable("cannot replace records.csv: " + ec.message());
    DISRUPT_RETURN_IF_ERROR(WriteAtomically(dir_ / "links.csv", [&](std::ostream& out) {
      WriteCsvRecord(out, {"a", "b", "weight"});
      char buf[32];
      for (const auto& l : s.links) {
        std::snprintf(buf, sizeof buf, "%.6g", l.weight);
        WriteCsvRecord(out, {l.a, l.b, buf});
      }
    }));
    DISRUPT_RETURN_IF_ERROR(WriteAtomically(dir_ / "clusters.csv", [&](std::ostream& out) {
      WriteCsvRecord(out, {"record_id", "cluster_id"});
      for (const auto& [r, c] : s.clusters) WriteCsvRecord(out, {r, c});
    }));
    // The model last: its presence marks a complete state.
    return WriteAtomically(dir_ / "model.json", [&](std::ostream& out) { out << s.model.ToJson().dump(1) << "\n"; });
  }

  Result<std::optional<ResolvedState>> LoadState() const override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!std::filesystem::exists(dir_ / "model.json")) return std::optional<ResolvedState>();
    ResolvedState s;
    std::ifstream model_in(dir_ / "model.json");
    auto j = nlohmann::json::parse(model_in, nullptr, false);
    if (j.is_discarded()) return Status::DataLoss("corrupt " + (dir_ / "model.json").string());
    auto model = Model::FromJson(j);
    if (!model.ok()) return Status::DataLoss("corrupt model: " + model.status().message());
    s.model = std::move(*model);
    auto records = ReadPersonCsv((dir_ / "records.csv").string());
    if (!records.ok()) return Status::DataLoss("corrupt records: " + records.status().ToString());
    s.records = std::move(*records);
    for (const char* file : {"links.csv", "clusters.csv"}) {
      auto reader = CsvReader::Open((dir_ / file).string());
      if (!reader.ok()) return Status::DataLoss("missing " + (dir_ / file).string());
      std::vector<std::string> f;
      (*reader)->Next(f);  // header
      while ((*reader)->Next(f)) {
        std::string where = (dir_ / file).string() + ":" + std::to_string((*reader)->line());
        if (!(*reader)->error().ok()) return Status::DataLoss("corrupt row at " + where);
        if (std::string_view(file) == "links.csv") {
          double w = 0;
          if (f.size() != 3 || !ParseDouble(f[2], w)) return Status::DataLoss("corrupt link at " + where);
          s.links.push_back({f[0], f[1], w});
        } else {
          if (f.size() != 2) return Status::DataLoss("corrupt cluster at " + where);
          s.clusters.emplace_back(f[0], f[1]);
        }
      }
    }
    return std::optional<ResolvedState>(std::move(s));
  }

 private:
  std::filesystem::path dir_;
  mutable std::mutex mu_;
};

}  // namespace

std::unique_ptr<ResolutionStore> NewMemoryResolutionStore() { return std::make_unique<MemoryResolutionStore>(); }

Result<std::unique_ptr<ResolutionStore>> OpenFileResolutionStore(const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec || !std::filesystem::is_directory(directory)) {
    return Status::Unavailable("cannot create the resolution directory " + directory);
  }
  return std::unique_ptr<ResolutionStore>(std::make_unique<FileResolutionStore>(directory));
}

Result<std::unique_ptr<Resolver>> LoadResolver(const ResolutionStore& store, ResolverOptions options,
                                               LoadReport* report) {
  LoadReport local;
  if (!report) report = &local;
  *report = LoadReport{};
  auto resolver = std::make_unique<Resolver>(options);
  DISRUPT_RETURN_IF_ERROR(resolver->status());
  DISRUPT_ASSIGN_OR_RETURN(auto decisions, store.Decisions());
  DISRUPT_ASSIGN_OR_RETURN(auto state, store.LoadState());
  if (state) {
    report->saved_version = state->model.parameters().version;
    const size_t n = state->records.size();
    if (report->saved_version == kResolutionVersion) {
      std::vector<std::string> ids;
      for (const auto& r : state->records) ids.push_back(r.id);
      DISRUPT_RETURN_IF_ERROR(resolver->Add(std::move(state->records)));
      resolver->SetModel(std::move(state->model));
      DISRUPT_RETURN_IF_ERROR(resolver->RestoreLinks(state->links, ids));
    } else {
      // Old scores and parameters are dropped, the records kept in their
      // order (cluster ids stay those of the earliest records). A single
      // record cannot be resolved alone: it is left out, to be added again
      // by the caller with the next records.
      if (n >= 2) {
        DISRUPT_RETURN_IF_ERROR(resolver->Add(std::move(state->records)));
        DISRUPT_RETURN_IF_ERROR(resolver->Run());
        report->resolved_again = true;
      }
    }
  }
  resolver->LoadDecisions(std::move(decisions));
  return resolver;
}

}  // namespace disrupt::resolve
