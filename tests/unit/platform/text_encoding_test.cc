#include "platform/text_encoding.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/calendar/holiday_csv.h"

namespace tsunagu::platform {
namespace {

// The first lines of syukujitsu.csv as the Cabinet Office publishes them, in Shift_JIS:
// 国民の祝日・休日月日,国民の祝日・休日名称 / 2018/12/23,天皇誕生日 / 2018/12/24,休日
constexpr std::string_view kSjisHeader =
    "\x8d\x91\x96\xaf\x82\xcc\x8f\x6a\x93\xfa\x81\x45\x8b\x78\x93\xfa\x8c\x8e\x93\xfa,"
    "\x8d\x91\x96\xaf\x82\xcc\x8f\x6a\x93\xfa\x81\x45\x8b\x78\x93\xfa\x96\xbc\x8f\xcc\r\n";
constexpr std::string_view kSjisRows =
    "2018/12/23,\x93\x56\x8d\x63\x92\x61\x90\xb6\x93\xfa\r\n"
    "2018/12/24,\x8b\x78\x93\xfa\r\n";

TEST(ShiftJisTest, DecodesTheCabinetOfficeHeaderAndRows) {
  const DecodedText text = ShiftJisToUtf8(std::string(kSjisHeader) + std::string(kSjisRows));
  ASSERT_TRUE(text.utf8) << text.error;
  EXPECT_EQ(text.source, SourceEncoding::kShiftJis);
  EXPECT_EQ(*text.utf8,
            "国民の祝日・休日月日,国民の祝日・休日名称\r\n"
            "2018/12/23,天皇誕生日\r\n"
            "2018/12/24,休日\r\n");
}

TEST(ShiftJisTest, Cp932Specifics) {
  // 0x5C is a backslash (not a yen sign), half-width katakana are one byte, NEC's circled
  // digits and the user-defined area decode.
  EXPECT_EQ(ShiftJisToUtf8("\x5c").utf8, "\\");
  EXPECT_EQ(ShiftJisToUtf8("\xb1\xb2").utf8, "ｱｲ");
  EXPECT_EQ(ShiftJisToUtf8("\x87\x40").utf8, "①");
  EXPECT_EQ(ShiftJisToUtf8("\xf0\x40").utf8, "\xee\x80\x80");  // U+E000
  EXPECT_EQ(ShiftJisToUtf8("").utf8, "");
  EXPECT_EQ(ShiftJisToUtf8(std::string("a\0b", 3)).utf8, std::string("a\0b", 3));
}

TEST(ShiftJisTest, InvalidBytesAreRejectedWithTheirPlace) {
  // 0x85 0x40 is unassigned in CP932; it sits on line 3, at byte 9 of the file.
  const DecodedText bad = ShiftJisToUtf8("ab\r\ncd\r\n\x85\x40xyz");
  EXPECT_FALSE(bad.utf8);
  EXPECT_EQ(bad.error,
            "3 行目 (先頭から 9 バイト目) に Shift_JIS として読めないバイトがあります: 0x85 0x40 / "
            "line 3 (byte 9 of the file): not valid Shift_JIS: 0x85 0x40");
  for (std::string_view bytes : {"\x80", "\xa0", "\xfd", "\x81\x7f", "\x93\x0a"}) {
    const DecodedText text = ShiftJisToUtf8(bytes);
    EXPECT_FALSE(text.utf8) << text.utf8.value_or("");
    EXPECT_NE(text.error.find("not valid Shift_JIS"), std::string::npos) << text.error;
  }
  // A lead byte at the very end: truncated.
  const DecodedText cut = ShiftJisToUtf8("2018/1/1,\x8c\xb3\x93");
  EXPECT_FALSE(cut.utf8);
  EXPECT_NE(cut.error.find("truncated Shift_JIS character at the end: 0x93"), std::string::npos)
      << cut.error;
}

TEST(DecodeTest, Utf8PassesThroughAndTheBomIsDropped) {
  DecodedText text = DecodeUtf8OrShiftJis("2018/1/1,元日\n");
  EXPECT_EQ(text.source, SourceEncoding::kUtf8);
  EXPECT_EQ(text.utf8, "2018/1/1,元日\n");
  text = DecodeUtf8OrShiftJis("\xEF\xBB\xBF元日");
  EXPECT_EQ(text.source, SourceEncoding::kUtf8Bom);
  EXPECT_EQ(text.utf8, "元日");
  text = DecodeUtf8OrShiftJis("\xEF\xBB\xBF\x8c\xb3\x93\xfa");
  EXPECT_FALSE(text.utf8);
  EXPECT_NE(text.error.find("not valid UTF-8 after a UTF-8 BOM"), std::string::npos);
  text = DecodeUtf8OrShiftJis(kSjisRows);
  EXPECT_EQ(text.source, SourceEncoding::kShiftJis);
  EXPECT_EQ(text.utf8, "2018/12/23,天皇誕生日\r\n2018/12/24,休日\r\n");
  EXPECT_EQ(DecodeUtf8OrShiftJis("plain ascii").source, SourceEncoding::kUtf8);
  EXPECT_EQ(SourceEncodingName(SourceEncoding::kShiftJis), "Shift_JIS (CP932)");
}

class TextFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tsunagu_text_encoding_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, std::string_view bytes) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }
  std::filesystem::path dir_;
};

TEST_F(TextFileTest, ReadsShiftJisCsvIntoAHolidayList) {
  const std::string path =
      Write("syukujitsu.csv", std::string(kSjisHeader) + std::string(kSjisRows));
  const DecodedText text = ReadSyukujitsuCsv(path);
  ASSERT_TRUE(text.utf8) << text.error;
  EXPECT_EQ(text.source, SourceEncoding::kShiftJis);
  auto holidays = core::calendar::ParseSyukujitsuCsv(*text.utf8);
  ASSERT_TRUE(holidays) << holidays.error().front().message;
  ASSERT_EQ(holidays->size(), 2u);
  EXPECT_EQ((*holidays)[0].name, "天皇誕生日");
  EXPECT_EQ((*holidays)[1].name, "振替休日");
}

TEST_F(TextFileTest, FileErrorsNameThePath) {
  const DecodedText missing = ReadTextFileAsUtf8((dir_ / "nope.csv").string());
  EXPECT_FALSE(missing.utf8);
  EXPECT_NE(missing.error.find("nope.csv: 開けません / cannot open"), std::string::npos);

  const std::string big = Write("big.csv", std::string(101, 'a'));
  EXPECT_TRUE(ReadTextFileAsUtf8(big, 101).utf8);
  const DecodedText too_big = ReadTextFileAsUtf8(big, 100);
  EXPECT_FALSE(too_big.utf8);
  EXPECT_NE(too_big.error.find("too large (at most 100 bytes)"), std::string::npos);

  const std::string bad = Write("bad.csv", "\x85\x40");
  const DecodedText invalid = ReadTextFileAsUtf8(bad);
  EXPECT_FALSE(invalid.utf8);
  EXPECT_EQ(invalid.error.find(bad + ": 1 行目"), 0u) << invalid.error;
}

}  // namespace
}  // namespace tsunagu::platform
