// Dates as analysts record them: often partial (a year, or a year and month),
// sometimes with day and month swapped. PartialDate keeps what is known.
// Date intervals use PartialDate bounds; an unset bound is open.
//
// Serialised as ISO 8601 prefixes: "1985", "1985-03", "1985-03-14".
// Comparison treats a partial date as the earliest day it can mean when it
// starts an interval and the latest when it ends one (see Covers).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace disrupt {

struct PartialDate {
  int year = 0;   // 0 = unset (the whole date is unknown)
  int month = 0;  // 0 = unknown
  int day = 0;    // 0 = unknown

  bool empty() const { return year == 0; }
  bool complete() const { return year != 0 && month != 0 && day != 0; }
  // Days since 1970-01-01 of the earliest / latest day this date can mean.
  long long EarliestDay() const;
  long long LatestDay() const;

  std::string ToString() const;  // "" when empty
  // Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", and a leading date part of an
  // ISO 8601 timestamp ("YYYY-MM-DDThh:mm:ssZ"). Refuses impossible dates.
  static Result<PartialDate> Parse(std::string_view text);
  static PartialDate Today();

  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

// Days since the epoch for a civil date (proleptic Gregorian).
long long DaysFromCivil(int y, unsigned m, unsigned d);
int DaysInMonth(int year, int month);

// A validity interval [from, to]; an empty bound is open.
struct Interval {
  PartialDate from;
  PartialDate to;
  // True when the interval may include `day` (days since epoch).
  bool Covers(long long day) const;
  bool Covers(const PartialDate& date) const;
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Seconds since the epoch, now (wall clock).
long long UnixNow();
// "2026-11-29T16:53:14Z" for a Unix time.
std::string FormatTimestamp(long long unix_seconds);

}  // namespace disrupt
