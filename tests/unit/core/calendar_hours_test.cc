// Opening hours: the Nagoya trial checked hour by hour against a table worked out here by hand
// (not by the code under test), past-midnight shifts, intake, next opening/closing, and the
// parser's errors.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar/date.h"
#include "core/calendar/hours.h"
#include "core/calendar/hours_spec.h"

namespace tsunagu::core::calendar {
namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;
// 2018-11-29 00:00 in Japan (2018-11-28 15:00 UTC), a Thursday; worked out independently
// (date -d '2018-11-29 00:00 +0900' +%s%3N).
constexpr TimeMs kNov29 = 1'543'417'200'000;

// Japan time by hand: day 0 is 2018-11-29, so day 2 is 2018-12-01 and day d+1 is December d.
constexpr TimeMs At(int day_index, int hour, int minute = 0) {
  return kNov29 + day_index * kDay + hour * kHour + minute * kMinute;
}
constexpr int Dec(int day) { return day + 1; }
constexpr int Jan2019(int day) { return 32 + day; }

OpeningHours Build(const HoursSpec& spec) {
  auto config = ParseHoursSpec(spec);
  EXPECT_TRUE(config) << (config ? "" : config.error().front().message);
  return OpeningHours(config ? *config : HoursConfig{});
}

HoursSpec NagoyaSpec() {
  HoursSpec spec;
  spec.shifts = {"火-金 16:00-20:00", "土 13:00-17:00"};
  spec.period = "2018-12-01..2018-12-28";
  return spec;  // closed on holidays and over the year-end break: the defaults
}

// ---- The Nagoya trial: Dec 1-28 2018, Tue-Fri 16-20, Sat 13-17 ----

struct Interval {
  TimeMs start;
  TimeMs end;
};

// The trial's rules as a plain table: Nov 29 2018 (day 0) to Jan 4 2019 (day 36).
struct NagoyaTable {
  static constexpr int kDays = 37;
  static int Weekday(int day) { return (4 + day) % 7; }  // day 0 was a Thursday; 0 = Sunday
  static bool InRange(int day) { return day >= Dec(1) && day <= Dec(28); }
  static std::optional<std::string> Holiday(int day) {
    if (day == Dec(23)) return "天皇誕生日";  // a Sunday
    if (day == Dec(24)) return "振替休日";    // the Monday after it
    if (day == Jan2019(1)) return "元日";
    return std::nullopt;
  }
  static std::vector<Interval> Intervals() {
    std::vector<Interval> out;
    for (int day = 0; day < kDays; ++day) {
      if (!InRange(day) || Holiday(day)) continue;
      const int wd = Weekday(day);
      if (wd >= 2 && wd <= 5) out.push_back({At(day, 16), At(day, 20)});
      if (wd == 6) out.push_back({At(day, 13), At(day, 17)});
    }
    return out;
  }
};

void ExpectNagoyaAt(const OpeningHours& hours, TimeMs t) {
  const std::vector<Interval> intervals = NagoyaTable::Intervals();
  const int day = static_cast<int>((t - kNov29) / kDay);
  SCOPED_TRACE("day " + std::to_string(day) + ", " + std::to_string((t - kNov29) % kDay / kMinute) +
               " min, t=" + std::to_string(t));
  const HoursStatus status = hours.StatusAt(t);

  std::optional<Interval> current;
  std::optional<Interval> next;
  for (const Interval& interval : intervals) {
    if (interval.start <= t && t < interval.end) current = interval;
    if (interval.start > t && !next) next = interval;
  }
  EXPECT_EQ(status.open, current.has_value());
  EXPECT_EQ(status.intake_open, current.has_value());  // intake closes with the shift
  if (current) {
    EXPECT_EQ(status.reason, ClosedReason::kOpen);
    EXPECT_EQ(status.shift_end, current->end);
    EXPECT_EQ(status.next_close, current->end);
    EXPECT_EQ(status.intake_closes, current->end);
  } else {
    ClosedReason reason = ClosedReason::kNoShift;
    std::string detail;
    if (!NagoyaTable::InRange(day)) {
      reason = ClosedReason::kOutsideDateRange;
    } else if (NagoyaTable::Holiday(day)) {
      reason = ClosedReason::kHoliday;
      detail = *NagoyaTable::Holiday(day);
    }
    EXPECT_EQ(status.reason, reason);
    EXPECT_EQ(status.reason_detail, detail);
    EXPECT_EQ(status.shift_end, std::nullopt);
    EXPECT_EQ(status.next_close, next ? std::optional<TimeMs>(next->end) : std::nullopt);
  }
  EXPECT_EQ(status.next_open, next ? std::optional<TimeMs>(next->start) : std::nullopt);
}

TEST(NagoyaTrialTest, EveryHourFromNov29To4January) {
  const OpeningHours hours = Build(NagoyaSpec());
  int open_hours = 0;
  for (int day = 0; day < NagoyaTable::kDays; ++day) {
    for (int hour = 0; hour < 24; ++hour) {
      ExpectNagoyaAt(hours, At(day, hour));
      ExpectNagoyaAt(hours, At(day, hour, 30));
      open_hours += hours.StatusAt(At(day, hour)).open ? 1 : 0;
    }
  }
  // 16 Tue-Fri evenings (4 h) and 4 Saturdays (4 h) in December 1-28.
  EXPECT_EQ(open_hours, 16 * 4 + 4 * 4);
}

TEST(NagoyaTrialTest, EveryShiftEdgeToTheMillisecond) {
  const OpeningHours hours = Build(NagoyaSpec());
  for (const Interval& interval : NagoyaTable::Intervals()) {
    for (TimeMs t : {interval.start - 1, interval.start, interval.end - 1, interval.end}) {
      ExpectNagoyaAt(hours, t);
    }
  }
}

TEST(NagoyaTrialTest, TheDaysThatMatter) {
  const OpeningHours hours = Build(NagoyaSpec());
  // Before the trial: the first opening is Saturday Dec 1, 13:00.
  HoursStatus s = hours.StatusAt(At(0, 10));
  EXPECT_EQ(s.reason, ClosedReason::kOutsideDateRange);
  EXPECT_EQ(s.next_open, At(Dec(1), 13));
  EXPECT_EQ(s.next_close, At(Dec(1), 17));
  // Sunday Dec 23 (天皇誕生日) and Monday Dec 24 (振替休日): closed for the holiday.
  s = hours.StatusAt(At(Dec(24), 17));
  EXPECT_EQ(s.reason, ClosedReason::kHoliday);
  EXPECT_EQ(s.reason_detail, "振替休日");
  EXPECT_EQ(s.next_open, At(Dec(25), 16));
  // The last evening, then never again.
  s = hours.StatusAt(At(Dec(28), 19, 59));
  EXPECT_TRUE(s.open);
  EXPECT_EQ(s.next_close, At(Dec(28), 20));
  EXPECT_EQ(s.next_open, std::nullopt);
  s = hours.StatusAt(At(Dec(28), 20));
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.reason, ClosedReason::kNoShift);
  EXPECT_EQ(s.next_open, std::nullopt);
  EXPECT_EQ(s.next_close, std::nullopt);
  // Dec 29 - Jan 4: outside the range comes before the year-end break and 元日.
  EXPECT_EQ(hours.StatusAt(At(Jan2019(1), 12)).reason, ClosedReason::kOutsideDateRange);
}

