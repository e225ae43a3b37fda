// Tests of resolution: accuracy on FEBRL (whose record ids carry the truth,
// so precision and recall are counted against it, not against our output),
// decisions and their reversal, the chaining guard, incremental runs and
// explanations.
#include "resolve/resolver.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
