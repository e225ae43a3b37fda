// disrupt generate: writes a synthetic regional data set with its ground
// truth (src/generate, docs/generator.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "generate/generator.h"

namespace disrupt::cli {

int GenerateCommand(const Argv& argv) {
  Args args("generate",
            "Generate a realistic, entirely fictional regional data set (networks, people recorded by several\n"
            "member states, movements, payments, ...) in Disrupt JSON Lines, with its ground truth.");
  args.Option("entities", "Number of entity records to generate (100 to 100000000)", "10000")
      .Option("seed", "Seed: the same seed and options give byte-identical output", "1")
      .Option("out", "Output directory (created; existing files are replaced)")
      .Option("threads", "Worker threads (0 = one per core); does not change the output", "2")
      .Option("duplicates", "Scale of how often one person is recorded by several members (0 = never, 1 = default)",
              "1")
      .Option("first-year", "First year of network activity", "2018")
      .Option("years", "Years of network activity", "7")
      .Flag("quiet", "Print nothing on success")
      .Epilog(
          "output:\n"
          "  OUT/records.jsonl         one record per line (entities before the links and events using them)\n"
          "  OUT/resolve_records.csv   the Person records in the flat form 'disrupt resolve --records' reads\n"
          "  OUT/edges.csv             the actor network (source,target,weight) by real person\n"
          "  OUT/truth/                persons.csv, actors.csv, networks.csv, organisers.csv, variations.csv,\n"
          "                            summary.json (see docs/generator.md)\n\n"
          "example:\n"
          "  disrupt generate --entities 20000 --seed 2024 --out data/generated\n");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("generate", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  generate::GeneratorOptions options;
  auto entities = args.GetInt("entities");
  if (!entities.ok()) return Fail("generate", entities.status());
  auto seed = args.GetInt("seed");
  if (!seed.ok()) return Fail("generate", seed.status());
  auto threads = args.GetInt("threads");
  if (!threads.ok()) return Fail("generate", threads.status());
  auto duplicates = args.GetDouble("duplicates");
  if (!duplicates.ok()) return Fail("generate", duplicates.status());
  auto first_year = args.GetInt("first-year");
  if (!first_year.ok()) return Fail("generate", first_year.status());
  auto years = args.GetInt("years");
  if (!years.ok()) return Fail("generate", years.status());
  if (seed.value() < 0) return Fail("generate", Status::InvalidArgument("seed must not be negative", "--seed"));
  options.entities = entities.value();
  options.seed = static_cast<uint64_t>(seed.value());
  options.out_dir = args.Get("out");
  options.threads = static_cast<int>(std::min<long long>(threads.value(), 1000));
  options.duplicate_rate = duplicates.value();
  options.first_year = static_cast<int>(std::clamp<long long>(first_year.value(), -1, 10000));
  options.years = static_cast<int>(std::clamp<long long>(years.value(), -1, 1000));

  generate::Generator generator(options);
  if (!generator.status().ok()) {
    Status bad = generator.status();
    return Fail("generate", Status::InvalidArgument(bad.message(), "--" + bad.field()));
  }
  auto started = std::chrono::steady_clock::now();
  s = generator.Run();
  if (!s.ok()) return Fail("generate", s);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!args.Has("quiet")) {
    const auto& sum = generator.summary();
    char line[512];
    std::snprintf(line, sizeof line,
                  "generated %lld entities, %lld links, %lld events (%lld networks, %lld people in %lld person "
                  "records) into %s in %.1f s\n",
                  sum.entities, sum.links, sum.events, sum.networks, sum.persons, sum.person_records,
                  options.out_dir.c_str(), seconds);
    std::cout << line;
  }
  return 0;
}

}  // namespace disrupt::cli
