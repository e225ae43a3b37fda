// Dice similarity kernels and the popcount-pruned index; see dice.h.
#include "deconflict/dice.h"

#include <immintrin.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>

namespace disrupt::deconflict {

namespace {

// One scan: the query against encodings [0, n). When `staged`, the first
// 256 bits are intersected first and the pair is dropped if even full
// agreement on the remaining bits could not reach the threshold:
// |A∩B| <= head(A∩B) + min(|A| - head(A), |B| - head(B)). Most non-matching
// pairs stop there, at a quarter of the work.
struct Scan {
  const Clk* query;
  int query_count;
  int query_head;
  const Clk* encodings;
  const uint16_t* counts;
  const uint16_t* heads;
  size_t n;
  double threshold;
  uint32_t query_index;
  const uint32_t* original;
  bool staged;
  // need[c] is the least intersection with which a candidate of popcount c
  // reaches the threshold (the same test as Report, made once per count so
  // that the per-pair bound is integer arithmetic only).
  const uint16_t* need;
};

using ScanFn = void (*)(const Scan& scan, std::vector<DiceHit>& hits);

constexpr int kHeadWords = 4;

inline void Report(int inter, int qc, int cc, double threshold, uint32_t qi, uint32_t ci, std::vector<DiceHit>& hits) {
  int total = qc + cc;
  if (total == 0) return;
  if (2.0 * inter >= threshold * total) hits.push_back({qi, ci, static_cast<float>(2.0 * inter / total)});
}

inline bool HopelessAfterHead(const Scan& s, size_t i, int head) {
  int rest = std::min(s.query_count - s.query_head, s.counts[i] - s.heads[i]);
  return head + rest < s.need[s.counts[i]];
}

int PortableAnd(const Clk& a, const Clk& b) {
  int c = 0;
  for (int w = 0; w < kClkWords; ++w) c += std::popcount(a.words[w] & b.words[w]);
  return c;
}

void ScanPortable(const Scan& s, std::vector<DiceHit>& hits) {
  for (size_t i = 0; i < s.n; ++i) {
    Report(PortableAnd(*s.query, s.encodings[i]), s.query_count, s.counts[i], s.threshold, s.query_index,
           s.original[i], hits);
  }
}

__attribute__((target("popcnt"))) inline int PopcntRange(const Clk& a, const Clk& b, int from, int to) {
  int c = 0;
  for (int w = from; w < to; ++w) c += __builtin_popcountll(a.words[w] & b.words[w]);
  return c;
}

__attribute__((target("popcnt"))) int PopcntAnd(const Clk& a, const Clk& b) { return PopcntRange(a, b, 0, kClkWords); }

__attribute__((target("popcnt"))) void ScanPopcnt(const Scan& s, std::vector<DiceHit>& hits) {
  const Clk& q = *s.query;
  for (size_t i = 0; i < s.n; ++i) {
    int head = PopcntRange(q, s.encodings[i], 0, kHeadWords);
    if (s.staged && HopelessAfterHead(s, i, head)) continue;
    int inter = head + PopcntRange(q, s.encodings[i], kHeadWords, kClkWords);
    Report(inter, s.query_count, s.counts[i], s.threshold, s.query_index, s.original[i], hits);
  }
}

// Muła's vpshufb popcount over vectors [from, 4): each nibble's count from
// a 16-entry table, bytes summed with vpsadbw. Byte counters cannot
// overflow: at most 4 vectors x 8 bits.
__attribute__((target("avx2"))) inline int Avx2And(const __m256i* q, const Clk& b, int from) {
  const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2,
                                         2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i* p = reinterpret_cast<const __m256i*>(b.words.data());
  __m256i acc = _mm256_setzero_si256();
  for (int v = from; v < 4; ++v) {
    __m256i x = _mm256_and_si256(q[v], _mm256_load_si256(p + v));
    __m256i lo = _mm256_and_si256(x, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), low);
    acc = _mm256_add_epi8(acc, _mm256_add_epi8(_mm256_shuffle_epi8(table, lo), _mm256_shuffle_epi8(table, hi)));
  }
  __m256i sums = _mm256_sad_epu8(acc, _mm256_setzero_si256());
  __m128i s = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
  return static_cast<int>(_mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1));
}

