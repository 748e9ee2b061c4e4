// Text files that may come in Shift_JIS, turned into UTF-8: the Cabinet Office's holiday list
// (syukujitsu.csv) is published in Shift_JIS. Conversion uses glibc's iconv with CP932
// (Windows-31J, the Shift_JIS that Japanese Windows and Excel write: it adds the NEC and IBM
// extensions, and maps 0x5C to a backslash and 0x815F to U+FF3C, as Windows does).
//
// Detection: a UTF-8 byte order mark, or text that is valid UTF-8 throughout, passes through
// (minus the mark); anything else is decoded as Shift_JIS. Japanese text in Shift_JIS is
// practically never valid UTF-8 (its lead bytes 0x81-0x9F are UTF-8 continuation bytes), and
// plain ASCII reads the same either way.
//
// Not std::expected on purpose, like platform/config.h: platform must build for the libFuzzer
// build too.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::platform {

enum class SourceEncoding {
  kUtf8,     // valid UTF-8, passed through
  kUtf8Bom,  // valid UTF-8 after a byte order mark, which was removed
  kShiftJis  // decoded from Shift_JIS (CP932)
};

std::string_view SourceEncodingName(SourceEncoding encoding);  // "UTF-8", "UTF-8 (BOM)", ...

struct DecodedText {
  std::optional<std::string> utf8;  // set on success
  SourceEncoding source = SourceEncoding::kUtf8;
  // On failure: Japanese / English, naming the line and byte, e.g.
  // 3 行目 (先頭から 57 バイト目) に Shift_JIS として読めないバイトがあります: 0x85 0x40 /
  // line 3 (byte 57 of the file): not valid Shift_JIS: 0x85 0x40
  std::string error;
};

// Strict Shift_JIS (CP932) to UTF-8: an invalid or truncated sequence is an error, never a
// replacement character.
DecodedText ShiftJisToUtf8(std::string_view bytes);

// UTF-8 (with or without a BOM) as it is, otherwise ShiftJisToUtf8. A BOM followed by invalid
// UTF-8 is an error.
DecodedText DecodeUtf8OrShiftJis(std::string_view bytes);

// The official file is about 20 KiB; core/calendar/holiday_csv.h refuses more than 1 MiB too.
inline constexpr std::size_t kTextFileBytesMaxDefault = 1024 * 1024;

// Reads a file (at most bytes_max bytes, else an error) and decodes it as
// DecodeUtf8OrShiftJis does. Errors name the path.
DecodedText ReadTextFileAsUtf8(const std::string& path,
                               std::size_t bytes_max = kTextFileBytesMaxDefault);

// The holiday list: ReadTextFileAsUtf8 under the name the errors should use. The text then goes
// to core::calendar::ParseSyukujitsuCsv (platform may not include core, so the two steps are
// joined by the caller, in main).
inline DecodedText ReadSyukujitsuCsv(const std::string& path) { return ReadTextFileAsUtf8(path); }

}  // namespace tsunagu::platform
