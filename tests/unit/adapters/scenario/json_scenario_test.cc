#include "adapters/scenario/json_scenario.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "bot/scenario_engine.h"

namespace tsunagu::adapters::scenario {
namespace {

// A small valid scenario; tests break one thing in it at a time.
constexpr std::string_view kValid = R"({
  // comments and trailing commas are allowed
  "scenario": "center",
  "version": "1",
  "terms_version": "t1",
  "start": "hello",
  "nodes": {
    "hello": { "type": "message", "say": "こんにちは", "next": "terms" },
    "terms": {
      "type": "question",
      "say": ["同意しますか？"],
      "records": "consent",
      "variable": "consent",
      "choices": [
        { "label": "同意する", "value": "agree", "next": "bye" },
        { "label": "同意しない", "value": "decline", "next": "end" },
      ],
    },
    "bye": { "type": "handover", "say": "つなぎます" },
    "end": { "type": "end", "say": "さようなら" },
  },
  "faq": [ { "keywords": ["時間"], "answer": "16時からです" } ],
})";

std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::string Errors(const ScenarioLoad& load) {
  std::string out;
  for (const auto& e : load.errors) out += FormatScenarioError(e) + "\n";
  return out;
}

TEST(JsonScenario, AValidFileLoadsWithADigestThatFollowsTheText) {
  auto load = ParseScenarioJson(kValid, "c.json");
  ASSERT_TRUE(load.scenario) << Errors(load);
  EXPECT_EQ(load.scenario->nodes.size(), 4u);
  EXPECT_EQ(load.scenario->nodes.at("terms").choices.size(), 2u);
  EXPECT_EQ(load.scenario->nodes.at("terms").records, bot::Records::kConsent);
  EXPECT_EQ(load.scenario->nodes.at("terms").line, 9);
  EXPECT_EQ(load.scenario->nodes.at("terms").choices[1].line, 16);
  auto other = ParseScenarioJson(Replace(kValid, "さようなら", "またね"), "c.json");
  ASSERT_TRUE(other.scenario);
  EXPECT_NE(bot::ScenarioVersionId(*load.scenario), bot::ScenarioVersionId(*other.scenario));
}

TEST(JsonScenario, SyntaxErrorsNameTheLine) {
  auto load =
      ParseScenarioJson(Replace(kValid, R"("version": "1",)", R"("version": "1" "x",)"), "c.json");
  ASSERT_FALSE(load.scenario);
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].line, 4) << Errors(load);
  EXPECT_NE(load.errors[0].reason.find("JSON"), std::string::npos);
}

TEST(JsonScenario, EveryErrorIsReportedWithItsLine) {
  std::string text = Replace(kValid, R"("next": "terms")", R"("next": "termz")");
  text = Replace(text, R"("type": "end")", R"("type": "finish")");
  text = Replace(text, R"("label": "同意しない")", R"("labl": "同意しない")");
  auto load = ParseScenarioJson(text, "c.json");
  ASSERT_FALSE(load.scenario);
  const std::string all = Errors(load);
  EXPECT_NE(all.find("c.json:20: type \"finish\""), std::string::npos) << all;
  EXPECT_NE(all.find("c.json:16: 知らない項目 \"labl\""), std::string::npos) << all;
  EXPECT_NE(all.find("c.json:16: \"label\" がありません"), std::string::npos) << all;
}

TEST(JsonScenario, SemanticErrorsComeFromValidateWithLines) {
  auto load =
      ParseScenarioJson(Replace(kValid, R"("next": "terms")", R"("next": "termz")"), "c.json");
  ASSERT_FALSE(load.scenario);
  const std::string all = Errors(load);
  EXPECT_NE(all.find("c.json:8: ノード \"hello\": next の行き先 \"termz\""), std::string::npos)
      << all;
}

TEST(JsonScenario, ReportsAreNamedOnEndAndQuestionNodesOnly) {
  auto ok = ParseScenarioJson(Replace(kValid, R"("end": { "type": "end", "say")",
                                      R"("end": { "type": "end", "report": "declined", "say")"),
                              "c.json");
  ASSERT_TRUE(ok.scenario) << Errors(ok);
  EXPECT_EQ(ok.scenario->nodes.at("end").report, "declined");

  auto unknown = ParseScenarioJson(Replace(kValid, R"("end": { "type": "end", "say")",
                                           R"("end": { "type": "end", "report": "sad", "say")"),
                                   "c.json");
  ASSERT_FALSE(unknown.scenario);
  EXPECT_NE(Errors(unknown).find("report \"sad\""), std::string::npos) << Errors(unknown);

  auto misplaced =
      ParseScenarioJson(Replace(kValid, R"("bye": { "type": "handover", "say")",
                                R"("bye": { "type": "handover", "report": "overflow", "say")"),
                        "c.json");
  ASSERT_FALSE(misplaced.scenario);
  EXPECT_NE(Errors(misplaced).find("end と question にだけ"), std::string::npos)
      << Errors(misplaced);
}

