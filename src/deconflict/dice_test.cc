// Tests of the Dice kernels and the popcount-pruned index. The oracle is a
// bit-by-bit count (Clk::Test) and a brute-force scan without pruning.
#include "deconflict/dice.h"

#include <gtest/gtest.h>

#include <random>

namespace disrupt::deconflict {
namespace {

Clk RandomClk(std::mt19937_64& rng, double density) {
  Clk c;
  std::bernoulli_distribution bit(density);
  for (uint32_t b = 0; b < kClkBits; ++b) {
    if (bit(rng)) c.Set(b);
  }
  return c;
}

int NaiveIntersection(const Clk& a, const Clk& b) {
  int n = 0;
  for (uint32_t i = 0; i < kClkBits; ++i) n += a.Test(i) && b.Test(i);
  return n;
}

std::vector<PopcountKernel> SupportedKernels() {
  std::vector<PopcountKernel> ks = {PopcountKernel::kPortable};
  __builtin_cpu_init();
  if (__builtin_cpu_supports("popcnt")) ks.push_back(PopcountKernel::kPopcnt);
  if (__builtin_cpu_supports("avx2")) ks.push_back(PopcountKernel::kAvx2);
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) ks.push_back(PopcountKernel::kAvx512);
  return ks;
}

TEST(DiceKernelTest, EveryKernelCountsLikeTheBitByBitOracle) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    Clk a = RandomClk(rng, trial % 10 / 10.0), b = RandomClk(rng, 0.3);
    int expected = NaiveIntersection(a, b);
    for (auto k : SupportedKernels()) EXPECT_EQ(IntersectionCount(a, b, k), expected) << ToString(k);
  }
  Clk full;
  full.words.fill(~uint64_t{0});
  for (auto k : SupportedKernels()) EXPECT_EQ(IntersectionCount(full, full, k), kClkBits) << ToString(k);
}

TEST(DiceKernelTest, DiceFormula) {
  Clk a, b;
  for (uint32_t i = 0; i < 10; ++i) a.Set(i);
  for (uint32_t i = 5; i < 20; ++i) b.Set(i);
  EXPECT_DOUBLE_EQ(Dice(a, b), 2.0 * 5 / (10 + 15));
  EXPECT_DOUBLE_EQ(Dice(Clk{}, Clk{}), 0.0);
}

TEST(DiceIndexTest, PruningLosesNoHit) {
  std::mt19937_64 rng(11);
  std::vector<Clk> side, queries;
  for (int i = 0; i < 300; ++i) side.push_back(RandomClk(rng, 0.05 + 0.4 * (i % 7) / 7.0));
  for (int i = 0; i < 40; ++i) {
    Clk q = side[i * 7];
    for (int flips = 0; flips < i; ++flips) q.Set(static_cast<uint32_t>(rng() % kClkBits));
    queries.push_back(q);
  }
  for (double threshold : {0.5, 0.8, 0.95}) {
    // Oracle: every pair by the bit-by-bit count.
    std::vector<std::pair<uint32_t, uint32_t>> expected;
    for (uint32_t q = 0; q < queries.size(); ++q) {
      for (uint32_t c = 0; c < side.size(); ++c) {
        int total = queries[q].Popcount() + side[c].Popcount();
        if (total && 2.0 * NaiveIntersection(queries[q], side[c]) >= threshold * total) expected.emplace_back(q, c);
      }
    }
    for (auto k : SupportedKernels()) {
      DiceIndex index(side, k);
      DiceStats stats;
      auto hits = index.SearchAll(queries, threshold, 2, stats);
      std::vector<std::pair<uint32_t, uint32_t>> got;
      for (const auto& h : hits) got.emplace_back(h.query, h.candidate);
      EXPECT_EQ(got, expected) << ToString(k) << " at " << threshold;
      EXPECT_EQ(stats.pairs_considered, queries.size() * side.size());
      EXPECT_LT(stats.pairs_computed, stats.pairs_considered);  // the popcount window skipped some
      // Every pair in full (the AVX2 kernel's four-candidate blocks and the
      // remainder, 300 = 4 x 75 per query, so the window sizes vary below).
      DiceStats full_stats;
      auto all = index.SearchAll(queries, threshold, 2, full_stats, /*prune=*/false);
      std::vector<std::pair<uint32_t, uint32_t>> got_all;
      for (const auto& h : all) got_all.emplace_back(h.query, h.candidate);
      EXPECT_EQ(got_all, expected) << ToString(k) << " unpruned at " << threshold;
    }
  }
}

TEST(DiceIndexTest, UnprunedScanOfAnOddSizedIndexCountsEveryPair) {
  // 7 encodings: one block of four and a remainder of three.
  std::mt19937_64 rng(5);
  std::vector<Clk> side;
  for (int i = 0; i < 7; ++i) side.push_back(RandomClk(rng, 0.3));
  for (auto k : SupportedKernels()) {
    DiceIndex index(side, k);
    DiceStats stats;
    auto hits = index.SearchAll(side, 0.0001, 1, stats, /*prune=*/false);
    ASSERT_EQ(hits.size(), 49u) << ToString(k);
    for (const auto& h : hits) {
      int total = side[h.query].Popcount() + side[h.candidate].Popcount();
      EXPECT_FLOAT_EQ(h.dice, static_cast<float>(2.0 * NaiveIntersection(side[h.query], side[h.candidate]) / total))
          << ToString(k);
    }
  }
}

TEST(DiceIndexTest, EmptyIndexAndEmptyQueries) {
  DiceIndex empty(std::vector<Clk>{});
  DiceStats stats;
  EXPECT_TRUE(empty.SearchAll({Clk{}}, 0.8, 2, stats).empty());
  DiceIndex one({Clk{}});
  EXPECT_TRUE(one.SearchAll({}, 0.8, 2, stats).empty());
}

}  // namespace
}  // namespace disrupt::deconflict
