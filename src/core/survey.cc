#include "core/survey.h"

#include <charconv>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::core {
namespace {

constexpr std::string_view kPrefix = "survey:";

bool IsCode(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Error Bad(std::string_view spec, const std::string& why) {
  return Error{ErrorCode::kInvalidArgument,
               "アンケートの質問 \"" + std::string(spec.substr(0, 60)) + "\": " + why};
}

}  // namespace

Result<SurveyQuestion> ParseSurveyQuestion(std::string_view spec) {
  std::vector<std::string_view> fields;
  std::string_view rest = spec;
  while (true) {
    const std::size_t bar = rest.find('|');
    fields.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  if (fields.size() < 4 || fields.size() > 2 + kQuickReplyItemsMax) {
    return std::unexpected(Bad(spec,
                               "「id|質問|ラベル=値|ラベル=値」の形で、選択肢は2〜13個です / "
                               "write id|question|label=value|label=value with 2-13 choices"));
  }
  SurveyQuestion q;
  q.id = std::string(fields[0]);
  q.text = std::string(fields[1]);
  if (!IsCode(q.id)) {
    return std::unexpected(
        Bad(spec, "id は英小文字・数字・_ の32文字までです / id must be a-z, 0-9, _"));
  }
  const auto text_chars = Utf8Length(q.text);
  if (!text_chars || *text_chars == 0 || *text_chars > 500) {
    return std::unexpected(
        Bad(spec, "質問の文は1〜500文字です / the question is 1-500 characters"));
  }
  for (std::size_t i = 2; i < fields.size(); ++i) {
    const std::size_t eq = fields[i].rfind('=');
    if (eq == std::string_view::npos) {
      return std::unexpected(Bad(spec, "選択肢は「ラベル=値」です / a choice is label=value"));
    }
    SurveyChoice c{std::string(fields[i].substr(0, eq)), std::string(fields[i].substr(eq + 1))};
    const auto label_chars = Utf8Length(c.label);
    if (!label_chars || *label_chars == 0 || *label_chars > kQuickReplyLabelCharsMax) {
      return std::unexpected(Bad(spec, "ラベルは1〜20文字です / a label is 1-20 characters"));
    }
    if (!IsCode(c.value)) {
      return std::unexpected(
          Bad(spec, "値は英小文字・数字・_ の32文字までです / a value must be a-z, 0-9, _"));
    }
    for (const SurveyChoice& other : q.choices) {
      if (other.value == c.value || other.label == c.label) {
        return std::unexpected(Bad(spec, "選択肢が重複しています / duplicate choice"));
      }
    }
    q.choices.push_back(std::move(c));
  }
  return q;
}

std::string SurveyPostbackData(ConversationId id, std::string_view question,
                               std::string_view value) {
  return std::string(kPrefix) + std::to_string(id) + ":" + std::string(question) + ":" +
         std::string(value);
}

std::optional<SurveyPostback> ParseSurveyPostback(std::string_view data) {
  if (!data.starts_with(kPrefix)) return std::nullopt;
  data.remove_prefix(kPrefix.size());
  const std::size_t c1 = data.find(':');
  if (c1 == std::string_view::npos || c1 == 0) return std::nullopt;
  const std::size_t c2 = data.find(':', c1 + 1);
  if (c2 == std::string_view::npos || c2 == c1 + 1 || c2 + 1 >= data.size()) return std::nullopt;
  SurveyPostback out;
  auto [end, ec] = std::from_chars(data.data(), data.data() + c1, out.conversation_id);
  if (ec != std::errc() || end != data.data() + c1 || out.conversation_id <= 0) {
    return std::nullopt;
  }
  out.question = std::string(data.substr(c1 + 1, c2 - c1 - 1));
  out.value = std::string(data.substr(c2 + 1));
  return out;
}

}  // namespace tsunagu::core
