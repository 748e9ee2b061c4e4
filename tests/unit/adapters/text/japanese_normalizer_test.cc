#include "adapters/text/japanese_normalizer.h"

#include <gtest/gtest.h>

#include <string>

namespace tsunagu::adapters::text {
namespace {

NormalizedText Normalize(std::string_view input) {
  static const auto normalizer = JapaneseNormalizer::Create();
  EXPECT_TRUE(normalizer) << normalizer.error().message;
  NormalizedText out;
  auto status = normalizer->Normalize(input, out);
  EXPECT_TRUE(status) << status.error().message;
  return out;
}

// The original bytes behind key bytes [from, to).
std::string Original(std::string_view input, const NormalizedText& n, std::size_t from,
                     std::size_t to) {
  return std::string(input.substr(n.key_begin[from], n.key_end[to - 1] - n.key_begin[from]));
}

TEST(JapaneseNormalizerTest, FoldsSpellingVariantsToOneKey) {
  EXPECT_EQ(Normalize("死にたい").key, "死にたい");
  EXPECT_EQ(Normalize("しにたい").key, "しにたい");
  EXPECT_EQ(Normalize("シニタイ").key, "しにたい");
  EXPECT_EQ(Normalize("ｼﾆﾀｲ").key, "しにたい");              // half-width katakana
  EXPECT_EQ(Normalize("しにたーい").key, "しにたい");        // long vowel mark
  EXPECT_EQ(Normalize("しにたいいいいい").key, "しにたい");  // repeats
  EXPECT_EQ(Normalize("しにた〜〜い").key, "しにたい");
  EXPECT_EQ(Normalize("しにたぁい").key, "しにたい");  // small vowel lengthening た
  EXPECT_EQ(Normalize("しにたぃ").key, "しにたい");    // small vowel standing for い
  EXPECT_EQ(Normalize("ＯＤした").key, "odした");      // full-width, case folded
  EXPECT_EQ(Normalize("OD").key, "od");
  EXPECT_EQ(Normalize("ﾀﾋにたい").key, "たひにたい");
  EXPECT_EQ(Normalize("死 に た い").key, "死にたい");  // spaces dropped in the key
  EXPECT_EQ(Normalize("ｶﾞｯｺｳ").key, "がっこう");        // half-width voiced mark composes
  EXPECT_EQ(Normalize("4にたい").key, "4にたい");
  EXPECT_EQ(Normalize("100錠").key, "100錠");  // digits are never squashed
  EXPECT_EQ(Normalize("1000錠").key, "1000錠");
}

TEST(JapaneseNormalizerTest, TokenizerTextKeepsKanaButSquashesRuns) {
  const NormalizedText n = Normalize("ｼﾆﾀｲーーー  しにたいいいい\n");
  EXPECT_EQ(n.text, "シニタイー しにたい ");
  EXPECT_EQ(n.key, "しにたいしにたい\n");
}

TEST(JapaneseNormalizerTest, EveryKeyByteMapsBackToTheOriginal) {
  const std::string input = "ねえ、ｼﾆﾀｲーー😢";
  const NormalizedText n = Normalize(input);
  ASSERT_EQ(n.key_begin.size(), n.key.size());
  ASSERT_EQ(n.key_end.size(), n.key.size());
  const std::size_t at = n.key.find("しにたい");
  ASSERT_NE(at, std::string::npos);
  // The span covers the half-width characters and, through the merged long vowel marks, ーー.
  EXPECT_EQ(Original(input, n, at, at + std::string("しにたい").size()), "ｼﾆﾀｲーー");
  EXPECT_EQ(Original(input, n, 0, 3), "ね");
  const std::size_t emoji = n.key.find("😢");
  ASSERT_NE(emoji, std::string::npos);
  EXPECT_EQ(Original(input, n, emoji, emoji + 4), "😢");
  for (std::size_t i = 0; i < n.key.size(); ++i) {
    EXPECT_LT(n.key_begin[i], n.key_end[i]);
    EXPECT_LE(n.key_end[i], input.size());
  }
}

TEST(JapaneseNormalizerTest, TextBytesMapToTheOriginalAndToTheKey) {
  const std::string input = "ＯＤ しちゃった";
  const NormalizedText n = Normalize(input);
  ASSERT_EQ(n.text, "od しちゃった");
  ASSERT_EQ(n.text_begin.size(), n.text.size());
  ASSERT_EQ(n.text_to_key.size(), n.text.size() + 1);
  EXPECT_EQ(n.text_begin[0], 0u);  // 'o' comes from 'Ｏ' (3 bytes)
  EXPECT_EQ(n.text_end[0], 3u);
  EXPECT_EQ(n.text_begin[1], 3u);
  EXPECT_EQ(n.text_to_key[3], 2u);  // the space is dropped: し starts at key byte 2
  EXPECT_EQ(n.text_to_key[4], 2u);
  EXPECT_EQ(n.text_to_key[n.text.size()], n.key.size());
}

TEST(JapaneseNormalizerTest, InvalidUtf8IsReplacedAndReported) {
  const std::string input = std::string("し\xff") + "に\xe3\x81" + "たい";
  const NormalizedText n = Normalize(input);
  EXPECT_TRUE(n.repaired_utf8);
  EXPECT_EQ(n.key, "し\xef\xbf\xbdに\xef\xbf\xbdたい");  // U+FFFD for each bad sequence
  const std::size_t bad = n.key.find("\xef\xbf\xbd");
  EXPECT_EQ(Original(input, n, bad, bad + 3), "\xff");
  EXPECT_FALSE(Normalize("しにたい").repaired_utf8);
}

TEST(JapaneseNormalizerTest, ControlCharactersAndNulBecomeSpaces) {
  std::string input = "死に";
  input.push_back('\0');
  input += "たい\x01\x7f";
  const NormalizedText n = Normalize(input);
  EXPECT_EQ(n.text.find('\0'), std::string::npos);
  EXPECT_EQ(n.text, "死に たい ");
}

TEST(JapaneseNormalizerTest, EmptyInput) {
  const NormalizedText n = Normalize("");
  EXPECT_TRUE(n.key.empty());
  EXPECT_TRUE(n.text.empty());
  EXPECT_EQ(n.text_to_key.size(), 1u);
}

TEST(JapaneseNormalizerTest, FoldKeyAppliesTheKeyRulesOnly) {
  EXPECT_EQ(JapaneseNormalizer::FoldKey("リストカット"), "りすとかっと");
  EXPECT_EQ(JapaneseNormalizer::FoldKey("しにたーい"), "しにたい");
  EXPECT_EQ(JapaneseNormalizer::FoldKey("死ぬ"), "死ぬ");
  EXPECT_EQ(JapaneseNormalizer::FoldKey("\xff"), "\xef\xbf\xbd");
}

}  // namespace
}  // namespace tsunagu::adapters::text
