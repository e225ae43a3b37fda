// Benchmark of the synthetic data generator (run by bench/generate.sh from
// `make bench`): generates a data set of the requested size (10 million
// entities by default) and reports wall and CPU time, throughput and peak
// resident memory. As the peer, it serialises a sample of the generated
// records again through model::ToJson and nlohmann::json's dump, the path
// the generator's direct serialiser replaces, and reports the cost per
// record of each.
//
// usage: generate_bench [--entities N] [--out DIR] [--threads T] [--seed S]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "generate/generator.h"
#include "model/record.h"

namespace {

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long PeakRssMiB() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  disrupt::generate::GeneratorOptions options;
  options.entities = 10'000'000;
  options.out_dir = "generate-bench-out";
  options.seed = 2024;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--entities")) options.entities = std::atoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--out")) options.out_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--threads")) options.threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seed")) options.seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  disrupt::generate::Generator generator(options);
  auto started = std::chrono::steady_clock::now();
  double cpu_started = CpuSeconds();
  disrupt::Status status = generator.Run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double cpu = CpuSeconds() - cpu_started;
  long rss = PeakRssMiB();
  if (!status.ok()) {
    std::fprintf(stderr, "generate_bench: %s\n", status.ToString().c_str());
    return 1;
  }
  const auto& s = generator.summary();
  long long records = s.entities + s.links + s.events;
  std::printf("generate: %lld entities requested, threads %d\n", options.entities, options.threads);
  std::printf("  wrote %lld entities, %lld links, %lld events = %lld records (%.2f GB of JSON Lines)\n", s.entities,
              s.links, s.events, records, static_cast<double>(s.bytes) / 1e9);
  std::printf("  wall %.1f s, cpu %.1f s, %.0f records/s, %.0f MB/s, peak RSS %ld MiB\n", wall, cpu,
              static_cast<double>(records) / wall, static_cast<double>(s.bytes) / 1e6 / wall, rss);
  std::printf("  generator cost per record (generation and serialisation, all threads): %.0f ns cpu\n",
              cpu * 1e9 / static_cast<double>(records));

  // Peer: the same records serialised through model::ToJson + nlohmann::json::dump.
  std::ifstream in(options.out_dir + "/records.jsonl");
  std::vector<disrupt::model::Record> sample;
  std::string line;
  while (sample.size() < 200'000 && std::getline(in, line)) {
    auto r = disrupt::model::RecordFromJson(nlohmann::json::parse(line));
    if (r.ok()) sample.push_back(std::move(r).value());
  }
  size_t bytes = 0;
  auto peer_started = std::chrono::steady_clock::now();
  for (const auto& r : sample) bytes += disrupt::model::ToJson(r).dump().size() + 1;
  double peer = std::chrono::duration<double>(std::chrono::steady_clock::now() - peer_started).count();
  std::printf("  peer model::ToJson().dump() on %zu of these records: %.0f ns per record (serialisation only, "
              "one thread; %zu bytes)\n",
              sample.size(), peer * 1e9 / static_cast<double>(sample.size()), bytes);
  return 0;
}
