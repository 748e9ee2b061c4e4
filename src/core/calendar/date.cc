#include "core/calendar/date.h"

#include <cstdio>

namespace tsunagu::core::calendar {
namespace {

constexpr std::string_view kWeekdayJa[kWeekdayCount] = {"日", "月", "火", "水", "木", "金", "土"};
constexpr std::string_view kWeekdayEn[kWeekdayCount] = {"sun", "mon", "tue", "wed",
                                                        "thu", "fri", "sat"};

// The value of text[pos, pos + n) as ASCII digits, or -1.
int Digits(std::string_view text, std::size_t pos, std::size_t n) {
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

static_assert(WeekdayOf(Date{1970, 1, 1}) == Weekday::kThursday);
static_assert(WeekdayOf(Date{1969, 12, 28}) == Weekday::kSunday);
static_assert(WeekdayOf(Date{2018, 12, 24}) == Weekday::kMonday);
static_assert(DateFromDays(DaysSinceEpoch(Date{1900, 3, 1})) == Date{1900, 3, 1});
static_assert(AddDays(Date{2018, 12, 31}, 1) == Date{2019, 1, 1});
static_assert(AddDays(Date{2020, 3, 1}, -1) == Date{2020, 2, 29});

}  // namespace

std::string_view WeekdayNameJa(Weekday weekday) {
  return kWeekdayJa[static_cast<int>(weekday) % kWeekdayCount];
}

std::string_view WeekdayNameEn(Weekday weekday) {
  return kWeekdayEn[static_cast<int>(weekday) % kWeekdayCount];
}

Date NthWeekdayOfMonth(int year, int month, Weekday weekday, int n) {
  const Date first{year, month, 1};
  const int offset = (static_cast<int>(weekday) - static_cast<int>(WeekdayOf(first)) + 7) % 7;
  return Date{year, month, 1 + offset + 7 * (n - 1)};
}

std::string FormatDate(Date date) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const Date date{Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2)};
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

std::optional<TimeMs> ParseIsoMoment(std::string_view text) {
  if (text.size() < 17 || text[10] != 'T' || text[13] != ':') return std::nullopt;
  const std::optional<Date> date = ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  auto two = [&](std::size_t at) -> int {
    if (at + 2 > text.size()) return -1;
    return Digits(text, at, 2);
  };
  const int hour = two(11);
  const int minute = two(14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  std::size_t at = 16;
  int second = 0;
  TimeMs millis = 0;
  if (at < text.size() && text[at] == ':') {
    second = two(at + 1);
    if (second < 0 || second > 59) return std::nullopt;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      ++at;
      int digits = 0;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9' && digits < 3) {
        millis = millis * 10 + (text[at] - '0');
        ++at;
        ++digits;
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) millis *= 10;
    }
  }
  TimeMs offset_ms = 0;
  if (at < text.size() && text[at] == 'Z') {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at] == '-' ? -1 : 1;
    const int oh = two(at + 1);
    if (oh < 0 || oh > 23 || at + 3 >= text.size() || text[at + 3] != ':') return std::nullopt;
    const int om = two(at + 4);
    if (om < 0 || om > 59) return std::nullopt;
    offset_ms = sign * (static_cast<TimeMs>(oh) * 60 + om) * kMsPerMinute;
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  return DaysSinceEpoch(*date) * kMsPerDay +
         (static_cast<TimeMs>(hour) * 60 + minute) * kMsPerMinute + second * 1000LL + millis -
         offset_ms;
}

TokyoTime ToTokyoTime(TimeMs t) {
  // Divide first, then add the offset to the remainder, so that no sum can overflow.
  std::int64_t days = t / kMsPerDay;
  TimeMs rest = t % kMsPerDay;
  if (rest < 0) {
    rest += kMsPerDay;
    --days;
  }
  rest += kTokyoUtcOffsetMs;
  if (rest >= kMsPerDay) {
    rest -= kMsPerDay;
    ++days;
  }
  TokyoTime out;
  out.date = DateFromDays(days);
  out.minute_of_day = static_cast<int>(rest / kMsPerMinute);
  out.ms_of_minute = rest % kMsPerMinute;
  return out;
}

}  // namespace tsunagu::core::calendar
