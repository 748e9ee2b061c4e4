#include "core/calendar/hours.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace tsunagu::core::calendar {
namespace {

constexpr TimeMs MinutesMs(int minutes) { return static_cast<TimeMs>(minutes) * kMsPerMinute; }

bool ValidShift(const Shift& shift) {
  return static_cast<int>(shift.weekday) < kWeekdayCount && shift.start_minute >= 0 &&
         shift.start_minute < kMinutesPerDay && shift.end_minute > shift.start_minute &&
         shift.end_minute - shift.start_minute <= kMinutesPerDay;
}

// The last day the calendar classifies; past it nothing opens.
constexpr Date kLastDay{kDateYearMax, 12, 31};

}  // namespace

bool YearEndBreak::Contains(Date date) const {
  const MonthDay day{date.month, date.day};
  if (from <= to) return day >= from && day <= to;
  return day >= from || day <= to;
}

std::string_view ClosedReasonName(ClosedReason reason) {
  switch (reason) {
    case ClosedReason::kOpen:
      return "open";
    case ClosedReason::kOutsideDateRange:
      return "outside_date_range";
    case ClosedReason::kClosure:
      return "closure";
    case ClosedReason::kLocalDayOff:
      return "local_day_off";
    case ClosedReason::kYearEnd:
      return "year_end";
    case ClosedReason::kHoliday:
      return "holiday";
    case ClosedReason::kNoShift:
      return "no_shift";
  }
  return "no_shift";
}

std::string_view ClosedReasonLabelJa(ClosedReason reason) {
  switch (reason) {
    case ClosedReason::kOpen:
      return "受付中";
    case ClosedReason::kOutsideDateRange:
      return "実施期間外";
    case ClosedReason::kClosure:
      return "臨時休業";
    case ClosedReason::kLocalDayOff:
      return "休業日";
    case ClosedReason::kYearEnd:
      return "年末年始休業";
    case ClosedReason::kHoliday:
      return "祝日";
    case ClosedReason::kNoShift:
      return "受付時間外";
  }
  return "受付時間外";
}

OpeningHours::OpeningHours(HoursConfig config, std::shared_ptr<const HolidayTable> holidays)
    : config_(std::move(config)), holidays_(std::move(holidays)) {
  if (!holidays_) {
    // Non-owning: the rules table lives for the whole process.
    holidays_ = std::shared_ptr<const HolidayTable>(std::shared_ptr<const HolidayTable>(),
                                                    &RuleHolidayTable());
  }
  TSUNAGU_CHECK(config_.intake_closes_minutes_before >= 0);
  for (const Shift& shift : config_.shifts) {
    TSUNAGU_CHECK(ValidShift(shift));
    by_weekday_[static_cast<int>(shift.weekday)].push_back(shift);
  }
  for (auto& shifts : by_weekday_) {
    std::sort(shifts.begin(), shifts.end(),
              [](const Shift& a, const Shift& b) { return a.start_minute < b.start_minute; });
  }
  closures_ = config_.closures;
  for (const Closure& closure : closures_) TSUNAGU_CHECK(!(closure.to < closure.from));
  std::sort(closures_.begin(), closures_.end(),
            [](const Closure& a, const Closure& b) { return a.from < b.from; });
}

OpeningHours::DayClass OpeningHours::Classify(Date date) const {
  if (config_.period_from && date < *config_.period_from) {
    return {ClosedReason::kOutsideDateRange, {}, AddDays(*config_.period_from, -1)};
  }
  if ((config_.period_to && date > *config_.period_to) || date > kLastDay) {
    return {ClosedReason::kOutsideDateRange, {}, kLastDay};
  }
  // Closures are sorted by their first day; several may cover the date, and the one that
  // reaches furthest lets the caller skip the most days.
  const Closure* covering = nullptr;
  for (const Closure& closure : closures_) {
    if (date < closure.from) break;
    if (date <= closure.to && (covering == nullptr || closure.to > covering->to)) {
      covering = &closure;
    }
  }
  if (covering != nullptr) return {ClosedReason::kClosure, covering->note, covering->to};
  for (const LocalDayOff& off : config_.local_days_off) {
    if ((!off.year || *off.year == date.year) && off.day == MonthDay{date.month, date.day}) {
      return {ClosedReason::kLocalDayOff, off.name, std::nullopt};
    }
  }
  if (config_.year_end && config_.year_end->Contains(date)) {
    return {ClosedReason::kYearEnd, {}, std::nullopt};
  }
  if (config_.closed_on_holidays) {
    if (const Holiday* holiday = holidays_->Find(date)) {
      return {ClosedReason::kHoliday, holiday->name, std::nullopt};
    }
  }
  if (by_weekday_[static_cast<int>(WeekdayOf(date))].empty()) {
    return {ClosedReason::kNoShift, {}, std::nullopt};
  }
  return {ClosedReason::kOpen, {}, std::nullopt};
}

