// Dates of birth; see dob.h.
#include "resolve/dob.h"

#include <array>
#include <cstdlib>
#include <string>

#include "core/text.h"

namespace disrupt::resolve {

namespace {

Result<PartialDate> Make(long long y, long long m, long long d) {
  if (y < 1800 || y > 2200 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0) ||
      (d != 0 && d > DaysInMonth(static_cast<int>(y), static_cast<int>(m)))) {
    return Status::InvalidArgument("not a possible date of birth", "dob");
  }
  return PartialDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

std::array<char, 8> Digits8(const PartialDate& d) {
  std::array<char, 8> out;
  int v[3] = {d.year, d.month, d.day}, width[3] = {4, 2, 2}, pos = 0;
  for (int f = 0; f < 3; ++f) {
    for (int k = width[f] - 1; k >= 0; --k) {
      out[pos + k] = static_cast<char>('0' + v[f] % 10);
      v[f] /= 10;
    }
    pos += width[f];
  }
  return out;
}

}  // namespace

Result<PartialDate> ParseDob(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (s.empty()) return PartialDate{};
  if (s.size() > 10 && s[10] == 'T') s = s.substr(0, 10);  // ISO timestamp
  std::string digits;
  char sep = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') digits.push_back(c);
    else if (c == '-' || c == '/' || c == '.' || c == ' ') sep = sep ? sep : c;
    else return Status::InvalidArgument("not a date of birth", "dob");
  }
  if (!sep) {
    long long v = 0;
    if (!ParseInt64(digits, v)) return Status::InvalidArgument("not a date of birth", "dob");
    if (digits.size() == 4) return Make(v, 0, 0);
    if (digits.size() == 6) return Make(v / 100, v % 100, 0);
    if (digits.size() == 8) return Make(v / 10000, v / 100 % 100, v % 100);
    return Status::InvalidArgument("not a date of birth", "dob");
  }
  auto parts = SplitTrimmed(s, sep);
  std::vector<long long> v;
  for (const auto& p : parts) {
    long long x = 0;
    if (!ParseInt64(p, x)) return Status::InvalidArgument("not a date of birth", "dob");
    v.push_back(x);
  }
  if (parts.empty() || parts.size() > 3) return Status::InvalidArgument("not a date of birth", "dob");
  if (parts[0].size() == 4) {  // year first
    return Make(v[0], v.size() > 1 ? v[1] : 0, v.size() > 2 ? v[2] : 0);
  }
  if (parts.back().size() == 4) {  // day first, as written in the region
    if (v.size() == 3) {
      if (v[1] > 12 && v[0] <= 12) return Make(v[2], v[0], v[1]);  // month first, unambiguous
      return Make(v[2], v[1], v[0]);
    }
    if (v.size() == 2) return Make(v[1], v[0], 0);
  }
  return Status::InvalidArgument("not a date of birth", "dob");
}

DobAgreement CompareDob(const PartialDate& a, const PartialDate& b) {
  if (a.empty() || b.empty()) return DobAgreement::kMissing;
  if (a.complete() && b.complete()) {
    if (a == b) return DobAgreement::kExact;
    if (a.year == b.year && a.month == b.day && a.day == b.month) return DobAgreement::kSwapped;
    // One digit mistyped or two adjacent digits swapped, on YYYYMMDD.
    std::array<char, 8> da = Digits8(a), db = Digits8(b);
    int differ = 0, first = -1;
    for (int i = 0; i < 8; ++i) {
      if (da[i] != db[i] && differ++ == 0) first = i;
    }
    if (differ == 1) return DobAgreement::kClose;
    if (differ == 2 && first < 7 && da[first] == db[first + 1] && da[first + 1] == db[first]) return DobAgreement::kClose;
  } else if (a.year == b.year && (a.month == 0 || b.month == 0 || a.month == b.month)) {
    return DobAgreement::kPartial;
  }
  if (a.year == b.year) return DobAgreement::kSameYear;
  if (std::abs(a.year - b.year) == 1) return DobAgreement::kNearYear;
  return DobAgreement::kDifferent;
}

}  // namespace disrupt::resolve
