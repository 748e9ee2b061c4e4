// A chatbot scenario (docs/scenarios.md): the data that the engine (scenario_engine.h) walks.
// Scenarios are files written by city staff; adapters/scenario parses them into this model and
// Validate checks everything the engine relies on, so the engine never meets a dangling jump.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/message.h"

namespace tsunagu::bot {

// One message the bot sends. Text may name variables as {{name}} (scenario variables, and the
// ones the app provides: docs/scenarios.md).
struct BotMessage {
  std::string text;
  std::string image_url;  // an https URL; then text is the alternative text
  std::vector<core::QuickReply> quick_replies;
  friend bool operator==(const BotMessage&, const BotMessage&) = default;
};

// An answer button of a question.
struct Choice {
  std::string label;  // shown on the button, at most core::kQuickReplyLabelCharsMax characters
  std::string value;  // stored in the question's variable
  std::string next;   // the node after this answer; empty: the question's next
  int line = 0;       // where it is written, for errors
};

enum class NodeKind {
  kMessage,    // say, then go to next
  kQuestion,   // say, then wait for a button (or free text where allowed)
  kCondition,  // go to the first branch whose variable has the value, else to next
  kHandover,   // say, then hand the person to the human queue
  kEnd,        // say, then the conversation ends without a counselor
};

const char* NodeKindName(NodeKind kind);
std::optional<NodeKind> ParseNodeKind(std::string_view name);

struct Branch {
  std::string variable;
  std::string equals;
  std::string next;
  int line = 0;
};

// What a question records beyond its variable.
enum class Records {
  kNothing,
  kConsent,  // the answer is the consent decision for terms_version ("agree" consents)
};

struct Node {
  std::string id;
  NodeKind kind = NodeKind::kMessage;
  std::vector<BotMessage> say;
  std::string next;
  // kQuestion
  std::string variable;  // where the answer goes; empty: not stored
  std::vector<Choice> choices;
  bool free_text = false;  // typed text is an answer (stored as written)
  std::string retry_text;  // said when typed text is not an answer; a default otherwise
  Records records = Records::kNothing;
  // kCondition
  std::vector<Branch> branches;
  // kEnd, kQuestion: how reports count a conversation the bot ends here, or that is left here
  // unanswered until the bot gives up ([nudges] bot_idle_close_minutes): "out_of_hours",
  // "overflow" or "declined"; empty: "bot_ended".
  std::string report;
  int line = 0;
};

// The report names a node may carry.
bool IsNodeReport(std::string_view report);

struct FaqEntry {
  std::vector<std::string> keywords;  // any one of them in the typed text matches
  std::vector<BotMessage> answer;
  int line = 0;
};

struct Scenario {
  std::string key;            // names the scenario in the config, e.g. "center"
  std::string version;        // written by the author, e.g. "2026-11-1"
  std::string terms_version;  // the terms a consent node records
  std::string start;
  std::map<std::string, Node> nodes;
  std::vector<FaqEntry> faq;
  // Filled by the loader: a digest of the source, so that two different files with the same
  // written version are still told apart.
  std::string digest;
};

// "version@digest-prefix": what a conversation records as the version it ran.
std::string ScenarioVersionId(const Scenario& scenario);

struct ScenarioError {
  int line = 0;  // 0: the whole file
  std::string reason;
};

// Everything wrong with the scenario, not only the first thing: unknown jumps, unreachable
// nodes, questions without answers, too many buttons, labels too long, loops that never wait.
std::vector<ScenarioError> Validate(const Scenario& scenario);

}  // namespace tsunagu::bot
