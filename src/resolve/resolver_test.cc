// Tests of resolution: accuracy on FEBRL (whose record ids carry the truth,
// so precision and recall are counted against it, not against our output),
// decisions and their reversal, the chaining guard, incremental runs and
// explanations.
#include "resolve/resolver.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "core/text.h"
#include "testing.h"

namespace disrupt::resolve {
namespace {

// FEBRL rows ("rec-N-org" / "rec-N-dup-k", ", "-separated) as person records.
std::vector<PersonRecord> LoadFebrl(const std::string& file) {
  std::ifstream in(disrupt::testing::ShippedDataset("febrl") / file);
  std::string line;
  std::getline(in, line);  // header
  std::vector<PersonRecord> out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto f = Split(line, ',');
    if (f.size() != 11) continue;
    for (auto& x : f) x = std::string(Trim(x));
    PersonRecord r;
    r.id = f[0];
    r.given_name = f[1];
    r.family_name = f[2];
    r.address = f[3] + " " + f[4] + " " + f[5] + " " + f[6] + " " + f[7] + " " + f[8];
    r.dob = f[9];
    out.push_back(r);
  }
  return out;
}

std::string Entity(const std::string& rec_id) {  // "rec-12-dup-0" -> "12"
  auto parts = Split(rec_id, '-');
  return parts.size() > 1 ? parts[1] : rec_id;
}

struct Accuracy {
  double precision, recall;
  long long true_pairs, predicted_pairs;
};

Accuracy PairwiseAccuracy(const std::vector<std::pair<std::string, std::string>>& assignments) {
  std::map<std::string, std::vector<std::string>> by_cluster, by_entity;
  for (const auto& [id, cluster] : assignments) {
    by_cluster[cluster].push_back(id);
    by_entity[Entity(id)].push_back(id);
  }
  auto pairs = [](const std::map<std::string, std::vector<std::string>>& groups) {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& [_, ids] : groups) {
      for (size_t i = 0; i < ids.size(); ++i) {
        for (size_t j = i + 1; j < ids.size(); ++j) out.insert(std::minmax(ids[i], ids[j]));
      }
    }
    return out;
  };
  auto predicted = pairs(by_cluster), truth = pairs(by_entity);
  long long both = 0;
  for (const auto& p : predicted) both += truth.count(p);
  return {predicted.empty() ? 0 : double(both) / predicted.size(), truth.empty() ? 0 : double(both) / truth.size(),
          static_cast<long long>(truth.size()), static_cast<long long>(predicted.size())};
}

TEST(ResolverFebrlTest, Dataset1PrecisionAndRecall) {
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(LoadFebrl("dataset1.csv")).ok());
  ASSERT_TRUE(resolver.Run().ok());
  Accuracy acc = PairwiseAccuracy(resolver.Assignments());
  EXPECT_EQ(acc.true_pairs, 500);  // as counted in datasets/febrl/SOURCE.md
  EXPECT_GE(acc.precision, 0.95) << "predicted " << acc.predicted_pairs;
  EXPECT_GE(acc.recall, 0.95);
  std::printf("FEBRL dataset1: precision %.4f recall %.4f (%lld candidate pairs, %zu to review)\n", acc.precision,
              acc.recall, resolver.stats().candidate_pairs, resolver.review().size());
}

TEST(ResolverFebrlTest, Dataset3ZipfDuplicatesPrecisionAndRecall) {
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(LoadFebrl("dataset3.csv")).ok());
  ASSERT_TRUE(resolver.Run().ok());
  Accuracy acc = PairwiseAccuracy(resolver.Assignments());
  EXPECT_EQ(acc.true_pairs, 6538);
  EXPECT_GE(acc.precision, 0.95) << "predicted " << acc.predicted_pairs;
  EXPECT_GE(acc.recall, 0.95);
  std::printf("FEBRL dataset3: precision %.4f recall %.4f (%lld candidate pairs, %zu to review)\n", acc.precision,
              acc.recall, resolver.stats().candidate_pairs, resolver.review().size());
}

}  // namespace
}  // namespace disrupt::resolve

