// libFuzzer target for opening hours: core::calendar::ParseHoursSpec over fuzzed config strings,
// then StatusAt and MonthTable on whatever it accepts.
//
// Input layout: one item per line. "period=", "closure=", "year_end=", "day_off=", "intake="
// (a number) and "holidays=off" set those fields; "at=" (a number of minutes from 2018-11-25
// 00:00 in Japan) adds a moment to check; any other line is a shift ("火-金 16:00-20:00").
//
// Beyond "no crash": errors name their field and say something; for an accepted spec, at each
// moment the status is consistent (open exactly when the reason is kOpen, the shift's end and
// the next closing after the moment, intake only while open), next_open and next_close are
// moments where the state really changes, and a month table has every day with shifts only on
// open days.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/date.h"
#include "core/calendar/hours.h"
#include "core/calendar/hours_spec.h"

namespace {

using namespace tsunagu::core::calendar;
using tsunagu::core::TimeMs;

std::optional<long long> Number(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

void CheckStatus(const OpeningHours& hours, TimeMs t) {
  const HoursStatus s = hours.StatusAt(t);
  if (s.open != (s.reason == ClosedReason::kOpen)) __builtin_trap();
  if (s.intake_open && !s.open) __builtin_trap();
  if (s.open) {
    if (!s.shift_end || *s.shift_end <= t) __builtin_trap();
    if (s.next_close && *s.next_close < *s.shift_end) __builtin_trap();
    if (s.intake_closes && s.intake_open != (t < *s.intake_closes)) __builtin_trap();
    if (s.next_open && (!s.next_close || *s.next_open <= *s.next_close)) __builtin_trap();
  } else {
    if (s.shift_end || s.intake_closes) __builtin_trap();
    if (s.next_close && (!s.next_open || *s.next_close <= *s.next_open)) __builtin_trap();
  }
  if (s.next_open) {
    if (*s.next_open <= t) __builtin_trap();
    if (!hours.StatusAt(*s.next_open).open || hours.StatusAt(*s.next_open - 1).open) {
      __builtin_trap();
    }
  }
  if (s.next_close) {
    if (*s.next_close <= t) __builtin_trap();
    if (hours.StatusAt(*s.next_close).open || !hours.StatusAt(*s.next_close - 1).open) {
      __builtin_trap();
    }
  }
}

void CheckMonth(const OpeningHours& hours, int year, int month) {
  const std::vector<DayHours> days = hours.MonthTable(year, month);
  if (days.size() != static_cast<std::size_t>(DaysInMonth(year, month))) __builtin_trap();
  for (std::size_t i = 0; i < days.size(); ++i) {
    const DayHours& day = days[i];
    if (day.date != Date{year, month, static_cast<int>(i) + 1}) __builtin_trap();
    if ((day.reason == ClosedReason::kOpen) == day.intervals.empty()) __builtin_trap();
    for (const OpenInterval& interval : day.intervals) {
      if (interval.end_ms <= interval.start_ms) __builtin_trap();
      if (!hours.StatusAt(interval.start_ms).open) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  HoursSpec spec;
  spec.year_end = "12-29..01-03";
  const TimeMs base = TokyoTimeMs(Date{2018, 11, 25}, 0);
  std::vector<TimeMs> moments = {
      base, base + 7 * kMsPerDay + 17 * 3'600'000LL, TokyoTimeMs(Date{2018, 12, 23}, 60),
      TokyoTimeMs(Date{2018, 12, 28}, 20 * 60), TokyoTimeMs(Date{2019, 12, 29}, 90)};
  while (!input.empty()) {
    const std::size_t end = input.find('\n');
    const std::string_view line = input.substr(0, end);
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    auto value = [&](std::string_view key) -> std::optional<std::string> {
      if (!line.starts_with(key)) return std::nullopt;
      return std::string(line.substr(key.size()));
    };
    if (auto v = value("period=")) {
      spec.period = *v;
    } else if (auto v = value("closure=")) {
      spec.closures.push_back(*v);
    } else if (auto v = value("year_end=")) {
      spec.year_end = *v;
    } else if (auto v = value("day_off=")) {
      spec.local_days_off.push_back(*v);
    } else if (auto v = value("intake=")) {
      spec.intake_closes_minutes_before = static_cast<int>(Number(*v).value_or(-1));
    } else if (value("holidays=off")) {
      spec.closed_on_holidays = false;
    } else if (auto v = value("at=")) {
      if (auto minutes = Number(*v)) moments.push_back(base + *minutes * kMsPerMinute);
    } else {
      spec.shifts.emplace_back(line);
    }
  }

  const auto config = ParseHoursSpec(spec);
  if (!config) {
    for (const HoursSpecError& e : config.error()) {
      if (e.field.empty() || !std::string_view(e.message).starts_with(e.field)) __builtin_trap();
    }
    return 0;
  }
  const OpeningHours hours(*config);
  for (const TimeMs t : moments) CheckStatus(hours, t);
  for (const TimeMs t : {INT64_MIN, INT64_MAX, kCalendarTimeMsMin, kCalendarTimeMsEnd - 1}) {
    (void)hours.StatusAt(t);
  }
  CheckMonth(hours, 2018, 12);
  CheckMonth(hours, 2019, 5);
  return 0;
}
