#include "bot/scenario_engine.h"

#include <array>

#include "core/enum_names.h"
#include "core/utf8.h"

namespace tsunagu::bot {
namespace {

constexpr std::array<core::EnumName<TurnOutcome>, 3> kOutcomes{{
    {TurnOutcome::kWaiting, "waiting"},
    {TurnOutcome::kHandover, "handover"},
    {TurnOutcome::kEnded, "ended"},
}};

constexpr std::string_view kPostbackPrefix = "bot:";
constexpr std::string_view kRetryDefault =
    "下のボタンから選んでください。 / Please choose one of the buttons below.";

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  // U+3000 (ideographic space) is common in Japanese typing.
  constexpr std::string_view kWide = "\xE3\x80\x80";
  bool changed = true;
  while (changed) {
    changed = false;
    while (!text.empty() && kSpace.find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1);
      changed = true;
    }
    while (!text.empty() && kSpace.find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1);
      changed = true;
    }
    if (text.starts_with(kWide)) {
      text.remove_prefix(kWide.size());
      changed = true;
    }
    if (text.ends_with(kWide)) {
      text.remove_suffix(kWide.size());
      changed = true;
    }
  }
  return text;
}

class Turn {
 public:
  Turn(const Scenario& scenario, BotState& state, const std::map<std::string, std::string>& context)
      : s_(scenario), state_(state), context_(context) {}

  BotTurn Start() {
    Run(s_.start);
    return Finish();
  }

  BotTurn HandOver() {
    const Node* first = nullptr;
    for (const auto& [id, node] : s_.nodes) {
      if (node.kind == NodeKind::kHandover) {
        first = &node;
        break;
      }
    }
    if (first != nullptr) {
      for (const BotMessage& m : first->say) Say(m);
    }
    End(TurnOutcome::kHandover);
    if (first != nullptr) state_.node = first->id;
    return Finish();
  }

  BotTurn Answer(const BotInput& input) {
    auto it = s_.nodes.find(state_.node);
    if (it == s_.nodes.end() || it->second.kind != NodeKind::kQuestion) {
      // The scenario changed under a waiting conversation, or the state is damaged: a person
      // never gets stuck with the bot, so a human takes over.
      return GiveUp("待っている質問 \"" + state_.node + "\" が見つかりません / lost question");
    }
    const Node& question = it->second;
    const Choice* choice = ChoiceFor(question, input);
    if (choice != nullptr) {
      Store(question, choice->value);
      if (question.records == Records::kConsent) {
        turn_.consent = ConsentDecision{s_.terms_version, choice->value == "agree"};
      }
      Run(choice->next.empty() ? question.next : choice->next);
      return Finish();
    }
    if (input.kind == InputKind::kText && question.free_text && !core::IsBlank(input.text)) {
      Store(question,
            std::string(core::TruncateCodePoints(Trim(input.text), core::kBotValueCharsMax)));
      Run(question.next);
      return Finish();
    }
    if (input.kind == InputKind::kText) {
      if (const FaqEntry* faq = FaqFor(input.text)) {
        for (const BotMessage& m : faq->answer) Say(m);
        Ask(question);
        return Finish();
      }
    }
    turn_.not_understood = true;
    BotMessage retry;
    retry.text = question.retry_text.empty() ? std::string(kRetryDefault) : question.retry_text;
    Say(retry);
    Ask(question);
    return Finish();
  }

 private:
  const Choice* ChoiceFor(const Node& question, const BotInput& input) {
    if (input.kind == InputKind::kPostback) {
      for (const Choice& c : question.choices) {
        if (input.text == ChoicePostbackData(question.id, c.value)) return &c;
      }
      return nullptr;
    }
    // Typing a button's label (or its value) counts as pressing it.
    std::string typed = core::AsciiLower(Trim(input.text));
    for (const Choice& c : question.choices) {
      if (typed == core::AsciiLower(c.label) || typed == core::AsciiLower(c.value)) return &c;
    }
    return nullptr;
  }

  const FaqEntry* FaqFor(std::string_view text) {
    std::string typed = core::AsciiLower(text);
    for (const FaqEntry& faq : s_.faq) {
      for (const std::string& keyword : faq.keywords) {
        if (!keyword.empty() && typed.find(core::AsciiLower(keyword)) != std::string::npos)
          return &faq;
      }
    }
    return nullptr;
  }

  void Store(const Node& question, std::string value) {
    if (question.variable.empty()) return;
    if (!state_.variables.contains(question.variable) &&
        state_.variables.size() >= core::kBotVariablesMax) {
      return;
    }
    state_.variables[question.variable] = std::move(value);
  }

