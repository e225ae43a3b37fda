// Tests of the Dice kernels and the popcount-pruned index. The oracles are a
// bit-by-bit count (Clk::Test) and the plain scalar loop over every pair
// (popcount of each word of A AND B, then Report's test 2|A∩B| >= t(|A|+|B|)).
#include "deconflict/dice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
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

// ------------------------------------------------------------------ adversarial encodings

int PlainIntersection(const Clk& a, const Clk& b) {
  int n = 0;
  for (int w = 0; w < kClkWords; ++w) n += std::popcount(a.words[w] & b.words[w]);
  return n;
}

// Every pair by the plain scalar loop: hits ordered by query then candidate.
std::vector<DiceHit> PlainHits(const std::vector<Clk>& queries, const std::vector<Clk>& side, double threshold) {
  std::vector<DiceHit> hits;
  for (uint32_t q = 0; q < queries.size(); ++q) {
    for (uint32_t c = 0; c < side.size(); ++c) {
      int total = queries[q].Popcount() + side[c].Popcount();
      int inter = PlainIntersection(queries[q], side[c]);
      if (total && 2.0 * inter >= threshold * total) hits.push_back({q, c, static_cast<float>(2.0 * inter / total)});
    }
  }
  return hits;
}

std::string Describe(const std::vector<DiceHit>& hits) {
  std::string s;
  for (const auto& h : hits) s += std::to_string(h.query) + "/" + std::to_string(h.candidate) + " ";
  return s;
}

void ExpectSameHits(const std::vector<DiceHit>& got, const std::vector<DiceHit>& expected, const std::string& what) {
  ASSERT_EQ(got.size(), expected.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].query, expected[i].query) << what << " hit " << i;
    ASSERT_EQ(got[i].candidate, expected[i].candidate) << what << " hit " << i;
    ASSERT_EQ(got[i].dice, expected[i].dice) << what << " hit " << i;
  }
}

Clk ClkWithBits(std::mt19937_64& rng, int bits) {
  std::vector<uint32_t> all(kClkBits);
  for (uint32_t i = 0; i < kClkBits; ++i) all[i] = i;
  std::shuffle(all.begin(), all.end(), rng);
  Clk c;
  for (int i = 0; i < bits; ++i) c.Set(all[i]);
  return c;
}

// `c` without `drop` of its set bits, chosen at random: a subset in every
// 16-bit block, so the sum of the blocks' lesser counts is the exact
// intersection and only the threshold test separates hit from miss.
Clk Without(std::mt19937_64& rng, const Clk& c, int drop) {
  std::vector<uint32_t> set;
  for (uint32_t i = 0; i < kClkBits; ++i) {
    if (c.Test(i)) set.push_back(i);
  }
  std::shuffle(set.begin(), set.end(), rng);
  Clk out = c;
  for (int i = 0; i < drop && i < static_cast<int>(set.size()); ++i) {
    out.words[set[i] / 64] &= ~(uint64_t{1} << (set[i] % 64));
  }
  return out;
}

// Each 16-bit block rotated by `by` bits: the same count in every block (the
// bound sees no difference) but other bits.
Clk RotatedBlocks(const Clk& c, int by) {
  Clk out;
  for (int w = 0; w < kClkWords; ++w) {
    for (int b = 0; b < 4; ++b) {
      uint16_t block = static_cast<uint16_t>(c.words[w] >> (16 * b));
      out.words[w] |= uint64_t{std::rotl(block, by)} << (16 * b);
    }
  }
  return out;
}

// `c` with `moves` set bits moved to clear positions elsewhere: the same
// popcount, other block counts.
Clk Moved(std::mt19937_64& rng, const Clk& c, int moves) {
  Clk out = c;
  for (int m = 0; m < moves; ++m) {
    uint32_t from = static_cast<uint32_t>(rng() % kClkBits), to = static_cast<uint32_t>(rng() % kClkBits);
    while (!out.Test(from)) from = static_cast<uint32_t>(rng() % kClkBits);
    while (out.Test(to)) to = static_cast<uint32_t>(rng() % kClkBits);
    out.words[from / 64] &= ~(uint64_t{1} << (from % 64));
    out.Set(to);
  }
  return out;
}

struct Adversarial {
  std::vector<Clk> side, queries;
};