// Byte-wise popcount of the four 256-bit lanes of q AND c, summed per byte
// (at most 32) and reduced with vpsadbw to four 64-bit partial sums.
__attribute__((target("avx2"))) inline __m256i Avx2PartialSums(const __m256i* q, const Clk& c, __m256i table,
                                                               __m256i low) {
  const __m256i* p = reinterpret_cast<const __m256i*>(c.words.data());
  __m256i acc = _mm256_setzero_si256();
  for (int v = 0; v < 4; ++v) {
    __m256i x = _mm256_and_si256(q[v], _mm256_load_si256(p + v));
    __m256i lo = _mm256_and_si256(x, low);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), low);
    acc = _mm256_add_epi8(acc, _mm256_add_epi8(_mm256_shuffle_epi8(table, lo), _mm256_shuffle_epi8(table, hi)));
  }
  return _mm256_sad_epu8(acc, _mm256_setzero_si256());
}

// Every pair (the pruned AVX2 search is DiceIndex::SearchTiled).
__attribute__((target("avx2,popcnt"))) void ScanAvx2(const Scan& s, std::vector<DiceHit>& hits) {
  const __m256i* qp = reinterpret_cast<const __m256i*>(s.query->words.data());
  __m256i q[4] = {_mm256_load_si256(qp), _mm256_load_si256(qp + 1), _mm256_load_si256(qp + 2),
                  _mm256_load_si256(qp + 3)};
  // Every pair in full: four candidates at a time share one horizontal
  // reduction (their partial sums, at most 256 each, packed into 16-bit
  // fields of one vector), which is what a single pair's count costs most.
  const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2,
                                         2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  size_t i = 0;
  for (; i + 4 <= s.n; i += 4) {
    __m256i packed = Avx2PartialSums(q, s.encodings[i], table, low);
    packed = _mm256_or_si256(packed, _mm256_slli_epi64(Avx2PartialSums(q, s.encodings[i + 1], table, low), 16));
    packed = _mm256_or_si256(packed, _mm256_slli_epi64(Avx2PartialSums(q, s.encodings[i + 2], table, low), 32));
    packed = _mm256_or_si256(packed, _mm256_slli_epi64(Avx2PartialSums(q, s.encodings[i + 3], table, low), 48));
    __m128i half = _mm_add_epi64(_mm256_castsi256_si128(packed), _mm256_extracti128_si256(packed, 1));
    uint64_t four = static_cast<uint64_t>(_mm_cvtsi128_si64(half)) + static_cast<uint64_t>(_mm_extract_epi64(half, 1));
    for (int k = 0; k < 4; ++k) {
      Report(static_cast<int>((four >> (16 * k)) & 0xFFFF), s.query_count, s.counts[i + k], s.threshold,
             s.query_index, s.original[i + k], hits);
    }
  }
  for (; i < s.n; ++i) {
    Report(Avx2And(q, s.encodings[i], 0), s.query_count, s.counts[i], s.threshold, s.query_index, s.original[i], hits);
  }
}

__attribute__((target("avx2"))) int Avx2AndPair(const Clk& a, const Clk& b) {
  const __m256i* ap = reinterpret_cast<const __m256i*>(a.words.data());
  __m256i q[4] = {_mm256_load_si256(ap), _mm256_load_si256(ap + 1), _mm256_load_si256(ap + 2),
                  _mm256_load_si256(ap + 3)};
  return Avx2And(q, b, 0);
}

// Sum of the eight lanes (stored and added: GCC 12's _mm512_reduce_add_epi64
// trips -Wuninitialized in its own header).
__attribute__((target("avx512f,avx512vpopcntdq"))) inline int Sum8(__m512i v) {
  alignas(64) uint64_t lanes[8];
  _mm512_store_si512(lanes, v);
  uint64_t s = 0;
  for (uint64_t x : lanes) s += x;
  return static_cast<int>(s);
}

