// The wrap-up (core/wrap_up.h): outcome names, and validation on both sides of every rule.
#include "core/wrap_up.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/limits.h"

namespace tsunagu::core {
namespace {

TopicList Topics() {
  return TopicList({{"school", "学業・進路", "Studies"},
                    {"bullying", "いじめ", "Bullying"},
                    {"family", "家族関係", "Family"}});
}

WrapUpDraft Valid() {
  WrapUpDraft d;
  d.topic_codes = {"school"};
  d.risk_level = 0;
  d.outcome = "ended";
  return d;
}

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::size_t ProblemCount(const WrapUpDraft& d) { return WrapUpDraftProblems(d, Topics()).size(); }

TEST(WrapUpTest, OutcomeNamesRoundTripWithLabels) {
  std::set<std::string> names;
  for (WrapUpOutcome o : kWrapUpOutcomes) {
    const std::string name = WrapUpOutcomeName(o);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseWrapUpOutcome(name), std::optional<WrapUpOutcome>(o));
    EXPECT_STRNE(WrapUpOutcomeLabelJa(o), "");
    EXPECT_STRNE(WrapUpOutcomeLabelEn(o), "");
  }
  EXPECT_EQ(names, (std::set<std::string>{"close_contact", "continue", "interrupted", "referral",
                                          "phone", "ended"}));
  EXPECT_STREQ(WrapUpOutcomeLabelJa(WrapUpOutcome::kCloseContact), "身近な人へ");
  EXPECT_STREQ(WrapUpOutcomeLabelJa(WrapUpOutcome::kPhone), "電話へ移行");
  EXPECT_STREQ(WrapUpOutcomeLabelJa(WrapUpOutcome::kReferral), "関係機関へ紹介");
  for (const char* unknown : {"", "Ended", "ended ", "終了", "close-contact"}) {
    EXPECT_FALSE(ParseWrapUpOutcome(unknown).has_value()) << unknown;
  }
}

TEST(WrapUpTest, AValidDraftMakesASortedUniqueWrapUp) {
  WrapUpDraft d = Valid();
  d.topic_codes = {"school", "family", "bullying", "family"};
  d.risk_level = 3;
  d.outcome = "phone";
  d.summary = "電話相談につないだ";
  auto w = MakeWrapUp(d, Topics(), 42, 7, 1'700'000'000'000);
  ASSERT_TRUE(w.has_value()) << w.error().message;
  EXPECT_EQ(w->conversation_id, 42);
  EXPECT_EQ(w->topic_codes, (std::vector<std::string>{"bullying", "family", "school"}));
  EXPECT_EQ(w->risk_level, 3);
  EXPECT_EQ(w->outcome, WrapUpOutcome::kPhone);
  EXPECT_EQ(w->summary, "電話相談につないだ");
  EXPECT_EQ(w->by_staff_id, 7);
  EXPECT_EQ(w->at_ms, 1'700'000'000'000);
  EXPECT_TRUE(IsWellFormed(*w));
}

TEST(WrapUpTest, TopicsAtLeastOneAndEachKnown) {
  WrapUpDraft d = Valid();
  d.topic_codes = {};
  EXPECT_EQ(ProblemCount(d), 1u);
  d.topic_codes = {"school"};
  EXPECT_EQ(ProblemCount(d), 0u);
  d.topic_codes = {"school", "weather", "SCHOOL"};
  auto problems = WrapUpDraftProblems(d, Topics());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("SCHOOL"), std::string::npos);
  EXPECT_NE(problems[1].find("weather"), std::string::npos);
  // A repeated unknown topic is one reason.
  d.topic_codes = {"weather", "weather"};
  EXPECT_EQ(ProblemCount(d), 1u);
  // Without a list nothing is known.
  EXPECT_EQ(WrapUpDraftProblems(Valid(), TopicList()).size(), 1u);
}

TEST(WrapUpTest, RiskLevelZeroToThree) {
  WrapUpDraft d = Valid();
  for (int level : {0, 1, 2, 3}) {
    d.risk_level = level;
    EXPECT_EQ(ProblemCount(d), 0u) << level;
  }
  for (int level : {-1, 4, 100}) {
    d.risk_level = level;
    EXPECT_EQ(ProblemCount(d), 1u) << level;
  }
  d.risk_level.reset();
  EXPECT_EQ(ProblemCount(d), 1u);
}

TEST(WrapUpTest, OutcomeKnown) {
  WrapUpDraft d = Valid();
  for (WrapUpOutcome o : kWrapUpOutcomes) {
    d.outcome = WrapUpOutcomeName(o);
    EXPECT_EQ(ProblemCount(d), 0u) << d.outcome;
  }
  d.outcome = "";
  EXPECT_EQ(ProblemCount(d), 1u);
  d.outcome = "finished";
  EXPECT_EQ(ProblemCount(d), 1u);
}

TEST(WrapUpTest, SummaryLengthAndEncoding) {
  WrapUpDraft d = Valid();
  d.summary = "";
  EXPECT_EQ(ProblemCount(d), 0u);  // optional
  d.summary = Repeat("あ", kWrapUpSummaryCharsMax);
  EXPECT_EQ(ProblemCount(d), 0u);
  d.summary = Repeat("あ", kWrapUpSummaryCharsMax + 1);
  EXPECT_EQ(ProblemCount(d), 1u);
  d.summary = std::string(kWrapUpSummaryCharsMax, 'a');
  EXPECT_EQ(ProblemCount(d), 0u);
  d.summary = std::string(kWrapUpSummaryCharsMax + 1, 'a');
  EXPECT_EQ(ProblemCount(d), 1u);
  d.summary = "\xc3\x28";
  EXPECT_EQ(ProblemCount(d), 1u);
}

TEST(WrapUpTest, EveryProblemIsReportedAtOnceInJapaneseAndEnglish) {
  WrapUpDraft d;
  d.summary = "\xff";
  auto problems = WrapUpDraftProblems(d, Topics());
  ASSERT_EQ(problems.size(), 4u);
  for (const std::string& p : problems) {
    EXPECT_NE(p.find(" / "), std::string::npos) << p;
  }
  auto made = MakeWrapUp(d, Topics(), 1, 1, 1);
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(std::count(made.error().message.begin(), made.error().message.end(), '\n'), 3);
}

TEST(WrapUpTest, WellFormedness) {
  WrapUp w;
  w.topic_codes = {"a", "b"};
  w.risk_level = 2;
  EXPECT_TRUE(IsWellFormed(w));
  w.topic_codes = {"b", "a"};
  EXPECT_FALSE(IsWellFormed(w));
  w.topic_codes = {"a", "a"};
  EXPECT_FALSE(IsWellFormed(w));
  w.topic_codes = {};
  EXPECT_FALSE(IsWellFormed(w));
  w.topic_codes = {"A"};
  EXPECT_FALSE(IsWellFormed(w));
  w.topic_codes = {"a"};
  w.risk_level = 4;
  EXPECT_FALSE(IsWellFormed(w));
  w.risk_level = 0;
  w.summary = std::string(kWrapUpSummaryCharsMax + 1, 'x');
  EXPECT_FALSE(IsWellFormed(w));
  w.summary.pop_back();
  EXPECT_TRUE(IsWellFormed(w));
}

}  // namespace
}  // namespace tsunagu::core
