// disrupt match: hit/no-hit matching of two or more members' encoding files
// (deconflict/match.h): exact identifiers by hash join, names and dates of
// birth by Dice similarity. Prints only which reference of each member
// matched, by what and how strongly.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/csv.h"
#include "deconflict/match.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "match";

Args MakeArgs() {
  Args args(kCommand,
            "Match members' deconfliction encodings (from `disrupt encode`): prints one line per hit,\n"
            "member_a,ref_a,member_b,ref_b,kind,strength, and nothing about records that do not match.");
  args.Positional("FILE", "Encoding files, one per member (two or more)")
      .Option("threshold", "Dice similarity from which names and dates of birth are a hit", "0.85")
      .Option("threads", "Worker threads", "2")
      .Flag("json", "Print JSON (hits and matching statistics)")
      .Epilog(
          "example:\n"
          "  disrupt match aus.enc mys.enc tha.enc --threshold 0.85\n\n"
          "kind is phone or passport_no (exact, strength 1) or name_dob (strength = Dice coefficient).");
  return args;
}

}  // namespace

int MatchCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  auto threshold = args.GetDouble("threshold");
  auto threads = args.GetInt("threads");
  if (!threshold.ok()) return Fail(kCommand, threshold.status());
  if (!threads.ok()) return Fail(kCommand, threads.status());
  if (args.positionals().size() < 2) {
    return Fail(kCommand, Status::InvalidArgument("give the encoding files of at least two members", "FILE"));
  }
  std::vector<deconflict::EncodingFile> files;
  for (const auto& path : args.positionals()) {
    std::ifstream in(path);
    if (!in) return Fail(kCommand, Status::NotFound("cannot open " + path));
    auto file = deconflict::ReadEncodingFile(in, path);
    if (!file.ok()) return Fail(kCommand, file.status());
    files.push_back(std::move(*file));
  }
  deconflict::MatchOptions options;
  options.dice_threshold = *threshold;
  options.threads = static_cast<int>(std::max<long long>(1, *threads));
  deconflict::MatchStats stats;
  auto hits = deconflict::MatchEncodings(files, options, &stats);
  if (!hits.ok()) return Fail(kCommand, hits.status());
  if (args.Has("json")) {
    nlohmann::json j;
    auto& hj = j["hits"] = nlohmann::json::array();
    for (const auto& h : *hits) {
      hj.push_back({{"member_a", h.member_a}, {"ref_a", h.ref_a}, {"member_b", h.member_b}, {"ref_b", h.ref_b},
                    {"kind", h.kind}, {"strength", h.strength}});
    }
    j["stats"] = {{"exact_hits", stats.exact_hits},
                  {"clk_hits", stats.clk_hits},
                  {"dice_pairs_considered", stats.dice.pairs_considered},
                  {"dice_pairs_computed", stats.dice.pairs_computed}};
    std::cout << j.dump(1) << "\n";
    return 0;
  }
  WriteCsvRecord(std::cout, {"member_a", "ref_a", "member_b", "ref_b", "kind", "strength"});
  char buf[32];
  for (const auto& h : *hits) {
    std::snprintf(buf, sizeof buf, "%.4f", h.strength);
    WriteCsvRecord(std::cout, {h.member_a, h.ref_a, h.member_b, h.ref_b, h.kind, buf});
  }
  return 0;
}

}  // namespace disrupt::cli
