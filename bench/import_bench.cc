// Import throughput and memory: streams a Disrupt JSON Lines file into a
// fresh SQLite catalogue with the importer (ingest/importer.h) and reports
// records per second and the peak resident set size. With --parse-only it
// reads and checks the records without a store (the reader's own speed), so
// the two runs split the time between parsing and writing.
//
//   import_bench --records FILE --store PATH [--batch-size N] [--parse-only]
//
// Prints one line of key=value pairs for bench/import.sh to record.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "ingest/importer.h"
#include "ingest/reader.h"
#include "model/vocabulary.h"
#include "store/store.h"

namespace {

// User plus system CPU time of the process (all threads), in seconds: on a
// shared machine the wall time says how much CPU the run was given, this says
// how much the import needed.
double CpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double PeakRssMiB() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

int Usage() {
  std::cerr << "usage: import_bench --records FILE --store PATH [--batch-size N] [--parse-only]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string records, store_path;
  size_t batch_size = disrupt::ingest::kDefaultBatchSize;
  bool parse_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--records" && i + 1 < argc)
      records = argv[++i];
    else if (a == "--store" && i + 1 < argc)
      store_path = argv[++i];
    else if (a == "--batch-size" && i + 1 < argc)
      batch_size = std::stoul(argv[++i]);
    else if (a == "--parse-only")
      parse_only = true;
    else
      return Usage();
  }
  if (records.empty() || (!parse_only && store_path.empty())) return Usage();

  auto reader = disrupt::ingest::OpenJsonReader(records);
  if (!reader.ok()) {
    std::cerr << reader.status().ToString() << "\n";
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  uint64_t count = 0, bad = 0;
  double store_seconds = 0;
  if (parse_only) {
    const auto vocab = disrupt::model::Vocabularies::Defaults();
    disrupt::ingest::SourceItem item;
    while (reader.value()->Next(item)) {
      ++count;
      if (!item.error.ok() || !disrupt::model::Validate(item.record, &vocab).ok()) ++bad;
    }
  } else {
    std::filesystem::remove(store_path);
    auto store = disrupt::store::Store::Open(store_path);
    if (!store.ok()) {
      std::cerr << store.status().ToString() << "\n";
      return 1;
    }
    auto vocab = store.value()->LoadVocabularies();
    if (!vocab.ok()) {
      std::cerr << vocab.status().ToString() << "\n";
      return 1;
    }
    disrupt::ingest::ImportOptions options;
    options.batch_size = batch_size;
    auto importer = disrupt::ingest::Importer::Open(*store.value(), vocab.value(), options);
    if (!importer.ok()) {
      std::cerr << importer.status().ToString() << "\n";
      return 1;
    }
    disrupt::Status s = importer.value()->Run(*reader.value());
    const auto& sum = importer.value()->summary();
    for (const auto& p : sum.problems) std::cerr << p.ToString() << "\n";
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
    count = sum.written;
    bad = sum.rejected;
    store_seconds = sum.store_seconds;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu_start;
  std::printf(
      "mode=%s records=%llu bad=%llu seconds=%.2f records_per_s=%.0f cpu_seconds=%.2f records_per_cpu_s=%.0f "
      "store_seconds=%.2f peak_rss_mib=%.1f\n",
      parse_only ? "parse" : "import", static_cast<unsigned long long>(count), static_cast<unsigned long long>(bad),
      seconds, static_cast<double>(count) / seconds, cpu, static_cast<double>(count) / cpu, store_seconds,
      PeakRssMiB());
  return 0;
}
