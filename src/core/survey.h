// The after-close survey as data (docs/scenarios.md, "After-close survey"): 1-3 questions with
// buttons, configured per program as "id|質問の文|ラベル=value|ラベル=value...", and the postback
// data its buttons carry, "survey:<conversation>:<question>:<value>".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace tsunagu::core {

struct SurveyChoice {
  std::string label;
  std::string value;
};
struct SurveyQuestion {
  std::string id;  // a-z, 0-9, _
  std::string text;
  std::vector<SurveyChoice> choices;
};

// One question as configured (2-13 choices; id and values a-z, 0-9, _ up to 32 bytes; labels
// 1-20 characters; the text 1-500 characters). kInvalidArgument says what is wrong
// ("日本語 / English").
Result<SurveyQuestion> ParseSurveyQuestion(std::string_view spec);

struct SurveyPostback {
  ConversationId conversation_id = 0;
  std::string question;
  std::string value;
};

std::string SurveyPostbackData(ConversationId id, std::string_view question,
                               std::string_view value);
// nullopt unless data has the survey form.
std::optional<SurveyPostback> ParseSurveyPostback(std::string_view data);

}  // namespace tsunagu::core