std::vector<OpenInterval> OpeningHours::IntervalsOf(Date date, const DayClass& day) const {
  std::vector<OpenInterval> out;
  if (day.reason != ClosedReason::kOpen) return out;
  const TimeMs midnight = TokyoTimeMs(date, 0);
  for (const Shift& shift : by_weekday_[static_cast<int>(WeekdayOf(date))]) {
    out.push_back(OpenInterval{shift.start_minute, shift.end_minute,
                               midnight + MinutesMs(shift.start_minute),
                               midnight + MinutesMs(shift.end_minute)});
  }
  return out;
}

std::optional<OpenInterval> OpeningHours::FirstStartAtOrAfter(TimeMs from) const {
  if (config_.shifts.empty()) return std::nullopt;
  Date date = ToTokyoTime(from).date;
  if (date.year < kDateYearMin) date = Date{kDateYearMin, 1, 1};
  for (int examined = 0; examined < kHoursLookaheadDaysMax && date <= kLastDay; ++examined) {
    const DayClass day = Classify(date);
    if (day.reason == ClosedReason::kOpen) {
      for (const OpenInterval& interval : IntervalsOf(date, day)) {
        if (interval.start_ms >= from) return interval;
      }
    }
    // Skip a known run of closed days in one step.
    date =
        AddDays(day.closed_through && *day.closed_through > date ? *day.closed_through : date, 1);
  }
  return std::nullopt;
}

std::optional<TimeMs> OpeningHours::RunEnd(TimeMs end) const {
  // Shifts do not overlap, so a run continues only with a shift that starts exactly at `end`,
  // which starts on the day `end` falls on.
  for (int examined = 0; examined < kHoursLookaheadDaysMax; ++examined) {
    const Date date = ToTokyoTime(end).date;
    if (date > kLastDay) return std::nullopt;
    const DayClass day = Classify(date);
    bool continued = false;
    for (const OpenInterval& interval : IntervalsOf(date, day)) {
      if (interval.start_ms == end) {
        end = interval.end_ms;
        continued = true;
        break;
      }
    }
    if (!continued) return end;
  }
  return std::nullopt;  // open for longer than the lookahead
}

HoursStatus OpeningHours::StatusAt(TimeMs t) const {
  HoursStatus status;
  if (t < kCalendarTimeMsMin || t >= kCalendarTimeMsEnd) {
    status.reason = ClosedReason::kOutsideDateRange;
    return status;
  }
  const Date today = ToTokyoTime(t).date;
  // Yesterday's shifts may still run past midnight; today's may have begun.
  for (const Date date : {AddDays(today, -1), today}) {
    const DayClass day = Classify(date);
    for (const OpenInterval& interval : IntervalsOf(date, day)) {
      if (interval.start_ms <= t && t < interval.end_ms) {
        status.open = true;
        status.reason = ClosedReason::kOpen;
        status.shift_end = interval.end_ms;
        status.next_close = RunEnd(interval.end_ms);
        if (!status.next_close) {
          status.intake_open = true;
          return status;
        }
        status.intake_closes = *status.next_close - MinutesMs(config_.intake_closes_minutes_before);
        status.intake_open = t < *status.intake_closes;
        if (auto next = FirstStartAtOrAfter(*status.next_close)) {
          status.next_open = next->start_ms;
        }
        return status;
      }
    }
  }
  const DayClass day = Classify(today);
  status.reason = day.reason == ClosedReason::kOpen ? ClosedReason::kNoShift : day.reason;
  status.reason_detail = std::string(day.detail);
  if (auto next = FirstStartAtOrAfter(t)) {
    status.next_open = next->start_ms;
    status.next_close = RunEnd(next->end_ms);
  }
  return status;
}

DayHours OpeningHours::Day(Date date) const {
  DayHours out;
  out.date = date;
  out.weekday = WeekdayOf(date);
  const DayClass day = Classify(date);
  out.reason = day.reason;
  out.reason_detail = std::string(day.detail);
  out.holiday = holidays_->Name(date);
  out.intervals = IntervalsOf(date, day);
  return out;
}

std::vector<DayHours> OpeningHours::MonthTable(int year, int month) const {
  std::vector<DayHours> out;
  if (year < kDateYearMin || year > kDateYearMax) return out;
  const int days = DaysInMonth(year, month);
  out.reserve(static_cast<std::size_t>(days));
  for (int day = 1; day <= days; ++day) out.push_back(Day(Date{year, month, day}));
  return out;
}

}  // namespace tsunagu::core::calendar
