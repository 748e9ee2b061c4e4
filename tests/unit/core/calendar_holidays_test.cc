// The holiday rules against the Cabinet Office's list (syukujitsu.csv), year by year, and the
// parser of that list. The expected tables below were copied from the Cabinet Office's file
// (its 「休日」 rows written as 振替休日 or 国民の休日, as this API names them); 2099 was worked
// out by hand from the law's rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/calendar/date.h"
#include "core/calendar/holiday_csv.h"
#include "core/calendar/holidays.h"

namespace tsunagu::core::calendar {
namespace {

// "MM-DD 名称" for each holiday of a year by the rules.
std::vector<std::string> Rows(int year) {
  std::vector<std::string> rows;
  for (const Holiday& holiday : RuleHolidaysOfYear(year)) {
    EXPECT_EQ(holiday.date.year, year);
    rows.push_back(FormatDate(holiday.date).substr(5) + " " + holiday.name);
  }
  return rows;
}

using Table = std::vector<std::string>;

TEST(HolidayRulesTest, Year1980) {
  EXPECT_EQ(Rows(1980),
            (Table{"01-01 元日", "01-15 成人の日", "02-11 建国記念の日", "03-20 春分の日",
                   "04-29 天皇誕生日", "05-03 憲法記念日", "05-05 こどもの日", "09-15 敬老の日",
                   "09-23 秋分の日", "10-10 体育の日", "11-03 文化の日", "11-23 勤労感謝の日",
                   "11-24 振替休日"}));
}

TEST(HolidayRulesTest, Year1989ShowaToHeisei) {
  // 大喪の礼; 4/29 becomes みどりの日 and 天皇誕生日 moves to 12/23; 5/4 between two 祝日.
  EXPECT_EQ(Rows(1989),
            (Table{"01-01 元日", "01-02 振替休日", "01-15 成人の日", "01-16 振替休日",
                   "02-11 建国記念の日", "02-24 大喪の礼", "03-21 春分の日", "04-29 みどりの日",
                   "05-03 憲法記念日", "05-04 国民の休日", "05-05 こどもの日", "09-15 敬老の日",
                   "09-23 秋分の日", "10-10 体育の日", "11-03 文化の日", "11-23 勤労感謝の日",
                   "12-23 天皇誕生日"}));
}

TEST(HolidayRulesTest, Year1990Enthronement) {
  EXPECT_EQ(Rows(1990),
            (Table{"01-01 元日", "01-15 成人の日", "02-11 建国記念の日", "02-12 振替休日",
                   "03-21 春分の日", "04-29 みどりの日", "04-30 振替休日", "05-03 憲法記念日",
                   "05-04 国民の休日", "05-05 こどもの日", "09-15 敬老の日", "09-23 秋分の日",
                   "09-24 振替休日", "10-10 体育の日", "11-03 文化の日", "11-12 即位礼正殿の儀",
                   "11-23 勤労感謝の日", "12-23 天皇誕生日", "12-24 振替休日"}));
}

TEST(HolidayRulesTest, Year2000FirstHappyMondays) {
  EXPECT_EQ(Rows(2000),
            (Table{"01-01 元日", "01-10 成人の日", "02-11 建国記念の日", "03-20 春分の日",
                   "04-29 みどりの日", "05-03 憲法記念日", "05-04 国民の休日", "05-05 こどもの日",
                   "07-20 海の日", "09-15 敬老の日", "09-23 秋分の日", "10-09 体育の日",
                   "11-03 文化の日", "11-23 勤労感謝の日", "12-23 天皇誕生日"}));
}

TEST(HolidayRulesTest, Year2007ShowaDayAndNewRules) {
  EXPECT_EQ(Rows(2007),
            (Table{"01-01 元日", "01-08 成人の日", "02-11 建国記念の日", "02-12 振替休日",
                   "03-21 春分の日", "04-29 昭和の日", "04-30 振替休日", "05-03 憲法記念日",
                   "05-04 みどりの日", "05-05 こどもの日", "07-16 海の日", "09-17 敬老の日",
                   "09-23 秋分の日", "09-24 振替休日", "10-08 体育の日", "11-03 文化の日",
                   "11-23 勤労感謝の日", "12-23 天皇誕生日", "12-24 振替休日"}));
}

TEST(HolidayRulesTest, Year2009SilverWeek) {
  EXPECT_EQ(Rows(2009),
            (Table{"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "03-20 春分の日",
                   "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日",
                   "05-06 振替休日", "07-20 海の日", "09-21 敬老の日", "09-22 国民の休日",
                   "09-23 秋分の日", "10-12 体育の日", "11-03 文化の日", "11-23 勤労感謝の日",
                   "12-23 天皇誕生日"}));
}

TEST(HolidayRulesTest, Year2015) {
  EXPECT_EQ(Rows(2015),
            (Table{"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "03-21 春分の日",
                   "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日",
                   "05-06 振替休日", "07-20 海の日", "09-21 敬老の日", "09-22 国民の休日",
                   "09-23 秋分の日", "10-12 体育の日", "11-03 文化の日", "11-23 勤労感謝の日",
                   "12-23 天皇誕生日"}));
}

TEST(HolidayRulesTest, Year2018) {
  EXPECT_EQ(
      Rows(2018),
      (Table{"01-01 元日",       "01-08 成人の日",     "02-11 建国記念の日", "02-12 振替休日",
             "03-21 春分の日",   "04-29 昭和の日",     "04-30 振替休日",     "05-03 憲法記念日",
             "05-04 みどりの日", "05-05 こどもの日",   "07-16 海の日",       "08-11 山の日",
             "09-17 敬老の日",   "09-23 秋分の日",     "09-24 振替休日",     "10-08 体育の日",
             "11-03 文化の日",   "11-23 勤労感謝の日", "12-23 天皇誕生日",   "12-24 振替休日"}));
}

TEST(HolidayRulesTest, Year2019Enthronement) {
  // No 天皇誕生日; 5/1 and 10/22 by special law; 4/30 and 5/2 between two 祝日.
  EXPECT_EQ(Rows(2019), (Table{"01-01 元日",
                               "01-14 成人の日",
                               "02-11 建国記念の日",
                               "03-21 春分の日",
                               "04-29 昭和の日",
                               "04-30 国民の休日",
                               "05-01 休日（祝日扱い）",
                               "05-02 国民の休日",
                               "05-03 憲法記念日",
                               "05-04 みどりの日",
                               "05-05 こどもの日",
                               "05-06 振替休日",
                               "07-15 海の日",
                               "08-11 山の日",
                               "08-12 振替休日",
                               "09-16 敬老の日",
                               "09-23 秋分の日",
                               "10-14 体育の日（スポーツの日）",
                               "10-22 休日（祝日扱い）",
                               "11-03 文化の日",
                               "11-04 振替休日",
                               "11-23 勤労感謝の日"}));
}

TEST(HolidayRulesTest, Year2020OlympicMoves) {
  EXPECT_EQ(Rows(2020),
            (Table{"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
                   "02-24 振替休日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
                   "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-23 海の日",
                   "07-24 スポーツの日", "08-10 山の日", "09-21 敬老の日", "09-22 秋分の日",
                   "11-03 文化の日", "11-23 勤労感謝の日"}));
}

TEST(HolidayRulesTest, Year2021OlympicMoves) {
  EXPECT_EQ(Rows(2021),
            (Table{"01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
                   "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
                   "05-05 こどもの日", "07-22 海の日", "07-23 スポーツの日", "08-08 山の日",
                   "08-09 振替休日", "09-20 敬老の日", "09-23 秋分の日", "11-03 文化の日",
                   "11-23 勤労感謝の日"}));
}

TEST(HolidayRulesTest, Year2026) {
  EXPECT_EQ(Rows(2026),
            (Table{"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
                   "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
                   "05-05 こどもの日", "05-06 振替休日", "07-20 海の日", "08-11 山の日",
                   "09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 スポーツの日",
                   "11-03 文化の日", "11-23 勤労感謝の日"}));
}

TEST(HolidayRulesTest, Year2099LastYearOfTheRules) {
  // 2099 starts on a Thursday like 2026 and has the same equinoxes, so the same table.
  EXPECT_EQ(Rows(2099), Rows(2026));
  EXPECT_EQ(WeekdayOf(Date{2099, 1, 1}), Weekday::kThursday);
  EXPECT_EQ(Rows(2099).size(), 18u);
}

TEST(HolidayRulesTest, NoRulesOutsideTheirYears) {
  EXPECT_TRUE(RuleHolidaysOfYear(1954).empty());
  EXPECT_TRUE(RuleHolidaysOfYear(2100).empty());
  EXPECT_FALSE(RuleHolidaysOfYear(kHolidayRulesYearMin).empty());
  EXPECT_FALSE(RuleHolidaysOfYear(kHolidayRulesYearMax).empty());
  EXPECT_EQ(HolidayName(Date{1954, 1, 1}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2100, 1, 1}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{1955, 1, 1}), "元日");
}

TEST(HolidayRulesTest, SubstituteBefore2007IsTheNextDayOnly) {
  // In force from 1973-04-12: 1973-02-11 (Sunday) had none, 1973-04-29 (Sunday) the first.
  EXPECT_EQ(HolidayName(Date{1973, 2, 12}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{1973, 4, 30}), "振替休日");
  // 1992-05-03 was a Sunday: 5/4 became the 振替休日 (not a 国民の休日).
  EXPECT_EQ(HolidayName(Date{1992, 5, 4}), "振替休日");
  EXPECT_EQ(HolidayName(Date{1992, 5, 6}), std::nullopt);
  // 1996-05-05 (Sunday): 5/6.
  EXPECT_EQ(HolidayName(Date{1996, 5, 6}), "振替休日");
}

TEST(HolidayRulesTest, SubstituteFrom2007IsTheNextNonHoliday) {
  // 2008-05-04 (みどりの日) was a Sunday; 5/5 is a 祝日, so the substitute is 5/6.
  EXPECT_EQ(HolidayName(Date{2008, 5, 4}), "みどりの日");
  EXPECT_EQ(HolidayName(Date{2008, 5, 5}), "こどもの日");
  EXPECT_EQ(HolidayName(Date{2008, 5, 6}), "振替休日");
  // 2009-05-03 (Sunday): 5/4 and 5/5 are 祝日, so 5/6.
  EXPECT_EQ(HolidayName(Date{2009, 5, 6}), "振替休日");
  // 2015-05-03 likewise.
  EXPECT_EQ(HolidayName(Date{2015, 5, 6}), "振替休日");
}

TEST(HolidayRulesTest, CitizensHolidayRules) {
  // In force from 1985-12-27: 1986-05-04 was a Sunday (excluded until 2006), 1987-05-04 a
  // 振替休日, 1988-05-04 the first 国民の休日.
  EXPECT_EQ(HolidayName(Date{1986, 5, 4}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{1987, 5, 4}), "振替休日");
  EXPECT_EQ(HolidayName(Date{1988, 5, 4}), "国民の休日");
  // Saturdays were never excluded: 1991-05-04.
  EXPECT_EQ(HolidayName(Date{1991, 5, 4}), "国民の休日");
  // Sundays were until 2006: 1997-05-04 and 2003-05-04.
  EXPECT_EQ(HolidayName(Date{1997, 5, 4}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2003, 5, 4}), std::nullopt);
  const Holiday* silver_week = RuleHolidayTable().Find(Date{2009, 9, 22});
  ASSERT_NE(silver_week, nullptr);
  EXPECT_EQ(silver_week->kind, HolidayKind::kCitizens);
}