TEST(NagoyaTrialTest, MonthTable) {
  const OpeningHours hours = Build(NagoyaSpec());
  const std::vector<DayHours> december = hours.MonthTable(2018, 12);
  ASSERT_EQ(december.size(), 31u);
  for (int d = 1; d <= 31; ++d) {
    const DayHours& day = december[static_cast<std::size_t>(d - 1)];
    SCOPED_TRACE(d);
    EXPECT_EQ(day.date, (Date{2018, 12, d}));
    EXPECT_EQ(static_cast<int>(day.weekday), NagoyaTable::Weekday(Dec(d)));
    std::vector<OpenInterval> expected;
    for (const Interval& interval : NagoyaTable::Intervals()) {
      if (interval.start >= At(Dec(d), 0) && interval.start < At(Dec(d) + 1, 0)) {
        expected.push_back(
            OpenInterval{static_cast<int>((interval.start - At(Dec(d), 0)) / kMinute),
                         static_cast<int>((interval.end - At(Dec(d), 0)) / kMinute), interval.start,
                         interval.end});
      }
    }
    EXPECT_EQ(day.intervals, expected);
    EXPECT_EQ(day.reason == ClosedReason::kOpen, !expected.empty());
  }
  EXPECT_EQ(december[0].intervals.at(0).start_minute, 13 * 60);  // Saturday
  EXPECT_EQ(december[1].reason, ClosedReason::kNoShift);         // Sunday
  EXPECT_EQ(december[3].intervals.at(0).end_minute, 20 * 60);    // Tuesday
  EXPECT_EQ(december[22].reason, ClosedReason::kHoliday);
  EXPECT_EQ(december[22].reason_detail, "天皇誕生日");
  EXPECT_EQ(december[23].holiday, "振替休日");
  EXPECT_EQ(december[28].reason, ClosedReason::kOutsideDateRange);
  EXPECT_FALSE(december[28].holiday.has_value());
  EXPECT_TRUE(hours.MonthTable(1899, 12).empty());
  EXPECT_TRUE(hours.MonthTable(2018, 13).empty());
  EXPECT_EQ(hours.MonthTable(2020, 2).size(), 29u);
}

