#include "core/templates.h"

#include <algorithm>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::core {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const TemplateDef* FindTemplateDef(std::string_view key) {
  for (const TemplateDef& def : kTemplateDefs) {
    if (def.key == key) return &def;
  }
  return nullptr;
}

std::vector<std::string> TemplateVariables(const TemplateDef& def) {
  std::vector<std::string> out;
  std::string_view rest = def.variables;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    out.emplace_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<std::string> PlaceholderNames(std::string_view text) {
  // The same reading as bot::Interpolate: "{{", the name, the next "}}".
  std::vector<std::string> names;
  while (true) {
    const std::size_t open = text.find("{{");
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    names.emplace_back(Trim(text.substr(open + 2, close - open - 2)));
    text.remove_prefix(close + 2);
  }
  return names;
}

std::vector<std::string> TemplateBodyProblems(const TemplateDef& def, std::string_view body) {
  std::vector<std::string> problems;
  if (!IsValidUtf8(body)) {
    problems.push_back("本文が UTF-8 ではありません / the body is not valid UTF-8");
    return problems;
  }
  const std::size_t chars = *Utf8Length(body);
  if (Trim(body).empty()) problems.push_back("本文が空です / the body is empty");
  if (chars > kOutboundTextCharsMax) {
    problems.push_back("本文は " + std::to_string(kOutboundTextCharsMax) + " 文字までです（" +
                       std::to_string(chars) + " 文字） / the body is longer than " +
                       std::to_string(kOutboundTextCharsMax) + " characters");
  }
  const std::vector<std::string> allowed = TemplateVariables(def);
  std::vector<std::string> reported;
  for (const std::string& name : PlaceholderNames(body)) {
    if (std::ranges::find(allowed, name) != allowed.end()) continue;
    if (std::ranges::find(reported, name) != reported.end()) continue;
    reported.push_back(name);
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + ("{{" + a + "}}");
    problems.push_back("{{" + name + "}} はこの定型文では使えません（使える変数: " + list +
                       "） / {{" + name +
                       "}} is not a variable of this template (allowed: " + list + ")");
  }
  return problems;
}

}  // namespace tsunagu::core
