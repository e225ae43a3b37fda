// disrupt resolve: entity resolution on a CSV of person records. Reads the
// records (resolve/csv_input.h), resolves them (resolve/resolver.h), alone
// or incrementally against a saved state (resolve/resolution_store.h), and
// prints record_id,cluster_id CSV or, with --json, clusters with the
// explanation of every link and the review queue. --decide records an
// analyst's decision in the saved state.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/text.h"
#include "resolve/csv_input.h"
#include "resolve/resolution_store.h"
#include "resolve/resolver.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "resolve";
constexpr size_t kIssuesShown = 20;

Args MakeArgs() {
  Args args(kCommand,
            "Entity resolution: which records, across members, are the same person.\n"
            "Prints `record_id,cluster_id` CSV (records of one person share a cluster id) or, with --json,\n"
            "the clusters, why each link was made (field by field, with weights) and the pairs to review.");
  args.Option("records", "CSV with a header: record_id and any of member, given_name, family_name, full_name, "
                         "dob, gender, nationality, passport_no, phone, address")
      .Flag("json", "Print JSON with explanations and the review queue instead of CSV")
      .Option("state", "Directory keeping decisions and the resolved set: new records are resolved against it "
                       "incrementally, and it is updated")
      .Option("review", "Also write the review queue (pairs an analyst should look at) to this CSV file")
      .Option("decide", "With --state: record a decision on two records A,B (no --records needed)")
      .Option("verdict", "With --decide: same, not_same or revoked (withdraws earlier decisions on the pair)")
      .Option("analyst", "With --decide: who decided", "")
      .Option("note", "With --decide: why", "")
      .Option("match-probability", "Link records whose match probability reaches this", "0.5")
      .Option("review-probability", "Pairs from this probability up to the match probability go to review", "0.1")
      .Option("threads", "Worker threads", "2")
      .Epilog(
          "examples:\n"
          "  disrupt resolve --records persons.csv > clusters.csv\n"
          "  disrupt resolve --records persons.csv --json --review review.csv\n"
          "  disrupt resolve --records new.csv --state resolution/       # incremental\n"
          "  disrupt resolve --state resolution/ --decide AUS-1,MYS-7 --verdict not_same --analyst j.lee\n\n"
          "See docs/resolution.md for how a match is decided and how to read the explanations.");
  return args;
}

nlohmann::json ExplanationJson(const resolve::Explanation& e) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : e.fields) {
    if (f.level == resolve::kMissing) continue;
    fields.push_back({{"field", resolve::ComparisonName(f.comparison)},
                      {"agreement", resolve::LevelName(f.comparison, f.level)},
                      {"weight", f.weight},
                      {"term_frequency_adjusted", f.term_frequency}});
  }
  return {{"prior", e.prior}, {"weight", e.score.weight}, {"probability", e.score.probability}, {"fields", fields}};
}

void PrintJson(const resolve::Resolver& r) {
  nlohmann::json j;
  std::map<std::string, std::vector<std::string>> members;
  auto& assignments = j["assignments"] = nlohmann::json::array();
  for (const auto& [id, cluster] : r.Assignments()) {
    assignments.push_back({{"record_id", id}, {"cluster_id", cluster}});
    members[cluster].push_back(id);
  }
  auto& clusters = j["clusters"] = nlohmann::json::array();
  for (const auto& [cluster, links] : r.cluster_links()) {
    nlohmann::json c{{"cluster_id", cluster}, {"records", members[cluster]}};
    auto& lj = c["links"] = nlohmann::json::array();
    for (const auto& l : links) {
      nlohmann::json one{{"a", l.a}, {"b", l.b}, {"decided_by_analyst", l.decided}};
      if (auto e = r.Explain(l.a, l.b); e.ok()) one["explanation"] = ExplanationJson(*e);
      lj.push_back(one);
    }
    clusters.push_back(c);
  }
  auto& review = j["review"] = nlohmann::json::array();
  for (const auto& item : r.review()) {
    nlohmann::json one{{"a", item.a}, {"b", item.b}, {"probability", item.probability}, {"reason", item.reason}};
    if (auto e = r.Explain(item.a, item.b); e.ok()) one["explanation"] = ExplanationJson(*e);
    review.push_back(one);
  }
  const auto& s = r.stats();
  j["stats"] = {{"records", s.records},         {"candidate_pairs", s.candidate_pairs},
                {"skipped_blocks", s.skipped_blocks}, {"links", s.links},
                {"refused_merges", s.refused_merges}, {"clusters", s.clusters}};
  j["model"] = r.model().ToJson();
  std::cout << j.dump(1) << "\n";
}

Status WriteReview(const std::string& path, const resolve::Resolver& r) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return Status::Unavailable("cannot write " + path);
  WriteCsvRecord(out, {"a", "b", "probability", "reason"});
  char buf[32];
  for (const auto& item : r.review()) {
    std::snprintf(buf, sizeof buf, "%.4f", item.probability);
    WriteCsvRecord(out, {item.a, item.b, buf, item.reason});
  }
  out.flush();
  return out ? Status::Ok() : Status::Unavailable("cannot write " + path);
}

