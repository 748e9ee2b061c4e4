// The topic list (core/topics.h): the parser, its errors naming the line, its limits on both
// sides, and the shipped data/topics.tsv.
#include "core/topics.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/limits.h"

namespace tsunagu::core {
namespace {

std::string Messages(const std::vector<TopicsError>& errors) {
  std::string out;
  for (const TopicsError& e : errors) out += e.message + "\n";
  return out;
}

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(TopicsTest, ParsesCodesAndLabelsInFileOrder) {
  auto list = ParseTopicsTsv(
      "\xEF\xBB\xBF# 相談内容\n\nschool\t学業・進路\tStudies\r\nbullying\tいじめ\tBullying\n");
  ASSERT_TRUE(list.has_value()) << Messages(list.error());
  ASSERT_EQ(list->topics().size(), 2u);
  EXPECT_EQ(list->topics()[0], (Topic{"school", "学業・進路", "Studies"}));
  EXPECT_EQ(list->topics()[1], (Topic{"bullying", "いじめ", "Bullying"}));
  EXPECT_TRUE(list->Contains("bullying"));
  EXPECT_FALSE(list->Contains("Bullying"));
  EXPECT_FALSE(list->Contains(""));
  EXPECT_EQ(list->Find("school")->label_en, "Studies");
  EXPECT_EQ(ParseTopicsTsv(TopicsTsvText(*list)).value(), *list);
}

TEST(TopicsTest, ErrorsNameTheirLine) {
  auto list = ParseTopicsTsv(
      "school\t学業\tStudies\n"    // 1
      "# comment\n"                // 2
      "school\t重複\tDuplicate\n"  // 3
      "Bad-Code\tx\ty\n"           // 4
      "two\tfields\n"              // 5
      "empty\t\tEnglish\n"         // 6
      "ctl\t\x01\tC\n"             // 7
      "utf\t\xc3\x28\tU\n");       // 8
  ASSERT_FALSE(list.has_value());
  const std::vector<TopicsError>& e = list.error();
  ASSERT_EQ(e.size(), 6u) << Messages(e);
  EXPECT_EQ(e[0].line, 3u);
  EXPECT_NE(e[0].message.find("行 3: "), std::string::npos);
  EXPECT_NE(e[0].message.find("line 3: duplicate code"), std::string::npos);
  EXPECT_EQ(e[1].line, 4u);
  EXPECT_EQ(e[2].line, 5u);
  EXPECT_NE(e[2].message.find("found 2"), std::string::npos);
  EXPECT_EQ(e[3].line, 6u);
  EXPECT_EQ(e[4].line, 7u);
  EXPECT_EQ(e[5].line, 8u);
}

TEST(TopicsTest, AnEmptyListIsAnError) {
  for (const char* text : {"", "# only a comment\n", "\n\n"}) {
    auto list = ParseTopicsTsv(text);
    ASSERT_FALSE(list.has_value()) << text;
    EXPECT_EQ(list.error().at(0).line, 0u);
  }
}

TEST(TopicsTest, CodeRules) {
  EXPECT_TRUE(IsTopicCode("a"));
  EXPECT_TRUE(IsTopicCode("sexual_harm"));
  EXPECT_TRUE(IsTopicCode("x2"));
  EXPECT_TRUE(IsTopicCode(std::string(kTopicCodeBytesMax, 'a')));
  EXPECT_FALSE(IsTopicCode(std::string(kTopicCodeBytesMax + 1, 'a')));
  EXPECT_FALSE(IsTopicCode(""));
  EXPECT_FALSE(IsTopicCode("2x"));
  EXPECT_FALSE(IsTopicCode("_x"));
  EXPECT_FALSE(IsTopicCode("School"));
  EXPECT_FALSE(IsTopicCode("a-b"));
  EXPECT_FALSE(IsTopicCode("a b"));
  EXPECT_FALSE(IsTopicCode("学校"));
}

TEST(TopicsTest, LabelLengthBothSides) {
  const std::string longest = Repeat("あ", kTopicLabelCharsMax);
  EXPECT_TRUE(ParseTopicsTsv("a\t" + longest + "\tA\n").has_value());
  EXPECT_FALSE(ParseTopicsTsv("a\t" + longest + "あ\tA\n").has_value());
  EXPECT_TRUE(ParseTopicsTsv("a\tあ\t" + std::string(kTopicLabelCharsMax, 'e') + "\n").has_value());
  EXPECT_FALSE(
      ParseTopicsTsv("a\tあ\t" + std::string(kTopicLabelCharsMax + 1, 'e') + "\n").has_value());
}

TEST(TopicsTest, TopicCountBothSides) {
  std::string text;
  for (std::size_t i = 0; i < kTopicsMax; ++i) text += "t" + std::to_string(i) + "\tあ\tA\n";
  auto full = ParseTopicsTsv(text);
  ASSERT_TRUE(full.has_value()) << Messages(full.error());
  EXPECT_EQ(full->topics().size(), kTopicsMax);
  auto over = ParseTopicsTsv(text + "extra\tい\tB\n");
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().back().line, kTopicsMax + 1);
}

TEST(TopicsTest, FileSizeBothSides) {
  std::string text = "a\tあ\tA\n";
  text += "#" + std::string(kTopicsFileBytesMax - text.size() - 2, 'x') + "\n";
  ASSERT_EQ(text.size(), kTopicsFileBytesMax);
  EXPECT_TRUE(ParseTopicsTsv(text).has_value());
  auto over = ParseTopicsTsv(text + "\n");
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().at(0).line, 0u);
}

TEST(TopicsTest, ErrorsStopAfterTheirLimit) {
  std::string text;
  for (std::size_t i = 0; i < kTopicsErrorsMax + 10; ++i) text += "BAD\tx\ty\n";
  auto list = ParseTopicsTsv(text);
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().size(), kTopicsErrorsMax + 1);
  EXPECT_NE(list.error().back().message.find("too many errors"), std::string::npos);
}

// The list main loads by default: it parses and holds the topics the ministries' reports count.
TEST(TopicsTest, TheShippedListParses) {
  // tests/unit/core/ -> the repository.
  const std::filesystem::path root =
      std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  std::ifstream in(root / "data/topics.tsv", std::ios::binary);
  ASSERT_TRUE(in) << "data/topics.tsv";
  std::stringstream text;
  text << in.rdbuf();
  auto list = ParseTopicsTsv(text.str());
  ASSERT_TRUE(list.has_value()) << Messages(list.error());
  for (const char* code : {"school", "bullying", "friends", "teachers", "truancy", "family",
                           "abuse", "mental", "suicide", "other"}) {
    EXPECT_TRUE(list->Contains(code)) << code;
  }
}

}  // namespace
}  // namespace tsunagu::core
