#include "adapters/scenario/json_scenario.h"

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>

#include "core/limits.h"
#include "core/utf8.h"
#include "platform/crypto.h"

namespace tsunagu::adapters::scenario {
namespace json = boost::json;
namespace {

constexpr int kDepthMax = 32;

// Where each value starts, by JSON pointer ("/nodes/terms/choices/0"). Boost.JSON gives no
// positions, so this second, small pass over text that already parsed records them.
class LineScanner {
 public:
  LineScanner(std::string_view text, std::map<std::string, int>& lines) : t_(text), lines_(lines) {}

  void Run() { Value("", 0); }

 private:
  bool More() const { return i_ < t_.size(); }

  void Skip() {
    while (More()) {
      char ch = t_[i_];
      if (ch == '\n') {
        ++line_;
        ++i_;
      } else if (ch == ' ' || ch == '\t' || ch == '\r') {
        ++i_;
      } else if (t_.substr(i_, 2) == "//") {
        while (More() && t_[i_] != '\n') ++i_;
      } else if (t_.substr(i_, 2) == "/*") {
        i_ += 2;
        while (More() && t_.substr(i_, 2) != "*/") {
          if (t_[i_] == '\n') ++line_;
          ++i_;
        }
        i_ = std::min(t_.size(), i_ + 2);
      } else {
        return;
      }
    }
  }

  std::string String() {
    std::string out;
    ++i_;  // the opening quote
    while (More() && t_[i_] != '"') {
      if (t_[i_] == '\\' && i_ + 1 < t_.size()) {
        out += t_[i_ + 1];
        i_ += 2;
        continue;
      }
      out += t_[i_++];
    }
    ++i_;  // the closing quote
    return out;
  }

  void Value(const std::string& path, int depth) {
    Skip();
    if (!More() || depth > kDepthMax) return;
    lines_.emplace(path, line_);
    char ch = t_[i_];
    if (ch == '{') {
      ++i_;
      while (true) {
        Skip();
        if (!More()) return;
        if (t_[i_] == '}') {
          ++i_;
          return;
        }
        if (t_[i_] == ',') {
          ++i_;
          continue;
        }
        if (t_[i_] != '"') return;
        std::string key = String();
        Skip();
        if (!More() || t_[i_] != ':') return;
        ++i_;
        Value(path + "/" + key, depth + 1);
      }
    } else if (ch == '[') {
      ++i_;
      int index = 0;
      while (true) {
        Skip();
        if (!More()) return;
        if (t_[i_] == ']') {
          ++i_;
          return;
        }
        if (t_[i_] == ',') {
          ++i_;
          continue;
        }
        std::size_t before = i_;
        Value(path + "/" + std::to_string(index++), depth + 1);
        if (i_ == before) return;  // not JSON after all: stop rather than spin
      }
    } else if (ch == '"') {
      String();
    } else {
      while (More() && std::string_view(",}] \t\r\n/").find(t_[i_]) == std::string_view::npos) {
        ++i_;
      }
    }
  }

  std::string_view t_;
  std::map<std::string, int>& lines_;
  std::size_t i_ = 0;
  int line_ = 1;
};

class Reader {
 public:
  Reader(const std::string& file, const std::map<std::string, int>& lines)
      : file_(file), lines_(lines) {}

  std::vector<ScenarioFileError> errors;

  int LineOf(const std::string& path) const {
    auto it = lines_.find(path);
    return it == lines_.end() ? 0 : it->second;
  }

  void Error(const std::string& path, std::string reason) {
    errors.push_back({file_, LineOf(path), std::move(reason)});
  }

  // Unknown keys are errors: a typo such as "nxt" would otherwise silently do nothing.
  void Keys(const json::object& obj, const std::string& path,
            std::initializer_list<std::string_view> allowed) {
    for (const auto& member : obj) {
      std::string_view key(member.key().data(), member.key().size());
      bool known = false;
      for (std::string_view a : allowed) known = known || a == key;
      if (!known) {
        Error(path + "/" + std::string(key),
              "知らない項目 \"" + std::string(key) + "\" です / unknown key");
      }
    }
  }

  std::string Str(const json::object& obj, const std::string& path, std::string_view key,
                  bool required) {
    const json::value* v = obj.if_contains(json::string_view(key.data(), key.size()));
    std::string where = path + "/" + std::string(key);
    if (v == nullptr) {
      if (required) {
        Error(path, "\"" + std::string(key) + "\" がありません / \"" + std::string(key) +
                        "\" is missing");
      }
      return "";
    }
    if (!v->is_string()) {
      Error(where, "\"" + std::string(key) + "\" は文字列にしてください / must be a string");
      return "";
    }
    std::string s(v->as_string().data(), v->as_string().size());
    if (!core::IsValidUtf8(s)) {
      Error(where, "UTF-8 ではありません / not UTF-8");
      return "";
    }
    return s;
  }

