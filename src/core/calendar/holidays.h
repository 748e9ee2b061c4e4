// Japanese national holidays (国民の祝日・休日), computed from the rules of the law
// (国民の祝日に関する法律, 1948, and its amendments and special laws), correct for every date
// from 1955 to 2099. docs/calendar.md tells the history behind each rule.
//
// Three kinds of day off come out of the law:
//   国民の祝日  the named holidays (元日, 成人の日, ...), including the days a special law made
//               holidays once (1959-04-10 結婚の儀, ..., 2019-05-01 休日（祝日扱い）);
//   振替休日    a substitute day, when a 祝日 falls on a Sunday (from 1973-04-12): until 2006 the
//               next day, from 2007 the next day that is not itself a 祝日;
//   国民の休日  a day between two 祝日 (from 1985-12-27; until 2006 not on a Sunday or a
//               振替休日).
// The Cabinet Office's list (syukujitsu.csv) calls both of the last two just 「休日」. This API
// names them 「振替休日」 and 「国民の休日」, which is what staff and children understand; see
// holiday_csv.h for how the CSV's 「休日」 rows are told apart.
//
// The rules are the law as of 2025. A later change reaches tsunagu through the Cabinet Office's
// CSV (holiday_csv.h): a HolidayTable takes every year the CSV lists from the CSV instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/date.h"

namespace tsunagu::core::calendar {

// The years the rules answer for. Outside them the rules give no holidays (the equinox formula
// and the one-off days are not known there); a CSV can still supply such years.
inline constexpr int kHolidayRulesYearMin = 1955;
inline constexpr int kHolidayRulesYearMax = 2099;

enum class HolidayKind : std::uint8_t {
  kNational,    // 国民の祝日, including the one-off days and 2019's 休日（祝日扱い）
  kSubstitute,  // 振替休日
  kCitizens,    // 国民の休日 (the day between two 祝日)
  kOther,       // a CSV 「休日」 row that is neither of the two above (never from the rules)
};

std::string_view HolidayKindName(HolidayKind kind);  // "national", "substitute", ...

// The names this API gives the two generic kinds of day off.
inline constexpr std::string_view kSubstituteHolidayName = "振替休日";
inline constexpr std::string_view kCitizensHolidayName = "国民の休日";

struct Holiday {
  Date date;
  std::string name;  // as the Cabinet Office lists it, e.g. "元日", "体育の日（スポーツの日）"
  HolidayKind kind = HolidayKind::kNational;
  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// The vernal and autumnal equinox days (春分の日, 秋分の日) of a year, by the formula used for
// the almanac (valid 1900-2099; the law says only "春分日"/"秋分日" and the National
// Astronomical Observatory announces each year's date in February of the year before).
// The day of March / of September.
int VernalEquinoxDay(int year);
int AutumnalEquinoxDay(int year);

// Every holiday of a year by the rules, in date order; empty outside kHolidayRulesYearMin..Max.
// No holiday rule reaches across New Year, so a year is self-contained.
std::vector<Holiday> RuleHolidaysOfYear(int year);

// Holidays by year, from the rules or, for the years it was given, from the Cabinet Office's
// list. Immutable once built, so one table can serve every thread. Lookups are a binary search
// in one year (about 20 entries).
class HolidayTable {
 public:
  // The rules only.
  HolidayTable();
  // Each year that has at least one entry in `listed` is taken from it, whole, instead of the
  // rules; the other years come from the rules. Entries outside kDateYearMin..kDateYearMax are
  // ignored. Typically the result of ParseSyukujitsuCsv.
  explicit HolidayTable(const std::vector<Holiday>& listed);

  // The holiday on date, or nullptr.
  const Holiday* Find(Date date) const;
  bool IsHoliday(Date date) const { return Find(date) != nullptr; }
  std::optional<std::string> Name(Date date) const;

  // The holidays from `from` to `to`, both included, in date order.
  std::vector<Holiday> Between(Date from, Date to) const;

  // True when the year comes from the list given to the constructor.
  bool IsListed(int year) const;

 private:
  // years_[year - kDateYearMin], each sorted by date.
  std::vector<std::vector<Holiday>> years_;
  std::vector<bool> listed_;
};

// The rules-only table, built once (thread-safe) on first use.
const HolidayTable& RuleHolidayTable();

// Shortcuts over RuleHolidayTable().
std::optional<std::string> HolidayName(Date date);
std::vector<Holiday> HolidaysBetween(Date from, Date to);

}  // namespace tsunagu::core::calendar
