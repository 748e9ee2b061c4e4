#include "bot/scenario.h"

#include <array>
#include <functional>
#include <set>

#include "bot/scenario_engine.h"
#include "core/enum_names.h"
#include "core/utf8.h"

namespace tsunagu::bot {
namespace {

constexpr std::array<core::EnumName<NodeKind>, 5> kNodeKinds{{
    {NodeKind::kMessage, "message"},
    {NodeKind::kQuestion, "question"},
    {NodeKind::kCondition, "condition"},
    {NodeKind::kHandover, "handover"},
    {NodeKind::kEnd, "end"},
}};

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

class Checker {
 public:
  explicit Checker(const Scenario& s) : s_(s) {}

  std::vector<ScenarioError> Run() {
    if (s_.key.empty() || !ValidName(s_.key)) {
      Add(0,
          "scenario の名前がないか不正です（英小文字・数字・_・-） / bad or missing scenario key");
    }
    if (s_.version.empty()) Add(0, "version がありません / version is missing");
    if (s_.nodes.empty()) Add(0, "nodes が空です / there are no nodes");
    if (s_.nodes.size() > core::kScenarioNodesMax) {
      Add(0, "nodes が多すぎます（最大 " + std::to_string(core::kScenarioNodesMax) +
                 "） / too many nodes");
    }
    if (s_.start.empty()) {
      Add(0, "start がありません / start is missing");
    } else if (!s_.nodes.contains(s_.start)) {
      Add(0, "start のノード \"" + s_.start + "\" がありません / start names no node");
    }
    for (const auto& [id, node] : s_.nodes) CheckNode(node);
    for (const FaqEntry& faq : s_.faq) CheckFaq(faq);
    if (errors_.empty()) {
      CheckReachable();
      CheckLoops();
    }
    return std::move(errors_);
  }

 private:
  void Add(int line, std::string reason) { errors_.push_back({line, std::move(reason)}); }

  std::string Where(const Node& n) { return "ノード \"" + n.id + "\": "; }

  void Jump(const Node& n, int line, const std::string& target, std::string_view what) {
    if (target.empty()) {
      Add(line, Where(n) + std::string(what) + " の行き先がありません / " + std::string(what) +
                    " has no destination");
    } else if (!s_.nodes.contains(target)) {
      Add(line, Where(n) + std::string(what) + " の行き先 \"" + target +
                    "\" というノードはありません / unknown node");
    }
  }

  void CheckMessages(const Node& n, const std::vector<BotMessage>& messages, int line) {
    if (messages.size() > core::kBotMessagesPerTurnMax) {
      Add(line, Where(n) + "メッセージは1ノード " + std::to_string(core::kBotMessagesPerTurnMax) +
                    " 通までです / too many messages");
    }
    for (const BotMessage& m : messages) {
      if (m.text.empty() && m.image_url.empty()) {
        Add(line, Where(n) + "空のメッセージがあります / an empty message");
      }
      auto chars = core::Utf8Length(m.text);
      if (!chars || *chars > core::kBotTextCharsMax) {
        Add(line,
            Where(n) + "メッセージが長すぎるか UTF-8 ではありません / text too long or not UTF-8");
      }
      if (!m.image_url.empty() && !m.image_url.starts_with("https://")) {
        Add(line, Where(n) + "画像の URL は https:// で始めてください / image URLs must be https");
      }
    }
  }

  void CheckVariable(const Node& n, const std::string& name, int line) {
    if (!ValidName(name)) {
      Add(line, Where(n) + "変数名 \"" + name +
                    "\" が不正です（英小文字・数字・_・-） / bad variable name");
    }
  }

  void CheckNode(const Node& n) {
    if (!ValidName(n.id)) {
      Add(n.line, "ノード名 \"" + n.id + "\" が不正です（英小文字・数字・_・-） / bad node id");
    }
    CheckMessages(n, n.say, n.line);
    if (!n.report.empty()) {
      if (!IsNodeReport(n.report)) {
        Add(n.line, Where(n) + "report \"" + n.report +
                        "\" は out_of_hours・overflow・declined のどれかです / unknown report");
      } else if (n.kind != NodeKind::kEnd && n.kind != NodeKind::kQuestion) {
        Add(n.line, Where(n) +
                        "report は end と question にだけ書けます / report belongs on end "
                        "and question nodes");
      }
    }
    switch (n.kind) {
      case NodeKind::kMessage:
        Jump(n, n.line, n.next, "next");
        break;
      case NodeKind::kQuestion:
        CheckQuestion(n);
        break;
      case NodeKind::kCondition:
        if (n.branches.empty()) Add(n.line, Where(n) + "branches がありません / no branches");
        for (const Branch& b : n.branches) {
          CheckVariable(n, b.variable, b.line);
          Jump(n, b.line, b.next, "branch");
        }
        Jump(n, n.line, n.next, "next");
        if (!n.say.empty()) {
          Add(n.line,
              Where(n) + "condition は話しません（say は使えません） / a condition says nothing");
        }
        break;
      case NodeKind::kHandover:
      case NodeKind::kEnd:
        if (!n.next.empty()) {
          Add(n.line, Where(n) + std::string(NodeKindName(n.kind)) +
                          " の後には進みません（next は使えません） / next has no effect here");
        }
        break;
    }
  }

