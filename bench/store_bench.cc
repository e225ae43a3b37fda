// Store benchmark: import throughput and read throughput of the SQLite and
// PostgreSQL stores on the same records, in the same run.
//
//   store_bench RECORDS.jsonl SQLITE_PATH [POSTGRES_URI]
//
// RECORDS.jsonl is the project's JSON Lines (disrupt generate writes one).
// For each store: import every record in batches of 1000 (records/s), then
// Get by random id from one and from two clients (reads/s; for PostgreSQL
// the two clients are two store instances with their own pools, as two
// portal servers would be; for SQLite two threads share one store, as two
// request threads of one server), then cross-script searches (queries/s).
// Last, audit appends from two writers with their own connections, as two
// portal servers' group commits are: first sharing one hash chain, then each
// with its own (audit/audit_log.h), in batches of 16 events.
// Prints one line per figure: "store metric value".
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "audit/audit_log.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
using disrupt::store::Store;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Reads per second from `clients` threads, each on its own store from `open`.
double ReadRate(const std::vector<Store*>& stores, const std::vector<std::string>& ids, int per_client) {
  std::atomic<long long> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (size_t c = 0; c < stores.size(); ++c) {
    threads.emplace_back([&, c] {
      std::mt19937 rng(static_cast<unsigned>(c + 1));
      for (int i = 0; i < per_client; ++i) {
        auto r = stores[c]->Get(ids[rng() % ids.size()]);
        if (!r.ok() || !r.value()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double s = Seconds(start, Clock::now());
  if (failures) std::cerr << "store_bench: " << failures << " failed reads\n";
  return static_cast<double>(per_client) * static_cast<double>(stores.size()) / s;
}

int Run(const std::string& name, const std::string& uri, const std::vector<disrupt::model::Record>& records,
        const std::vector<std::string>& queries) {
  auto opened = Store::Open(uri);
  if (!opened.ok()) {
    std::cerr << "store_bench: " << name << ": " << opened.status().ToString() << "\n";
    return 1;
  }
  Store& store = **opened;
  constexpr size_t kBatch = 1000;
  disrupt::store::PutOptions options;
  options.check_references = false;  // the file is in no particular order
  auto start = Clock::now();
  for (size_t i = 0; i < records.size(); i += kBatch) {
    std::span<const disrupt::model::Record> batch(records.data() + i, std::min(kBatch, records.size() - i));
    disrupt::Status s = store.Put(batch, options);
    if (!s.ok()) {
      std::cerr << "store_bench: " << name << ": " << s.ToString() << "\n";
      return 1;
    }
  }
  double import_s = Seconds(start, Clock::now());
  std::cout << name << " import_records_per_s " << static_cast<long long>(records.size() / import_s) << "\n";

  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r.id);
  constexpr int kReads = 4000;
  std::cout << name << " get_per_s_1_client " << static_cast<long long>(ReadRate({&store}, ids, kReads)) << "\n";
  std::unique_ptr<Store> second;
  if (name == "postgresql") {
    auto o = Store::Open(uri);
    if (!o.ok()) return 1;
    second = std::move(o).value();
  }
  std::cout << name << " get_per_s_2_clients "
            << static_cast<long long>(ReadRate({&store, second ? second.get() : &store}, ids, kReads)) << "\n";

  start = Clock::now();
  long long hits = 0;
  for (const auto& q : queries) {
    auto h = store.Search(disrupt::store::SearchQuery{q, {}, 20});
    if (h.ok()) hits += static_cast<long long>(h->size());
  }
  double search_s = Seconds(start, Clock::now());
  std::cout << name << " search_per_s " << static_cast<long long>(queries.size() / search_s) << "\n";
  std::cout << name << " search_hits " << hits << "\n";
  return 0;
}

// Audit events appended per second by two writers on `uri` (two AuditLogs,
// each with its connection and a thread), in batches of 16, with the given
// chains.
double AuditRate(const std::string& uri, const std::string& chain_a, const std::string& chain_b) {
  constexpr int kBatches = 150, kBatch = 16;
  std::vector<std::unique_ptr<disrupt::audit::AuditLog>> logs;
  for (const auto& chain : {chain_a, chain_b}) {
    disrupt::audit::AuditOptions options;
    options.chain = chain;
    options.signing_seed = disrupt::crypto::SecretKey::Generate();
    auto log = disrupt::audit::AuditLog::Open(uri, options);
    if (!log.ok()) {
      std::cerr << "store_bench: audit: " << log.status().ToString() << "\n";
      return 0;
    }
    logs.push_back(std::move(log).value());
  }
  std::atomic<long long> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (auto& log : logs) {
    threads.emplace_back([&, l = log.get()] {
      std::vector<disrupt::audit::AuditEvent> batch(
          kBatch, {"bench", "AUS", disrupt::audit::action::kRead, "R-1", disrupt::audit::Outcome::kAllow, "", ""});
      for (int i = 0; i < kBatches; ++i) {
        if (!l->AppendBatch(batch).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double s = Seconds(start, Clock::now());
  if (failures) std::cerr << "store_bench: " << failures << " failed audit appends\n";
  return 2.0 * kBatches * kBatch / s;
}

void AuditRates(const std::string& name, const std::string& uri) {
  std::cout << name << " audit_events_per_s_2_writers_1_chain "
            << static_cast<long long>(AuditRate(uri, "bench-shared", "bench-shared")) << "\n";
  std::cout << name << " audit_events_per_s_2_writers_2_chains "
            << static_cast<long long>(AuditRate(uri, "bench-a", "bench-b")) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: store_bench RECORDS.jsonl SQLITE_PATH [POSTGRES_URI]\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<disrupt::model::Record> records;
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    auto r = disrupt::model::RecordFromJson(j);
    if (!r.ok()) continue;
    if (r->type == "Person" && records.size() % 37 == 0) {
      std::string name = r->Get("name");
      if (!name.empty()) queries.push_back(name.substr(0, name.find(' ')));
    }
    records.push_back(std::move(r).value());
  }
  if (records.empty()) {
    std::cerr << "store_bench: no records in " << argv[1] << "\n";
    return 1;
  }
  std::cout << "records " << records.size() << "\nqueries " << queries.size() << "\n";
  int rc = Run("sqlite", std::string("sqlite:") + argv[2], records, queries);
  if (argc > 3) rc |= Run("postgresql", argv[3], records, queries);
  AuditRates("sqlite", argv[2]);
  if (argc > 3) AuditRates("postgresql", argv[3]);
  return rc;
}