  void Say(const BotMessage& m) {
    BotMessage out = m;
    out.text = Interpolate(m.text, state_.variables, context_);
    // Adjacent texts go out as one message: one reply token covers it, and LINE shows the
    // buttons under the last message only anyway.
    if (!turn_.messages.empty() && out.image_url.empty() &&
        turn_.messages.back().image_url.empty() && turn_.messages.back().quick_replies.empty()) {
      turn_.messages.back().text += "\n\n" + out.text;
      return;
    }
    turn_.messages.push_back(std::move(out));
  }

  void Ask(const Node& question) {
    state_.node = question.id;
    if (question.choices.empty() || turn_.messages.empty()) return;
    auto& buttons = turn_.messages.back().quick_replies;
    buttons.clear();
    for (const Choice& c : question.choices) {
      buttons.push_back({c.label, ChoicePostbackData(question.id, c.value), c.label});
    }
  }

  void Run(std::string node_id) {
    for (int steps = 0; steps < core::kBotTurnsMax; ++steps) {
      auto it = s_.nodes.find(node_id);
      if (it == s_.nodes.end()) {
        Fail("ノード \"" + node_id + "\" がありません / unknown node");
        return;
      }
      const Node& n = it->second;
      if (n.kind != NodeKind::kCondition) {
        for (const BotMessage& m : n.say) Say(m);
      }
      switch (n.kind) {
        case NodeKind::kMessage:
          node_id = n.next;
          continue;
        case NodeKind::kCondition:
          node_id = n.next;
          for (const Branch& b : n.branches) {
            auto v = state_.variables.find(b.variable);
            const std::string* value = v != state_.variables.end() ? &v->second : nullptr;
            if (value == nullptr) {
              auto c = context_.find(b.variable);
              if (c != context_.end()) value = &c->second;
            }
            if (value != nullptr && *value == b.equals) {
              node_id = b.next;
              break;
            }
          }
          continue;
        case NodeKind::kQuestion:
          Ask(n);
          turn_.outcome = TurnOutcome::kWaiting;
          return;
        case NodeKind::kHandover:
          End(TurnOutcome::kHandover);
          state_.node = n.id;  // where it finished, for reports (an overflow, a decline...)
          return;
        case NodeKind::kEnd:
          End(TurnOutcome::kEnded);
          state_.node = n.id;
          return;
      }
    }
    Fail("質問に着かずに " + std::to_string(core::kBotTurnsMax) +
         " ノードを通りました / too many steps without a question");
  }

  void End(TurnOutcome outcome) {
    turn_.outcome = outcome;
    state_.node.clear();
    state_.finished = true;
  }

  // A broken path: the person is handed over rather than left with a bot that cannot go on.
  void Fail(std::string error) {
    turn_.error = std::move(error);
    End(TurnOutcome::kHandover);
  }

  BotTurn GiveUp(std::string error) {
    Fail(std::move(error));
    return Finish();
  }

  BotTurn Finish() { return std::move(turn_); }

  const Scenario& s_;
  BotState& state_;
  const std::map<std::string, std::string>& context_;
  BotTurn turn_;
};

}  // namespace

const char* TurnOutcomeName(TurnOutcome outcome) { return core::NameIn(kOutcomes, outcome); }

std::string ChoicePostbackData(std::string_view node_id, std::string_view value) {
  std::string data(kPostbackPrefix);
  data += node_id;
  data += ':';
  data += value;
  return data;
}

std::string Interpolate(std::string_view text, const std::map<std::string, std::string>& first,
                        const std::map<std::string, std::string>& second) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    std::size_t open = text.find("{{");
    if (open == std::string_view::npos) break;
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out += text.substr(0, open);
    std::string name(Trim(text.substr(open + 2, close - open - 2)));
    if (auto it = first.find(name); it != first.end()) {
      out += it->second;
    } else if (auto it2 = second.find(name); it2 != second.end()) {
      out += it2->second;
    }
    text.remove_prefix(close + 2);
  }
  out += text;
  return out;
}

BotTurn Step(const Scenario& scenario, BotState& state, const BotInput& input,
             const std::map<std::string, std::string>& context) {
  if (state.finished) {
    BotTurn done;
    done.outcome = TurnOutcome::kHandover;
    return done;
  }
  Turn turn(scenario, state, context);
  if (input.kind == InputKind::kHandOver) return turn.HandOver();
  if (input.kind == InputKind::kStart || state.node.empty()) return turn.Start();
  return turn.Answer(input);
}

}  // namespace tsunagu::bot