TEST(HolidayRulesTest, HistoryOfEachHoliday) {
  EXPECT_EQ(HolidayName(Date{1966, 2, 11}), std::nullopt);  // 建国記念の日 from 1967
  EXPECT_EQ(HolidayName(Date{1967, 2, 11}), "建国記念の日");
  EXPECT_EQ(HolidayName(Date{1965, 9, 15}), std::nullopt);  // 敬老の日, 体育の日 from 1966
  EXPECT_EQ(HolidayName(Date{1966, 9, 15}), "敬老の日");
  EXPECT_EQ(HolidayName(Date{1966, 10, 10}), "体育の日");
  EXPECT_EQ(HolidayName(Date{1999, 1, 15}), "成人の日");
  EXPECT_EQ(HolidayName(Date{2000, 1, 15}), std::nullopt);  // 2nd Monday: 1/10
  EXPECT_EQ(HolidayName(Date{1995, 7, 20}), std::nullopt);  // 海の日 from 1996
  EXPECT_EQ(HolidayName(Date{2002, 7, 20}), "海の日");
  EXPECT_EQ(HolidayName(Date{2003, 7, 21}), "海の日");  // 3rd Monday from 2003
  EXPECT_EQ(HolidayName(Date{2002, 9, 15}), "敬老の日");
  EXPECT_EQ(HolidayName(Date{2003, 9, 15}), "敬老の日");  // a Monday, the 3rd
  EXPECT_EQ(HolidayName(Date{2004, 9, 15}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2004, 9, 20}), "敬老の日");
  EXPECT_EQ(HolidayName(Date{1988, 4, 29}), "天皇誕生日");
  EXPECT_EQ(HolidayName(Date{2006, 4, 29}), "みどりの日");
  EXPECT_EQ(HolidayName(Date{2006, 5, 4}), "国民の休日");
  EXPECT_EQ(HolidayName(Date{2007, 5, 4}), "みどりの日");
  EXPECT_EQ(HolidayName(Date{1988, 12, 23}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2018, 12, 23}), "天皇誕生日");
  EXPECT_EQ(HolidayName(Date{2019, 2, 23}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2019, 12, 23}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2020, 2, 23}), "天皇誕生日");
  EXPECT_EQ(HolidayName(Date{2015, 8, 11}), std::nullopt);  // 山の日 from 2016
  EXPECT_EQ(HolidayName(Date{2016, 8, 11}), "山の日");
  EXPECT_EQ(HolidayName(Date{2020, 8, 11}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2021, 8, 11}), std::nullopt);
  EXPECT_EQ(HolidayName(Date{2022, 8, 11}), "山の日");
  EXPECT_EQ(HolidayName(Date{2020, 10, 12}), std::nullopt);  // moved to 7/24
  EXPECT_EQ(HolidayName(Date{2021, 7, 19}), std::nullopt);   // moved to 7/22
  EXPECT_EQ(HolidayName(Date{2022, 10, 10}), "スポーツの日");
  EXPECT_EQ(HolidayName(Date{1959, 4, 10}), "結婚の儀");
  EXPECT_EQ(HolidayName(Date{1993, 6, 9}), "結婚の儀");
}