  bool Bool(const json::object& obj, const std::string& path, std::string_view key) {
    const json::value* v = obj.if_contains(json::string_view(key.data(), key.size()));
    if (v == nullptr) return false;
    if (!v->is_bool()) {
      Error(path + "/" + std::string(key), "true か false にしてください / must be true or false");
      return false;
    }
    return v->as_bool();
  }

  std::vector<bot::BotMessage> Messages(const json::value* v, const std::string& path) {
    std::vector<bot::BotMessage> out;
    if (v == nullptr) return out;
    auto one = [&](const json::value& item, const std::string& where) {
      bot::BotMessage m;
      if (item.is_string()) {
        m.text.assign(item.as_string().data(), item.as_string().size());
      } else if (item.is_object()) {
        Keys(item.as_object(), where, {"text", "image"});
        m.text = Str(item.as_object(), where, "text", false);
        m.image_url = Str(item.as_object(), where, "image", false);
      } else {
        Error(where,
              "メッセージは文字列か {\"text\", \"image\"} にしてください / a message is a "
              "string or an object");
        return;
      }
      if (!core::IsValidUtf8(m.text)) {
        Error(where, "UTF-8 ではありません / not UTF-8");
        return;
      }
      out.push_back(std::move(m));
    };
    if (v->is_array()) {
      int i = 0;
      for (const json::value& item : v->as_array()) one(item, path + "/" + std::to_string(i++));
    } else {
      one(*v, path);
    }
    return out;
  }

  std::optional<bot::Node> Node(const std::string& id, const json::value& v,
                                const std::string& path) {
    if (!v.is_object()) {
      Error(path, "ノードはオブジェクトにしてください / a node must be an object");
      return std::nullopt;
    }
    const json::object& obj = v.as_object();
    Keys(obj, path,
         {"type", "say", "next", "variable", "choices", "free_text", "retry", "records", "branches",
          "report"});
    bot::Node n;
    n.id = id;
    n.line = LineOf(path);
    std::string type = Str(obj, path, "type", true);
    auto kind = bot::ParseNodeKind(type);
    if (!kind) {
      if (!type.empty()) {
        Error(path + "/type", "type \"" + type +
                                  "\" は message・question・condition・handover・end の"
                                  "どれかです / unknown node type");
      }
      return std::nullopt;
    }
    n.kind = *kind;
    n.say = Messages(obj.if_contains("say"), path + "/say");
    n.next = Str(obj, path, "next", false);
    n.variable = Str(obj, path, "variable", false);
    n.free_text = Bool(obj, path, "free_text");
    n.retry_text = Str(obj, path, "retry", false);
    n.report = Str(obj, path, "report", false);
    std::string records = Str(obj, path, "records", false);
    if (records == "consent") {
      n.records = bot::Records::kConsent;
    } else if (!records.empty()) {
      Error(path + "/records", "records は \"consent\" だけです / records can only be consent");
    }
    if (const json::value* c = obj.if_contains("choices")) {
      if (!c->is_array()) {
        Error(path + "/choices", "choices は配列にしてください / choices must be an array");
      } else {
        int i = 0;
        for (const json::value& item : c->as_array()) {
          std::string where = path + "/choices/" + std::to_string(i++);
          if (!item.is_object()) {
            Error(where, "選択肢はオブジェクトにしてください / a choice must be an object");
            continue;
          }
          Keys(item.as_object(), where, {"label", "value", "next"});
          bot::Choice choice;
          choice.label = Str(item.as_object(), where, "label", true);
          choice.value = Str(item.as_object(), where, "value", false);
          if (choice.value.empty()) choice.value = choice.label;
          choice.next = Str(item.as_object(), where, "next", false);
          choice.line = LineOf(where);
          n.choices.push_back(std::move(choice));
        }
      }
    }
    if (const json::value* b = obj.if_contains("branches")) {
      if (!b->is_array()) {
        Error(path + "/branches", "branches は配列にしてください / branches must be an array");
      } else {
        int i = 0;
        for (const json::value& item : b->as_array()) {
          std::string where = path + "/branches/" + std::to_string(i++);
          if (!item.is_object()) {
            Error(where, "分岐はオブジェクトにしてください / a branch must be an object");
            continue;
          }
          Keys(item.as_object(), where, {"if", "equals", "next"});
          bot::Branch branch;
          branch.variable = Str(item.as_object(), where, "if", true);
          branch.equals = Str(item.as_object(), where, "equals", true);
          branch.next = Str(item.as_object(), where, "next", true);
          branch.line = LineOf(where);
          n.branches.push_back(std::move(branch));
        }
      }
    }
    return n;
  }

