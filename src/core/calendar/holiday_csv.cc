#include "core/calendar/holiday_csv.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "core/utf8.h"

namespace tsunagu::core::calendar {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// How much of an offending field an error message quotes.
constexpr std::size_t kQuoteBytesMax = 40;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Quote(std::string_view text) { return QuoteForError(text, kQuoteBytesMax); }

// 1 to `max_digits` ASCII digits, or nullopt.
std::optional<int> Number(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "2018/1/1" (or "2018/01/01"): a date whose fields are well formed, not yet checked as a date.
std::optional<Date> ParseSlashDate(std::string_view text) {
  const std::size_t first = text.find('/');
  if (first != 4) return std::nullopt;
  const std::size_t second = text.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto year = Number(text.substr(0, first), 4);
  const auto month = Number(text.substr(first + 1, second - first - 1), 2);
  const auto day = Number(text.substr(second + 1), 2);
  if (!year || !month || !day) return std::nullopt;
  return Date{*year, *month, *day};
}

struct RowError {
  std::string ja;
  std::string en;
};

// One data line, "2018/1/1,元日", already checked as UTF-8.
std::expected<Holiday, RowError> ParseRow(std::string_view line) {
  const std::size_t comma = line.find(',');
  if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos) {
    return std::unexpected(RowError{"「日付,名称」の 2 列ではありません",
                                    "expected two fields, date and name: " + Quote(line)});
  }
  const std::string_view date_text = Trim(line.substr(0, comma));
  const std::string_view name = Trim(line.substr(comma + 1));
  const std::optional<Date> date = ParseSlashDate(date_text);
  if (!date || date->day < 1 || date->day > DaysInMonth(date->year, date->month)) {
    return std::unexpected(RowError{"日付が読めません", "bad date " + Quote(date_text)});
  }
  if (!IsValidDate(*date)) {
    return std::unexpected(RowError{"日付が範囲外です（" + std::to_string(kDateYearMin) + "〜" +
                                        std::to_string(kDateYearMax) + " 年）",
                                    "date out of range " + Quote(date_text)});
  }
  if (name.empty()) return std::unexpected(RowError{"名称が空です", "empty name"});
  if (name.size() > kHolidayNameBytesMax) {
    return std::unexpected(RowError{"名称が長すぎます", "name too long: " + Quote(name)});
  }
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return std::unexpected(RowError{"名称に制御文字があります", "control character in name"});
  }
  return Holiday{*date, std::string(name), HolidayKind::kNational};
}

class ErrorList {
 public:
  // False once the list is full: the caller stops.
  bool Add(std::size_t line, std::string_view ja, std::string_view en) {
    if (full_) return false;
    std::string message;
    if (line > 0) {
      const std::string n = std::to_string(line);
      message = "行 " + n + ": " + std::string(ja) + " / line " + n + ": " + std::string(en);
    } else {
      message = std::string(ja) + " / " + std::string(en);
    }
    if (errors_.size() + 1 == kHolidayCsvErrorsMax) {
      errors_.push_back({line, std::move(message)});
      errors_.push_back({0, "これ以降のエラーは省略します / further errors are not listed"});
      full_ = true;
      return false;
    }
    errors_.push_back({line, std::move(message)});
    return true;
  }
  bool empty() const { return errors_.empty(); }
  std::vector<HolidayCsvError> Take() { return std::move(errors_); }

 private:
  std::vector<HolidayCsvError> errors_;
  bool full_ = false;
};

bool ListedOn(const std::vector<Holiday>& sorted, Date date, bool national_only) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), date,
                             [](const Holiday& h, Date d) { return h.date < d; });
  if (it == sorted.end() || it->date != date) return false;
  return !national_only || it->kind == HolidayKind::kNational;
}