namespace disrupt::resolve {
namespace {

std::map<std::string, std::string> ClusterMap(const Resolver& r) {
  std::map<std::string, std::string> m;
  for (const auto& [id, c] : r.Assignments()) m[id] = c;
  return m;
}

TEST(ResolverDecisionTest, NotSameSplitsAndRevokingRestores) {
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(LoadFebrl("dataset1.csv")).ok());
  ASSERT_TRUE(resolver.Run().ok());
  auto before = ClusterMap(resolver);
  // rec-10-org and rec-10-dup-0 are the same person in FEBRL's truth.
  ASSERT_EQ(before["rec-10-org"], before["rec-10-dup-0"]);
  ASSERT_TRUE(resolver.Decide({"rec-10-org", "rec-10-dup-0", Verdict::kNotSame, "analyst1", 1, "different father"}).ok());
  auto split = ClusterMap(resolver);
  EXPECT_NE(split["rec-10-org"], split["rec-10-dup-0"]);
  ASSERT_TRUE(resolver.Decide({"rec-10-dup-0", "rec-10-org", Verdict::kRevoked, "analyst1", 2, ""}).ok());
  EXPECT_EQ(ClusterMap(resolver), before);
}

TEST(ResolverDecisionTest, SameMergesWhatTheModelKeptApart) {
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(LoadFebrl("dataset1.csv")).ok());
  ASSERT_TRUE(resolver.Run().ok());
  auto before = ClusterMap(resolver);
  ASSERT_NE(before["rec-1-org"], before["rec-2-org"]);
  ASSERT_TRUE(resolver.Decide({"rec-1-org", "rec-2-org", Verdict::kSame, "analyst1", 1, ""}).ok());
  auto merged = ClusterMap(resolver);
  EXPECT_EQ(merged["rec-1-org"], merged["rec-2-org"]);
  // The analyst's link explains the merged cluster.
  bool found = false;
  for (const auto& l : resolver.cluster_links().at(merged["rec-1-org"])) found |= l.decided;
  EXPECT_TRUE(found);
  EXPECT_EQ(resolver.Decide({"rec-1-org", "nobody", Verdict::kSame, "", 0, ""}).code(), StatusCode::kNotFound);
}

