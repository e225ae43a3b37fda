// The generator's pseudo-random numbers: xoshiro256** seeded through
// splitmix64 (Blackman and Vigna, "Scrambled linear pseudorandom number
// generators", 2021).
//
// Every unit of generated work (the shared preamble, each network) draws from
// its own stream, derived from the run's seed and the unit's number, so that
// units can be generated in any order on any number of threads and the output
// stays byte-identical for a seed. The sequence for a seed is part of the
// generator's contract: changing how a stream is derived or consumed changes
// every data set generated before, so do it only on purpose.
//
// Not thread-safe: one Rng per thread of work. All operations are O(1).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace disrupt::generate {

// One step of splitmix64: advances `state` and returns a well-mixed value.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (auto& word : state_) word = SplitMix64(s);
  }

  // The stream for unit `unit` (and an optional sub-stream) of a run seeded with `seed`.
  static Rng Stream(uint64_t seed, uint64_t unit, uint64_t sub = 0) {
    uint64_t s = seed;
    uint64_t a = SplitMix64(s);
    s = a ^ (unit * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
    uint64_t b = SplitMix64(s);
    s = b ^ (sub * 0xaf251af3b0f025b5ULL + 0x9e3779b97f4a7c15ULL);
    return Rng(SplitMix64(s));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n); 0 when n == 0. Lemire's multiply-shift with rejection.
  uint64_t Below(uint64_t n) {
    if (n == 0) return 0;
    __uint128_t m = static_cast<__uint128_t>(Next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<__uint128_t>(Next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform integer in [lo, hi] (inclusive); lo when hi < lo.
  int Range(int lo, int hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  bool Chance(double p) { return Unit() < p; }

  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

  // Index drawn with probability proportional to `weights` (which must not all be 0).
  size_t Weighted(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Unit() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

}  // namespace disrupt::generate
