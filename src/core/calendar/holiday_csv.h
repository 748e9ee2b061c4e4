// The Cabinet Office's list of holidays, syukujitsu.csv
// (https://www8.cao.go.jp/chosei/shukujitsu/syukujitsu.csv, linked from
// https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html), parsed from UTF-8 text. The file itself
// is Shift_JIS: platform/text_encoding.h reads and converts it. docs/calendar.md says how to
// update it.
//
// Format: a header line 「国民の祝日・休日月日,国民の祝日・休日名称」, then one row per day off,
// `YYYY/M/D,名称` (month and day not zero-padded in the official file; padded ones are accepted).
// Lines end in CRLF or LF; a UTF-8 BOM, blank lines and spaces around fields are allowed.
//
// The file names both 振替休日 and 国民の休日 「休日」. The parser tells them apart from the
// other rows of the same year: a 休日 reached from a Sunday 祝日 through consecutive listed days
// off is a 振替休日; otherwise, one between two listed 祝日 is a 国民の休日; otherwise it stays
// 「休日」 (HolidayKind::kOther). 「休日（祝日扱い）」 rows (2019) are 祝日 under their own name.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/holidays.h"

namespace tsunagu::core::calendar {

// The official file is about 20 KiB (1955 to next year); these leave ample room.
inline constexpr std::size_t kHolidayCsvBytesMax = 1024 * 1024;
inline constexpr std::size_t kHolidayCsvRowsMax = 20'000;
inline constexpr std::size_t kHolidayNameBytesMax = 96;  // 32 kanji
// After this many errors the parser stops listing them (the last one says so).
inline constexpr std::size_t kHolidayCsvErrorsMax = 50;

inline constexpr std::string_view kSyukujitsuCsvHeader =
    "国民の祝日・休日月日,国民の祝日・休日名称";
// What the CSV calls both 振替休日 and 国民の休日.
inline constexpr std::string_view kCsvRestDayName = "休日";

struct HolidayCsvError {
  std::size_t line = 0;  // 1-based; 0 for the file as a whole
  // Japanese / English, starting with the line: 行 12: 日付が読めません / line 12: bad date
  // "2018/13/1"
  std::string message;
};

// Every holiday in the file, in date order, with the 休日 rows named and classified as above;
// or every error (up to kHolidayCsvErrorsMax). Never throws; any bytes are safe input.
std::expected<std::vector<Holiday>, std::vector<HolidayCsvError>> ParseSyukujitsuCsv(
    std::string_view utf8_text);

}  // namespace tsunagu::core::calendar