__attribute__((target("avx512f,avx512vpopcntdq"))) int Avx512AndPair(const Clk& a, const Clk& b) {
  __m512i x = _mm512_popcnt_epi64(_mm512_and_si512(_mm512_load_si512(a.words.data()), _mm512_load_si512(b.words.data())));
  __m512i y = _mm512_popcnt_epi64(
      _mm512_and_si512(_mm512_load_si512(a.words.data() + 8), _mm512_load_si512(b.words.data() + 8)));
  return Sum8(_mm512_add_epi64(x, y));
}

// Every pair (a processor with AVX-512 has AVX2: the pruned search is DiceIndex::SearchTiled).
__attribute__((target("avx512f,avx512vpopcntdq,popcnt"))) void ScanAvx512(const Scan& s, std::vector<DiceHit>& hits) {
  __m512i q0 = _mm512_load_si512(s.query->words.data()), q1 = _mm512_load_si512(s.query->words.data() + 8);
  for (size_t i = 0; i < s.n; ++i) {
    __m512i x = _mm512_popcnt_epi64(_mm512_and_si512(q0, _mm512_load_si512(s.encodings[i].words.data())));
    __m512i y = _mm512_popcnt_epi64(_mm512_and_si512(q1, _mm512_load_si512(s.encodings[i].words.data() + 8)));
    Report(Sum8(_mm512_add_epi64(x, y)), s.query_count, s.counts[i], s.threshold, s.query_index, s.original[i],
           hits);
  }
}

ScanFn ScanFor(PopcountKernel k) {
  switch (k) {
    case PopcountKernel::kAvx512: return ScanAvx512;
    case PopcountKernel::kAvx2: return ScanAvx2;
    case PopcountKernel::kPopcnt: return ScanPopcnt;
    case PopcountKernel::kPortable: return ScanPortable;
  }
  return ScanPortable;
}

// The profile bound on four candidates at once. Cut both encodings into
// 64 blocks of 16 bits; no block can share more bits than the lesser of its
// two counts, so |A∩B| <= sum over blocks of min(a_b, b_b), and since
// 2 min(x, y) = x + y - |x - y|, twice that bound is |A| + |B| - L1, where
// L1 = sum over blocks of |a_b - b_b| is what vpsadbw computes. With the
// block counts of four candidates stored side by side (eight blocks of each
// per 64-bit lane), eight vpsadbw against the query's counts give the four
// distances. On realistic CLKs (a quarter of the bits set) 99.8% of the pairs
// in the popcount window stop here.
//
// The threshold test is Report's own: a pair is a hit when 2 |A∩B| >= t·T in
// doubles (T = |A| + |B|); for an integer m, m >= t·T exactly when
// m >= ceil(t·T), so the bound cannot reach the threshold when
// L1 > T - ceil(t·T) =: Slack(T). The group is tested against one number, the
// largest Slack of any total up to the query's count plus the group's largest
// count, which no lane's own Slack exceeds; a lane that passes is counted in
// full. So a pair is dropped only when its exact count could not reach the
// threshold either.
constexpr int kProfileVectors = 8;  // 8 vectors x 8 blocks of 16 bits

// Blocks [8j, 8j + 8) of `c`, a byte each: words 2j and 2j + 1 in 16-bit blocks.
uint64_t ProfileWord(const Clk& c, int j) {
  uint64_t packed = 0;
  for (int b = 0; b < 8; ++b) {
    const uint64_t word = c.words[2 * j + b / 4];
    packed |= static_cast<uint64_t>(std::popcount((word >> (16 * (b % 4))) & 0xFFFF)) << (8 * b);
  }
  return packed;
}

// slack[T] for T in [0, 2 kClkBits]: the largest L1 distance with which a
// pair of total popcount at most T may still reach the threshold (the
// running maximum of T' - ceil(t·T') over T' <= T, -1 where none may).
std::vector<int64_t> SlackTable(double threshold) {
  std::vector<int64_t> slack(2 * kClkBits + 1);
  int64_t best = -1;
  for (int total = 0; total <= 2 * kClkBits; ++total) {
    best = std::max(best, static_cast<int64_t>(total - std::ceil(threshold * total)));
    slack[total] = best;
  }
  return slack;
}

struct ProfileQuery {
  __m256i blocks[kProfileVectors];
};