TEST(NagoyaTrialTest, ClosuresAndLocalDaysOff) {
  HoursSpec spec = NagoyaSpec();
  spec.closures = {"2018-12-11..2018-12-12 研修", "2018-12-19"};
  spec.local_days_off = {"12-14 県民の日"};
  const OpeningHours hours = Build(spec);
  HoursStatus s = hours.StatusAt(At(Dec(11), 17));
  EXPECT_EQ(s.reason, ClosedReason::kClosure);
  EXPECT_EQ(s.reason_detail, "研修");
  EXPECT_EQ(s.next_open, At(Dec(13), 16));
  s = hours.StatusAt(At(Dec(14), 17));
  EXPECT_EQ(s.reason, ClosedReason::kLocalDayOff);
  EXPECT_EQ(s.reason_detail, "県民の日");
  EXPECT_EQ(s.next_open, At(Dec(15), 13));
  s = hours.StatusAt(At(Dec(19), 17));
  EXPECT_EQ(s.reason, ClosedReason::kClosure);
  EXPECT_EQ(s.reason_detail, "");
}

// ---- Past midnight ----

TEST(HoursTest, ShiftPastMidnightBelongsToItsStartDay) {
  HoursSpec spec;
  spec.shifts = {"土 22:00-翌02:00"};
  const OpeningHours hours = Build(spec);
  // Saturday Dec 22 2018, then Sunday Dec 23, 天皇誕生日: the shift still runs until 2:00.
  HoursStatus s = hours.StatusAt(At(Dec(22), 23));
  EXPECT_TRUE(s.open);
  EXPECT_EQ(s.shift_end, At(Dec(23), 2));
  s = hours.StatusAt(At(Dec(23), 1, 59));
  EXPECT_TRUE(s.open);
  EXPECT_EQ(s.next_close, At(Dec(23), 2));
  EXPECT_EQ(s.next_open, At(Jan2019(5), 22));  // Saturday Dec 29 is in the year-end break
  s = hours.StatusAt(At(Dec(23), 2));
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.reason, ClosedReason::kHoliday);
  EXPECT_EQ(s.reason_detail, "天皇誕生日");

  // Saturday Nov 3 2018 is 文化の日: the shift does not run, not even after midnight.
  const TimeMs nov3 = kNov29 - 26 * kDay;
  s = hours.StatusAt(nov3 + 23 * kHour);
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.reason, ClosedReason::kHoliday);
  EXPECT_EQ(s.reason_detail, "文化の日");
  s = hours.StatusAt(nov3 + kDay + 1 * kHour);
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.reason, ClosedReason::kNoShift);
  EXPECT_EQ(s.next_open, nov3 + 7 * kDay + 22 * kHour);
}

