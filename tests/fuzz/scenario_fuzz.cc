// libFuzzer target for scenario files (adapters/scenario/json_scenario.h) and the engine
// (bot/scenario_engine.h) on whatever they accept. Input layout: the bytes before the first NUL
// are the scenario file; after it, one input per line: "p:DATA" is a postback, anything else is
// typed text. The engine must never crash, loop or leave a waiting state without a question.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/scenario/json_scenario.h"
#include "bot/scenario_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tsunagu;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view file = input.substr(0, nul);
  std::string_view rest = nul == std::string_view::npos ? "" : input.substr(nul + 1);
  auto load = adapters::scenario::ParseScenarioJson(file, "fuzz.json");
  if (!load.scenario) {
    if (load.errors.empty()) std::abort();  // no scenario and no reason
    return 0;
  }
  bot::BotState state;
  const std::map<std::string, std::string> context{{"next_opening", "12月4日 16:00"}};
  bot::Step(*load.scenario, state, {bot::InputKind::kStart, ""}, context);
  int turns = 0;
  while (!rest.empty() && turns++ < 64) {
    std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest = newline == std::string_view::npos ? "" : rest.substr(newline + 1);
    bot::BotInput in;
    if (line.starts_with("p:")) {
      in.kind = bot::InputKind::kPostback;
      in.text = std::string(line.substr(2));
    } else {
      in.kind = bot::InputKind::kText;
      in.text = std::string(line);
    }
    bot::BotTurn turn = bot::Step(*load.scenario, state, in, context);
    if (!state.finished && !state.node.empty() &&
        load.scenario->nodes.at(state.node).kind != bot::NodeKind::kQuestion) {
      std::abort();  // waiting somewhere that is not a question
    }
    if (turn.outcome == bot::TurnOutcome::kWaiting && state.node.empty()) std::abort();
  }
  return 0;
}
