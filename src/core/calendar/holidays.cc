#include "core/calendar/holidays.h"

#include <algorithm>
#include <utility>

namespace tsunagu::core::calendar {
namespace {

// floor(a / b) for b > 0.
constexpr std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// The almanac formula, in millionths so that it is exact integer arithmetic:
//   day = int(base + 0.242194 * (year - 1980) - int((year - leap_base) / 4))
// with base 20.8357 / 23.2588 and leap_base 1983 for 1900-1979, and base 20.8431 / 23.2488 and
// leap_base 1980 for 1980-2099. The inner int() truncates toward zero (it is negative before
// 1983): flooring it instead puts most equinoxes of 1956-1978 a day late, against the
// Cabinet Office's list.
constexpr int EquinoxDay(int year, std::int64_t base_before_1980, std::int64_t base_from_1980) {
  const bool early = year <= 1979;
  const std::int64_t base = early ? base_before_1980 : base_from_1980;
  const std::int64_t leap_base = early ? 1983 : 1980;
  const std::int64_t micro = base + 242194 * (year - 1980) - 1'000'000 * ((year - leap_base) / 4);
  return static_cast<int>(FloorDiv(micro, 1'000'000));
}

static_assert(EquinoxDay(2018, 20835700, 20843100) == 21);
static_assert(EquinoxDay(2020, 23258800, 23248800) == 22);

// The substitute-holiday rule came into force on 1973-04-12; the 国民の休日 rule on 1985-12-27.
constexpr Date kSubstituteFrom{1973, 4, 12};
constexpr Date kCitizensFrom{1985, 12, 27};
// From 2007 (2005 amendment): the substitute is the next non-祝日 day, and 国民の休日 no longer
// excludes Sundays.
constexpr int kRules2007 = 2007;

// Days made holidays once by their own laws.
struct OneOff {
  Date date;
  std::string_view name;
};
constexpr OneOff kOneOffs[] = {
    {{1959, 4, 10}, "結婚の儀"},           // 皇太子明仁親王の結婚の儀
    {{1989, 2, 24}, "大喪の礼"},           // 昭和天皇の大喪の礼
    {{1990, 11, 12}, "即位礼正殿の儀"},    // 即位礼正殿の儀（平成）
    {{1993, 6, 9}, "結婚の儀"},            // 皇太子徳仁親王の結婚の儀
    {{2019, 5, 1}, "休日（祝日扱い）"},    // 天皇の即位の日
    {{2019, 10, 22}, "休日（祝日扱い）"},  // 即位礼正殿の儀の行われる日（令和）
};

int NthMonday(int year, int month, int n) {
  return NthWeekdayOfMonth(year, month, Weekday::kMonday, n).day;
}

// The 国民の祝日 of a year (named holidays and one-off days), unsorted. Long on purpose: one
// statement per holiday in calendar order, so that it reads against the law's table.
std::vector<Holiday> NationalHolidays(int year) {
  std::vector<Holiday> out;
  auto add = [&](int month, int day, std::string_view name) {
    out.push_back(Holiday{Date{year, month, day}, std::string(name), HolidayKind::kNational});
  };

  add(1, 1, "元日");
  // 成人の日: 1/15 until 1999; the second Monday of January from 2000 (Happy Monday).
  add(1, year <= 1999 ? 15 : NthMonday(year, 1, 2), "成人の日");
  if (year >= 1967) add(2, 11, "建国記念の日");
  if (year >= 2020) add(2, 23, "天皇誕生日");
  add(3, VernalEquinoxDay(year), "春分の日");
  // 4/29: 天皇誕生日 (Shōwa) until 1988, みどりの日 1989-2006, 昭和の日 from 2007.
  add(4, 29, year <= 1988 ? "天皇誕生日" : year <= 2006 ? "みどりの日" : "昭和の日");
  add(5, 3, "憲法記念日");
  if (year >= 2007) add(5, 4, "みどりの日");
  add(5, 5, "こどもの日");
  // 海の日: 7/20 from 1996; the third Monday of July from 2003; moved for the Olympics in
  // 2020 (7/23) and 2021 (7/22).
  if (year == 2020) {
    add(7, 23, "海の日");
  } else if (year == 2021) {
    add(7, 22, "海の日");
  } else if (year >= 2003) {
    add(7, NthMonday(year, 7, 3), "海の日");
  } else if (year >= 1996) {
    add(7, 20, "海の日");
  }
  // 山の日: 8/11 from 2016; 8/10 in 2020 and 8/8 in 2021 (Olympics).
  if (year == 2020) {
    add(8, 10, "山の日");
  } else if (year == 2021) {
    add(8, 8, "山の日");
  } else if (year >= 2016) {
    add(8, 11, "山の日");
  }
  // 敬老の日: 9/15 from 1966; the third Monday of September from 2003.
  if (year >= 2003) {
    add(9, NthMonday(year, 9, 3), "敬老の日");
  } else if (year >= 1966) {
    add(9, 15, "敬老の日");
  }
  add(9, AutumnalEquinoxDay(year), "秋分の日");
  // 体育の日: 10/10 from 1966; the second Monday of October from 2000. Renamed スポーツの日
  // from 2020 (the Cabinet Office lists 2019's as 体育の日（スポーツの日）); moved for the
  // Olympics to 7/24 in 2020 and 7/23 in 2021.
  if (year == 2020) {
    add(7, 24, "スポーツの日");
  } else if (year == 2021) {
    add(7, 23, "スポーツの日");
  } else if (year >= 2022) {
    add(10, NthMonday(year, 10, 2), "スポーツの日");
  } else if (year == 2019) {
    add(10, NthMonday(year, 10, 2), "体育の日（スポーツの日）");
  } else if (year >= 2000) {
    add(10, NthMonday(year, 10, 2), "体育の日");
  } else if (year >= 1966) {
    add(10, 10, "体育の日");
  }
  add(11, 3, "文化の日");
  add(11, 23, "勤労感謝の日");
  // 天皇誕生日 (Heisei): 12/23 from 1989 to 2018. None in 2019: the emperor changed on 5/1,
  // after 2/23 and before 12/23.
  if (year >= 1989 && year <= 2018) add(12, 23, "天皇誕生日");

  for (const OneOff& day : kOneOffs) {
    if (day.date.year == year) add(day.date.month, day.date.day, day.name);
  }
  return out;
}

bool Contains(const std::vector<Holiday>& sorted, Date date) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), date,
                             [](const Holiday& h, Date d) { return h.date < d; });
  return it != sorted.end() && it->date == date;
}

