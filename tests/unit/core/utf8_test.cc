#include "core/utf8.h"

#include <gtest/gtest.h>

namespace tsunagu::core {
namespace {

TEST(Utf8UtilTest, Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc あ 😀"));
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));          // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe3\x81"));          // cut short
  EXPECT_FALSE(IsValidUtf8("\x80"));
}

TEST(Utf8UtilTest, CountAndTruncateCodePoints) {
  EXPECT_EQ(CountCodePoints("aあ😀"), 3u);
  EXPECT_EQ(TruncateCodePoints("aあ😀b", 2), "aあ");
  EXPECT_EQ(TruncateCodePoints("aあ😀b", 3), "aあ😀");
  EXPECT_EQ(TruncateCodePoints("aあ", 5), "aあ");
  EXPECT_EQ(TruncateCodePoints("aあ", 0), "");
}

TEST(Utf8UtilTest, TruncateBytesNeverSplitsACodePoint) {
  EXPECT_EQ(TruncateBytes("aあ", 3), "a");
  EXPECT_EQ(TruncateBytes("aあ", 4), "aあ");
  EXPECT_EQ(TruncateBytes("aあb", 4), "aあ");
  EXPECT_EQ(TruncateBytes("\x80\x80\x80", 1), "");
}

TEST(Utf8UtilTest, ReplaceControlChars) { EXPECT_EQ(ReplaceControlChars("a\nb\tc\x7f"), "a b c "); }

}  // namespace
}  // namespace tsunagu::core
