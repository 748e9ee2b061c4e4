// A program's opening hours: weekly shifts, an optional date range (a trial period), and the
// days it is closed (closures, national holidays, the year-end break, local days off). Answers
// "open now?" for every incoming message (StatusAt, a few microseconds) and draws a month for
// the console (MonthTable). Pure: the caller passes the time; all times are core::TimeMs (UTC
// milliseconds) and all dates and clock times are Japan time (UTC+9, no DST).
// hours_spec.h parses the config strings into HoursConfig; docs/calendar.md has the grammar.
//
// Days and shifts:
//   - A shift belongs to the day it starts on. It runs only if that day is open, and then runs
//     to its end even past midnight: 土 22:00-翌2:00 on an open Saturday stays open until 2:00
//     on Sunday even when Sunday is a holiday, a closure, the first day of the year-end break
//     or the day after the date range ends. A shift that would start on a closed day does not
//     run at all, not even its part after midnight.
//   - A day is closed, for the first reason that applies, in this order:
//       kOutsideDateRange  before `period_from` or after `period_to`
//       kClosure           inside one of `closures` (one-off: 臨時休業, 研修)
//       kLocalDayOff       one of `local_days_off` (県民の日, 創立記念日, ...)
//       kYearEnd           inside the year-end break (default 12/29 to 1/3)
//       kHoliday           a national holiday (祝日, 振替休日, 国民の休日), when
//                          `closed_on_holidays` (the default)
//       kNoShift           none of the above, but no shift starts on that weekday
//     At a moment of an open day between shifts, the reason is kNoShift too.
//   - Intervals are half-open: open at 16:00:00.000, closed again at 20:00:00.000.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/date.h"
#include "core/calendar/holidays.h"
#include "core/ids.h"

namespace tsunagu::core::calendar {

// How far StatusAt looks for the next opening or closing, in examined days (ranges of closed
// days are skipped in one step). Beyond it the answer is "none", as if never again.
inline constexpr int kHoursLookaheadDaysMax = 1000;

struct Shift {
  Weekday weekday = Weekday::kMonday;
  int start_minute = 0;  // after 00:00 of its day: 0..1439
  int end_minute = 0;    // start_minute+1 .. start_minute+1440; above 1440 it ends after midnight
  friend bool operator==(const Shift&, const Shift&) = default;
};

struct MonthDay {
  int month = 1;
  int day = 1;
  friend constexpr auto operator<=>(const MonthDay&, const MonthDay&) = default;
};

// Closed from `from` to `to` every year, both included; wraps over New Year when to < from.
struct YearEndBreak {
  MonthDay from{12, 29};
  MonthDay to{1, 3};
  bool Contains(Date date) const;
  friend bool operator==(const YearEndBreak&, const YearEndBreak&) = default;
};

// Closed from `from` to `to`, both included.
struct Closure {
  Date from;
  Date to;
  std::string note;  // optional, e.g. "研修"
  friend bool operator==(const Closure&, const Closure&) = default;
};

// A local day off: every year on month/day, or once when year is set.
struct LocalDayOff {
  std::optional<int> year;
  MonthDay day;
  std::string name;  // optional, e.g. "県民の日"
  friend bool operator==(const LocalDayOff&, const LocalDayOff&) = default;
};

struct HoursConfig {
  std::vector<Shift> shifts;        // no two overlap (hours_spec.h checks)
  std::optional<Date> period_from;  // the first day it runs (a trial period); none: always
  std::optional<Date> period_to;    // the last day it runs, included
  std::vector<Closure> closures;
  bool closed_on_holidays = true;
  std::optional<YearEndBreak> year_end = YearEndBreak{};  // none: open over New Year
  std::vector<LocalDayOff> local_days_off;
  // New conversations are accepted until this many minutes before closing (0: until closing).
  int intake_closes_minutes_before = 0;
  friend bool operator==(const HoursConfig&, const HoursConfig&) = default;
};

enum class ClosedReason : std::uint8_t {
  kOpen,  // not closed
  kOutsideDateRange,
  kClosure,
  kLocalDayOff,
  kYearEnd,
  kHoliday,
  kNoShift,
};

std::string_view ClosedReasonName(ClosedReason reason);  // "open", "outside_date_range", ...
std::string_view ClosedReasonLabelJa(ClosedReason reason);  // "受付中", "期間外", "臨時休業", ...

struct HoursStatus {
  bool open = false;
  ClosedReason reason = ClosedReason::kNoShift;  // kOpen exactly when open
  // kHoliday: the holiday's name (e.g. "天皇誕生日", "振替休日"); kClosure: its note;
  // kLocalDayOff: its name; otherwise empty.
  std::string reason_detail;
  // Open, and more than intake_closes_minutes_before minutes before the next closing.
  bool intake_open = false;
  std::optional<TimeMs> shift_end;  // when open: the end of the shift that contains t
  // When open: next_close - intake_closes_minutes_before (none when next_close is none).
  std::optional<TimeMs> intake_closes;
  // The next moment after t at which it opens / closes; none if not within the lookahead
  // (e.g. after the date range ends). Back-to-back shifts (16-20 and 20-22) count as one
  // opening, so when open, next_close is the end of the whole run and next_open comes after it.
  std::optional<TimeMs> next_open;
  std::optional<TimeMs> next_close;
};

// One shift of one day, as minutes after that day's 00:00 and as moments.
struct OpenInterval {
  int start_minute = 0;
  int end_minute = 0;  // may exceed 1440 (past midnight)
  TimeMs start_ms = 0;
  TimeMs end_ms = 0;
  friend bool operator==(const OpenInterval&, const OpenInterval&) = default;
};

struct DayHours {
  Date date;
  Weekday weekday = Weekday::kSunday;
  ClosedReason reason = ClosedReason::kNoShift;  // kOpen when shifts run on this day
  std::string reason_detail;                     // as in HoursStatus
  std::optional<std::string> holiday;   // the national holiday's name, closing the day or not
  std::vector<OpenInterval> intervals;  // the shifts that start this day; empty unless kOpen
};

class OpeningHours {
 public:
  // `holidays` null: the rules (RuleHolidayTable()). The config must be valid as
  // ParseHoursSpec makes it (checked: a bad one is a programmer error).
  explicit OpeningHours(HoursConfig config, std::shared_ptr<const HolidayTable> holidays = nullptr);

  HoursStatus StatusAt(TimeMs t) const;
  DayHours Day(Date date) const;
  // Every day of the month, in order; empty for a month outside kDateYearMin..kDateYearMax.
  std::vector<DayHours> MonthTable(int year, int month) const;

  const HoursConfig& config() const { return config_; }

 private:
  struct DayClass {
    ClosedReason reason = ClosedReason::kOpen;
    std::string_view detail;
    std::optional<Date> closed_through;  // closed for the same reason up to this day
  };
  DayClass Classify(Date date) const;
  // The shifts of an open day as moments; empty for a closed day.
  std::vector<OpenInterval> IntervalsOf(Date date, const DayClass& day) const;
  // The first shift of an open day that starts at or after `from`.
  std::optional<OpenInterval> FirstStartAtOrAfter(TimeMs from) const;
  // The end of the run of back-to-back shifts that continues one ending at `end`; none when it
  // runs past the lookahead or the calendar's last day.
  std::optional<TimeMs> RunEnd(TimeMs end) const;

  HoursConfig config_;
  std::shared_ptr<const HolidayTable> holidays_;
  std::vector<Shift> by_weekday_[kWeekdayCount];  // sorted by start
  std::vector<Closure> closures_;                 // sorted by from
};

}  // namespace tsunagu::core::calendar
