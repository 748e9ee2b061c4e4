// The text encodings that stores keep in one column: bot variables (conversation.h) and quick
// replies (message.h). A store reads back exactly what it wrote, and treats anything else as a
// damaged row, so parsing must refuse whatever the encoder never writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/conversation.h"
#include "core/message.h"

namespace tsunagu::core {
namespace {

using Variables = std::map<std::string, std::string>;

// ---- Bot variables.

TEST(BotVariablesStoredTextTest, NoVariablesIsTheEmptyText) {
  EXPECT_EQ(BotVariablesText({}), "");
  auto parsed = ParseBotVariablesText("");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->empty());
}

TEST(BotVariablesStoredTextTest, OneLinePerVariableInNameOrder) {
  EXPECT_EQ(BotVariablesText({{"name", "太郎"}, {"age", "16"}}), "age\t16\nname\t太郎");
  EXPECT_EQ(BotVariablesText({{"empty", ""}}), "empty\t");
}

TEST(BotVariablesStoredTextTest, EscapesBackslashTabAndLineBreaksInValues) {
  EXPECT_EQ(BotVariablesText({{"v", "a\\b\tc\nd\re"}}), "v\ta\\\\b\\tc\\nd\\re");
  // What looks like an escape in the value is escaped itself.
  EXPECT_EQ(BotVariablesText({{"v", "\\n"}}), "v\t\\\\n");
}

TEST(BotVariablesStoredTextTest, RoundTripsAwkwardValues) {
  const std::vector<Variables> cases = {
      {},
      {{"a", ""}},
      {{"a", ""}, {"b", ""}},
      {{"answer", "はい"}, {"feeling", "つらい\nでも話したい"}, {"tab", "\t"}},
      {{"path", "C:\\Users\\x\\"}, {"crlf", "line1\r\nline2\r\n"}, {"lone", "\\"}},
      {{"escapes", "\\t\\n\\r\\\\"}, {"emoji", "😀 'x'; DROP TABLE t; --"}},
      {{"trailing_newline", "x\n"}, {"leading_tab", "\tx"}, {"only_newlines", "\n\n"}},
      {{"q1", "1"}, {"q2", "2"}, {"q3", "3"}, {"q_4-x", "選択肢 4"}},
  };
  for (const Variables& variables : cases) {
    const std::string text = BotVariablesText(variables);
    // One line per variable: no raw line break or stray tab survives in a value.
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'),
              variables.empty() ? 0 : static_cast<long>(variables.size()) - 1)
        << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\t'), static_cast<long>(variables.size()))
        << text;
    EXPECT_EQ(text.find('\r'), std::string::npos) << text;
    auto parsed = ParseBotVariablesText(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, variables) << text;
  }
}

TEST(BotVariablesStoredTextTest, RefusesDamagedText) {
  for (std::string_view damaged : {
           std::string_view("a\t1\n"),           // a trailing line break
           std::string_view("\n"),               // an empty line
           std::string_view("a\t1\n\nb\t2"),     // an empty line inside
           std::string_view("a"),                // no tab
           std::string_view("a\t1\nb"),          // no tab on the second line
           std::string_view("\t1"),              // no name
           std::string_view("a\t1\tx"),          // a raw tab in the value
           std::string_view("a\t1\r"),           // a raw carriage return in the value
           std::string_view("a\t\\"),            // a lone backslash at the end
           std::string_view("a\t\\x"),           // an unknown escape
           std::string_view("a\t\\N"),           // escapes are lower case
           std::string_view("a\t1\na\t2"),       // a name twice
           std::string_view("a\t1\nb\t2\na\t"),  // a name twice, the second time empty
       }) {
    EXPECT_FALSE(ParseBotVariablesText(damaged).has_value()) << damaged;
  }
}

// ---- Quick replies.

TEST(QuickRepliesStoredTextTest, NoItemsIsTheEmptyText) {
  EXPECT_EQ(QuickRepliesText({}), "");
  auto parsed = ParseQuickRepliesText("");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->empty());
}

TEST(QuickRepliesStoredTextTest, OneLinePerItemWithTabsBetweenTheFields) {
  EXPECT_EQ(QuickRepliesText({{"はい", "consent=yes", "同意します"}, {"いいえ", "consent=no", ""}}),
            "はい\tconsent=yes\t同意します\nいいえ\tconsent=no\t");
}

TEST(QuickRepliesStoredTextTest, RoundTripsInOrder) {
  const std::vector<std::vector<QuickReply>> cases = {
      {},
      {{"a", "b", ""}},
      {{"話したい", "node=talk&x=1", "話したいです"}, {"やめる", "node=end", ""}},
      {{"😀", "data with spaces", "'quoted' \\ back\\slash"}, {"z", "y", "x"}, {"a", "b", "c"}},
      {{"same", "same", "same"}, {"same", "same", "same"}},  // duplicates are the caller's business
  };
  for (const auto& items : cases) {
    const std::string text = QuickRepliesText(items);
    auto parsed = ParseQuickRepliesText(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(*parsed, items) << text;
  }
}

TEST(QuickRepliesStoredTextTest, RefusesDamagedText) {
  for (std::string_view damaged : {
           std::string_view("a\tb\tc\n"),          // a trailing line break
           std::string_view("\n"),                 // an empty line
           std::string_view("a\tb\tc\n\nd\te\t"),  // an empty line inside
           std::string_view("a"),                  // no tab
           std::string_view("a\tb"),               // one tab only
           std::string_view("a\tb\tc\td"),         // a tab too many
           std::string_view("a\tb\tc\nd\te"),      // the second line is short
           std::string_view("\tb\tc"),             // an empty label
           std::string_view("a\t\tc"),             // empty data
       }) {
    EXPECT_FALSE(ParseQuickRepliesText(damaged).has_value()) << damaged;
  }
}

TEST(QuickRepliesStoredTextTest, ItemsThatCannotBeStoredDoNotReadBackAsThemselves) {
  // The encoder writes fields as they are: a store checks that an item list reads back as
  // itself before writing it, and refuses these.
  for (const std::vector<QuickReply>& items : std::vector<std::vector<QuickReply>>{
           {{"", "data", ""}},
           {{"label", "", ""}},
           {{"la\tbel", "data", ""}},
           {{"label", "da\nta", ""}},
           {{"label", "data", "shown\ttext"}},
           {{"label", "data", "shown\ntext"}},
       }) {
    auto parsed = ParseQuickRepliesText(QuickRepliesText(items));
    EXPECT_TRUE(!parsed.has_value() || *parsed != items) << QuickRepliesText(items);
  }
}

}  // namespace
}  // namespace tsunagu::core