  void CheckQuestion(const Node& n) {
    if (n.choices.empty() && !n.free_text) {
      Add(n.line, Where(n) + "choices も free_text もありません / a question needs answers");
    }
    if (n.say.empty())
      Add(n.line, Where(n) + "質問の文がありません / a question must say something");
    if (!n.variable.empty()) CheckVariable(n, n.variable, n.line);
    if (n.choices.size() > core::kQuickReplyItemsMax) {
      Add(n.line, Where(n) + "選択肢は " + std::to_string(core::kQuickReplyItemsMax) +
                      " 個までです（LINE のクイックリプライ） / at most 13 choices");
    }
    std::set<std::string> labels;
    std::set<std::string> values;
    for (const Choice& c : n.choices) {
      auto chars = core::Utf8Length(c.label);
      if (c.label.empty() || !chars || *chars > core::kQuickReplyLabelCharsMax) {
        Add(c.line, Where(n) + "ボタンの文字 \"" + c.label + "\" は1〜" +
                        std::to_string(core::kQuickReplyLabelCharsMax) +
                        " 文字にしてください / a label must be 1-20 characters");
      }
      if (!labels.insert(c.label).second) {
        Add(c.line, Where(n) + "ボタン \"" + c.label + "\" が重複しています / duplicate label");
      }
      if (c.value.empty() || c.value.size() > core::kBotValueCharsMax) {
        Add(c.line, Where(n) + "value がないか長すぎます / missing or long value");
      } else if (!values.insert(c.value).second) {
        Add(c.line, Where(n) + "value \"" + c.value + "\" が重複しています / duplicate value");
      }
      if (ChoicePostbackData(n.id, c.value).size() > core::kPostbackDataBytesMax) {
        Add(c.line, Where(n) +
                        "ノード名と value が長すぎます（postback は300バイトまで） / "
                        "postback data over 300 bytes");
      }
      Jump(n, c.line, c.next.empty() ? n.next : c.next, "choice \"" + c.label + "\"");
    }
    if (n.free_text) Jump(n, n.line, n.next, "free_text");
    if (n.records == Records::kConsent) {
      if (s_.terms_version.empty()) {
        Add(n.line, Where(n) +
                        "同意を記録するには terms_version が必要です / consent needs "
                        "terms_version");
      }
      if (!values.contains("agree")) {
        Add(n.line, Where(n) +
                        "同意の質問には value \"agree\" の選択肢が必要です / a consent "
                        "question needs a choice with value \"agree\"");
      }
      if (n.free_text) {
        Add(n.line, Where(n) + "同意の質問に free_text は使えません / consent must be a button");
      }
    }
  }

  void CheckFaq(const FaqEntry& faq) {
    if (faq.keywords.empty()) Add(faq.line, "FAQ: keywords がありません / no keywords");
    for (const std::string& k : faq.keywords) {
      if (core::IsBlank(k)) Add(faq.line, "FAQ: 空のキーワードがあります / an empty keyword");
    }
    if (faq.answer.empty()) Add(faq.line, "FAQ: answer がありません / no answer");
    Node pseudo;
    pseudo.id = "faq";
    CheckMessages(pseudo, faq.answer, faq.line);
  }

  std::vector<std::string> Successors(const Node& n) {
    std::vector<std::string> out;
    if (!n.next.empty()) out.push_back(n.next);
    for (const Choice& c : n.choices) {
      if (!c.next.empty()) out.push_back(c.next);
    }
    for (const Branch& b : n.branches) out.push_back(b.next);
    return out;
  }

  void CheckReachable() {
    std::set<std::string> seen{s_.start};
    std::vector<std::string> todo{s_.start};
    while (!todo.empty()) {
      std::string id = todo.back();
      todo.pop_back();
      for (const std::string& next : Successors(s_.nodes.at(id))) {
        if (seen.insert(next).second) todo.push_back(next);
      }
    }
    for (const auto& [id, node] : s_.nodes) {
      if (!seen.contains(id)) {
        Add(node.line, Where(node) + "start からたどり着けません / unreachable from start");
      }
    }
  }

  // A cycle through messages and conditions only would never wait for the person.
  void CheckLoops() {
    std::map<std::string, int> color;  // 0 new, 1 on the path, 2 done
    std::function<bool(const std::string&)> visit = [&](const std::string& id) {
      const Node& n = s_.nodes.at(id);
      if (n.kind != NodeKind::kMessage && n.kind != NodeKind::kCondition) return false;
      int& c = color[id];
      if (c == 1) {
        Add(n.line, Where(n) + "質問を通らずに戻るループがあります / a loop that never waits");
        return true;
      }
      if (c == 2) return false;
      c = 1;
      for (const std::string& next : Successors(n)) {
        if (visit(next)) return true;
      }
      color[id] = 2;
      return false;
    };
    for (const auto& [id, node] : s_.nodes) {
      if (visit(id)) return;
    }
  }

  const Scenario& s_;
  std::vector<ScenarioError> errors_;
};

}  // namespace

const char* NodeKindName(NodeKind kind) { return core::NameIn(kNodeKinds, kind); }

bool IsNodeReport(std::string_view report) {
  return report == "out_of_hours" || report == "overflow" || report == "declined";
}
std::optional<NodeKind> ParseNodeKind(std::string_view name) {
  return core::ParseIn(kNodeKinds, name);
}

std::string ScenarioVersionId(const Scenario& scenario) {
  return scenario.version + "@" + scenario.digest.substr(0, 12);
}

std::vector<ScenarioError> Validate(const Scenario& scenario) { return Checker(scenario).Run(); }

}  // namespace tsunagu::bot
