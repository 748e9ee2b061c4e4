// The scenario engine: a pure state machine over a Scenario (scenario.h). The app keeps a
// BotState per conversation, feeds it what the person did, stores what comes out and sends the
// messages. The engine only ever says what the scenario says: it never writes counseling content.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/scenario.h"

namespace tsunagu::bot {

// Where a conversation is in its scenario.
struct BotState {
  // The question waiting for an answer; empty before the start. Once finished: the handover or
  // end node it finished at (empty if it gave up), so that reports can tell an overflow from a
  // declined consent.
  std::string node;
  std::map<std::string, std::string> variables;
  bool finished = false;  // handed over or ended: the engine says nothing more
  friend bool operator==(const BotState&, const BotState&) = default;
};

enum class InputKind {
  kStart,     // a conversation begins (first message or follow)
  kText,      // the person typed
  kPostback,  // the person pressed a button (data as sent by ChoicePostbackData)
  kHandOver,  // the app hands the person to a counselor now (a risk signal): the bot says the
              // first handover node's words and stops
};

struct BotInput {
  InputKind kind = InputKind::kStart;
  std::string text;  // typed text, or postback data
};

enum class TurnOutcome {
  kWaiting,   // a question waits for the person
  kHandover,  // the person goes to the human queue
  kEnded,     // the scenario ended without a counselor (e.g. terms declined)
};

const char* TurnOutcomeName(TurnOutcome outcome);

struct ConsentDecision {
  std::string terms_version;
  bool agreed = false;
  friend bool operator==(const ConsentDecision&, const ConsentDecision&) = default;
};

struct BotTurn {
  std::vector<BotMessage> messages;  // adjacent texts joined; buttons on the last one
  TurnOutcome outcome = TurnOutcome::kWaiting;
  std::optional<ConsentDecision> consent;
  // The input was not an answer to the waiting question (the question was asked again).
  bool not_understood = false;
  // Set when the engine gave up on a broken path (a loop): the person is handed over.
  std::string error;
};

// The postback data of a question's button: "bot:<node>:<value>".
std::string ChoicePostbackData(std::string_view node_id, std::string_view value);

// Advances state by one input. context holds values the app provides for {{name}} in texts
// (docs/scenarios.md); scenario variables win over them.
BotTurn Step(const Scenario& scenario, BotState& state, const BotInput& input,
             const std::map<std::string, std::string>& context);

// {{name}} replaced by its value (empty when unknown).
std::string Interpolate(std::string_view text, const std::map<std::string, std::string>& first,
                        const std::map<std::string, std::string>& second);

}  // namespace tsunagu::bot