TEST(HolidayRulesTest, EquinoxDays) {
  struct Case {
    int year, vernal, autumnal;
  };
  // From the Cabinet Office's list (1955-2027), then the formula's values for later years.
  const Case cases[] = {{1955, 21, 24}, {1956, 21, 23}, {1960, 20, 23}, {1964, 20, 23},
                        {1979, 21, 24}, {1980, 20, 23}, {1988, 20, 23}, {2012, 20, 22},
                        {2016, 20, 22}, {2020, 20, 22}, {2024, 20, 22}, {2025, 20, 23},
                        {2027, 21, 23}, {2044, 20, 22}, {2092, 19, 22}, {2099, 20, 23}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.year);
    EXPECT_EQ(VernalEquinoxDay(c.year), c.vernal);
    EXPECT_EQ(AutumnalEquinoxDay(c.year), c.autumnal);
    EXPECT_EQ(HolidayName(Date{c.year, 3, c.vernal}).value_or(""), "春分の日");
    EXPECT_EQ(HolidayName(Date{c.year, 9, c.autumnal}).value_or(""), "秋分の日");
  }
}

TEST(HolidayRulesTest, EveryYearIsSaneFrom1955To2099) {
  for (int year = kHolidayRulesYearMin; year <= kHolidayRulesYearMax; ++year) {
    SCOPED_TRACE(year);
    const std::vector<Holiday> days = RuleHolidaysOfYear(year);
    ASSERT_GE(days.size(), 9u);
    ASSERT_LE(days.size(), 22u);
    for (std::size_t i = 0; i < days.size(); ++i) {
      EXPECT_TRUE(IsValidDate(days[i].date));
      if (i > 0) {
        EXPECT_LT(days[i - 1].date, days[i].date);
      }
      // A 振替休日 follows a run of days off that starts with a Sunday 祝日.
      if (days[i].kind == HolidayKind::kSubstitute) {
        Date back = AddDays(days[i].date, -1);
        while (WeekdayOf(back) != Weekday::kSunday) {
          ASSERT_TRUE(RuleHolidayTable().IsHoliday(back)) << FormatDate(days[i].date);
          back = AddDays(back, -1);
        }
        EXPECT_EQ(RuleHolidayTable().Find(back)->kind, HolidayKind::kNational);
      }
      if (days[i].kind == HolidayKind::kCitizens) {
        EXPECT_EQ(RuleHolidayTable().Find(AddDays(days[i].date, -1))->kind, HolidayKind::kNational);
        EXPECT_EQ(RuleHolidayTable().Find(AddDays(days[i].date, 1))->kind, HolidayKind::kNational);
      }
    }
  }
}

