// Risk signals in processing, with a scripted assessor (the real analyzer has its own tests).
#include "app/risk_signals.h"

#include <gtest/gtest.h>

#include "app/process_inbound.h"
#include "unit/support/app_env.h"

namespace tsunagu::app {
namespace {

using testing::TestEnv;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

class RiskSignalsTest : public ::testing::Test {
 protected:
  RiskSignalsTest() : processor_(env_.ctx, [] {}) {
    env_.clock.Set(kT0);
    env_.ctx.risk.assess = [this](std::string_view text) -> core::Result<core::MessageRisk> {
      ++assessed_;
      if (text == "broken") return core::Fail(core::ErrorCode::kInternal, "analyzer failed");
      core::MessageRisk r;
      if (text.starts_with("L")) {
        r.level = text[1] - '0';
        r.categories = "ideation";
        r.spans = {{0, 2}};
        r.reasons = "lexicon line 1";
      }
      return r;
    };
  }

  void Say(const std::string& id, const std::string& user, const std::string& text) {
    ASSERT_TRUE(env_.InsertEvent(testing::TextEvent(id, user, text, "rt-" + id, kT0)));
    ASSERT_TRUE(processor_.RunOnce());
  }

  std::vector<StreamEvent> Alerts() {
    std::vector<StreamEvent> out;
    for (const StreamEvent& e : env_.notifier.events()) {
      if (e.kind == StreamEventKind::kRiskAlert) out.push_back(e);
    }
    return out;
  }

  TestEnv env_;
  InboundProcessor processor_;
  int assessed_ = 0;
};

TEST_F(RiskSignalsTest, ARiskyMessageIsStoredWithItsRiskAndRaisesAGroupedAlert) {
  Say("e1", "U1", "L1 first");
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->risk_level, 1);
  EXPECT_EQ(c->risk_categories, "ideation");
  auto messages = env_.Messages(c->id);
  ASSERT_EQ(messages.size(), 2u);  // the client's message, then the bot's waiting notice
  EXPECT_EQ(messages[0].risk.level, 1);
  EXPECT_TRUE(messages[1].risk.Empty());
  EXPECT_EQ(messages[0].risk.spans, (std::vector<core::TextSpan>{{0, 2}}));
  ASSERT_EQ(Alerts().size(), 1u);
  EXPECT_TRUE(Alerts()[0].sound);

  Say("e2", "U1", "L1 again");
  Say("e3", "U1", "L3 worse");
  auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_FALSE(alerts[1].sound);  // grouped
  EXPECT_TRUE(alerts[2].sound);   // escalated
  EXPECT_EQ(alerts[2].alert->id, alerts[0].alert->id);
  EXPECT_EQ(alerts[2].alert->level, 3);
  EXPECT_EQ(alerts[2].alert->message_count, 3);
  EXPECT_EQ(env_.OpenConversationOf("U1")->risk_level, 3);

  // A calm message lowers nothing and raises no alert.
  Say("e4", "U1", "thanks");
  EXPECT_EQ(env_.OpenConversationOf("U1")->risk_level, 3);
  EXPECT_EQ(Alerts().size(), 3u);
}

TEST_F(RiskSignalsTest, AFailedAnalysisLeavesTheMessageUnassessedNotUndelivered) {
  Say("e1", "U1", "broken");
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  auto messages = env_.Messages(c->id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].text, "broken");
  EXPECT_TRUE(messages[0].risk.Empty());
  ASSERT_EQ(env_.log.lines().size(), 1u);
  EXPECT_NE(env_.log.lines()[0].find("risk not assessed"), std::string::npos);
  EXPECT_EQ(env_.log.lines()[0].find("broken"), std::string::npos) << "no message text in logs";
}

TEST_F(RiskSignalsTest, OnlyTheClientsTextIsAssessed) {
  ASSERT_TRUE(env_.InsertEvent(testing::FollowEvent("f1", "U1", "rt-f1", kT0)));
  ASSERT_TRUE(processor_.RunOnce());
  EXPECT_EQ(assessed_, 0);  // the follow note and the bot's greeting are not the client's words
  Say("e1", "U1", "hello");
  EXPECT_EQ(assessed_, 1);
}

TEST(MessageRiskOfTest, MergesOverlappingSpansAndNamesCategories) {
  core::risk::RiskAssessment a;
  a.level = core::risk::RiskLevel::kPlanOrMeans;
  a.categories.Add(core::risk::RiskCategory::kPlanMeans);
  a.categories.Add(core::risk::RiskCategory::kIdeation);
  a.signals.Add(core::risk::RiskCategory::kSelfHarm);
  core::risk::RiskMatch m1;
  m1.begin = 10;
  m1.end = 20;
  core::risk::RiskMatch m2;
  m2.begin = 0;
  m2.end = 5;
  core::risk::RiskMatch m3;
  m3.begin = 15;
  m3.end = 25;
  a.matches = {m1, m2, m3};
  a.reasons = {"a", "b"};
  core::MessageRisk r = MessageRiskOf(a);
  EXPECT_EQ(r.level, 2);
  EXPECT_EQ(r.categories, "ideation,plan_means");
  EXPECT_EQ(r.signals, "self_harm");
  EXPECT_EQ(r.spans, (std::vector<core::TextSpan>{{0, 5}, {10, 25}}));
  EXPECT_EQ(r.reasons, "a\nb");
  EXPECT_TRUE(core::ParseSpansText(core::SpansText(r.spans)).has_value());
}

TEST(SpansTextTest, RoundTripsAndRejectsDamage) {
  std::vector<core::TextSpan> spans{{0, 3}, {5, 9}};
  EXPECT_EQ(core::SpansText(spans), "0-3,5-9");
  EXPECT_EQ(core::ParseSpansText("0-3,5-9"), spans);
  EXPECT_EQ(core::ParseSpansText(""), std::vector<core::TextSpan>{});
  for (const char* bad : {"3-3", "5-2", "0-3,2-4", "0-3,", "a-b", "-1", "1", "0-99999999999999"}) {
    EXPECT_FALSE(core::ParseSpansText(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace tsunagu::app