bool ByDate(const Holiday& a, const Holiday& b) { return a.date < b.date; }

}  // namespace

std::string_view HolidayKindName(HolidayKind kind) {
  switch (kind) {
    case HolidayKind::kNational:
      return "national";
    case HolidayKind::kSubstitute:
      return "substitute";
    case HolidayKind::kCitizens:
      return "citizens";
    case HolidayKind::kOther:
      return "other";
  }
  return "other";
}

int VernalEquinoxDay(int year) { return EquinoxDay(year, 20'835'700, 20'843'100); }
int AutumnalEquinoxDay(int year) { return EquinoxDay(year, 23'258'800, 23'248'800); }

std::vector<Holiday> RuleHolidaysOfYear(int year) {
  if (year < kHolidayRulesYearMin || year > kHolidayRulesYearMax) return {};
  std::vector<Holiday> national = NationalHolidays(year);
  std::sort(national.begin(), national.end(), ByDate);

  std::vector<Holiday> out = national;
  // 振替休日: a 祝日 on a Sunday gives the next day (until 2006, and only if that day is not a
  // 祝日 itself) or the next day that is not a 祝日 (from 2007).
  for (const Holiday& holiday : national) {
    if (holiday.date < kSubstituteFrom || WeekdayOf(holiday.date) != Weekday::kSunday) continue;
    Date next = AddDays(holiday.date, 1);
    if (year >= kRules2007) {
      while (Contains(national, next)) next = AddDays(next, 1);
    } else if (Contains(national, next)) {
      continue;
    }
    out.push_back(Holiday{next, std::string(kSubstituteHolidayName), HolidayKind::kSubstitute});
  }
  std::sort(out.begin(), out.end(), ByDate);

  // 国民の休日: a day that is not a 祝日, between two 祝日. Until 2006 the law excluded Sundays
  // and 振替休日; from 2007 it excludes only 祝日, and a 振替休日 on such a day keeps that name.
  for (std::size_t i = 0; i + 1 < national.size(); ++i) {
    const Date between = AddDays(national[i].date, 1);
    if (AddDays(between, 1) != national[i + 1].date || between < kCitizensFrom) continue;
    if (Contains(out, between)) continue;  // a 振替休日 already
    if (year < kRules2007 && WeekdayOf(between) == Weekday::kSunday) continue;
    out.push_back(Holiday{between, std::string(kCitizensHolidayName), HolidayKind::kCitizens});
  }
  std::sort(out.begin(), out.end(), ByDate);
  return out;
}

