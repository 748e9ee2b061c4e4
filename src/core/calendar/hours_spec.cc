#include "core/calendar/hours_spec.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <span>
#include <utility>

#include "core/utf8.h"

namespace tsunagu::core::calendar {
namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";
constexpr std::string_view kNextDay = "翌";
constexpr std::string_view kListSeparators[] = {",", "、", "・"};
constexpr std::string_view kRangeSeparators[] = {"-", "〜", "～"};
constexpr std::string_view kDayKanji[kWeekdayCount] = {"日", "月", "火", "水", "木", "金", "土"};
constexpr std::string_view kDayEnglish[kWeekdayCount] = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
constexpr std::size_t kQuoteBytesMax = 40;

using DaySet = std::array<bool, kWeekdayCount>;

std::string Quote(std::string_view text) { return QuoteForError(text, kQuoteBytesMax); }

std::unexpected<ShiftSpecError> Error(std::string ja, std::string en) {
  return std::unexpected(ShiftSpecError{std::move(ja), std::move(en)});
}

std::string_view Trim(std::string_view text) {
  for (;;) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      text.remove_prefix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.remove_suffix(1);
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return text;
}

// The earliest of the separators in text: its position and length, or npos.
std::pair<std::size_t, std::size_t> FindAny(std::string_view text,
                                            std::span<const std::string_view> separators) {
  std::pair<std::size_t, std::size_t> best{std::string_view::npos, 0};
  for (std::string_view separator : separators) {
    const std::size_t at = text.find(separator);
    if (at < best.first) best = {at, separator.size()};
  }
  return best;
}

// Splits on any of the separators; the pieces are trimmed.
std::vector<std::string_view> Split(std::string_view text,
                                    std::span<const std::string_view> separators) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto [at, length] = FindAny(text, separators);
    if (at == std::string_view::npos) break;
    out.push_back(Trim(text.substr(0, at)));
    text.remove_prefix(at + length);
  }
  out.push_back(Trim(text));
  return out;
}

// A text and its first space-separated word removed: {word, rest (trimmed)}.
std::pair<std::string_view, std::string_view> FirstWord(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' &&
         !text.substr(end).starts_with(kIdeographicSpace)) {
    ++end;
  }
  return {text.substr(0, end), Trim(text.substr(end))};
}

std::optional<int> Digits(std::string_view text, std::size_t min, std::size_t max) {
  if (text.size() < min || text.size() > max) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<Weekday> ParseDay(std::string_view text) {
  for (std::string_view suffix : {std::string_view("曜日"), std::string_view("曜")}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.remove_suffix(suffix.size());
      break;
    }
  }
  const std::string lower = AsciiLower(text);
  for (int i = 0; i < kWeekdayCount; ++i) {
    if (text == kDayKanji[i] || lower == kDayEnglish[i] || lower == kDayEnglish[i].substr(0, 3)) {
      return static_cast<Weekday>(i);
    }
  }
  return std::nullopt;
}

// "土日", "月水金": day kanji run together.
std::optional<DaySet> ParseKanjiRun(std::string_view text) {
  DaySet days{};
  if (text.empty()) return std::nullopt;
  while (!text.empty()) {
    bool found = false;
    for (int i = 0; i < kWeekdayCount; ++i) {
      if (text.starts_with(kDayKanji[i])) {
        days[i] = true;
        text.remove_prefix(kDayKanji[i].size());
        found = true;
        break;
      }
    }
    if (!found) return std::nullopt;
  }
  return days;
}

