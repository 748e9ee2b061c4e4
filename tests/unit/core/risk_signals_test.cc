#include "core/risk_signals.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/queue_order.h"

namespace tsunagu::core {
namespace {

MessageRisk Risk(int level, std::string categories) {
  MessageRisk r;
  r.level = level;
  r.categories = std::move(categories);
  return r;
}

TEST(RaiseConversationRiskTest, TheLevelOnlyRisesAndCategoriesAccumulate) {
  Conversation c;
  EXPECT_TRUE(RaiseConversationRisk(c, Risk(1, "ideation"), 100));
  EXPECT_EQ(c.risk_level, 1);
  EXPECT_EQ(c.risk_raised_at_ms, std::optional<TimeMs>(100));
  EXPECT_TRUE(RaiseConversationRisk(c, Risk(2, "self_harm,ideation"), 200));
  EXPECT_EQ(c.risk_level, 2);
  EXPECT_EQ(c.risk_categories, "ideation,self_harm");
  EXPECT_EQ(c.risk_raised_at_ms, std::optional<TimeMs>(200));
  // A calmer message lowers nothing, and a repeated category changes nothing.
  EXPECT_FALSE(RaiseConversationRisk(c, Risk(0, ""), 300));
  EXPECT_FALSE(RaiseConversationRisk(c, Risk(1, "ideation"), 300));
  EXPECT_EQ(c.risk_level, 2);
  EXPECT_EQ(c.risk_raised_at_ms, std::optional<TimeMs>(200));
  // A new category at a lower level is kept without moving the time.
  EXPECT_TRUE(RaiseConversationRisk(c, Risk(1, "bullying"), 400));
  EXPECT_EQ(c.risk_categories, "bullying,ideation,self_harm");
  EXPECT_EQ(c.risk_raised_at_ms, std::optional<TimeMs>(200));
}

TEST(MergeCategoryCodesTest, SortedUniqueAndTolerantOfEmptyParts) {
  EXPECT_EQ(MergeCategoryCodes("", ""), "");
  EXPECT_EQ(MergeCategoryCodes("b,a", ""), "a,b");
  EXPECT_EQ(MergeCategoryCodes("a,,b,", "b,c"), "a,b,c");
}

TEST(DecideRiskAlertTest, OneAlertPerConversationSoundedWhenOpenedOrEscalated) {
  EXPECT_EQ(DecideRiskAlert(std::nullopt, 7, Risk(0, ""), 10).action, AlertAction::kNone);

  AlertDecision first = DecideRiskAlert(std::nullopt, 7, Risk(1, "ideation"), 10);
  EXPECT_EQ(first.action, AlertAction::kOpen);
  EXPECT_TRUE(first.sound());
  EXPECT_EQ(first.alert.conversation_id, 7);
  EXPECT_EQ(first.alert.level, 1);
  EXPECT_EQ(first.alert.message_count, 1);
  first.alert.id = 1;

  AlertDecision again = DecideRiskAlert(first.alert, 7, Risk(1, "ideation"), 20);
  EXPECT_EQ(again.action, AlertAction::kGroup);
  EXPECT_FALSE(again.sound());
  EXPECT_EQ(again.alert.id, 1);
  EXPECT_EQ(again.alert.message_count, 2);
  EXPECT_EQ(again.alert.first_at_ms, 10);
  EXPECT_EQ(again.alert.last_at_ms, 20);

  // Nothing counted: no alert.
  EXPECT_EQ(DecideRiskAlert(again.alert, 7, Risk(0, ""), 25).action, AlertAction::kNone);
  // A lower level adds nothing new: grouped, the level stays.
  AlertDecision lower = DecideRiskAlert(again.alert, 7, Risk(0, "ideation"), 26);
  EXPECT_EQ(lower.action, AlertAction::kGroup);
  EXPECT_EQ(lower.alert.level, 1);

  AlertDecision worse = DecideRiskAlert(again.alert, 7, Risk(3, "plan_means"), 30);
  EXPECT_EQ(worse.action, AlertAction::kEscalate);
  EXPECT_TRUE(worse.sound());
  EXPECT_EQ(worse.alert.level, 3);
  EXPECT_EQ(worse.alert.categories, "ideation,plan_means");

  // Once acknowledged, the next risky message opens a new alert.
  RiskAlert acked = worse.alert;
  acked.acknowledged_at_ms = 40;
  acked.acknowledged_by = 5;
  EXPECT_EQ(DecideRiskAlert(acked, 7, Risk(1, "ideation"), 50).action, AlertAction::kOpen);
}

TEST(DecideRiskAlertTest, HarmWithoutASuicideLevelStillAlertsAndANewKindEscalates) {
  AlertDecision abuse = DecideRiskAlert(std::nullopt, 7, Risk(0, "abuse_family"), 10);
  EXPECT_EQ(abuse.action, AlertAction::kOpen);
  EXPECT_EQ(abuse.alert.level, 0);
  abuse.alert.id = 1;
  AlertDecision both = DecideRiskAlert(abuse.alert, 7, Risk(0, "abuse_family,sexual"), 20);
  EXPECT_EQ(both.action, AlertAction::kEscalate);
  EXPECT_EQ(both.alert.categories, "abuse_family,sexual");
}

TEST(EnumNamesTest, EmergencyStepsAndDisclosureBasesRoundTrip) {
  for (EmergencyStep step : kEmergencySteps) {
    EXPECT_EQ(ParseEmergencyStep(EmergencyStepName(step)), step);
    EXPECT_NE(std::string(EmergencyStepLabelJa(step)), "");
  }
  for (DisclosureBasis b :
       {DisclosureBasis::kConsent, DisclosureBasis::kArt27_1_2, DisclosureBasis::kArt27_1_3}) {
    EXPECT_EQ(ParseDisclosureBasis(DisclosureBasisName(b)), b);
  }
  EXPECT_FALSE(ParseEmergencyStep("call_110").has_value());
  EXPECT_FALSE(ParseDisclosureBasis("because").has_value());
}

TEST(WaitsBeforeTest, HigherRiskFirstThenFirstComeFirstServed) {
  auto make = [](ConversationId id, int level, TimeMs opened) {
    Conversation c;
    c.id = id;
    c.risk_level = level;
    c.opened_at_ms = opened;
    return c;
  };
  std::vector<Conversation> queue = {make(1, 0, 100), make(2, 0, 50),  make(3, 2, 300),
                                     make(4, 1, 10),  make(5, 2, 200), make(6, 0, 50)};
  std::sort(queue.begin(), queue.end(), WaitsBefore);
  std::vector<ConversationId> order;
  for (const Conversation& c : queue) order.push_back(c.id);
  EXPECT_EQ(order, (std::vector<ConversationId>{5, 3, 4, 2, 6, 1}));
}

}  // namespace
}  // namespace tsunagu::core