__attribute__((target("avx2"))) inline ProfileQuery MakeProfileQuery(const Clk& q) {
  ProfileQuery p;
  for (int j = 0; j < kProfileVectors; ++j) p.blocks[j] = _mm256_set1_epi64x(static_cast<long long>(ProfileWord(q, j)));
  return p;
}

// Per 64-bit lane, the sum of the eight blocks' differences of counts.
__attribute__((target("avx2"))) inline __m256i Distances(__m256i query, const __m256i* group) {
  return _mm256_sad_epu8(query, _mm256_load_si256(group));
}

// Groups [g0, g1) against one query. Writes g * 16 + mask to `kept` for
// each group with a lane whose distance is within the group's slack (rare;
// mask bit k for candidate 4g + k) and returns how many. `slack` is the table
// above offset by the query's count, indexed by the group's largest count.
// No call in the loop, so the query's counts stay in registers.
template <typename Group>
__attribute__((target("avx2"))) inline size_t ScanProfiles(const ProfileQuery& q, const Group* groups,
                                                           const uint16_t* group_max, const int64_t* slack, size_t g0,
                                                           size_t g1, uint32_t* kept) {
  const __m256i q0 = q.blocks[0], q1 = q.blocks[1], q2 = q.blocks[2], q3 = q.blocks[3];
  const __m256i q4 = q.blocks[4], q5 = q.blocks[5], q6 = q.blocks[6], q7 = q.blocks[7];
  size_t n = 0;
  for (size_t g = g0; g < g1; ++g) {
    const auto* v = reinterpret_cast<const __m256i*>(groups[g].blocks);
    // Four 64-bit distances (at most 1,024), summed as a tree.
    __m256i d01 = _mm256_add_epi64(Distances(q0, v), Distances(q1, v + 1));
    __m256i d23 = _mm256_add_epi64(Distances(q2, v + 2), Distances(q3, v + 3));
    __m256i d45 = _mm256_add_epi64(Distances(q4, v + 4), Distances(q5, v + 5));
    __m256i d67 = _mm256_add_epi64(Distances(q6, v + 6), Distances(q7, v + 7));
    __m256i dist = _mm256_add_epi64(_mm256_add_epi64(d01, d23), _mm256_add_epi64(d45, d67));
    __m256i over = _mm256_cmpgt_epi64(dist, _mm256_set1_epi64x(slack[group_max[g]]));
    const uint32_t mask = ~static_cast<uint32_t>(_mm256_movemask_pd(_mm256_castsi256_pd(over))) & 0xF;
    kept[n] = static_cast<uint32_t>(g) << 4 | mask;
    n += mask != 0;
  }
  return n;
}

int HeadCount(const Clk& c) {
  int n = 0;
  for (int w = 0; w < kHeadWords; ++w) n += std::popcount(c.words[w]);
  return n;
}

}  // namespace

int Clk::Popcount() const {
  int c = 0;
  for (uint64_t w : words) c += std::popcount(w);
  return c;
}

const char* ToString(PopcountKernel k) {
  switch (k) {
    case PopcountKernel::kPortable: return "portable";
    case PopcountKernel::kPopcnt: return "popcnt";
    case PopcountKernel::kAvx2: return "avx2";
    case PopcountKernel::kAvx512: return "avx512-vpopcntdq";
  }
  return "portable";
}

PopcountKernel BestKernel() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) return PopcountKernel::kAvx512;
  if (__builtin_cpu_supports("avx2")) return PopcountKernel::kAvx2;
  if (__builtin_cpu_supports("popcnt")) return PopcountKernel::kPopcnt;
  return PopcountKernel::kPortable;
}

int IntersectionCount(const Clk& a, const Clk& b, PopcountKernel kernel) {
  switch (kernel) {
    case PopcountKernel::kAvx512: return Avx512AndPair(a, b);
    case PopcountKernel::kAvx2: return Avx2AndPair(a, b);
    case PopcountKernel::kPopcnt: return PopcntAnd(a, b);
    case PopcountKernel::kPortable: return PortableAnd(a, b);
  }
  return PortableAnd(a, b);
}

double Dice(const Clk& a, const Clk& b) {
  int total = a.Popcount() + b.Popcount();
  return total == 0 ? 0.0 : 2.0 * PortableAnd(a, b) / total;
}

