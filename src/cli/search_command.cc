// disrupt search: cross-script search of names, aliases and identifiers.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/text.h"

namespace disrupt::cli {

int SearchCommand(const Argv& argv) {
  Args args("search", "Search names, aliases, identifiers and notes in any script; every word must match.");
  AddStoreOption(args)
      .Option("types", "Comma-separated schema names to search (e.g. Person,Vessel)")
      .Option("limit", "Most hits to show", "20")
      .Flag("json", "Print JSON")
      .Positional("WORDS...", "What to search for");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("search", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (args.positionals().empty()) return Fail("search", Status::InvalidArgument("nothing to search for", "WORDS"));
  auto limit = args.GetInt("limit");
  if (!limit.ok()) return Fail("search", limit.status());
  if (*limit < 1 || *limit > 1000) return Fail("search", Status::InvalidArgument("--limit must be 1 to 1000", "--limit"));
  auto store = OpenStore(args);
  if (!store.ok()) return Fail("search", store.status());
  store::SearchQuery q{Join(args.positionals(), " "), SplitTrimmed(args.Get("types"), ','),
                       static_cast<size_t>(*limit)};
  auto hits = store.value()->Search(q);
  if (!hits.ok()) return Fail("search", hits.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : hits.value()) {
    auto r = store.value()->Get(h.id);
    if (!r.ok()) return Fail("search", r.status());
    if (!r.value()) continue;
    const auto& rec = *r.value();
    if (args.Has("json")) {
      out.push_back({{"id", rec.id}, {"type", rec.type}, {"label", rec.Label()}, {"score", h.score},
                     {"originator", rec.provenance.originator}});
    } else {
      std::cout << rec.id << "\t" << rec.type << "\t" << rec.Label() << "\t" << rec.provenance.originator << "\n";
    }
  }
  if (args.Has("json")) std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace disrupt::cli