std::expected<DaySet, ShiftSpecError> ParseDays(std::string_view text) {
  DaySet days{};
  for (std::string_view item : Split(text, kListSeparators)) {
    const std::string lower = AsciiLower(item);
    if (item.empty()) {
      return Error("曜日が空です " + Quote(text), "empty day in " + Quote(text));
    }
    if (item == "毎日" || lower == "daily" || lower == "everyday") {
      days.fill(true);
      continue;
    }
    if (item == "平日" || lower == "weekdays") {
      for (int i = 1; i <= 5; ++i) days[i] = true;
      continue;
    }
    const auto [at, length] = FindAny(item, kRangeSeparators);
    if (at != std::string_view::npos) {
      const std::string_view first_text = Trim(item.substr(0, at));
      const std::string_view last_text = Trim(item.substr(at + length));
      const auto first = ParseDay(first_text);
      const auto last = ParseDay(last_text);
      if (!first || !last) {
        const std::string_view bad = first ? last_text : first_text;
        return Error("曜日が読めません " + Quote(bad), "unknown day " + Quote(bad));
      }
      // Wraps over the weekend: 金-月 is Friday to Monday.
      for (int i = static_cast<int>(*first);; i = (i + 1) % kWeekdayCount) {
        days[i] = true;
        if (i == static_cast<int>(*last)) break;
      }
      continue;
    }
    if (const auto day = ParseDay(item)) {
      days[static_cast<int>(*day)] = true;
    } else if (const auto run = ParseKanjiRun(item)) {
      for (int i = 0; i < kWeekdayCount; ++i) days[i] = days[i] || (*run)[i];
    } else {
      return Error("曜日が読めません " + Quote(item), "unknown day " + Quote(item));
    }
  }
  return days;
}

// H:MM or HH:MM with the hour up to hour_max; `翌` adds a day when next_day_ok.
std::optional<int> ParseTime(std::string_view text, int hour_max, bool next_day_ok) {
  int offset = 0;
  if (next_day_ok && text.starts_with(kNextDay)) {
    text.remove_prefix(kNextDay.size());
    text = Trim(text);
    offset = kMinutesPerDay;
    hour_max = 23;
  }
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto hour = Digits(text.substr(0, colon), 1, 2);
  const auto minute = Digits(text.substr(colon + 1), 2, 2);
  if (!hour || !minute || *hour > hour_max || *minute > 59) return std::nullopt;
  return offset + *hour * 60 + *minute;
}

std::expected<std::pair<int, int>, ShiftSpecError> ParseRange(std::string_view text) {
  const auto [at, length] = FindAny(text, kRangeSeparators);
  if (at == std::string_view::npos) {
    return Error("時間帯が読めません " + Quote(text) + "（例: 16:00-20:00）",
                 "bad time range " + Quote(text) + " (e.g. 16:00-20:00)");
  }
  const std::string_view start_text = Trim(text.substr(0, at));
  const std::string_view end_text = Trim(text.substr(at + length));
  const auto start_any = ParseTime(start_text, 47, false);
  if (!start_any) {
    return Error("時刻が読めません " + Quote(start_text),
                 "bad time " + Quote(start_text) + " (H:MM)");
  }
  if (*start_any >= kMinutesPerDay) {
    return Error("開始は 0:00〜23:59 です " + Quote(start_text),
                 "a shift starts between 0:00 and 23:59: " + Quote(start_text));
  }
  const auto end = ParseTime(end_text, 47, true);
  if (!end) {
    return Error("時刻が読めません " + Quote(end_text), "bad time " + Quote(end_text) + " (H:MM)");
  }
  if (*end <= *start_any) {
    return Error(
        "終了が開始より後ではありません " + Quote(text) +
            "。日付をまたぐときは 翌02:00 か 26:00 と書きます",
        "the end is not after the start " + Quote(text) + "; past midnight write 翌02:00 or 26:00");
  }
  if (*end - *start_any > kMinutesPerDay) {
    return Error("24 時間を超えています " + Quote(text), "longer than 24 hours " + Quote(text));
  }
  return std::pair<int, int>{*start_any, *end};
}

// Checks one config string: length and UTF-8. Returns the trimmed text.
std::expected<std::string_view, ShiftSpecError> CheckText(std::string_view text) {
  if (text.size() > kHoursSpecTextBytesMax) {
    return Error("長すぎます（" + std::to_string(kHoursSpecTextBytesMax) + " バイトまで）",
                 "too long (at most " + std::to_string(kHoursSpecTextBytesMax) + " bytes)");
  }
  if (!IsValidUtf8(text)) return Error("UTF-8 ではありません", "not valid UTF-8");
  return Trim(text);
}