DiceIndex::DiceIndex(const std::vector<Clk>& encodings) : DiceIndex(encodings, BestKernel()) {}

DiceIndex::DiceIndex(const std::vector<Clk>& encodings, PopcountKernel kernel)
    : kernel_(kernel),
      profiles_(kernel == PopcountKernel::kAvx2 ||
                (kernel == PopcountKernel::kAvx512 && __builtin_cpu_supports("avx2"))) {
  std::vector<std::pair<uint16_t, uint32_t>> order;
  order.reserve(encodings.size());
  for (uint32_t i = 0; i < encodings.size(); ++i) order.emplace_back(encodings[i].Popcount(), i);
  std::sort(order.begin(), order.end());
  encodings_.reserve(order.size());
  for (const auto& [count, i] : order) {
    encodings_.push_back(encodings[i]);
    counts_.push_back(count);
    heads_.push_back(static_cast<uint16_t>(HeadCount(encodings[i])));
    original_.push_back(i);
  }
  groups_.resize((encodings_.size() + 3) / 4);
  group_max_.resize(groups_.size());
  for (size_t i = 0; i < encodings_.size(); ++i) {
    for (int j = 0; j < kProfileVectors; ++j) groups_[i / 4].blocks[j][i % 4] = ProfileWord(encodings_[i], j);
    group_max_[i / 4] = counts_[i];  // sorted: the group's last is its largest
  }
  for (int c = 0; c <= kClkBits + 1; ++c) {
    first_with_count_[c] = static_cast<uint32_t>(
        std::lower_bound(counts_.begin(), counts_.end(), static_cast<uint16_t>(std::min(c, 0xFFFF))) -
        counts_.begin());
  }
}

DiceIndex::Window DiceIndex::WindowOf(const Clk& query, double threshold, bool prune) const {
  Window w;
  w.count = query.Popcount();
  w.hi = encodings_.size();
  if (prune && threshold > 0) {
    // Dice <= 2 min(p, c) / (p + c): c must lie in [p t / (2 - t), p (2 - t) / t].
    int min_c = static_cast<int>(std::ceil(w.count * threshold / (2 - threshold) - 1e-9));
    int max_c = static_cast<int>(std::floor(w.count * (2 - threshold) / threshold + 1e-9));
    w.lo = first_with_count_[std::clamp(min_c, 0, kClkBits + 1)];
    w.hi = first_with_count_[std::clamp(max_c + 1, 0, kClkBits + 1)];
  }
  return w;
}

void DiceIndex::Search(const Clk& query, uint32_t query_index, double threshold, std::vector<DiceHit>& hits,
                       DiceStats& stats, bool prune) const {
  if (profiles_ && prune && threshold > 0) {
    SearchTiled(&query, 1, query_index, threshold, hits, stats);
    return;
  }
  const Window window = WindowOf(query, threshold, prune);
  const int qc = window.count;
  const size_t lo = window.lo, hi = window.hi;
  stats.pairs_considered += encodings_.size();
  if (lo >= hi) return;
  stats.pairs_computed += hi - lo;
  // The least intersection that reaches the threshold, per candidate popcount
  // in the window (Report's own test, so that no pair is decided differently).
  std::array<uint16_t, kClkBits + 1> need;
  for (size_t c = counts_[lo]; c <= counts_[hi - 1]; ++c) {
    int k = static_cast<int>(std::max(0.0, std::floor(threshold * (qc + static_cast<int>(c)) / 2.0) - 1));
    while (k <= kClkBits && !(2.0 * k >= threshold * (qc + static_cast<int>(c)))) ++k;
    need[c] = static_cast<uint16_t>(std::min(k, kClkBits + 1));
  }
  Scan scan{&query,
            qc,
            HeadCount(query),
            encodings_.data() + lo,
            counts_.data() + lo,
            heads_.data() + lo,
            hi - lo,
            threshold,
            query_index,
            original_.data() + lo,
            prune && threshold > 0,
            need.data()};
  ScanFor(kernel_)(scan, hits);
}