HolidayTable::HolidayTable() : HolidayTable(std::vector<Holiday>{}) {}

HolidayTable::HolidayTable(const std::vector<Holiday>& listed)
    : years_(kDateYearMax - kDateYearMin + 1), listed_(kDateYearMax - kDateYearMin + 1, false) {
  for (const Holiday& holiday : listed) {
    if (!IsValidDate(holiday.date)) continue;
    const std::size_t index = static_cast<std::size_t>(holiday.date.year - kDateYearMin);
    listed_[index] = true;
    years_[index].push_back(holiday);
  }
  for (int year = kDateYearMin; year <= kDateYearMax; ++year) {
    const std::size_t index = static_cast<std::size_t>(year - kDateYearMin);
    if (listed_[index]) {
      auto& days = years_[index];
      std::stable_sort(days.begin(), days.end(), ByDate);
      // A date listed twice keeps its first entry.
      days.erase(std::unique(days.begin(), days.end(),
                             [](const Holiday& a, const Holiday& b) { return a.date == b.date; }),
                 days.end());
    } else if (year >= kHolidayRulesYearMin && year <= kHolidayRulesYearMax) {
      years_[index] = RuleHolidaysOfYear(year);
    }
  }
}

const Holiday* HolidayTable::Find(Date date) const {
  if (date.year < kDateYearMin || date.year > kDateYearMax) return nullptr;
  const auto& days = years_[static_cast<std::size_t>(date.year - kDateYearMin)];
  auto it = std::lower_bound(days.begin(), days.end(), date,
                             [](const Holiday& h, Date d) { return h.date < d; });
  if (it == days.end() || it->date != date) return nullptr;
  return &*it;
}

std::optional<std::string> HolidayTable::Name(Date date) const {
  const Holiday* holiday = Find(date);
  if (holiday == nullptr) return std::nullopt;
  return holiday->name;
}

std::vector<Holiday> HolidayTable::Between(Date from, Date to) const {
  std::vector<Holiday> out;
  if (to < from) return out;
  const int first = std::max(from.year, kDateYearMin);
  const int last = std::min(to.year, kDateYearMax);
  for (int year = first; year <= last; ++year) {
    for (const Holiday& holiday : years_[static_cast<std::size_t>(year - kDateYearMin)]) {
      if (holiday.date >= from && holiday.date <= to) out.push_back(holiday);
    }
  }
  return out;
}

bool HolidayTable::IsListed(int year) const {
  if (year < kDateYearMin || year > kDateYearMax) return false;
  return listed_[static_cast<std::size_t>(year - kDateYearMin)];
}

const HolidayTable& RuleHolidayTable() {
  static const HolidayTable table;
  return table;
}

std::optional<std::string> HolidayName(Date date) { return RuleHolidayTable().Name(date); }

std::vector<Holiday> HolidaysBetween(Date from, Date to) {
  return RuleHolidayTable().Between(from, to);
}

}  // namespace tsunagu::core::calendar
