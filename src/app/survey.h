// The optional after-close survey (docs/scenarios.md, "After-close survey"): 1-3 questions with
// buttons, configured per program ([programs.<key>] survey_questions). After a counselor closes
// a conversation (or it closes for silence), the intro and the first question go out; each
// answer is stored (survey_answers, one per question) and brings the next question, then the
// thanks. The buttons carry "survey:<conversation>:<question>:<value>", so an answer needs no
// open conversation; it is accepted only from the same person, within a day of the close, for a
// question and value the program has. Anything else is ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "core/survey.h"

namespace tsunagu::app {

// Inside the closing transaction: sends the intro and the first question when the program has a
// survey and the person can be reached.
core::Status StartSurvey(AppContext& ctx, StoreTx& tx, core::Conversation& conversation,
                         std::vector<StreamEvent>& published, bool& queued_outbound);

// Inside the processing transaction of a postback carrying survey data: stores the answer and
// sends what comes next. false when the answer was not accepted (the event is then ignored).
core::Result<bool> ApplySurveyAnswer(AppContext& ctx, StoreTx& tx, const core::InboundEvent& event,
                                     const core::Client& client, const core::SurveyPostback& answer,
                                     std::vector<StreamEvent>& published, bool& queued_outbound);

}  // namespace tsunagu::app