// A note or name after a date: optional, bounded, no control characters.
std::expected<std::string, ShiftSpecError> ParseNote(std::string_view text) {
  if (text.size() > kHoursNoteBytesMax) {
    return Error("名前が長すぎます " + Quote(text), "name too long " + Quote(text));
  }
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    return Error("名前に制御文字があります", "control character in the name");
  }
  return std::string(text);
}

std::expected<Date, ShiftSpecError> ParseOneDate(std::string_view text) {
  if (auto date = ParseDate(text)) return *date;
  return Error("日付が読めません " + Quote(text) + "（YYYY-MM-DD）",
               "bad date " + Quote(text) + " (YYYY-MM-DD)");
}

// MM-DD, 02-29 included.
std::optional<MonthDay> ParseMonthDay(std::string_view text) {
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  const auto month = Digits(text.substr(0, 2), 2, 2);
  const auto day = Digits(text.substr(3, 2), 2, 2);
  if (!month || !day || *day < 1 || *day > DaysInMonth(2000, *month)) return std::nullopt;
  return MonthDay{*month, *day};
}

struct DateSpan {
  std::optional<Date> from;
  std::optional<Date> to;
};

// date | date..date | date.. | ..date (open ends only when open_ok).
std::expected<DateSpan, ShiftSpecError> ParseSpan(std::string_view text, bool open_ok) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    auto date = ParseOneDate(text);
    if (!date) return std::unexpected(date.error());
    return DateSpan{*date, *date};
  }
  const std::string_view from_text = Trim(text.substr(0, dots));
  const std::string_view to_text = Trim(text.substr(dots + 2));
  DateSpan span;
  if (!from_text.empty() || !open_ok) {
    auto from = ParseOneDate(from_text);
    if (!from) return std::unexpected(from.error());
    span.from = *from;
  }
  if (!to_text.empty() || !open_ok) {
    auto to = ParseOneDate(to_text);
    if (!to) return std::unexpected(to.error());
    span.to = *to;
  }
  if (!span.from && !span.to) {
    return Error("日付がありません " + Quote(text), "no dates in " + Quote(text));
  }
  if (span.from && span.to && *span.to < *span.from) {
    return Error("終わりの日が始まりの日より前です " + Quote(text),
                 "the last day is before the first " + Quote(text));
  }
  return span;
}

struct Located {
  Shift shift;
  std::size_t index;  // in spec.shifts
};

class Errors {
 public:
  void Add(std::string_view field, std::optional<std::size_t> index, const ShiftSpecError& e) {
    std::string where(field);
    if (index) where += "[" + std::to_string(*index) + "]";
    errors_.push_back(HoursSpecError{std::string(field), index.value_or(0),
                                     where + ": " + e.ja + " / " + where + ": " + e.en});
  }
  bool empty() const { return errors_.empty(); }
  std::vector<HoursSpecError> Take() { return std::move(errors_); }

 private:
  std::vector<HoursSpecError> errors_;
};

bool ListTooLong(Errors& errors, std::string_view field, std::size_t size) {
  if (size <= kHoursSpecItemsMax) return false;
  const std::string max = std::to_string(kHoursSpecItemsMax);
  errors.Add(field, std::nullopt,
             {"多すぎます（" + max + " 件まで）", "too many (at most " + max + ")"});
  return true;
}

// Shifts as minutes of the week (Sunday 00:00 = 0): no two may overlap, also across midnight
// and from Saturday night into Sunday.
void CheckOverlaps(const std::vector<Located>& shifts, Errors& errors) {
  struct Span {
    int start;
    int end;
    const Located* located;
  };
  std::vector<Span> spans;
  for (const Located& located : shifts) {
    const int base = static_cast<int>(located.shift.weekday) * kMinutesPerDay;
    spans.push_back({base + located.shift.start_minute, base + located.shift.end_minute, &located});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.start != b.start ? a.start < b.start : a.located->index < b.located->index;
  });
  constexpr int kWeekMinutes = kWeekdayCount * kMinutesPerDay;
  auto report = [&](const Located& later, const Located& other) {
    const std::string with =
        "shifts[" + std::to_string(other.index) + "] " + Quote(FormatShift(other.shift));
    errors.Add("shifts", later.index,
               {"シフトが重なっています " + Quote(FormatShift(later.shift)) + " と " + with,
                "shift " + Quote(FormatShift(later.shift)) + " overlaps " + with});
  };
  // Sorted by start, no two overlap exactly when no neighbours do.
  for (std::size_t i = 0; i + 1 < spans.size(); ++i) {
    if (spans[i].end > spans[i + 1].start) report(*spans[i + 1].located, *spans[i].located);
  }
  // Saturday night into Sunday morning.
  if (spans.size() >= 2 && spans.back().end > spans.front().start + kWeekMinutes) {
    report(*spans.front().located, *spans.back().located);
  }
}