TEST(ResolverIncrementalTest, NewRecordsResolveAgainstTheExistingSet) {
  auto records = LoadFebrl("dataset1.csv");
  std::vector<PersonRecord> first(records.begin(), records.begin() + 700), second(records.begin() + 700, records.end());
  Resolver resolver;
  ASSERT_TRUE(resolver.Add(first).ok());
  ASSERT_TRUE(resolver.Run().ok());
  long long first_pairs = resolver.stats().candidate_pairs;
  auto earlier = ClusterMap(resolver);
  std::string lambda = resolver.model().ToJson().dump();
  ASSERT_TRUE(resolver.Add(second).ok());
  ASSERT_TRUE(resolver.Run().ok());
  // The model was not re-estimated and only pairs with a new record were scored.
  EXPECT_EQ(resolver.model().ToJson().dump(), lambda);
  Resolver full;
  ASSERT_TRUE(full.Add(records).ok());
  ASSERT_TRUE(full.Run().ok());
  EXPECT_LT(resolver.stats().candidate_pairs - first_pairs, full.stats().candidate_pairs);
  Accuracy acc = PairwiseAccuracy(resolver.Assignments());
  EXPECT_GE(acc.precision, 0.95);
  EXPECT_GE(acc.recall, 0.95);
  // Cluster ids are ids of the earliest record, so earlier ids survive.
  auto now = ClusterMap(resolver);
  for (const auto& [id, cluster] : earlier) {
    if (cluster == id) {
      EXPECT_TRUE(earlier.count(now[id])) << id;
    }
  }
  EXPECT_EQ(resolver.Run().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(resolver.Add({records[0]}).code(), StatusCode::kInvalidArgument);  // duplicate id
}

TEST(ResolverAddTest, ARefusedBatchQueuesNothing) {
  PersonRecord a{.id = "A-1", .given_name = "Somchai", .family_name = "Srisuk"};
  PersonRecord b{.id = "B-1", .given_name = "Somchai", .family_name = "Srisuk"};
  PersonRecord no_id{.given_name = "Malee"};
  Resolver resolver;
  ASSERT_TRUE(resolver.Add({a}).ok());
  // A duplicate inside the batch, one of an earlier batch, a missing id:
  // each refuses the whole batch, and its other ids stay free.
  EXPECT_EQ(resolver.Add({b, b}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(resolver.Add({b, a}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(resolver.Add({b, no_id}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(resolver.records().size(), 1u);
  ASSERT_TRUE(resolver.Add({b}).ok());
  ASSERT_TRUE(resolver.Run().ok());
  auto assignments = resolver.Assignments();
  ASSERT_EQ(assignments.size(), 2u);
  EXPECT_EQ(assignments[1].first, "B-1");
}

// A model in which names weigh +5 bits each, an exact birth date +6.5 and a
// different birth date -20, with a prior of -3 bits.
Model ToyModel() {
  nlohmann::json j;
  j["version"] = kResolutionVersion;
  j["lambda"] = 0.11;
  for (int k = 0; k < kComparisons; ++k) {
    auto c = static_cast<Comparison>(k);
    nlohmann::json cj;
    cj["field"] = ComparisonName(c);
    int levels = LevelCount(c);
    for (int l = 0; l < levels; ++l) {
      double m = 1.0 / levels, u = 1.0 / levels;
      if ((k == 0 || k == 1) && l == 3) m = 0.9, u = 0.028;
      if (k == 2 && l == 0) m = 1e-6, u = 1.0;
      if (k == 2 && l == levels - 1) m = 0.9, u = 0.01;  // exact
      cj["m"].push_back(m);
      cj["u"].push_back(u);
      cj["u_random"].push_back(1.0);
    }
    j["comparisons"].push_back(cj);
  }
  return Model::FromJson(j).value();
}

TEST(ResolverChainingTest, AnAmbiguousRecordDoesNotJoinTwoPeople) {
  // A (born 1980) -- B (no date) -- C (born 1950): B matches both on name
  // alone, but A and C clearly differ, so only one of the merges is made.
  Resolver resolver;
  resolver.SetModel(ToyModel());
  ASSERT_TRUE(resolver
                  .Add({{"A", "", "John", "Smith", "", "1980-01-01"},
                        {"B", "", "John", "Smith", "", ""},
                        {"C", "", "John", "Smith", "", "1950-05-05"}})
                  .ok());
  ASSERT_TRUE(resolver.Run().ok());
  auto c = ClusterMap(resolver);
  EXPECT_NE(c["A"], c["C"]);
  EXPECT_EQ(resolver.stats().refused_merges, 1);
  ASSERT_EQ(resolver.review().size(), 1u);
  EXPECT_EQ(resolver.review()[0].reason, "would chain two groups");
}

TEST(ResolverBlockingTest, NamesWithShortKeysMeetBySpellingOrWithTheBirthYear) {
  // Kim/Keum and Gul/Gol share the keys "km" and "gl" (two consonants, shared
  // by many unrelated names): such names block by their spelling, and by
  // their keys only together with the birth year. Years only, so that the
  // full date does not bring the pairs together.
  auto pairs = [](std::vector<PersonRecord> records) {
    Resolver resolver;
    resolver.SetModel(ToyModel());
    EXPECT_TRUE(resolver.Add(std::move(records)).ok());
    EXPECT_TRUE(resolver.Run().ok());
    return resolver.stats().candidate_pairs;
  };
  EXPECT_EQ(pairs({{"A", "", "Kim", "Gul", "", "1980"}, {"B", "", "Keum", "Gol", "", "1980"}}), 1);
  EXPECT_EQ(pairs({{"A", "", "Kim", "Gul", "", "1980"}, {"B", "", "Keum", "Gol", "", "1975"}}), 0);
  EXPECT_EQ(pairs({{"A", "", "Kim", "Gul", "", ""}, {"B", "", "Kim", "Gul", "", ""}}), 1);
  // Neil and Nola share the key "nl": different years, nothing else in common.
  EXPECT_EQ(pairs({{"A", "", "Neil", "Kim", "", "1980"}, {"B", "", "Nola", "Kim", "", "1990"}}), 0);
  // Keys of three consonants or more still block on their own.
  EXPECT_EQ(pairs({{"A", "", "Farooq", "Rahimi", "", "1980"}, {"B", "", "Faruk", "Rahimy", "", "1990"}}), 1);
}

TEST(ResolverExplainTest, FieldWeightsAddUpToTheScore) {
  Resolver resolver;
  resolver.SetModel(ToyModel());
  ASSERT_TRUE(resolver.Add({{"A", "", "John", "Smith", "", "1980-01-01"}, {"B", "", "Jon", "Smith", "", "1980-01-01"}}).ok());
  ASSERT_TRUE(resolver.Run().ok());
  auto e = resolver.Explain("A", "B");
  ASSERT_TRUE(e.ok());
  double sum = e->prior;
  for (const auto& f : e->fields) sum += f.weight;
  EXPECT_NEAR(sum, e->score.weight, 1e-9);
  EXPECT_NEAR(e->prior, std::log2(0.11 / 0.89), 1e-9);
  EXPECT_EQ(LevelName(Comparison::kFamily, e->fields[1].level), "exact");
  EXPECT_EQ(LevelName(Comparison::kDob, e->fields[2].level), "exact");
  EXPECT_NEAR(e->fields[2].weight, std::log2(0.9 / 0.01), 1e-9);
  EXPECT_EQ(e->fields[5].level, kMissing);
  EXPECT_FALSE(resolver.Explain("A", "Z").ok());
}

TEST(ResolverOptionsTest, RefusesInconsistentThresholds) {
  ResolverOptions o;
  o.review_probability = 0.99;
  EXPECT_EQ(Resolver(o).status().field(), "review_probability");
}

}  // namespace
}  // namespace disrupt::resolve
