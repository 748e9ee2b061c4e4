// Calendar dates and Japan time. Japan has had no daylight saving time since 1951, so Asia/Tokyo
// is UTC+9 all year and a date in Japan is a fixed 24-hour span of core::TimeMs. Pure; the date
// arithmetic is the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace tsunagu::core::calendar {

// The years the calendar code accepts in input (dates in config strings and in the holiday CSV)
// and answers for. Wide enough for any program; narrow enough that TimeMs never overflows.
inline constexpr int kDateYearMin = 1900;
inline constexpr int kDateYearMax = 2999;

inline constexpr TimeMs kMsPerMinute = 60'000;
inline constexpr TimeMs kMsPerDay = 86'400'000;
inline constexpr int kMinutesPerDay = 1440;
inline constexpr TimeMs kTokyoUtcOffsetMs = 9 * 3'600'000;  // JST = UTC+9, no DST since 1951

// Numbered like tm_wday.
enum class Weekday : std::uint8_t {
  kSunday,
  kMonday,
  kTuesday,
  kWednesday,
  kThursday,
  kFriday,
  kSaturday,
};
inline constexpr int kWeekdayCount = 7;

std::string_view WeekdayNameJa(Weekday weekday);  // "日", "月", ... "土"
std::string_view WeekdayNameEn(Weekday weekday);  // "sun", "mon", ... "sat"

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth
  // Members compare in order, so this is chronological order.
  friend constexpr auto operator<=>(const Date&, const Date&) = default;
};

constexpr bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// 0 for a month outside 1..12.
constexpr int DaysInMonth(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// A real date with its year in kDateYearMin..kDateYearMax.
constexpr bool IsValidDate(Date date) {
  return date.year >= kDateYearMin && date.year <= kDateYearMax && date.day >= 1 &&
         date.day <= DaysInMonth(date.year, date.month);
}

// Days since 1970-01-01 (negative before). Any month/day in range, any int year.
constexpr std::int64_t DaysSinceEpoch(Date date) {
  const std::int64_t y = static_cast<std::int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (date.month + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The inverse of DaysSinceEpoch, for |days| up to about 7e11 (the year must fit in an int).
constexpr Date DateFromDays(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return Date{static_cast<int>(year), month, day};
}

constexpr Date AddDays(Date date, std::int64_t days) {
  return DateFromDays(DaysSinceEpoch(date) + days);
}

// to - from, in days.
constexpr std::int64_t DaysBetween(Date from, Date to) {
  return DaysSinceEpoch(to) - DaysSinceEpoch(from);
}

constexpr Weekday WeekdayOf(Date date) {
  const std::int64_t days = DaysSinceEpoch(date);  // 1970-01-01 was a Thursday (4)
  return static_cast<Weekday>(((days + 4) % 7 + 7) % 7);
}

// The n-th (1-based) given weekday of a month: NthWeekdayOfMonth(2000, 1, kMonday, 2) is the
// second Monday of January 2000 (Happy Monday holidays).
Date NthWeekdayOfMonth(int year, int month, Weekday weekday, int n);

// "2018-12-01". Years outside 0..9999 print with their sign and digits as they are.
std::string FormatDate(Date date);

// Strict "YYYY-MM-DD" (zero-padded, ASCII digits); nullopt unless IsValidDate.
std::optional<Date> ParseDate(std::string_view text);

// A moment as a date and a minute of that day (0..1439) in Japan.
struct TokyoTime {
  Date date;
  int minute_of_day = 0;
  TimeMs ms_of_minute = 0;  // 0..59'999 into that minute
};

// Any TimeMs, INT64_MIN and INT64_MAX included, without overflow.
TokyoTime ToTokyoTime(TimeMs t);

// The moment `minute_of_day` minutes after 00:00 of date in Japan. minute_of_day may be 1440 or
// more (a shift that ends after midnight). The date's year should be in a sane range
// (kDateYearMin - 1 .. kDateYearMax + 1 is safe).
constexpr TimeMs TokyoTimeMs(Date date, int minute_of_day) {
  return DaysSinceEpoch(date) * kMsPerDay - kTokyoUtcOffsetMs +
         static_cast<TimeMs>(minute_of_day) * kMsPerMinute;
}

// An ISO 8601 moment with a date, a time and an offset: "2018-12-04T16:30:00+09:00",
// "2026-11-26T07:45:00.123Z", "2018-12-04T16:30+09:00". Seconds and milliseconds (1-3 digits)
// are optional, the offset is not (Z or +HH:MM / -HH:MM). Strict: nullopt for anything else.
std::optional<TimeMs> ParseIsoMoment(std::string_view text);

// The moments the calendar answers for: from 00:00 of kDateYearMin-01-01 to the end of
// kDateYearMax-12-31, in Japan.
inline constexpr TimeMs kCalendarTimeMsMin = TokyoTimeMs(Date{kDateYearMin, 1, 1}, 0);
inline constexpr TimeMs kCalendarTimeMsEnd = TokyoTimeMs(Date{kDateYearMax + 1, 1, 1}, 0);

}  // namespace tsunagu::core::calendar
