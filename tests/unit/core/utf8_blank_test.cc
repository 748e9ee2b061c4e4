#include <gtest/gtest.h>

#include <string>

#include "core/utf8.h"

namespace tsunagu::core {
namespace {

using Len = std::optional<std::size_t>;

TEST(Utf8LengthTest, CountsCodePointsOfValidText) {
  EXPECT_EQ(Utf8Length(""), Len(0));
  EXPECT_EQ(Utf8Length("abc"), Len(3));
  EXPECT_EQ(Utf8Length(std::string("a\0b", 3)), Len(3));
  EXPECT_EQ(Utf8Length("\xC3\xA9"), Len(1));          // é, 2 bytes
  EXPECT_EQ(Utf8Length("こんにちは"), Len(5));        // 3 bytes each
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), Len(1));  // 😀, 4 bytes
  EXPECT_EQ(Utf8Length("ok👍です"), Len(5));
  EXPECT_EQ(Utf8Length("\xF4\x8F\xBF\xBF"), Len(1));  // U+10FFFF, the last code point
  EXPECT_EQ(Utf8Length("\xEF\xBF\xBF"), Len(1));      // U+FFFF
  EXPECT_EQ(Utf8Length("\xED\x9F\xBF"), Len(1));      // U+D7FF, just below the surrogates
  EXPECT_EQ(Utf8Length("\xEE\x80\x80"), Len(1));      // U+E000, just above them
}

TEST(Utf8LengthTest, RejectsOverlongForms) {
  EXPECT_FALSE(Utf8Length("\xC0\xAF"));  // '/' in 2 bytes
  EXPECT_FALSE(Utf8Length("\xC1\xBF"));
  EXPECT_FALSE(Utf8Length("\xE0\x80\xAF"));      // '/' in 3 bytes
  EXPECT_FALSE(Utf8Length("\xE0\x9F\xBF"));      // U+07FF in 3 bytes
  EXPECT_FALSE(Utf8Length("\xF0\x80\x80\xAF"));  // '/' in 4 bytes
  EXPECT_FALSE(Utf8Length("\xF0\x8F\xBF\xBF"));  // U+FFFF in 4 bytes
}

TEST(Utf8LengthTest, RejectsSurrogatesAndValuesPastTheLastCodePoint) {
  EXPECT_FALSE(Utf8Length("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(Utf8Length("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(Utf8Length("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(Utf8Length("\xF7\xBF\xBF\xBF"));
}

TEST(Utf8LengthTest, RejectsTruncatedAndStrayBytes) {
  EXPECT_FALSE(Utf8Length("\xE3\x81"));         // あ without its last byte
  EXPECT_FALSE(Utf8Length("abc\xF0\x9F\x98"));  // emoji cut at the end
  EXPECT_FALSE(Utf8Length("\x80"));             // a lone continuation byte
  EXPECT_FALSE(
      Utf8Length("a\xBF"
                 "b"));
  EXPECT_FALSE(Utf8Length("\xE3\x41\x42"));          // a lead byte followed by ASCII
  EXPECT_FALSE(Utf8Length("\xF8\x88\x80\x80\x80"));  // 5-byte forms are gone
  EXPECT_FALSE(Utf8Length("\xFF"));
  EXPECT_FALSE(Utf8Length("\xFE"));
}

TEST(IsBlankTest, SpacesAndLineBreaksAreBlank) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" "));
  EXPECT_TRUE(IsBlank(" \t\r\n "));
  EXPECT_TRUE(IsBlank("\xE3\x80\x80"));  // U+3000 IDEOGRAPHIC SPACE
  EXPECT_TRUE(IsBlank("　\n　 "));
}

TEST(IsBlankTest, AnyOtherCharacterIsNotBlank) {
  EXPECT_FALSE(IsBlank("a"));
  EXPECT_FALSE(IsBlank("  .  "));
  EXPECT_FALSE(IsBlank("　あ　"));
  EXPECT_FALSE(IsBlank("\xE3\x80"));      // a cut U+3000 is not a space
  EXPECT_FALSE(IsBlank("\xE3\x80\x81"));  // U+3001 IDEOGRAPHIC COMMA
  EXPECT_FALSE(IsBlank(std::string("\0", 1)));
}

}  // namespace
}  // namespace tsunagu::core
