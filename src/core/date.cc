// Partial dates and intervals; see date.h.
#include "core/date.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/text.h"

namespace disrupt {

long long DaysFromCivil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil algorithm.
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

long long PartialDate::EarliestDay() const {
  return DaysFromCivil(year, month ? month : 1, day ? day : 1);
}

long long PartialDate::LatestDay() const {
  int m = month ? month : 12;
  int d = day ? day : DaysInMonth(year, m);
  return DaysFromCivil(year, m, d);
}

std::string PartialDate::ToString() const {
  if (empty()) return {};
  char buf[16];
  if (month == 0) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<PartialDate> PartialDate::Parse(std::string_view text) {
  std::string_view s = Trim(text);
  auto bad = [&] { return Status::InvalidArgument("not a date (want YYYY, YYYY-MM or YYYY-MM-DD): '" + std::string(s) + "'"); };
  if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) s = s.substr(0, 10);
  PartialDate d;
  long long v;
  if (s.size() < 4 || !ParseInt64(s.substr(0, 4), v) || v < 1 || v > 9999) return bad();
  d.year = static_cast<int>(v);
  if (s.size() == 4) return d;
  if (s.size() < 7 || s[4] != '-' || !ParseInt64(s.substr(5, 2), v) || v < 1 || v > 12) return bad();
  d.month = static_cast<int>(v);
  if (s.size() == 7) return d;
  if (s.size() != 10 || s[7] != '-' || !ParseInt64(s.substr(8, 2), v) || v < 1 || v > DaysInMonth(d.year, d.month)) {
    return bad();
  }
  d.day = static_cast<int>(v);
  return d;
}

PartialDate PartialDate::Today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return PartialDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

bool Interval::Covers(long long day) const {
  if (!from.empty() && day < from.EarliestDay()) return false;
  if (!to.empty() && day > to.LatestDay()) return false;
  return true;
}

bool Interval::Covers(const PartialDate& date) const {
  if (date.empty()) return true;
  return Covers(date.EarliestDay()) || Covers(date.LatestDay());
}

long long UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string FormatTimestamp(long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace disrupt