  void Faq(const json::value& v, bot::Scenario& s) {
    if (!v.is_array()) {
      Error("/faq", "faq は配列にしてください / faq must be an array");
      return;
    }
    int i = 0;
    for (const json::value& item : v.as_array()) {
      std::string where = "/faq/" + std::to_string(i++);
      if (!item.is_object()) {
        Error(where, "FAQ はオブジェクトにしてください / an FAQ entry must be an object");
        continue;
      }
      Keys(item.as_object(), where, {"keywords", "answer"});
      bot::FaqEntry faq;
      faq.line = LineOf(where);
      const json::value* k = item.as_object().if_contains("keywords");
      if (k == nullptr || !k->is_array()) {
        Error(where, "keywords は文字列の配列にしてください / keywords must be an array");
      } else {
        for (const json::value& word : k->as_array()) {
          if (!word.is_string() || !core::IsValidUtf8(std::string_view(word.as_string()))) {
            Error(where + "/keywords", "キーワードは文字列です / keywords are strings");
            continue;
          }
          faq.keywords.emplace_back(word.as_string().data(), word.as_string().size());
        }
      }
      faq.answer = Messages(item.as_object().if_contains("answer"), where + "/answer");
      s.faq.push_back(std::move(faq));
    }
  }

 private:
  const std::string& file_;
  const std::map<std::string, int>& lines_;
};

int LineAt(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  for (std::size_t i = 0; i < offset; ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

std::string FormatScenarioError(const ScenarioFileError& e) {
  if (e.line > 0) return e.file + ":" + std::to_string(e.line) + ": " + e.reason;
  return e.file + ": " + e.reason;
}

ScenarioLoad ParseScenarioJson(std::string_view text, const std::string& file) {
  ScenarioLoad load;
  if (text.size() > core::kScenarioFileBytesMax) {
    load.errors.push_back({file, 0,
                           "ファイルが大きすぎます（最大 " +
                               std::to_string(core::kScenarioFileBytesMax / 1024) +
                               " KiB） / file too large"});
    return load;
  }
  json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  options.max_depth = kDepthMax;
  json::stream_parser parser({}, options);
  boost::system::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    load.errors.push_back({file, LineAt(text, used),
                           "JSON として読めません / not valid JSON (" + ec.message() + ")"});
    return load;
  }
  json::value root = parser.release();
  if (!root.is_object()) {
    load.errors.push_back({file, 1,
                           "全体をオブジェクト {…} にしてください / the file must hold "
                           "one object"});
    return load;
  }
  std::map<std::string, int> lines;
  LineScanner(text, lines).Run();
  Reader r(file, lines);
  const json::object& obj = root.as_object();
  r.Keys(obj, "", {"scenario", "version", "terms_version", "start", "nodes", "faq"});
  bot::Scenario s;
  s.key = r.Str(obj, "", "scenario", true);
  s.version = r.Str(obj, "", "version", true);
  s.terms_version = r.Str(obj, "", "terms_version", false);
  s.start = r.Str(obj, "", "start", true);
  s.digest = platform::Sha256Hex(text);
  if (const json::value* nodes = obj.if_contains("nodes")) {
    if (!nodes->is_object()) {
      r.Error("/nodes",
              "nodes はオブジェクト {\"名前\": {…}} にしてください / nodes must be an "
              "object");
    } else {
      for (const auto& member : nodes->as_object()) {
        std::string id(member.key().data(), member.key().size());
        auto node = r.Node(id, member.value(), "/nodes/" + id);
        if (node) s.nodes.emplace(id, std::move(*node));
      }
    }
  } else {
    r.Error("", "\"nodes\" がありません / \"nodes\" is missing");
  }
  if (const json::value* faq = obj.if_contains("faq")) r.Faq(*faq, s);
  load.errors = std::move(r.errors);
  if (load.errors.empty()) {
    for (const bot::ScenarioError& e : bot::Validate(s)) {
      load.errors.push_back({file, e.line, e.reason});
    }
  }
  if (load.errors.empty()) load.scenario = std::move(s);
  return load;
}

ScenarioFileRead ReadScenarioFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, "ファイルを開けません / cannot open the file"};
  std::string text(core::kScenarioFileBytesMax + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return {std::move(text), ""};
}

ScenarioLoad LoadScenarioFile(const std::string& path) {
  ScenarioFileRead read = ReadScenarioFile(path);
  if (!read.text) return {std::nullopt, {{path, 0, read.error}}};
  return ParseScenarioJson(*read.text, path);
}

core::Result<bot::Scenario> JsonScenarioParser::Parse(std::string_view source,
                                                      const std::string& file_for_errors) {
  ScenarioLoad load = ParseScenarioJson(source, file_for_errors);
  if (load.scenario) return std::move(*load.scenario);
  std::string message;
  for (const ScenarioFileError& e : load.errors) {
    if (!message.empty()) message += '\n';
    message += FormatScenarioError(e);
  }
  return core::Fail(core::ErrorCode::kInvalidArgument, message);
}

}  // namespace tsunagu::adapters::scenario