TEST(HolidayRulesTest, BetweenCrossesYears) {
  const std::vector<Holiday> days = HolidaysBetween(Date{2018, 12, 23}, Date{2019, 1, 14});
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(days[0].name, "天皇誕生日");
  EXPECT_EQ(days[1].name, "振替休日");
  EXPECT_EQ(days[1].kind, HolidayKind::kSubstitute);
  EXPECT_EQ(days[2].date, (Date{2019, 1, 1}));
  EXPECT_EQ(days[3].date, (Date{2019, 1, 14}));
  EXPECT_TRUE(HolidaysBetween(Date{2019, 1, 14}, Date{2019, 1, 13}).empty());
  EXPECT_EQ(HolidaysBetween(Date{1800, 1, 1}, Date{5000, 1, 1}).size(),
            HolidaysBetween(Date{1955, 1, 1}, Date{2099, 12, 31}).size());
}

// ---- syukujitsu.csv ----

// The rules of some years written as the Cabinet Office writes them.
std::string CsvOf(int first_year, int last_year, std::string_view newline) {
  std::string csv = std::string(kSyukujitsuCsvHeader) + std::string(newline);
  for (int year = first_year; year <= last_year; ++year) {
    for (const Holiday& h : RuleHolidaysOfYear(year)) {
      const std::string name = h.kind == HolidayKind::kNational ? h.name : "休日";
      csv += std::to_string(h.date.year) + "/" + std::to_string(h.date.month) + "/" +
             std::to_string(h.date.day) + "," + name + std::string(newline);
    }
  }
  return csv;
}