TEST(HoursTest, PastMidnightIntoTheYearEndBreakAndAfterTheRange) {
  HoursSpec spec;
  spec.shifts = {"土 22:00-26:00"};
  spec.period = "..2018-12-22";
  const OpeningHours hours = Build(spec);
  EXPECT_TRUE(hours.StatusAt(At(Dec(23), 1)).open);  // the range ended on Saturday
  EXPECT_EQ(hours.StatusAt(At(Dec(23), 1)).next_open, std::nullopt);
  EXPECT_EQ(hours.StatusAt(At(Dec(23), 3)).reason, ClosedReason::kOutsideDateRange);

  // Saturday Dec 28 2019 runs into Dec 29, the first day of the break.
  HoursSpec no_range;
  no_range.shifts = {"土 22:00-翌02:00"};
  const OpeningHours plain = Build(no_range);
  const TimeMs dec28_2019 = TokyoTimeMs(Date{2019, 12, 28}, 0);
  EXPECT_TRUE(plain.StatusAt(dec28_2019 + kDay + 1 * kHour).open);
  const HoursStatus after = plain.StatusAt(dec28_2019 + kDay + 2 * kHour);
  EXPECT_EQ(after.reason, ClosedReason::kYearEnd);
  // Saturday Jan 4 2020 is after the break.
  EXPECT_EQ(after.next_open, TokyoTimeMs(Date{2020, 1, 4}, 22 * 60));
}

TEST(HoursTest, OvernightSpellingsAreTheSame) {
  auto a = ParseShiftSpec("土 22:00-翌02:00");
  auto b = ParseShiftSpec("sat 22:00-26:00");
  auto c = ParseShiftSpec("土曜日 22:00〜翌 2:00");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0], (Shift{Weekday::kSaturday, 22 * 60, 26 * 60}));
  EXPECT_EQ(FormatShift((*a)[0]), "土 22:00-翌02:00");
}

// ---- Intake, runs of shifts, next opening and closing ----

TEST(HoursTest, IntakeClosesBeforeTheEndOfARun) {
  HoursSpec spec;
  spec.shifts = {"月-金 16:00-20:00,20:00-22:00"};
  spec.intake_closes_minutes_before = 30;
  const OpeningHours hours = Build(spec);
  // Monday Dec 3 2018.
  HoursStatus s = hours.StatusAt(At(Dec(3), 19));
  EXPECT_TRUE(s.open);
  EXPECT_TRUE(s.intake_open);
  EXPECT_EQ(s.shift_end, At(Dec(3), 20));
  EXPECT_EQ(s.next_close, At(Dec(3), 22));
  EXPECT_EQ(s.intake_closes, At(Dec(3), 21, 30));
  EXPECT_EQ(s.next_open, At(Dec(4), 16));
  EXPECT_TRUE(hours.StatusAt(At(Dec(3), 21, 29)).intake_open);
  s = hours.StatusAt(At(Dec(3), 21, 30));
  EXPECT_TRUE(s.open);
  EXPECT_FALSE(s.intake_open);
  s = hours.StatusAt(At(Dec(3), 22));
  EXPECT_FALSE(s.open);
  EXPECT_FALSE(s.intake_open);
  EXPECT_EQ(s.next_open, At(Dec(4), 16));
  EXPECT_EQ(s.next_close, At(Dec(4), 22));
}

TEST(HoursTest, NextOpeningAcrossAHolidayAndTheYearEnd) {
  HoursSpec spec;
  spec.shifts = {"平日 09:00-17:00"};
  const OpeningHours hours = Build(spec);
  // Friday Jan 11 2019, 18:00: Monday Jan 14 is 成人の日.
  HoursStatus s = hours.StatusAt(At(Jan2019(11), 18));
  EXPECT_EQ(s.next_open, At(Jan2019(15), 9));
  EXPECT_EQ(s.next_close, At(Jan2019(15), 17));
  EXPECT_EQ(hours.StatusAt(At(Jan2019(14), 10)).reason_detail, "成人の日");
  // Friday Dec 28 2018: the break is Dec 29 - Jan 3.
  s = hours.StatusAt(At(Dec(28), 12));
  EXPECT_TRUE(s.open);
  EXPECT_EQ(s.next_close, At(Dec(28), 17));
  EXPECT_EQ(s.next_open, At(Jan2019(4), 9));
  s = hours.StatusAt(At(Jan2019(1), 12));
  EXPECT_EQ(s.reason, ClosedReason::kYearEnd);  // before 元日
  EXPECT_EQ(s.next_open, At(Jan2019(4), 9));

  spec.year_end = "off";
  const OpeningHours no_break = Build(spec);
  EXPECT_EQ(no_break.StatusAt(At(Dec(28), 18)).next_open, At(Dec(31), 9));
  EXPECT_EQ(no_break.StatusAt(At(Jan2019(1), 12)).reason, ClosedReason::kHoliday);

  spec.year_end = "12-28..12-31";
  const OpeningHours short_break = Build(spec);
  EXPECT_EQ(short_break.StatusAt(At(Dec(27), 18)).next_open, At(Jan2019(2), 9));
}

