// Pure pieces of the center's daily work: the survey's configuration and postback data, and the
// counts reports are made of.
#include <gtest/gtest.h>

#include "app/center_stats.h"
#include "app/survey.h"
#include "core/survey.h"

namespace tsunagu::app {
namespace {

using core::ParseSurveyPostback;
using core::ParseSurveyQuestion;
using core::SurveyPostbackData;

TEST(SurveyQuestionTest, AQuestionWithItsChoices) {
  auto q = ParseSurveyQuestion("helped|役に立ちましたか？|はい=yes|いいえ=no");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->id, "helped");
  EXPECT_EQ(q->text, "役に立ちましたか？");
  ASSERT_EQ(q->choices.size(), 2u);
  EXPECT_EQ(q->choices[1].label, "いいえ");
  EXPECT_EQ(q->choices[1].value, "no");
}

TEST(SurveyQuestionTest, MistakesAreNamed) {
  for (const char* bad : {"helped|質問|はい=yes",            // one choice
                          "Helped|質問|はい=yes|いいえ=no",  // id
                          "helped||はい=yes|いいえ=no",      // no text
                          "helped|質問|はい|いいえ=no",      // no value
                          "helped|質問|はい=Yes|いいえ=no",  // value
                          "helped|質問|はい=yes|はい=no",    // duplicate label
                          "helped|質問|=yes|いいえ=no",      // empty label
                          "helped|質問|とても長いラベルになってしまったボタンです=a|b=b"}) {
    auto q = ParseSurveyQuestion(bad);
    ASSERT_FALSE(q) << bad;
    EXPECT_NE(q.error().message.find(" / "), std::string::npos) << "Japanese / English";
  }
}

TEST(SurveyPostbackTest, RoundTripsAndRejectsAnythingElse) {
  const std::string data = SurveyPostbackData(42, "helped", "yes");
  EXPECT_EQ(data, "survey:42:helped:yes");
  auto parsed = ParseSurveyPostback(data);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->conversation_id, 42);
  EXPECT_EQ(parsed->question, "helped");
  EXPECT_EQ(parsed->value, "yes");
  for (const char* bad : {"bot:terms:agree", "survey:", "survey:x:helped:yes", "survey:0:h:v",
                          "survey:-1:h:v", "survey:42::yes", "survey:42:helped:", "survey:42"}) {
    EXPECT_FALSE(ParseSurveyPostback(bad)) << bad;
  }
}

ConversationFact Fact(core::EndReason reason, std::optional<core::TimeMs> queued = std::nullopt,
                      std::optional<core::TimeMs> taken = std::nullopt) {
  ConversationFact f;
  f.end_reason = reason;
  f.queued_at_ms = queued;
  f.taken_at_ms = taken;
  return f;
}

TEST(CenterCountsTest, EachConversationLandsInExactlyOnePlace) {
  const std::vector<ConversationFact> facts = {
      Fact(core::EndReason::kStaff, 100, 400),  // handled, waited 300
      Fact(core::EndReason::kIdle, 100, 1100),  // handled, then went silent
      Fact(core::EndReason::kNone, 100, 200),   // handled, still open
      Fact(core::EndReason::kOutOfHours),       // out of hours
      Fact(core::EndReason::kOverflow),         // overflow
      Fact(core::EndReason::kAbandoned, 100),   // left the queue
      Fact(core::EndReason::kDeclined),         // declined the terms
      Fact(core::EndReason::kBotEnded),         // other bot end
      Fact(core::EndReason::kNone, 100),        // still waiting
      Fact(core::EndReason::kNone),             // still with the bot
  };
  CenterCounts counts;
  std::vector<core::TimeMs> waits;
  for (const ConversationFact& f : facts) CountFact(f, counts, waits);
  EXPECT_EQ(counts.accesses, 10);
  EXPECT_EQ(counts.handled, 3);
  EXPECT_EQ(counts.out_of_hours, 1);
  EXPECT_EQ(counts.overflow, 1);
  EXPECT_EQ(counts.abandoned, 1);
  EXPECT_EQ(counts.declined, 1);
  EXPECT_EQ(counts.bot_ended, 1);
  EXPECT_EQ(counts.waiting, 1);
  EXPECT_EQ(counts.in_progress, 1);
  EXPECT_EQ(counts.handled + counts.out_of_hours + counts.overflow + counts.abandoned +
                counts.declined + counts.bot_ended + counts.waiting + counts.in_progress,
            counts.accesses);
  EXPECT_EQ(waits, (std::vector<core::TimeMs>{300, 1000, 100}));
}

TEST(CenterCountsTest, PercentilesAreNearestRank) {
  EXPECT_EQ(Percentile({}, 50), std::nullopt);
  EXPECT_EQ(Percentile({7}, 90), 7);
  EXPECT_EQ(Percentile({300, 1000, 100}, 50), 300);
  EXPECT_EQ(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9);
  EXPECT_EQ(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50), 5);
  EXPECT_EQ(Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90), 10);
}

}  // namespace
}  // namespace tsunagu::app