TEST(SyukujitsuCsvTest, ParsesTheOfficialLayoutWithCrlf) {
  const std::string csv =
      "国民の祝日・休日月日,国民の祝日・休日名称\r\n"
      "2018/12/23,天皇誕生日\r\n"
      "2018/12/24,休日\r\n"
      "2019/4/29,昭和の日\r\n"
      "2019/4/30,休日\r\n"
      "2019/5/1,休日（祝日扱い）\r\n"
      "2019/5/2,休日\r\n"
      "2019/5/3,憲法記念日\r\n"
      "2019/5/4,みどりの日\r\n"
      "2019/5/5,こどもの日\r\n"
      "2019/5/6,休日\r\n";
  auto parsed = ParseSyukujitsuCsv(csv);
  ASSERT_TRUE(parsed) << parsed.error().front().message;
  ASSERT_EQ(parsed->size(), 10u);
  EXPECT_EQ((*parsed)[1], (Holiday{{2018, 12, 24}, "振替休日", HolidayKind::kSubstitute}));
  EXPECT_EQ((*parsed)[3], (Holiday{{2019, 4, 30}, "国民の休日", HolidayKind::kCitizens}));
  EXPECT_EQ((*parsed)[4], (Holiday{{2019, 5, 1}, "休日（祝日扱い）", HolidayKind::kNational}));
  EXPECT_EQ((*parsed)[5], (Holiday{{2019, 5, 2}, "国民の休日", HolidayKind::kCitizens}));
  EXPECT_EQ((*parsed)[9], (Holiday{{2019, 5, 6}, "振替休日", HolidayKind::kSubstitute}));
}

