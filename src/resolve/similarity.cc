// String similarity measures; see similarity.h.
#include "resolve/similarity.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace disrupt::resolve {

namespace {

// Jaro on strings of at most 64 bytes with bit masks: positions of each
// byte value in b, and matched positions of a and b. The same matching as
// the general version (each character of a takes the first unmatched equal
// character of b within the window), so the same result.
double JaroShort(std::string_view a, std::string_view b) {
  // a is the shorter; b.size() <= 64.
  uint64_t positions[256];
  for (unsigned char c : b) positions[c] = 0;
  for (unsigned char c : a) positions[c] = 0;
  for (size_t j = 0; j < b.size(); ++j) positions[static_cast<unsigned char>(b[j])] |= uint64_t{1} << j;
  const int window = std::max(0, static_cast<int>(b.size()) / 2 - 1);
  uint64_t a_flags = 0, b_flags = 0;
  int matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t lo = i > static_cast<size_t>(window) ? i - window : 0;
    size_t hi = std::min(b.size(), i + window + 1);
    if (lo >= hi) continue;
    uint64_t in_window = (hi - lo == 64 ? ~uint64_t{0} : ((uint64_t{1} << (hi - lo)) - 1)) << lo;
    uint64_t candidates = positions[static_cast<unsigned char>(a[i])] & ~b_flags & in_window;
    if (!candidates) continue;
    b_flags |= candidates & (~candidates + 1);  // the lowest
    a_flags |= uint64_t{1} << i;
    ++matches;
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  while (a_flags) {
    int i = __builtin_ctzll(a_flags), j = __builtin_ctzll(b_flags);
    if (a[i] != b[j]) ++transpositions;
    a_flags &= a_flags - 1;
    b_flags &= b_flags - 1;
  }
  double m = matches;
  return (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3.0;
}

}  // namespace

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() <= 64) return JaroShort(a, b);
  const int window = std::max(0, static_cast<int>(b.size()) / 2 - 1);
  std::vector<bool> a_flag(a.size(), false), b_flag(b.size(), false);
  int matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t lo = i > static_cast<size_t>(window) ? i - window : 0;
    size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (b_flag[j] || a[i] != b[j]) continue;
      a_flag[i] = b_flag[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  size_t j = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a_flag[i]) continue;
    while (!b_flag[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  double m = matches;
  return (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  double j = Jaro(a, b);
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return j + prefix * 0.1 * (1.0 - j);
}

int BoundedLevenshtein(std::string_view a, std::string_view b, int limit) {
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) return limit + 1;
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], limit + 1);
}

bool IsAdjacentTransposition(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a == b) return false;
  size_t i = 0;
  while (a[i] == b[i]) ++i;
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace disrupt::resolve