TEST(HoursTest, HolidaysCanStayOpen) {
  HoursSpec spec;
  spec.shifts = {"月-金 09:00-17:00"};
  spec.closed_on_holidays = false;
  const OpeningHours hours = Build(spec);
  EXPECT_TRUE(hours.StatusAt(At(Jan2019(14), 10)).open);
  const DayHours day = hours.Day(Date{2019, 1, 14});
  EXPECT_EQ(day.reason, ClosedReason::kOpen);
  EXPECT_EQ(day.holiday, "成人の日");
}

TEST(HoursTest, RoundTheClockAndNever) {
  HoursSpec spec;
  spec.shifts = {"毎日 00:00-24:00"};
  const OpeningHours always = Build(spec);
  // Open without a break from Jan 4 2019 until the next holiday, 成人の日 on Jan 14.
  HoursStatus s = always.StatusAt(At(Jan2019(5), 3));
  EXPECT_TRUE(s.open);
  EXPECT_EQ(s.shift_end, At(Jan2019(6), 0));
  EXPECT_EQ(s.next_close, At(Jan2019(14), 0));
  EXPECT_EQ(s.next_open, At(Jan2019(15), 0));

  spec.closed_on_holidays = false;
  spec.year_end = "";
  s = Build(spec).StatusAt(At(Jan2019(5), 3));
  EXPECT_TRUE(s.open);
  EXPECT_TRUE(s.intake_open);
  EXPECT_EQ(s.next_close, std::nullopt);  // not within the lookahead
  EXPECT_EQ(s.next_open, std::nullopt);

  const OpeningHours never = Build(HoursSpec{});
  s = never.StatusAt(At(Dec(4), 17));
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.reason, ClosedReason::kNoShift);
  EXPECT_EQ(s.next_open, std::nullopt);
}

TEST(HoursTest, TimesOutsideTheCalendar) {
  const OpeningHours hours = Build(NagoyaSpec());
  for (TimeMs t :
       {INT64_MIN, INT64_MIN + 1, kCalendarTimeMsMin - 1, kCalendarTimeMsEnd, INT64_MAX}) {
    const HoursStatus s = hours.StatusAt(t);
    EXPECT_FALSE(s.open);
    EXPECT_EQ(s.reason, ClosedReason::kOutsideDateRange);
  }
  HoursSpec spec;
  spec.shifts = {"毎日 22:00-翌06:00"};
  spec.year_end = "off";
  const OpeningHours nightly = Build(spec);
  EXPECT_TRUE(nightly.StatusAt(kCalendarTimeMsMin).open);  // 1899-12-31's shift
  const HoursStatus last = nightly.StatusAt(kCalendarTimeMsEnd - 1);
  EXPECT_TRUE(last.open);  // 2999-12-31 23:59
  EXPECT_EQ(last.next_close, std::nullopt);
}