// Names the 休日 rows of one year (sorted by date) as the header comment describes.
void ClassifyRestDays(std::vector<Holiday>& year) {
  std::vector<std::size_t> rest_days;
  for (std::size_t i = 0; i < year.size(); ++i) {
    if (year[i].name == kCsvRestDayName) {
      year[i].kind = HolidayKind::kOther;  // until classified: never counts as a 祝日 below
      rest_days.push_back(i);
    }
  }
  for (std::size_t i : rest_days) {
    const Date date = year[i].date;
    bool substitute = false;
    // Back through the days off just before it, looking for a Sunday 祝日.
    for (Date day = AddDays(date, -1); ListedOn(year, day, false); day = AddDays(day, -1)) {
      if (ListedOn(year, day, true) && WeekdayOf(day) == Weekday::kSunday) {
        substitute = true;
        break;
      }
    }
    if (substitute) {
      year[i].kind = HolidayKind::kSubstitute;
      year[i].name = std::string(kSubstituteHolidayName);
    } else if (ListedOn(year, AddDays(date, -1), true) && ListedOn(year, AddDays(date, 1), true)) {
      year[i].kind = HolidayKind::kCitizens;
      year[i].name = std::string(kCitizensHolidayName);
    }
  }
}

// Sorts the rows and names the 休日 rows, year by year (no rule reaches across New Year).
std::vector<Holiday> ClassifyByYear(std::vector<Holiday> holidays) {
  std::sort(holidays.begin(), holidays.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  std::vector<Holiday> out;
  out.reserve(holidays.size());
  for (std::size_t begin = 0; begin < holidays.size();) {
    std::size_t end = begin;
    while (end < holidays.size() && holidays[end].date.year == holidays[begin].date.year) ++end;
    std::vector<Holiday> year(std::make_move_iterator(holidays.begin() + begin),
                              std::make_move_iterator(holidays.begin() + end));
    ClassifyRestDays(year);
    for (Holiday& holiday : year) out.push_back(std::move(holiday));
    begin = end;
  }
  return out;
}

}  // namespace

std::expected<std::vector<Holiday>, std::vector<HolidayCsvError>> ParseSyukujitsuCsv(
    std::string_view text) {
  ErrorList errors;
  if (text.size() > kHolidayCsvBytesMax) {
    errors.Add(0,
               "ファイルが大きすぎます（" + std::to_string(kHolidayCsvBytesMax) + " バイトまで）",
               "file too large (at most " + std::to_string(kHolidayCsvBytesMax) + " bytes)");
    return std::unexpected(errors.Take());
  }
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());

  std::vector<Holiday> holidays;
  std::map<Date, std::size_t> line_of;  // date -> the line that listed it
  std::size_t line_number = 0;
  std::size_t rows = 0;
  bool more = true;
  while (more && !text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    line = Trim(line);

    if (line_number == 1) {
      if (line != kSyukujitsuCsvHeader) {
        more =
            errors.Add(1, "見出し行が「" + std::string(kSyukujitsuCsvHeader) + "」ではありません",
                       "the first line is not the header of syukujitsu.csv: " + Quote(line));
      }
      continue;
    }
    if (line.empty()) continue;
    if (!IsValidUtf8(line)) {
      more = errors.Add(line_number, "UTF-8 ではありません（Shift_JIS のままでは？）",
                        "not valid UTF-8 (still Shift_JIS?)");
      continue;
    }
    if (++rows > kHolidayCsvRowsMax) {
      errors.Add(line_number, "行が多すぎます（" + std::to_string(kHolidayCsvRowsMax) + " 行まで）",
                 "too many rows (at most " + std::to_string(kHolidayCsvRowsMax) + ")");
      break;
    }
    auto row = ParseRow(line);
    if (!row) {
      more = errors.Add(line_number, row.error().ja, row.error().en);
      continue;
    }
    const auto [it, inserted] = line_of.emplace(row->date, line_number);
    if (!inserted) {
      const std::string first = std::to_string(it->second);
      const std::string date = FormatDate(row->date);
      more = errors.Add(line_number, date + " は行 " + first + " にもあります",
                        "date " + date + " already on line " + first);
      continue;
    }
    holidays.push_back(std::move(*row));
  }
  if (line_number == 0 && errors.empty()) {
    errors.Add(0, "ファイルが空です", "the file is empty");
  } else if (holidays.empty() && errors.empty()) {
    errors.Add(0, "祝日の行がありません", "no holiday rows");
  }
  if (!errors.empty()) return std::unexpected(errors.Take());

  return ClassifyByYear(std::move(holidays));
}

}  // namespace tsunagu::core::calendar