TEST(SyukujitsuCsvTest, EveryYearOfTheRulesRoundTrips) {
  // Written with 「休日」 as the Cabinet Office does, every year reads back as the rules made
  // it: the parser's 振替休日 / 国民の休日 classification agrees with the rules, 1955-2099.
  auto parsed = ParseSyukujitsuCsv(CsvOf(kHolidayRulesYearMin, kHolidayRulesYearMax, "\n"));
  ASSERT_TRUE(parsed) << parsed.error().front().message;
  EXPECT_EQ(*parsed,
            HolidaysBetween(Date{kHolidayRulesYearMin, 1, 1}, Date{kHolidayRulesYearMax, 12, 31}));
}

TEST(SyukujitsuCsvTest, BomBlankLinesPaddingAndSpacesAreFine) {
  auto parsed = ParseSyukujitsuCsv(
      "\xEF\xBB\xBF国民の祝日・休日月日,国民の祝日・休日名称\n\n 2030/01/01 , 元日 \n\n");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0], (Holiday{{2030, 1, 1}, "元日", HolidayKind::kNational}));
}

TEST(SyukujitsuCsvTest, ErrorsNameTheLineAndTheReason) {
  auto parsed = ParseSyukujitsuCsv(
      "国民の祝日・休日月日,国民の祝日・休日名称\r\n"
      "2018/1/1,元日\r\n"
      "2018/13/1,成人の日\r\n"
      "2018/2/11\r\n"
      "2018/1/1,元日\r\n"
      "2018/3/21,\r\n"
      "18/3/21,春分の日\r\n"
      "1800/1/1,元日\r\n"
      "2018/4/29,昭和の日,x\r\n"
      "2018/5/3,\xff\xfe\r\n"
      "2018/2/30,休日\r\n");
  ASSERT_FALSE(parsed);
  const std::vector<HolidayCsvError>& errors = parsed.error();
  ASSERT_EQ(errors.size(), 9u);
  EXPECT_EQ(errors[0].line, 3u);
  EXPECT_EQ(errors[0].message, "行 3: 日付が読めません / line 3: bad date \"2018/13/1\"");
  EXPECT_EQ(errors[1].line, 4u);
  EXPECT_NE(errors[1].message.find("expected two fields"), std::string::npos);
  EXPECT_EQ(errors[2].message,
            "行 5: 2018-01-01 は行 2 にもあります / line 5: date 2018-01-01 already on line 2");
  EXPECT_EQ(errors[3].message, "行 6: 名称が空です / line 6: empty name");
  EXPECT_NE(errors[4].message.find("bad date \"18/3/21\""), std::string::npos);
  EXPECT_NE(errors[5].message.find("date out of range \"1800/1/1\""), std::string::npos);
  EXPECT_EQ(errors[6].line, 9u);
  EXPECT_NE(errors[7].message.find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(errors[8].message.find("bad date \"2018/2/30\""), std::string::npos);
}

TEST(SyukujitsuCsvTest, MissingHeaderAndEmptyFiles) {
  auto no_header = ParseSyukujitsuCsv("2018/1/1,元日\n");
  ASSERT_FALSE(no_header);
  EXPECT_EQ(no_header.error()[0].line, 1u);
  EXPECT_NE(no_header.error()[0].message.find("not the header"), std::string::npos);

  auto empty = ParseSyukujitsuCsv("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error()[0].message, "ファイルが空です / the file is empty");

  auto header_only = ParseSyukujitsuCsv("国民の祝日・休日月日,国民の祝日・休日名称\r\n");
  ASSERT_FALSE(header_only);
  EXPECT_EQ(header_only.error()[0].message, "祝日の行がありません / no holiday rows");

  // Still Shift_JIS: named as such.
  auto sjis =
      ParseSyukujitsuCsv("\x8d\x91\x96\xaf\x82\xcc\x8fj\x93\xfa\n2018/1/1,\x8c\xb3\x93\xfa\n");
  ASSERT_FALSE(sjis);
  EXPECT_NE(sjis.error().back().message.find("Shift_JIS"), std::string::npos);
}

TEST(SyukujitsuCsvTest, ErrorsStopAtTheLimit) {
  std::string csv = std::string(kSyukujitsuCsvHeader) + "\n";
  for (int i = 0; i < 500; ++i) csv += "bad\n";
  auto parsed = ParseSyukujitsuCsv(csv);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().size(), kHolidayCsvErrorsMax + 1);
  EXPECT_EQ(parsed.error().back().line, 0u);

  auto huge = ParseSyukujitsuCsv(std::string(kHolidayCsvBytesMax + 1, 'x'));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().size(), 1u);
  EXPECT_NE(huge.error()[0].message.find("too large"), std::string::npos);
  // At the limit the size alone is no error.
  auto at_limit = ParseSyukujitsuCsv(std::string(kHolidayCsvBytesMax, '\n'));
  ASSERT_FALSE(at_limit);
  EXPECT_EQ(at_limit.error()[0].line, 1u);
}