TEST(HoursTest, StatusAtIsCheap) {
  const OpeningHours hours = Build(NagoyaSpec());
  // Not a benchmark: a guard against an accidental scan of years per call.
  for (int i = 0; i < 20'000; ++i) (void)hours.StatusAt(At(0, 0) + i * 7 * kMinute);
}

// ---- The parser ----

std::vector<Shift> Shifts(std::string_view text) {
  auto shifts = ParseShiftSpec(text);
  EXPECT_TRUE(shifts) << text << ": " << (shifts ? "" : shifts.error().en);
  return shifts ? *shifts : std::vector<Shift>{};
}

std::string ShiftError(std::string_view text) {
  auto shifts = ParseShiftSpec(text);
  EXPECT_FALSE(shifts) << text;
  return shifts ? std::string() : shifts.error().ja + " / " + shifts.error().en;
}

TEST(HoursSpecTest, DayNamesInJapaneseAndEnglish) {
  const std::vector<Shift> tue_fri = Shifts("火-金 16:00-20:00");
  ASSERT_EQ(tue_fri.size(), 4u);
  EXPECT_EQ(tue_fri[0], (Shift{Weekday::kTuesday, 16 * 60, 20 * 60}));
  EXPECT_EQ(tue_fri[3].weekday, Weekday::kFriday);
  for (std::string_view same :
       {"tue-fri 16:00-20:00", "Tuesday-Friday 16:00-20:00", "火曜-金曜 16:00-20:00",
        "火曜日〜金曜日 16:00〜20:00", "火,水,木,金 16:00-20:00", "火・水・木・金　16:00-20:00",
        "火、水、木、金 16:00～20:00", "TUE - FRI 16:00 - 20:00", "火水木金 16:00-20:00",
        "火-金16:00-20:00"}) {
    EXPECT_EQ(Shifts(same), tue_fri) << same;
  }
  EXPECT_EQ(Shifts("平日 9:00-17:00"), Shifts("mon-fri 09:00-17:00"));
  EXPECT_EQ(Shifts("weekdays 9:00-17:00").size(), 5u);
  EXPECT_EQ(Shifts("毎日 9:00-17:00").size(), 7u);
  EXPECT_EQ(Shifts("daily 9:00-17:00").size(), 7u);
  EXPECT_EQ(Shifts("土日 10:00-12:00").size(), 2u);
  const std::vector<Shift> wrap = Shifts("金-月 10:00-12:00");  // Fri, Sat, Sun, Mon
  ASSERT_EQ(wrap.size(), 4u);
  EXPECT_EQ(wrap[0].weekday, Weekday::kSunday);
  EXPECT_EQ(wrap[3].weekday, Weekday::kSaturday);
  EXPECT_EQ(Shifts("sat 10:00-12:00,13:00-17:00").size(), 2u);
  EXPECT_EQ(Shifts("日 0:00-24:00")[0].end_minute, 1440);
  EXPECT_EQ(Shifts("日 23:59-47:59")[0].end_minute, 47 * 60 + 59);
}

TEST(HoursSpecTest, ShiftErrorsSayWhy) {
  EXPECT_EQ(ShiftError(""), "空です / empty");
  EXPECT_NE(ShiftError("火-金").find("no times"), std::string::npos);
  EXPECT_NE(ShiftError("火-金 １６:００-２０:００").find("ASCII digits"), std::string::npos);
  EXPECT_NE(ShiftError("16:00-20:00").find("no days"), std::string::npos);
  EXPECT_NE(ShiftError("火-金 16:00").find("bad time range \"16:00\""), std::string::npos);
  EXPECT_EQ(ShiftError("火-金 16:00-2000"), "時刻が読めません \"2000\" / bad time \"2000\" (H:MM)");
  EXPECT_NE(ShiftError("火-金 16:0-20:00").find("bad time \"16:0\""), std::string::npos);
  EXPECT_NE(ShiftError("火-金 16:60-20:00").find("bad time"), std::string::npos);
  const std::string overnight = ShiftError("土 22:00-02:00");
  EXPECT_NE(overnight.find("翌02:00 か 26:00"), std::string::npos);
  EXPECT_NE(overnight.find("past midnight write 翌02:00 or 26:00"), std::string::npos);
  EXPECT_NE(ShiftError("土 22:00-22:00").find("not after the start"), std::string::npos);
  EXPECT_NE(ShiftError("土 24:00-25:00").find("starts between 0:00 and 23:59"), std::string::npos);
  EXPECT_NE(ShiftError("土 10:00-翌10:01").find("longer than 24 hours"), std::string::npos);
  EXPECT_NE(ShiftError("土 10:00-48:00").find("bad time \"48:00\""), std::string::npos);
  EXPECT_NE(ShiftError("土 10:00-翌24:00").find("bad time"), std::string::npos);
  EXPECT_EQ(ShiftError("xyz 16:00-20:00"), "曜日が読めません \"xyz\" / unknown day \"xyz\"");
  EXPECT_NE(ShiftError("火- 16:00-20:00").find("unknown day \"\""), std::string::npos);
  EXPECT_NE(ShiftError("火,,金 16:00-20:00").find("empty day"), std::string::npos);
  EXPECT_NE(ShiftError("火 16:00-20:00,").find("bad time range"), std::string::npos);
  EXPECT_NE(ShiftError(std::string(300, 'a')).find("too long"), std::string::npos);
  EXPECT_EQ(ShiftError("火 \xff 16:00-20:00"), "UTF-8 ではありません / not valid UTF-8");
}

TEST(HoursSpecTest, NagoyaSpecParses) {
  auto config = ParseHoursSpec(NagoyaSpec());
  ASSERT_TRUE(config);
  EXPECT_EQ(config->shifts.size(), 5u);
  EXPECT_EQ(config->period_from, (Date{2018, 12, 1}));
  EXPECT_EQ(config->period_to, (Date{2018, 12, 28}));
  EXPECT_TRUE(config->closed_on_holidays);
  EXPECT_EQ(config->year_end, (YearEndBreak{{12, 29}, {1, 3}}));
  EXPECT_EQ(config->intake_closes_minutes_before, 0);
}

TEST(HoursSpecTest, OverlapsAreErrorsTouchingIsFine) {
  HoursSpec spec;
  spec.shifts = {"火 16:00-20:00", "火 20:00-22:00"};
  EXPECT_TRUE(ParseHoursSpec(spec));
  spec.shifts = {"火 16:00-20:00", "火 19:00-21:00"};
  auto overlap = ParseHoursSpec(spec);
  ASSERT_FALSE(overlap);
  ASSERT_EQ(overlap.error().size(), 1u);
  EXPECT_EQ(overlap.error()[0].field, "shifts");
  EXPECT_EQ(overlap.error()[0].index, 1u);
  EXPECT_EQ(overlap.error()[0].message,
            "shifts[1]: シフトが重なっています \"火 19:00-21:00\" と shifts[0] \"火 "
            "16:00-20:00\" / shifts[1]: shift \"火 19:00-21:00\" overlaps shifts[0] \"火 "
            "16:00-20:00\"");
  spec.shifts = {"土 22:00-翌02:00", "日 01:00-05:00"};
  EXPECT_FALSE(ParseHoursSpec(spec));
  spec.shifts = {"土 22:00-翌02:00", "日 02:00-05:00"};
  EXPECT_TRUE(ParseHoursSpec(spec));
  spec.shifts = {"月-金 10:00-12:00", "水 11:00-13:00"};
  EXPECT_FALSE(ParseHoursSpec(spec));
}

TEST(HoursSpecTest, EveryFieldAndAllErrorsAtOnce) {
  HoursSpec spec;
  spec.shifts = {"火-金 16:00-20:00", "火-金 16:00-2000", "foo 1:00-2:00"};
  spec.period = "2018-12-28..2018-12-01";
  spec.closures = {"2018-12-10", "2018-12-10 .. 2018-12-12", "2018-12-32", "2018-12-11..x"};
  spec.year_end = "12-29..1-3";
  spec.local_days_off = {"11-14 県民の日", "13-01", "2018-11-27"};
  spec.intake_closes_minutes_before = 1441;
  auto parsed = ParseHoursSpec(spec);
  ASSERT_FALSE(parsed);
  std::vector<std::string> where;
  for (const HoursSpecError& e : parsed.error()) {
    where.push_back(e.field + "[" + std::to_string(e.index) + "]");
  }
  EXPECT_EQ(where,
            (std::vector<std::string>{"shifts[1]", "shifts[2]", "period[0]", "closures[1]",
                                      "closures[2]", "closures[3]", "year_end[0]",
                                      "local_days_off[1]", "intake_closes_minutes_before[0]"}));
  EXPECT_EQ(parsed.error()[0].message,
            "shifts[1]: 時刻が読めません \"2000\" / shifts[1]: bad time \"2000\" (H:MM)");
  EXPECT_NE(parsed.error()[2].message.find("period: 終わりの日が始まりの日より前です"),
            std::string::npos);
  EXPECT_NE(parsed.error()[3].message.find("no spaces around"), std::string::npos);
  EXPECT_NE(parsed.error()[6].message.find("year_end: "), std::string::npos);
}

TEST(HoursSpecTest, PeriodsYearEndAndDaysOff) {
  HoursSpec spec;
  spec.period = "2018-12-01..";
  auto open_end = ParseHoursSpec(spec);
  ASSERT_TRUE(open_end);
  EXPECT_EQ(open_end->period_from, (Date{2018, 12, 1}));
  EXPECT_EQ(open_end->period_to, std::nullopt);
  spec.period = "..2018-12-28";
  EXPECT_EQ(ParseHoursSpec(spec)->period_from, std::nullopt);
  spec.period = "2018-12-05";
  EXPECT_EQ(ParseHoursSpec(spec)->period_to, (Date{2018, 12, 5}));
  spec.period = "..";
  EXPECT_FALSE(ParseHoursSpec(spec));
  spec.period = "2018/12/01";
  EXPECT_FALSE(ParseHoursSpec(spec));
  spec.period = "";

  for (std::string_view off : {"", "off", "OFF", "なし"}) {
    spec.year_end = std::string(off);
    EXPECT_EQ(ParseHoursSpec(spec)->year_end, std::nullopt) << off;
  }
  spec.year_end = "12-28..12-31";
  EXPECT_EQ(ParseHoursSpec(spec)->year_end, (YearEndBreak{{12, 28}, {12, 31}}));
  spec.year_end = "02-29..03-01";
  EXPECT_TRUE(ParseHoursSpec(spec));
  spec.year_end = "02-30..03-01";
  EXPECT_FALSE(ParseHoursSpec(spec));
  spec.year_end = "12-29..01-03";

  spec.local_days_off = {"11-14 県民の日", "2018-11-27 創立記念日", "02-29"};
  spec.closures = {"2018-12-10..2018-12-12 研修 午後も"};
  auto parsed = ParseHoursSpec(spec);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->local_days_off.size(), 3u);
  EXPECT_EQ(parsed->local_days_off[0], (LocalDayOff{std::nullopt, {11, 14}, "県民の日"}));
  EXPECT_EQ(parsed->local_days_off[1], (LocalDayOff{2018, {11, 27}, "創立記念日"}));
  EXPECT_EQ(parsed->local_days_off[2].name, "");
  EXPECT_EQ(parsed->closures[0], (Closure{Date{2018, 12, 10}, Date{2018, 12, 12}, "研修 午後も"}));

  spec.intake_closes_minutes_before = -1;
  EXPECT_FALSE(ParseHoursSpec(spec));
  spec.intake_closes_minutes_before = kIntakeClosesMinutesBeforeMax;
  EXPECT_TRUE(ParseHoursSpec(spec));
}

