// The opening hours as written in the config: a few strings, parsed into HoursConfig with every
// error reported (where, why, in Japanese / English). Pure; any bytes are safe input.
//
// Grammar (docs/calendar.md has more examples):
//
//   shift     := days SPACE ranges              "火-金 16:00-20:00", "sat 13:00-17:00"
//   days      := item (LIST item)*              "月,水,金", "火-金", "土・日", "金-月" (wraps)
//   item      := day | day RANGE day | 毎日 | daily | 平日 | weekdays
//   day       := 日 月 火 水 木 金 土, optionally followed by 曜 or 曜日 (火曜, 火曜日),
//                or sun mon tue wed thu fri sat / sunday ... saturday (any case)
//   ranges    := range ("," range)*             "10:00-12:00,13:00-17:00"
//   range     := time RANGE end
//   time      := H:MM or HH:MM, 0:00 to 23:59 (ASCII digits)
//   end       := time, or 24:00 to 47:59 for the next morning (26:00 = 2:00 after midnight),
//                or 翌 time (翌02:00 = 26:00); after the start, at most 24 hours after it
//   SPACE     := one or more of ASCII space, tab, U+3000
//   LIST      := "," | "、" | "・"
//   RANGE     := "-" | "〜" (U+301C) | "～" (U+FF5E)
//
//   period    := "" (always) | date | date ".." date | date ".." | ".." date
//   closure   := (date | date ".." date) [SPACE note]     "2018-12-10..2018-12-12 研修"
//   year_end  := "" | "off" | "なし" (no break) | MM-DD ".." MM-DD   "12-29..01-03" (default)
//   day_off   := (MM-DD | date) [SPACE name]              "11-14 県民の日", "2018-12-03 創立記念日"
//   date      := YYYY-MM-DD
//
// An end earlier than its start ("22:00-02:00") is an error that says to write 翌02:00 or
// 26:00, so that a typo never silently becomes an overnight shift. Shifts may touch
// (16:00-20:00 and 20:00-22:00) but not overlap, also across midnight (土 22:00-翌2:00 and
// 日 1:00-5:00 overlap).
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/hours.h"

namespace tsunagu::core::calendar {

// One config string, and the items of one list (closures, shifts, ...).
inline constexpr std::size_t kHoursSpecTextBytesMax = 256;
inline constexpr std::size_t kHoursSpecItemsMax = 500;
// Shifts after expanding the days (火-金 is four).
inline constexpr std::size_t kHoursShiftsMax = 200;
inline constexpr std::size_t kHoursNoteBytesMax = 96;  // 32 kanji
inline constexpr int kIntakeClosesMinutesBeforeMax = kMinutesPerDay;

struct HoursSpec {
  std::vector<std::string> shifts;
  std::string period;
  std::vector<std::string> closures;
  bool closed_on_holidays = true;
  std::string year_end = "12-29..01-03";
  std::vector<std::string> local_days_off;
  int intake_closes_minutes_before = 0;
};

struct HoursSpecError {
  std::string field;      // "shifts", "period", "closures", "year_end", "local_days_off", ...
  std::size_t index = 0;  // the item in a list field; 0 otherwise
  // Japanese / English, each starting with where:
  // shifts[1]: 時刻が読めません "20-00" / shifts[1]: bad time "20-00" (H:MM)
  std::string message;
};

std::expected<HoursConfig, std::vector<HoursSpecError>> ParseHoursSpec(const HoursSpec& spec);

// One shift string (several shifts when it names several days or ranges). The error is the
// message without its "where:" prefixes: 時刻が読めません "20-00" / bad time "20-00" (H:MM).
struct ShiftSpecError {
  std::string ja;
  std::string en;
};
std::expected<std::vector<Shift>, ShiftSpecError> ParseShiftSpec(std::string_view text);

// "火 16:00-20:00", "土 22:00-翌02:00": how a shift reads back (and what errors quote).
std::string FormatShift(const Shift& shift);

}  // namespace tsunagu::core::calendar