TEST(SyukujitsuCsvTest, ListedYearsReplaceTheRules) {
  // A CSV from the future: 2030 with a day the rules do not know (a new law), 2031 as usual.
  const std::string csv = CsvOf(2031, 2031, "\r\n") + "2030/1/1,元日\r\n2030/6/9,新しい祝日\r\n";
  auto listed = ParseSyukujitsuCsv(csv);
  ASSERT_TRUE(listed) << listed.error().front().message;
  const HolidayTable table(*listed);
  EXPECT_TRUE(table.IsListed(2030));
  EXPECT_TRUE(table.IsListed(2031));
  EXPECT_FALSE(table.IsListed(2032));
  EXPECT_EQ(table.Name(Date{2030, 6, 9}), "新しい祝日");
  // The whole year comes from the list: 成人の日 2030 is not in it.
  EXPECT_EQ(table.Name(Date{2030, 1, 14}), std::nullopt);
  EXPECT_EQ(RuleHolidayTable().Name(Date{2030, 1, 14}), "成人の日");
  EXPECT_EQ(table.Between(Date{2031, 1, 1}, Date{2031, 12, 31}),
            HolidaysBetween(Date{2031, 1, 1}, Date{2031, 12, 31}));
  // Unlisted years fall back to the rules.
  EXPECT_EQ(table.Name(Date{2032, 1, 1}), "元日");
  EXPECT_EQ(table.Name(Date{2018, 12, 24}), "振替休日");
  // Years only a list can give.
  const HolidayTable old({Holiday{{1950, 1, 1}, "元日", HolidayKind::kNational}});
  EXPECT_EQ(old.Name(Date{1950, 1, 1}), "元日");
  EXPECT_EQ(RuleHolidayTable().Name(Date{1950, 1, 1}), std::nullopt);
}

TEST(SyukujitsuCsvTest, UnclassifiableRestDayKeepsItsName) {
  auto parsed = ParseSyukujitsuCsv(
      "国民の祝日・休日月日,国民の祝日・休日名称\n2030/6/12,休日\n2030/6/10,休日\n");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].date, (Date{2030, 6, 10}));  // sorted
  EXPECT_EQ((*parsed)[0].name, "休日");
  EXPECT_EQ((*parsed)[0].kind, HolidayKind::kOther);
}