// Realistic CLKs (a quarter of the bits set) and their variants, empty and
// full encodings, runs of equal popcounts, subsets straddling every
// threshold by one bit, block-rotated twins; more than one chunk of
// candidates and more than one tile of queries per thread.
Adversarial MakeAdversarial() {
  std::mt19937_64 rng(2026);
  Adversarial a;
  Clk full;
  full.words.fill(~uint64_t{0});
  for (int i = 0; i < 5; ++i) {
    a.side.push_back(Clk{});
    a.side.push_back(full);
  }
  a.queries.push_back(Clk{});
  a.queries.push_back(full);
  a.queries.push_back(Without(rng, full, 1));
  for (int i = 0; i < 30; ++i) {
    Clk base = ClkWithBits(rng, 160 + static_cast<int>(rng() % 200));
    a.side.push_back(base);
    // Subsets dropping 0..40% of the bits: Dice from 1 down to 0.75.
    const int bits = base.Popcount();
    for (int drop = 0; drop <= bits * 2 / 5; drop += 3 + i % 2) a.side.push_back(Without(rng, base, drop));
    a.side.push_back(RotatedBlocks(base, 1 + i % 15));
    a.side.push_back(Moved(rng, base, 1 + i % 40));
    a.queries.push_back(base);
    a.queries.push_back(Without(rng, base, bits / 10));
    a.queries.push_back(RotatedBlocks(base, 8));
    a.queries.push_back(Moved(rng, base, i % 20));
    a.queries.push_back(Moved(rng, Without(rng, base, i), 5));
  }
  // Pairs exactly at a threshold (n bits against a subset of m: Dice
  // 2m / (n + m) = 0.8, 0.9, 2/3, 0.85 and 1 in exact arithmetic) and one bit
  // either side.
  for (auto [n, m] : {std::pair{120, 80}, {110, 90}, {200, 100}, {230, 170}, {300, 300}}) {
    Clk base = ClkWithBits(rng, n);
    a.queries.push_back(base);
    for (int d : {-1, 0, 1}) a.side.push_back(Without(rng, base, n - m + d));
  }
  // 48 encodings of exactly 256 bits (whole groups of equal counts), and
  // random ones of every density.
  for (int i = 0; i < 48; ++i) a.side.push_back(ClkWithBits(rng, 256));
  for (int i = 0; i < 40; ++i) a.queries.push_back(ClkWithBits(rng, 256));
  for (int i = 0; i < 30; ++i) {
    a.side.push_back(RandomClk(rng, i / 29.0));
    a.queries.push_back(RandomClk(rng, (29 - i) / 29.0));
  }
  return a;
}

TEST(DiceIndexTest, EveryKernelFindsThePlainLoopsHitsOnAdversarialEncodings) {
  const Adversarial a = MakeAdversarial();
  ASSERT_GT(a.side.size(), 1024u);    // more than two chunks of 512 candidates
  ASSERT_GT(a.queries.size(), 192u);  // more than one tile of 64 queries per thread
  for (double threshold : {0.5, 2.0 / 3.0, 0.8, 0.85, 0.9, 1.0}) {
    const std::vector<DiceHit> expected = PlainHits(a.queries, a.side, threshold);
    ASSERT_FALSE(expected.empty());
    for (auto k : SupportedKernels()) {
      DiceIndex index(a.side, k);
      for (bool prune : {true, false}) {
        for (int threads : {1, 2}) {
          DiceStats stats;
          const std::string what = std::string(ToString(k)) + " at " + std::to_string(threshold) +
                                   (prune ? " pruned" : " unpruned") + " on " + std::to_string(threads);
          ExpectSameHits(index.SearchAll(a.queries, threshold, threads, stats, prune), expected, what);
          EXPECT_EQ(stats.pairs_considered, a.queries.size() * a.side.size()) << what;
        }
      }
      // One query at a time.
      std::vector<DiceHit> one_by_one;
      DiceStats stats;
      for (uint32_t q = 0; q < a.queries.size(); ++q) index.Search(a.queries[q], q, threshold, one_by_one, stats);
      std::sort(one_by_one.begin(), one_by_one.end(), [](const DiceHit& x, const DiceHit& y) {
        return x.query != y.query ? x.query < y.query : x.candidate < y.candidate;
      });
      ExpectSameHits(one_by_one, expected, std::string(ToString(k)) + " one by one at " + std::to_string(threshold));
    }
  }
}

TEST(DiceIndexTest, TwinsWithTheSameBlockCountsAreNotHitsUnlessTheirBitsAgree) {
  // A block-rotated twin has the same count in every 16-bit block, so the
  // bound alone would keep it; the exact count must still decide.
  std::mt19937_64 rng(3);
  std::vector<Clk> side, queries;
  for (int i = 0; i < 64; ++i) {
    Clk base = ClkWithBits(rng, 256);
    side.push_back(RotatedBlocks(base, 1 + i % 15));
    queries.push_back(base);
  }
  const std::vector<DiceHit> expected = PlainHits(queries, side, 0.85);
  for (auto k : SupportedKernels()) {
    DiceIndex index(side, k);
    DiceStats stats;
    ExpectSameHits(index.SearchAll(queries, 0.85, 2, stats), expected, ToString(k));
  }
  EXPECT_LT(expected.size(), 5u) << Describe(expected);
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
