#include "adapters/text/mecab_icu_text_analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/limits.h"

namespace tsunagu::adapters::text {
namespace {

std::shared_ptr<const MecabIcuTextAnalysis> Analysis() {
  auto analysis = MecabIcuTextAnalysis::Open();
  EXPECT_TRUE(analysis) << analysis.error().message;
  return analysis ? *analysis : nullptr;
}

std::vector<std::string> Bases(const core::risk::AnalyzedText& text) {
  std::vector<std::string> bases;
  for (const auto& token : text.tokens) bases.push_back(token.base);
  return bases;
}

TEST(MecabIcuTextAnalysisTest, TokensCarryBaseFormsAndPartsOfSpeech) {
  auto analyzed = Analysis()->Analyze("死にたくない", 1024);
  ASSERT_TRUE(analyzed) << analyzed.error().message;
  EXPECT_EQ(Bases(*analyzed), (std::vector<std::string>{"死ぬ", "たい", "ない"}));
  EXPECT_EQ(analyzed->tokens[0].surface, "死に");
  EXPECT_EQ(analyzed->tokens[0].pos, "動詞");
  EXPECT_EQ(analyzed->tokens[0].pos_detail, "自立");
  EXPECT_EQ(analyzed->tokens[1].pos, "助動詞");
}

TEST(MecabIcuTextAnalysisTest, IpadicIsUsedNotAnotherDictionary) {
  // naist-jdic reads 死にたい as one noun; ipadic as 死ぬ + たい.
  auto analyzed = Analysis()->Analyze("死にたい", 1024);
  ASSERT_TRUE(analyzed);
  EXPECT_EQ(Bases(*analyzed), (std::vector<std::string>{"死ぬ", "たい"}));
}

TEST(MecabIcuTextAnalysisTest, TokenOffsetsPointIntoTheOriginal) {
  const std::string input = "ねえ ｼﾆﾀｲ";
  auto analyzed = Analysis()->Analyze(input, 1024);
  ASSERT_TRUE(analyzed);
  ASSERT_FALSE(analyzed->tokens.empty());
  const auto& last = analyzed->tokens.back();
  EXPECT_EQ(input.substr(last.begin, last.end - last.begin), "ｼﾆﾀｲ");
  EXPECT_EQ(last.surface, "しにたい");  // the matching form
  EXPECT_TRUE(last.space_before);
  EXPECT_EQ(analyzed->key.substr(last.key_begin, last.key_end - last.key_begin), "しにたい");
}

TEST(MecabIcuTextAnalysisTest, LongInputIsCutAtTheLimitBothSides) {
  std::string input;
  while (input.size() < core::kRiskTextBytesMaxDefault) input += "あ";  // 3 bytes each
  input.resize(core::kRiskTextBytesMaxDefault - core::kRiskTextBytesMaxDefault % 3);
  auto exact = Analysis()->Analyze(input, input.size());
  ASSERT_TRUE(exact);
  EXPECT_FALSE(exact->truncated);
  EXPECT_EQ(exact->bytes_analyzed, input.size());
  auto cut = Analysis()->Analyze(input, input.size() - 1);
  ASSERT_TRUE(cut);
  EXPECT_TRUE(cut->truncated);
  EXPECT_EQ(cut->bytes_analyzed, input.size() - 3);  // never inside a code point
  // The hard ceiling applies whatever the caller asks for.
  const std::string huge(core::kRiskTextBytesMax + 10, 'a');
  auto capped = Analysis()->Analyze(huge, huge.size());
  ASSERT_TRUE(capped);
  EXPECT_TRUE(capped->truncated);
  EXPECT_EQ(capped->bytes_analyzed, core::kRiskTextBytesMax);
}

TEST(MecabIcuTextAnalysisTest, ArbitraryBytesAreAnalysed) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  auto analyzed = Analysis()->Analyze(bytes, bytes.size());
  ASSERT_TRUE(analyzed) << analyzed.error().message;
  EXPECT_TRUE(analyzed->repaired_utf8);
  for (const auto& token : analyzed->tokens) {
    EXPECT_LT(token.begin, token.end);
    EXPECT_LE(token.end, bytes.size());
    EXPECT_LE(token.key_end, analyzed->key.size());
  }
  auto empty = Analysis()->Analyze("", 10);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->tokens.empty());
}

TEST(MecabIcuTextAnalysisTest, OneModelPerDictionaryPerProcess) {
  auto first = MecabIcuTextAnalysis::Open();
  auto second = MecabIcuTextAnalysis::Open();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->get(), second->get());
}

TEST(MecabIcuTextAnalysisTest, AMissingDictionaryIsUnavailable) {
  auto analysis = MecabIcuTextAnalysis::Open({.mecab_dicdir = "/nonexistent/dic"});
  ASSERT_FALSE(analysis);
  EXPECT_EQ(analysis.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(analysis.error().message.find("/nonexistent/dic"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::adapters::text