void ParseShifts(const std::vector<std::string>& texts, Errors& errors, std::vector<Shift>& out) {
  if (ListTooLong(errors, "shifts", texts.size())) return;
  std::vector<Located> located;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto shifts = ParseShiftSpec(texts[i]);
    if (!shifts) {
      errors.Add("shifts", i, shifts.error());
      continue;
    }
    for (const Shift& shift : *shifts) located.push_back(Located{shift, i});
  }
  if (located.size() > kHoursShiftsMax) {
    const std::string max = std::to_string(kHoursShiftsMax);
    errors.Add("shifts", std::nullopt,
               {"シフトが多すぎます（曜日ごとに数えて " + max + " まで）",
                "too many shifts (at most " + max + ", counting each day)"});
    return;
  }
  CheckOverlaps(located, errors);
  for (const Located& l : located) out.push_back(l.shift);
}

// Each item of a list field through `parse`; the good ones go to `out`.
template <typename T, typename Parse>
void ParseList(std::string_view field, const std::vector<std::string>& texts, Parse parse,
               Errors& errors, std::vector<T>& out) {
  if (ListTooLong(errors, field, texts.size())) return;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto item = parse(texts[i]);
    if (!item) {
      errors.Add(field, i, item.error());
    } else {
      out.push_back(std::move(*item));
    }
  }
}

std::expected<DateSpan, ShiftSpecError> ParsePeriod(std::string_view raw) {
  auto text = CheckText(raw);
  if (!text) return std::unexpected(text.error());
  if (text->empty()) return DateSpan{};
  return ParseSpan(*text, true);
}

std::expected<Closure, ShiftSpecError> ParseClosure(std::string_view raw) {
  auto text = CheckText(raw);
  if (!text) return std::unexpected(text.error());
  const auto [dates, note_text] = FirstWord(*text);
  if (note_text.starts_with("..") || dates.ends_with("..")) {
    return Error("「..」の前後に空白を入れません " + Quote(*text),
                 "no spaces around \"..\" " + Quote(*text));
  }
  auto span = ParseSpan(dates, false);
  if (!span) return std::unexpected(span.error());
  auto note = ParseNote(note_text);
  if (!note) return std::unexpected(note.error());
  return Closure{*span->from, *span->to, std::move(*note)};
}

std::expected<std::optional<YearEndBreak>, ShiftSpecError> ParseYearEnd(std::string_view raw) {
  auto text = CheckText(raw);
  if (!text) return std::unexpected(text.error());
  if (text->empty() || AsciiLower(*text) == "off" || *text == "なし") {
    return std::optional<YearEndBreak>();
  }
  const std::size_t dots = text->find("..");
  if (dots != std::string_view::npos) {
    const auto from = ParseMonthDay(Trim(text->substr(0, dots)));
    const auto to = ParseMonthDay(Trim(text->substr(dots + 2)));
    if (from && to) return std::optional<YearEndBreak>(YearEndBreak{*from, *to});
  }
  return Error("年末年始の期間が読めません " + Quote(*text) + "（例: 12-29..01-03、なし）",
               "bad year-end break " + Quote(*text) + " (e.g. 12-29..01-03, or off)");
}

std::expected<LocalDayOff, ShiftSpecError> ParseLocalDayOff(std::string_view raw) {
  auto text = CheckText(raw);
  if (!text) return std::unexpected(text.error());
  const auto [day_text, name_text] = FirstWord(*text);
  LocalDayOff off;
  if (const auto month_day = ParseMonthDay(day_text)) {
    off.day = *month_day;
  } else if (const auto date = ParseDate(day_text)) {
    off.year = date->year;
    off.day = MonthDay{date->month, date->day};
  } else {
    return Error("日付が読めません " + Quote(day_text) + "（MM-DD か YYYY-MM-DD）",
                 "bad date " + Quote(day_text) + " (MM-DD or YYYY-MM-DD)");
  }
  auto name = ParseNote(name_text);
  if (!name) return std::unexpected(name.error());
  off.name = std::move(*name);
  return off;
}

}  // namespace