TEST(DateTest, ArithmeticAndFormat) {
  EXPECT_EQ(FormatDate(Date{2018, 12, 1}), "2018-12-01");
  EXPECT_EQ(ParseDate("2018-12-01"), (Date{2018, 12, 1}));
  EXPECT_EQ(ParseDate("2018-2-01"), std::nullopt);
  EXPECT_EQ(ParseDate("2019-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2020-02-29"), (Date{2020, 2, 29}));
  EXPECT_EQ(ParseDate("1899-12-31"), std::nullopt);
  EXPECT_EQ(ParseDate("２０１８-12-01"), std::nullopt);
  EXPECT_EQ(WeekdayOf(Date{2018, 12, 1}), Weekday::kSaturday);
  EXPECT_EQ(WeekdayOf(Date{1900, 1, 1}), Weekday::kMonday);
  EXPECT_EQ(WeekdayOf(Date{1969, 12, 31}), Weekday::kWednesday);
  EXPECT_EQ(AddDays(Date{2018, 12, 28}, 7), (Date{2019, 1, 4}));
  EXPECT_EQ(DaysBetween(Date{2018, 12, 1}, Date{2019, 1, 1}), 31);
  EXPECT_EQ(NthWeekdayOfMonth(2000, 1, Weekday::kMonday, 2), (Date{2000, 1, 10}));
  for (std::int64_t days = -80000; days <= 400000; days += 7) {
    ASSERT_EQ(DaysSinceEpoch(DateFromDays(days)), days);
  }
  // 2018-12-01 00:00 in Japan is 2018-11-30 15:00 UTC.
  EXPECT_EQ(TokyoTimeMs(Date{2018, 12, 1}, 0), 1543590000000);
  const TokyoTime t = ToTokyoTime(1543590000000 - 1);
  EXPECT_EQ(t.date, (Date{2018, 11, 30}));
  EXPECT_EQ(t.minute_of_day, 1439);
  EXPECT_EQ(t.ms_of_minute, 59'999);
  // Extremes do not overflow.
  (void)ToTokyoTime(INT64_MIN);
  (void)ToTokyoTime(INT64_MAX);
}

TEST(DateTest, IsoMomentsNeedADateATimeAndAnOffset) {
  const TimeMs dec4_1630_jst = TokyoTimeMs(Date{2018, 12, 4}, 16 * 60 + 30);
  EXPECT_EQ(ParseIsoMoment("2018-12-04T16:30:00+09:00"), dec4_1630_jst);
  EXPECT_EQ(ParseIsoMoment("2018-12-04T16:30+09:00"), dec4_1630_jst);
  EXPECT_EQ(ParseIsoMoment("2018-12-04T07:30:00Z"), dec4_1630_jst);
  EXPECT_EQ(ParseIsoMoment("2018-12-04T07:30:00.5Z"), dec4_1630_jst + 500);
  EXPECT_EQ(ParseIsoMoment("2018-12-04T07:30:00.123Z"), dec4_1630_jst + 123);
  EXPECT_EQ(ParseIsoMoment("2018-12-03T22:30:00-09:00"), dec4_1630_jst);
  EXPECT_EQ(ParseIsoMoment("1970-01-01T00:00:00Z"), TimeMs{0});
  for (const char* bad :
       {"2018-12-04T16:30:00", "2018-12-04 16:30:00Z", "2018-12-04T24:00:00Z",
        "2018-12-04T16:60:00Z", "2018-12-04T16:30:61Z", "2018-02-30T00:00:00Z",
        "2018-12-04T16:30:00.Z", "2018-12-04T16:30:00.1234Z", "2018-12-04T16:30:00+9:00",
        "2018-12-04T16:30:00+09:00 ", "", "2018-12-04T16:30:00+0900"}) {
    EXPECT_EQ(ParseIsoMoment(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace tsunagu::core::calendar
