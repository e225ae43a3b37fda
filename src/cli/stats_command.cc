// disrupt stats: a summary of the catalogue (counts by kind, type and originator).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"

namespace disrupt::cli {

int StatsCommand(const Argv& argv) {
  Args args("stats", "Summarise the catalogue: records by kind, type and originating member.");
  AddStoreOption(args).Flag("json", "Print JSON");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("stats", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  auto store = OpenStore(args);
  if (!store.ok()) return Fail("stats", store.status());
  auto stats = store.value()->Stats();
  if (!stats.ok()) return Fail("stats", stats.status());
  auto members = store.value()->Members();
  if (!members.ok()) return Fail("stats", members.status());
  if (args.Has("json")) {
    nlohmann::json j = {{"entities", stats->entities},
                        {"links", stats->links},
                        {"events", stats->events},
                        {"by_type", stats->by_type},
                        {"by_originator", stats->by_originator},
                        {"members", members->size()}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "Catalogue " << args.Get("store") << "\n"
            << "  members:  " << members->size() << "\n"
            << "  entities: " << stats->entities << "\n"
            << "  links:    " << stats->links << "\n"
            << "  events:   " << stats->events << "\n\nBy type:\n";
  for (const auto& [type, n] : stats->by_type) std::cout << "  " << type << ": " << n << "\n";
  std::cout << "\nBy originating member:\n";
  for (const auto& [m, n] : stats->by_originator) std::cout << "  " << m << ": " << n << "\n";
  return 0;
}

}  // namespace disrupt::cli
