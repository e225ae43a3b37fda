// Tests of name interning and the part-similarity cache: ids in the order
// names are first seen, equal names equal ids (also after the table grows),
// and cached similarities equal to computed ones.
#include "resolve/name_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "resolve/name.h"

namespace disrupt::resolve {
namespace {

NormalisedRecord Named(std::vector<std::string> given, std::vector<std::string> family) {
  NormalisedRecord r;
  r.given = std::move(given);
  r.family = std::move(family);
  for (size_t i = 0; i < r.given.size(); ++i) r.given_value += (i ? " " : "") + r.given[i];
  for (size_t i = 0; i < r.family.size(); ++i) r.family_value += (i ? " " : "") + r.family[i];
  return r;
}

TEST(NameInternerTest, IdsInFirstSeenOrderAndEqualForEqualNames) {
  NameInterner names;
  NormalisedRecord a = Named({"ali"}, {"rahimi"}), b = Named({"rahimi"}, {"ali"}), single = Named({"noor"}, {});
  names.Assign(a);
  EXPECT_EQ(a.given_id, 1u);
  EXPECT_EQ(a.family_id, 2u);
  EXPECT_EQ(a.all_id, 3u);  // "ali rahimi"
  names.Assign(b);
  EXPECT_EQ(b.given_id, 2u);
  EXPECT_EQ(b.family_id, 1u);
  EXPECT_EQ(b.all_id, 4u);  // "rahimi ali": another token list
  names.Assign(single);
  EXPECT_EQ(single.given_id, 5u);
  EXPECT_EQ(single.family_id, 0u);
  EXPECT_EQ(single.all_id, 5u);
  EXPECT_EQ(names.size(), 5u);
}

TEST(NameInternerTest, ManyNamesKeepTheirIdsAsTheTableGrows) {
  // Far more names than the first table holds; every name asked again, in
  // another order, gets the id it was first given.
  NameInterner names;
  std::map<std::string, uint32_t> first;
  for (int i = 0; i < 20000; ++i) {
    NormalisedRecord r = Named({"g" + std::to_string(i % 3000)}, {"f" + std::to_string(i)});
    names.Assign(r);
    auto [it, added] = first.emplace(r.given_value, r.given_id);
    EXPECT_EQ(it->second, r.given_id);
    first.emplace(r.family_value, r.family_id);
  }
  for (int i = 19999; i >= 0; --i) {
    NormalisedRecord r = Named({"g" + std::to_string(i % 3000)}, {"f" + std::to_string(i)});
    names.Assign(r);
    ASSERT_EQ(r.given_id, first.at(r.given_value));
    ASSERT_EQ(r.family_id, first.at(r.family_value));
  }
  EXPECT_EQ(names.size(), 3000u + 20000u + 20000u);  // given, family, and each full name
}

TEST(PartSimilarityCacheTest, ReturnsWhatWasPutUnderTheOrderedPair) {
  PartSimilarityCache cache(4);
  double s = 0;
  EXPECT_FALSE(cache.Find(1, 2, s));
  cache.Put(1, 2, 0.75);
  ASSERT_TRUE(cache.Find(1, 2, s));
  EXPECT_EQ(s, 0.75);
  EXPECT_FALSE(cache.Find(2, 1, s));
}

}  // namespace
}  // namespace disrupt::resolve