// A one-question scenario with the given choices (JSON array text).
std::string WithChoices(const std::string& choices) {
  return R"({"scenario": "c", "version": "1", "start": "q", "nodes": {
    "q": {"type": "question", "say": "どれ？", "next": "bye", "choices": )" +
         choices + R"(},
    "bye": {"type": "handover", "say": "つなぎます"}}})";
}

std::string Buttons(int count, const std::string& label_prefix = "b") {
  std::string out = "[";
  for (int i = 0; i < count; ++i) {
    out += std::string(i ? "," : "") + R"({"label": ")" + label_prefix + std::to_string(i) + "\"}";
  }
  return out + "]";
}

TEST(JsonScenario, LimitsOnButtons) {
  EXPECT_TRUE(ParseScenarioJson(WithChoices(Buttons(13)), "c.json").scenario);
  auto fourteen = ParseScenarioJson(WithChoices(Buttons(14)), "c.json");
  ASSERT_FALSE(fourteen.scenario);
  EXPECT_NE(Errors(fourteen).find("13"), std::string::npos) << Errors(fourteen);
  // 20 characters (with the number) is the most a label may have.
  EXPECT_TRUE(
      ParseScenarioJson(WithChoices(Buttons(1, "あいうえおかきくけこさしすせそたちつて")), "c.json")
          .scenario);
  EXPECT_FALSE(ParseScenarioJson(
                   WithChoices(Buttons(1, "あいうえおかきくけこさしすせそたちつてと")), "c.json")
                   .scenario);
  auto twice = ParseScenarioJson(WithChoices(R"([{"label": "a"}, {"label": "a"}])"), "c.json");
  ASSERT_FALSE(twice.scenario);
  EXPECT_NE(Errors(twice).find("重複"), std::string::npos);
}

TEST(JsonScenario, LoopsThatNeverWaitAndUnreachableNodesAreErrors) {
  std::string loop = Replace(kValid, R"("bye": { "type": "handover", "say": "つなぎます" },)",
                             R"("bye": { "type": "message", "say": "a", "next": "bye2" },
    "bye2": { "type": "condition", "branches": [{"if": "x", "equals": "1", "next": "bye"}], "next": "bye" },)");
  auto load = ParseScenarioJson(loop, "c.json");
  ASSERT_FALSE(load.scenario);
  EXPECT_NE(Errors(load).find("ループ"), std::string::npos) << Errors(load);
  auto orphan =
      ParseScenarioJson(Replace(kValid, R"("end": { "type": "end", "say": "さようなら" },)",
                                R"("end": { "type": "end", "say": "さようなら" },
    "alone": { "type": "end", "say": "誰も来ない" },)"),
                        "c.json");
  ASSERT_FALSE(orphan.scenario);
  EXPECT_NE(Errors(orphan).find("\"alone\": start からたどり着けません"), std::string::npos)
      << Errors(orphan);
}

TEST(JsonScenario, ConsentNeedsAnAgreeChoiceAndATermsVersion) {
  auto load = ParseScenarioJson(Replace(kValid, R"("terms_version": "t1",)", ""), "c.json");
  ASSERT_FALSE(load.scenario);
  EXPECT_NE(Errors(load).find("terms_version"), std::string::npos);
  auto no_agree =
      ParseScenarioJson(Replace(kValid, R"("value": "agree")", R"("value": "yes")"), "c.json");
  ASSERT_FALSE(no_agree.scenario);
  EXPECT_NE(Errors(no_agree).find("agree"), std::string::npos);
}

TEST(JsonScenario, HostileInputNeverCrashesAndAlwaysExplains) {
  for (std::string_view text :
       {std::string_view(""), std::string_view("[]"), std::string_view("{"),
        std::string_view("{\"nodes\": 3}"), std::string_view("{\"nodes\": {\"a\": []}}"),
        std::string_view("\xff\xfe"), std::string_view("{\"scenario\": \"\xff\"}"),
        std::string_view("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]")}) {
    auto load = ParseScenarioJson(text, "x.json");
    EXPECT_FALSE(load.scenario);
    EXPECT_FALSE(load.errors.empty()) << text;
  }
  std::string huge(core::kScenarioFileBytesMax + 1, ' ');
  EXPECT_FALSE(ParseScenarioJson(huge, "x.json").scenario);
}

TEST(JsonScenario, TheShippedCenterScenarioIsValid) {
  std::filesystem::path root = std::filesystem::path(__FILE__);
  while (!root.empty() && !std::filesystem::exists(root / "data/scenarios/center.json")) {
    if (root == root.parent_path()) break;
    root = root.parent_path();
  }
  auto load = LoadScenarioFile((root / "data/scenarios/center.json").string());
  EXPECT_TRUE(load.scenario) << Errors(load);
}

TEST(JsonScenario, AMissingFileIsAnError) {
  auto load = LoadScenarioFile("/nonexistent/center.json");
  ASSERT_FALSE(load.scenario);
  EXPECT_EQ(FormatScenarioError(load.errors.at(0)),
            "/nonexistent/center.json: ファイルを開けません / cannot open the file");
}

}  // namespace
}  // namespace tsunagu::adapters::scenario