__attribute__((target("avx2,popcnt"))) void DiceIndex::SearchTiled(const Clk* queries, size_t count,
                                                                   uint32_t first_index, double threshold,
                                                                   std::vector<DiceHit>& hits,
                                                                   DiceStats& stats) const {
  // A tile of queries runs over one chunk of candidates (its groups take
  // kChunk * 64 bytes, 32 KiB, about the first-level cache) before the next.
  constexpr size_t kTile = 64, kChunk = 512;
  const std::vector<int64_t> slack = SlackTable(threshold);
  ProfileQuery profile_queries[kTile];
  Window windows[kTile];
  uint32_t kept[kChunk / 4 + 2];
  // Pairs that pass the bound (tile position, candidate), counted in full
  // after the tile's run over the chunk, so that their encodings, fetched
  // ahead, have arrived.
  std::vector<std::pair<uint32_t, uint32_t>> pending;
  for (size_t q0 = 0; q0 < count; q0 += kTile) {
    const size_t tile = std::min(kTile, count - q0);
    size_t first = encodings_.size(), last = 0;
    for (size_t k = 0; k < tile; ++k) {
      const Clk& q = queries[q0 + k];
      windows[k] = WindowOf(q, threshold, true);
      profile_queries[k] = MakeProfileQuery(q);
      stats.pairs_considered += encodings_.size();
      if (windows[k].lo < windows[k].hi) {
        stats.pairs_computed += windows[k].hi - windows[k].lo;
        first = std::min(first, windows[k].lo);
        last = std::max(last, windows[k].hi);
      }
    }
    for (size_t c0 = first & ~size_t{3}; c0 < last; c0 += kChunk) {
      const size_t c1 = std::min(last, c0 + kChunk);
      pending.clear();
      for (size_t k = 0; k < tile; ++k) {
        const size_t lo = std::max(windows[k].lo, c0), hi = std::min(windows[k].hi, c1);
        if (lo >= hi) continue;
        const size_t n = ScanProfiles(profile_queries[k], groups_.data(), group_max_.data(),
                                      slack.data() + windows[k].count, lo / 4, (hi - 1) / 4 + 1, kept);
        for (size_t j = 0; j < n; ++j) {
          for (uint32_t lane = 0; lane < 4; ++lane) {
            const size_t i = 4 * size_t{kept[j] >> 4} + lane;
            if (!(kept[j] >> lane & 1) || i < lo || i >= hi) continue;
            _mm_prefetch(reinterpret_cast<const char*>(&encodings_[i]), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char*>(&encodings_[i]) + 64, _MM_HINT_T0);
            pending.emplace_back(static_cast<uint32_t>(k), static_cast<uint32_t>(i));
          }
        }
      }
      for (const auto& [k, i] : pending) {
        Report(PopcntRange(queries[q0 + k], encodings_[i], 0, kClkWords), windows[k].count, counts_[i], threshold,
               first_index + static_cast<uint32_t>(q0 + k), original_[i], hits);
      }
    }
  }
}

std::vector<DiceHit> DiceIndex::SearchAll(const std::vector<Clk>& queries, double threshold, int threads,
                                          DiceStats& stats, bool prune) const {
  threads = std::max(1, std::min<int>(threads, static_cast<int>(queries.size() / 64 + 1)));
  std::vector<std::vector<DiceHit>> parts(threads);
  std::vector<DiceStats> part_stats(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      size_t lo = queries.size() * t / threads, hi = queries.size() * (t + 1) / threads;
      if (profiles_ && prune && threshold > 0) {
        SearchTiled(queries.data() + lo, hi - lo, static_cast<uint32_t>(lo), threshold, parts[t], part_stats[t]);
        return;
      }
      for (size_t q = lo; q < hi; ++q) {
        Search(queries[q], static_cast<uint32_t>(q), threshold, parts[t], part_stats[t], prune);
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<DiceHit> hits;
  for (int t = 0; t < threads; ++t) {
    hits.insert(hits.end(), parts[t].begin(), parts[t].end());
    stats.pairs_considered += part_stats[t].pairs_considered;
    stats.pairs_computed += part_stats[t].pairs_computed;
  }
  std::sort(hits.begin(), hits.end(), [](const DiceHit& a, const DiceHit& b) {
    return a.query != b.query ? a.query < b.query : a.candidate < b.candidate;
  });
  return hits;
}

}  // namespace disrupt::deconflict
