// Fast Dice similarity of 1,024-bit Bloom-filter encodings (CLKs).
//
// Dice(A, B) = 2|A ∩ B| / (|A| + |B|) over the set bits. What makes
// all-pairs matching fast:
//   - pruning on bit counts: Dice(A, B) <= 2 min(|A|,|B|) / (|A| + |B|),
//     so with the encodings sorted by popcount, a query with p bits can only
//     reach threshold t against encodings with between p·t/(2-t) and
//     p·(2-t)/t bits; ranges outside are skipped without being read;
//   - with AVX2, a bound from bit counts per block: each encoding keeps the
//     popcount of each of its 64 blocks of 16 bits (64 bytes), and
//     |A∩B| <= sum over blocks of the lesser of the two counts, which is
//     (|A| + |B| - L1) / 2 with L1 the sum of the blocks' differences: what
//     vpsadbw computes. The counts of four candidates are stored side by side,
//     so eight vpsadbw give the bound of four pairs; on realistic CLKs 99.8%
//     of the pairs in the popcount window stop there, and the rest are
//     counted in full with POPCNT. The bound is tested against the threshold exactly as
//     the full count is, so a pair is dropped only when it cannot be a hit;
//     many queries are run over one cache-sized chunk of candidates before
//     the next (the matrix is walked in tiles);
//   - without AVX2, a staged bound: the first 256 bits are intersected first,
//     and a pair is dropped when head + min(|A|-head(A), |B|-head(B)) cannot
//     reach the threshold;
//   - for every pair in full (without pruning, or after the staged bound),
//     the widest popcount the processor has, chosen at run time:
//     AVX-512 VPOPCNTDQ, else AVX2 (nibble lookup with vpshufb, Muła's
//     method), else the POPCNT instruction, else portable code.
//
// DiceIndex holds one side's encodings sorted by popcount; Search runs one
// query against it; SearchAll runs many queries on several threads.
// DiceStats reports pairs considered (the product of the two sides' sizes)
// and pairs inside the popcount window (at least partly computed).
//
// Thread safety: a built DiceIndex is immutable; Search may run
// concurrently. Cost: O(candidates in the popcount window) per query.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace disrupt::deconflict {

inline constexpr int kClkBits = 1024;
inline constexpr int kClkWords = kClkBits / 64;

struct alignas(64) Clk {
  std::array<uint64_t, kClkWords> words{};
  void Set(uint32_t bit) { words[bit / 64] |= uint64_t{1} << (bit % 64); }
  bool Test(uint32_t bit) const { return (words[bit / 64] >> (bit % 64)) & 1; }
  int Popcount() const;
  friend bool operator==(const Clk&, const Clk&) = default;
};

enum class PopcountKernel { kPortable, kPopcnt, kAvx2, kAvx512 };
const char* ToString(PopcountKernel k);
// The widest kernel this processor supports.
PopcountKernel BestKernel();

// |a ∩ b| with the given kernel (which the processor must support).
int IntersectionCount(const Clk& a, const Clk& b, PopcountKernel kernel);
double Dice(const Clk& a, const Clk& b);

struct DiceHit {
  uint32_t query;      // index of the query
  uint32_t candidate;  // index into the index's encodings, as given to the constructor
  float dice;
};

struct DiceStats {
  uint64_t pairs_considered = 0;  // queries x encodings
  uint64_t pairs_computed = 0;    // pairs inside the popcount window
};

class DiceIndex {
 public:
  // Copies the encodings; `kernel` defaults to BestKernel().
  explicit DiceIndex(const std::vector<Clk>& encodings);
  DiceIndex(const std::vector<Clk>& encodings, PopcountKernel kernel);

  // Appends to `hits` every encoding with Dice >= threshold against `query`.
  // With `prune` false every encoding is computed in full, without the
  // popcount window or the bounds (for measurement).
  void Search(const Clk& query, uint32_t query_index, double threshold, std::vector<DiceHit>& hits,
              DiceStats& stats, bool prune = true) const;

  // All queries against the index on `threads` threads; hits ordered by query then candidate.
  std::vector<DiceHit> SearchAll(const std::vector<Clk>& queries, double threshold, int threads, DiceStats& stats,
                                 bool prune = true) const;

  size_t size() const { return encodings_.size(); }
  PopcountKernel kernel() const { return kernel_; }

 private:
  // Popcount window of a query: positions [lo, hi) of candidates that can
  // reach the threshold (all of them without pruning).
  struct Window {
    int count = 0;
    size_t lo = 0, hi = 0;
  };
  Window WindowOf(const Clk& query, double threshold, bool prune) const;
  // The pruned search with the profile bound (AVX2) of `count` queries,
  // numbered from `first_index`, in tiles (see above).
  void SearchTiled(const Clk* queries, size_t count, uint32_t first_index, double threshold,
                   std::vector<DiceHit>& hits, DiceStats& stats) const;

  // Four candidates' bit counts per 16-bit block (64 blocks, a byte each),
  // eight blocks of each candidate per 64-bit lane: blocks[j][k] holds blocks
  // [8j, 8j + 8) of candidate 4g + k (0 past the end).
  struct alignas(64) ProfileGroup {
    uint64_t blocks[8][4];
  };

  std::vector<Clk> encodings_;        // sorted by popcount
  std::vector<ProfileGroup> groups_;  // encodings_[4g, 4g + 4)
  std::vector<uint16_t> group_max_;   // the largest popcount in each group
  std::vector<uint16_t> counts_;   // popcount of each
  std::vector<uint16_t> heads_;    // popcount of each one's first 256 bits
  std::vector<uint32_t> original_; // index given to the constructor
  std::array<uint32_t, kClkBits + 2> first_with_count_{};  // first position with popcount >= c
  PopcountKernel kernel_;
  bool profiles_;  // the pruned search uses the profile bound (needs AVX2)
};

}  // namespace disrupt::deconflict