TEST(HoursSpecTest, LimitsOnBothSides) {
  HoursSpec spec;
  spec.closures.assign(kHoursSpecItemsMax, "2018-12-10");
  EXPECT_TRUE(ParseHoursSpec(spec));
  spec.closures.push_back("2018-12-10");
  EXPECT_FALSE(ParseHoursSpec(spec));

  HoursSpec many;
  // 200 shifts of 7 minutes on every day of the week: 1400 > kHoursShiftsMax.
  for (int i = 0; i < 200; ++i) {
    const int start = i * 7;
    char text[64];
    std::snprintf(text, sizeof text, "毎日 %d:%02d-%d:%02d", start / 60, start % 60,
                  (start + 7) / 60, (start + 7) % 60);
    many.shifts.push_back(text);
  }
  auto too_many = ParseHoursSpec(many);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().back().message.find("too many shifts"), std::string::npos);
  many.shifts.resize(kHoursShiftsMax / 7);
  EXPECT_TRUE(ParseHoursSpec(many));

  spec.closures = {"2018-12-10 " + std::string(kHoursNoteBytesMax, 'a')};
  EXPECT_TRUE(ParseHoursSpec(spec));
  spec.closures = {"2018-12-10 " + std::string(kHoursNoteBytesMax + 1, 'a')};
  EXPECT_FALSE(ParseHoursSpec(spec));
}

TEST(HoursTest, ReasonNames) {
  EXPECT_EQ(ClosedReasonName(ClosedReason::kOutsideDateRange), "outside_date_range");
  EXPECT_EQ(ClosedReasonName(ClosedReason::kNoShift), "no_shift");
  EXPECT_EQ(ClosedReasonLabelJa(ClosedReason::kYearEnd), "年末年始休業");
  EXPECT_EQ(ClosedReasonLabelJa(ClosedReason::kHoliday), "祝日");
}

}  // namespace
}  // namespace tsunagu::core::calendar
