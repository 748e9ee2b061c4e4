// Scenario transcripts (tests/scenarios/*.transcript, format in docs/scenarios.md): what a
// person does, against what the bot must answer, run through the real file parser and engine.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/scenario/json_scenario.h"
#include "bot/scenario_engine.h"

namespace tsunagu::bot {
namespace {
namespace fs = std::filesystem;

fs::path RepositoryRoot() {
  for (fs::path dir = fs::path(__FILE__).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "tests/scenarios")) return dir;
    if (dir == dir.parent_path()) break;
  }
  return {};
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

std::string ButtonsOf(const BotMessage& m) {
  std::string out;
  for (const core::QuickReply& q : m.quick_replies) {
    if (!out.empty()) out += " | ";
    out += q.label;
  }
  return out;
}

// Runs one transcript; every failure names the transcript's line.
void RunTranscript(const fs::path& root, const fs::path& path) {
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::optional<Scenario> scenario;
  std::map<std::string, std::string> context;
  BotState state;
  BotTurn turn;
  std::size_t consumed = 0;  // messages of the current turn matched so far
  const BotMessage* last = nullptr;
  bool started = false;
  auto finish_turn = [&](int line) {
    if (!started) return;
    EXPECT_EQ(consumed, turn.messages.size())
        << path.filename() << ":" << line << ": the bot said more than the transcript expects: "
        << (consumed < turn.messages.size() ? turn.messages[consumed].text : "");
  };
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    std::string text = Trim(raw);
    const std::string where = path.filename().string() + ":" + std::to_string(line);
    if (text.empty() || text.starts_with("#")) continue;
    if (text.starts_with("scenario:")) {
      auto load = adapters::scenario::LoadScenarioFile((root / Trim(text.substr(9))).string());
      for (const auto& e : load.errors) ADD_FAILURE() << where << ": " << FormatScenarioError(e);
      ASSERT_TRUE(load.scenario) << where;
      scenario = std::move(load.scenario);
      continue;
    }
    if (text.starts_with("context:")) {
      std::string kv = Trim(text.substr(8));
      std::size_t eq = kv.find('=');
      ASSERT_NE(eq, std::string::npos) << where;
      context[kv.substr(0, eq)] = kv.substr(eq + 1);
      continue;
    }
    ASSERT_TRUE(scenario) << where << ": no scenario: line before the first input";
    if (text.starts_with(">")) {
      finish_turn(line);
      started = true;
      std::string action = Trim(text.substr(1));
      BotInput input;
      if (action == "start") {
        input.kind = InputKind::kStart;
      } else if (action == "handover") {
        input.kind = InputKind::kHandOver;
      } else if (action.starts_with("text:")) {
        input.kind = InputKind::kText;
        input.text = Trim(action.substr(5));
      } else if (action.starts_with("tap:")) {
        std::string label = Trim(action.substr(4));
        ASSERT_NE(last, nullptr) << where << ": no buttons were offered";
        const core::QuickReply* button = nullptr;
        for (const core::QuickReply& q : last->quick_replies) {
          if (q.label == label) button = &q;
        }
        ASSERT_NE(button, nullptr)
            << where << ": no button \"" << label << "\" in [" << ButtonsOf(*last) << "]";
        input.kind = InputKind::kPostback;
        input.text = button->data;
      } else if (action.starts_with("postback:")) {
        input.kind = InputKind::kPostback;
        input.text = Trim(action.substr(9));
      } else {
        FAIL() << where << ": unknown input \"" << action << "\"";
      }
      turn = Step(*scenario, state, input, context);
      consumed = 0;
      continue;
    }
    if (text.starts_with("<")) {
      std::string expect = Trim(text.substr(1));
      if (expect.starts_with("buttons:")) {
        ASSERT_NE(last, nullptr) << where << ": buttons before any message";
        EXPECT_EQ(ButtonsOf(*last), Trim(expect.substr(8))) << where;
        continue;
      }
      ASSERT_LT(consumed, turn.messages.size()) << where << ": the bot said nothing more";
      last = &turn.messages[consumed++];
      if (expect.starts_with("image:")) {
        EXPECT_EQ(last->image_url, Trim(expect.substr(6))) << where;
      } else {
        EXPECT_NE(last->text.find(expect), std::string::npos)
            << where << ": expected a message containing \"" << expect << "\", got \"" << last->text
            << "\"";
      }
      continue;
    }
    if (text.starts_with("=")) {
      std::string check = Trim(text.substr(1));
      if (check.starts_with("outcome:")) {
        EXPECT_STREQ(TurnOutcomeName(turn.outcome), Trim(check.substr(8)).c_str()) << where;
      } else if (check.starts_with("var ")) {
        std::string kv = Trim(check.substr(4));
        std::size_t colon = kv.find(':');
        ASSERT_NE(colon, std::string::npos) << where;
        std::string name = Trim(kv.substr(0, colon));
        std::string value = Trim(kv.substr(colon + 1));
        if (value == "(unset)") {
          EXPECT_FALSE(state.variables.contains(name)) << where;
        } else {
          EXPECT_EQ(state.variables[name], value) << where << ": variable " << name;
        }
      } else if (check.starts_with("consent:")) {
        std::string value = Trim(check.substr(8));
        ASSERT_TRUE(turn.consent) << where << ": no consent recorded in this turn";
        std::size_t space = value.find(' ');
        ASSERT_NE(space, std::string::npos) << where << ": write \"= consent: agree VERSION\"";
        EXPECT_EQ(turn.consent->agreed ? "agree" : "decline", value.substr(0, space)) << where;
        EXPECT_EQ(turn.consent->terms_version, Trim(value.substr(space + 1))) << where;
      } else if (check.starts_with("node:")) {
        EXPECT_EQ(state.node, Trim(check.substr(5))) << where;
      } else if (check == "not understood") {
        EXPECT_TRUE(turn.not_understood) << where;
      } else if (check == "silent") {
        EXPECT_TRUE(turn.messages.empty()) << where;
      } else {
        FAIL() << where << ": unknown check \"" << check << "\"";
      }
      continue;
    }
    FAIL() << where << ": a line must start with >, <, =, #, scenario: or context:";
  }
  finish_turn(line);
}

TEST(ScenarioTranscripts, EveryTranscriptPlaysAsWritten) {
  fs::path root = RepositoryRoot();
  ASSERT_FALSE(root.empty());
  int count = 0;
  for (const auto& entry : fs::directory_iterator(root / "tests/scenarios")) {
    if (entry.path().extension() != ".transcript") continue;
    SCOPED_TRACE(entry.path().filename().string());
    RunTranscript(root, entry.path());
    ++count;
  }
  EXPECT_GE(count, 3) << "the transcripts are missing";
}

}  // namespace
}  // namespace tsunagu::bot