void PrintCsv(const resolve::Resolver& r) {
  WriteCsvRecord(std::cout, {"record_id", "cluster_id"});
  for (const auto& [id, cluster] : r.Assignments()) WriteCsvRecord(std::cout, {id, cluster});
}

int Decide(const Args& args, resolve::ResolverOptions options) {
  if (!args.Has("state")) return Fail(kCommand, Status::InvalidArgument("--decide needs --state", "--state"));
  auto ids = SplitTrimmed(args.Get("decide"), ',');
  if (ids.size() != 2) return Fail(kCommand, Status::InvalidArgument("--decide wants A,B", "--decide"));
  auto verdict = resolve::ParseVerdict(args.Get("verdict"));
  if (!verdict.ok()) return Fail(kCommand, Status::InvalidArgument(verdict.status().message(), "--verdict"));
  auto store = resolve::OpenFileResolutionStore(args.Get("state"));
  if (!store.ok()) return Fail(kCommand, store.status());
  auto resolver = resolve::LoadResolver(**store, options);
  if (!resolver.ok()) return Fail(kCommand, resolver.status());
  resolve::Decision d{ids[0], ids[1], *verdict, args.Get("analyst"), UnixNow(), args.Get("note")};
  if (Status s = (*resolver)->Decide(d); !s.ok()) return Fail(kCommand, s);
  if (Status s = (*store)->AppendDecision(d); !s.ok()) return Fail(kCommand, s);
  if (Status s = (*store)->SaveState(**resolver); !s.ok()) return Fail(kCommand, s);
  if (args.Has("json")) PrintJson(**resolver);
  else PrintCsv(**resolver);
  return 0;
}

}  // namespace

int ResolveCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (Status s = args.Parse(argv); !s.ok()) return Fail(kCommand, s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  resolve::ResolverOptions options;
  auto match = args.GetDouble("match-probability");
  auto review = args.GetDouble("review-probability");
  auto threads = args.GetInt("threads");
  if (!match.ok()) return Fail(kCommand, match.status());
  if (!review.ok()) return Fail(kCommand, review.status());
  if (!threads.ok()) return Fail(kCommand, threads.status());
  options.match_probability = *match;
  options.review_probability = *review;
  options.reject_probability = std::min(options.reject_probability, *review / 2);
  options.threads = static_cast<int>(*threads);
  if (Status s = resolve::Resolver(options).status(); !s.ok()) return Fail(kCommand, s);
  if (args.Has("decide")) return Decide(args, options);
  if (!args.Has("records")) return Fail(kCommand, Status::InvalidArgument("--records is required", "--records"));

  auto records = resolve::ReadPersonCsv(args.Get("records"));
  if (!records.ok()) return Fail(kCommand, records.status());
  std::unique_ptr<resolve::ResolutionStore> store;
  std::unique_ptr<resolve::Resolver> resolver;
  if (args.Has("state")) {
    auto opened = resolve::OpenFileResolutionStore(args.Get("state"));
    if (!opened.ok()) return Fail(kCommand, opened.status());
    store = std::move(*opened);
    auto loaded = resolve::LoadResolver(*store, options);
    if (!loaded.ok()) return Fail(kCommand, loaded.status());
    resolver = std::move(*loaded);
    // Records already resolved are skipped: the state holds them.
    std::set<std::string> known;
    for (const auto& r : resolver->records()) known.insert(r.id);
    size_t before = records->size();
    std::erase_if(*records, [&](const resolve::PersonRecord& r) { return known.count(r.id) > 0; });
    if (records->size() != before) {
      std::cerr << "disrupt resolve: " << before - records->size() << " records already resolved in "
                << args.Get("state") << " were skipped\n";
    }
  } else {
    resolver = std::make_unique<resolve::Resolver>(options);
  }
  if (Status s = resolver->Add(std::move(*records)); !s.ok()) return Fail(kCommand, s);
  if (Status s = resolver->Run(); !s.ok()) return Fail(kCommand, s);
  const auto& issues = resolver->issues();
  for (size_t i = 0; i < issues.size() && i < kIssuesShown; ++i) {
    std::cerr << "disrupt resolve: " << args.Get("records") << ": record " << issues[i].record_id << ": "
              << issues[i].field << ": " << issues[i].message << " (treated as unknown)\n";
  }
  if (issues.size() > kIssuesShown) {
    std::cerr << "disrupt resolve: ... and " << issues.size() - kIssuesShown << " more fields treated as unknown\n";
  }
  if (store) {
    if (Status s = store->SaveState(*resolver); !s.ok()) return Fail(kCommand, s);
  }
  if (args.Has("review")) {
    if (Status s = WriteReview(args.Get("review"), *resolver); !s.ok()) return Fail(kCommand, s);
  }
  if (args.Has("json")) PrintJson(*resolver);
  else PrintCsv(*resolver);
  return 0;
}

}  // namespace disrupt::cli
