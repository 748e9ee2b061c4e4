#include "bot/scenario_engine.h"

#include <gtest/gtest.h>

namespace tsunagu::bot {
namespace {

Node MessageNode(std::string id, std::string text, std::string next) {
  Node n;
  n.id = std::move(id);
  n.kind = NodeKind::kMessage;
  n.say = {BotMessage{std::move(text), "", {}}};
  n.next = std::move(next);
  return n;
}

TEST(ScenarioEngine, InterpolatesVariablesBeforeContextAndDropsUnknownNames) {
  const std::map<std::string, std::string> vars{{"name", "さくら"}};
  const std::map<std::string, std::string> context{{"name", "x"}, {"hours", "16時"}};
  EXPECT_EQ(Interpolate("{{ name }}さん、{{hours}}から。{{nope}}!", vars, context),
            "さくらさん、16時から。!");
  EXPECT_EQ(Interpolate("{{unclosed", vars, context), "{{unclosed");
}

// Validate rejects loops that never wait; the engine still guards against one in a scenario
// that did not go through Validate, and hands the person over instead of spinning.
TEST(ScenarioEngine, ALoopWithoutAQuestionHandsOverAfterTheTurnLimit) {
  Scenario s;
  s.key = "loop";
  s.version = "1";
  s.start = "a";
  s.nodes.emplace("a", MessageNode("a", "あ", "b"));
  s.nodes.emplace("b", MessageNode("b", "い", "a"));
  BotState state;
  BotTurn turn = Step(s, state, {InputKind::kStart, ""}, {});
  EXPECT_EQ(turn.outcome, TurnOutcome::kHandover);
  EXPECT_FALSE(turn.error.empty());
  EXPECT_TRUE(state.finished);
  ASSERT_EQ(turn.messages.size(), 1u);  // adjacent texts joined
  EXPECT_EQ(turn.messages[0].text.size(), core::kBotTurnsMax * std::string("あ\n\n").size() - 2);
}

TEST(ScenarioEngine, AWaitingNodeThatVanishedHandsOver) {
  Scenario s;
  s.key = "x";
  s.version = "1";
  s.start = "a";
  s.nodes.emplace("a", MessageNode("a", "あ", "a"));
  BotState state;
  state.node = "gone";
  BotTurn turn = Step(s, state, {InputKind::kText, "はい"}, {});
  EXPECT_EQ(turn.outcome, TurnOutcome::kHandover);
  EXPECT_NE(turn.error.find("gone"), std::string::npos);
}

TEST(ScenarioEngine, ImagesAreNotJoinedWithText) {
  Scenario s;
  s.key = "x";
  s.version = "1";
  s.start = "a";
  Node a = MessageNode("a", "地図です", "b");
  a.say.push_back(BotMessage{"地図", "https://example.org/map.png", {}});
  s.nodes.emplace("a", a);
  Node b;
  b.id = "b";
  b.kind = NodeKind::kEnd;
  b.say = {BotMessage{"またね", "", {}}};
  s.nodes.emplace("b", b);
  BotState state;
  BotTurn turn = Step(s, state, {InputKind::kStart, ""}, {});
  ASSERT_EQ(turn.messages.size(), 3u);
  EXPECT_EQ(turn.messages[1].image_url, "https://example.org/map.png");
  EXPECT_EQ(turn.outcome, TurnOutcome::kEnded);
}

TEST(ScenarioEngine, ChoicePostbackDataNamesNodeAndValue) {
  EXPECT_EQ(ChoicePostbackData("terms", "agree"), "bot:terms:agree");
}

}  // namespace
}  // namespace tsunagu::bot
