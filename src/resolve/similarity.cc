// String similarity measures; see similarity.h.
#include "resolve/similarity.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

namespace disrupt::resolve {

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  if (a.size() > b.size()) std::swap(a, b);
  const int window = std::max(0, static_cast<int>(b.size()) / 2 - 1);
  // Names are short: flags on the stack when they fit.
  std::array<bool, 64> a_small{}, b_small{};
  std::vector<bool> a_big, b_big;
  bool small = b.size() <= 64;
  if (!small) {
    a_big.assign(a.size(), false);
    b_big.assign(b.size(), false);
  }
  auto a_flag = [&](size_t i) -> bool { return small ? a_small[i] : a_big[i]; };
  auto b_flag = [&](size_t i) -> bool { return small ? b_small[i] : b_big[i]; };
  auto set_a = [&](size_t i) { small ? void(a_small[i] = true) : void(a_big[i] = true); };
  auto set_b = [&](size_t i) { small ? void(b_small[i] = true) : void(b_big[i] = true); };
  int matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t lo = i > static_cast<size_t>(window) ? i - window : 0;
    size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (b_flag(j) || a[i] != b[j]) continue;
      set_a(i);
      set_b(j);
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  size_t j = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a_flag(i)) continue;
    while (!b_flag(j)) ++j;
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
