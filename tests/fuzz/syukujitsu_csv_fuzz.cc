// libFuzzer target for the holiday list: the bytes of a syukujitsu.csv (any encoding) go through
// platform::DecodeUtf8OrShiftJis and core::calendar::ParseSyukujitsuCsv, and the raw bytes
// straight into the parser too. Beyond "no crash": every error has a line within the file and
// a message; an accepted list is sorted, unique, valid, named, and reads back the same when
// written out again the way the Cabinet Office writes it; a HolidayTable built from it finds
// each entry.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/calendar/holiday_csv.h"
#include "core/calendar/holidays.h"
#include "platform/text_encoding.h"

namespace {

using namespace tsunagu::core::calendar;

void Check(std::string_view text) {
  const auto parsed = ParseSyukujitsuCsv(text);
  if (!parsed) {
    const std::size_t lines =
        1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (parsed.error().empty() || parsed.error().size() > kHolidayCsvErrorsMax + 1) {
      __builtin_trap();
    }
    for (const HolidayCsvError& e : parsed.error()) {
      if (e.message.empty() || e.line > lines) __builtin_trap();
    }
    return;
  }
  const std::vector<Holiday>& holidays = *parsed;
  if (holidays.empty()) __builtin_trap();
  std::string again = std::string(kSyukujitsuCsvHeader) + "\n";
  for (std::size_t i = 0; i < holidays.size(); ++i) {
    const Holiday& h = holidays[i];
    if (!IsValidDate(h.date) || h.name.empty() || h.name.size() > kHolidayNameBytesMax) {
      __builtin_trap();
    }
    if (i > 0 && !(holidays[i - 1].date < h.date)) __builtin_trap();
    if (h.kind == HolidayKind::kSubstitute && h.name != kSubstituteHolidayName) __builtin_trap();
    if (h.kind == HolidayKind::kCitizens && h.name != kCitizensHolidayName) __builtin_trap();
    const bool rest_day = h.kind == HolidayKind::kSubstitute || h.kind == HolidayKind::kCitizens;
    again += std::to_string(h.date.year) + "/" + std::to_string(h.date.month) + "/" +
             std::to_string(h.date.day) + "," + (rest_day ? std::string(kCsvRestDayName) : h.name) +
             "\r\n";
  }
  const auto reparsed = ParseSyukujitsuCsv(again);
  if (!reparsed || *reparsed != holidays) __builtin_trap();

  const HolidayTable table(holidays);
  for (const Holiday& h : holidays) {
    const Holiday* found = table.Find(h.date);
    if (found == nullptr || *found != h || !table.IsListed(h.date.year)) __builtin_trap();
  }
  // Listed years hold exactly the list; the years between them come from the rules.
  std::size_t listed = 0;
  for (const Holiday& h : table.Between(holidays.front().date, holidays.back().date)) {
    if (table.IsListed(h.date.year)) ++listed;
  }
  if (listed != holidays.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check(bytes);
  const tsunagu::platform::DecodedText decoded = tsunagu::platform::DecodeUtf8OrShiftJis(bytes);
  if (decoded.utf8.has_value() == !decoded.error.empty()) __builtin_trap();
  if (decoded.utf8) Check(*decoded.utf8);
  return 0;
}