std::string FormatShift(const Shift& shift) {
  auto clock = [](int minutes) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
    return std::string(buffer);
  };
  std::string out(WeekdayNameJa(shift.weekday));
  out += " " + clock(shift.start_minute) + "-";
  if (shift.end_minute > kMinutesPerDay) {
    out += std::string(kNextDay) + clock(shift.end_minute - kMinutesPerDay);
  } else {
    out += clock(shift.end_minute);
  }
  return out;
}

std::expected<std::vector<Shift>, ShiftSpecError> ParseShiftSpec(std::string_view raw) {
  auto checked = CheckText(raw);
  if (!checked) return std::unexpected(checked.error());
  const std::string_view text = *checked;
  if (text.empty()) return Error("空です", "empty");
  // The days end where the first time begins (a digit or 翌); days never contain digits.
  std::size_t times_at = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((text[i] >= '0' && text[i] <= '9') || text.substr(i).starts_with(kNextDay)) {
      times_at = i;
      break;
    }
  }
  const std::string_view days_text = Trim(text.substr(0, times_at));
  const std::string_view ranges_text = Trim(text.substr(times_at));
  if (days_text.empty()) {
    return Error("曜日がありません（例: 火-金 16:00-20:00）",
                 "no days before the times (e.g. \"tue-fri 16:00-20:00\")");
  }
  if (ranges_text.empty()) {
    return Error("時刻がありません（半角数字で 例: 火-金 16:00-20:00）",
                 "no times (ASCII digits, e.g. \"tue-fri 16:00-20:00\")");
  }
  auto days = ParseDays(days_text);
  if (!days) return std::unexpected(days.error());
  std::vector<std::pair<int, int>> ranges;
  for (std::string_view range_text : Split(ranges_text, std::span(kListSeparators, 1))) {
    auto range = ParseRange(range_text);
    if (!range) return std::unexpected(range.error());
    ranges.push_back(*range);
  }
  std::vector<Shift> shifts;
  for (int day = 0; day < kWeekdayCount; ++day) {
    if (!(*days)[day]) continue;
    for (const auto& [start, end] : ranges) {
      shifts.push_back(Shift{static_cast<Weekday>(day), start, end});
    }
  }
  return shifts;
}

std::expected<HoursConfig, std::vector<HoursSpecError>> ParseHoursSpec(const HoursSpec& spec) {
  Errors errors;
  HoursConfig config;
  ParseShifts(spec.shifts, errors, config.shifts);
  if (auto period = ParsePeriod(spec.period); !period) {
    errors.Add("period", std::nullopt, period.error());
  } else {
    config.period_from = period->from;
    config.period_to = period->to;
  }
  ParseList("closures", spec.closures, ParseClosure, errors, config.closures);
  config.closed_on_holidays = spec.closed_on_holidays;
  if (auto year_end = ParseYearEnd(spec.year_end); !year_end) {
    errors.Add("year_end", std::nullopt, year_end.error());
  } else {
    config.year_end = *year_end;
  }
  ParseList("local_days_off", spec.local_days_off, ParseLocalDayOff, errors, config.local_days_off);
  if (spec.intake_closes_minutes_before < 0 ||
      spec.intake_closes_minutes_before > kIntakeClosesMinutesBeforeMax) {
    const std::string max = std::to_string(kIntakeClosesMinutesBeforeMax);
    errors.Add("intake_closes_minutes_before", std::nullopt,
               {"0〜" + max + " 分で指定します", "must be 0 to " + max + " minutes"});
  } else {
    config.intake_closes_minutes_before = spec.intake_closes_minutes_before;
  }
  if (!errors.empty()) return std::unexpected(errors.Take());
  return config;
}

}  // namespace tsunagu::core::calendar
