// The JSON shapes of the API (api/openapi.yaml), in one place, shared by the routes and the
// live stream so that both always agree.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "app/ports/notifier.h"
#include "core/conversation.h"
#include "core/message.h"
#include "core/result.h"
#include "core/staff.h"
#include "core/topics.h"
#include "core/wrap_up.h"

namespace tsunagu::adapters::http {

std::string FormatIsoUtc(core::TimeMs ms);  // "2026-11-26T15:33:00.123Z"

boost::json::object StaffJson(const core::Staff& staff);
boost::json::object ConversationJson(const core::Conversation& conversation);
boost::json::object MessageJson(const core::Message& message);
boost::json::object StreamEventJson(const app::StreamEvent& event);
boost::json::object RiskAlertJson(const core::RiskAlert& alert);
boost::json::object EmergencyStepJson(const core::EmergencyStepRecord& record);
boost::json::object DebriefFlagJson(const core::DebriefFlag& flag);
std::string ErrorBody(std::string_view code, std::string_view message);
int HttpStatusOf(core::ErrorCode code);

// Wrap-ups (core/wrap_up.h): one wrap-up; the topics and outcomes the console offers; the 400
// of a close whose wrap-up is not valid, with every reason.
boost::json::object WrapUpJson(const core::WrapUp& wrap_up);
boost::json::object WrapUpOptionsJson(const core::TopicList& topics);
std::string WrapUpErrorBody(const std::vector<std::string>& reasons);
// A 400 body with every reason: {"error": {"code": "invalid_argument", message, reasons}}.
std::string ReasonsErrorBody(std::string_view message, const std::vector<std::string>& reasons);
// The draft in a close request's body ({"topics", "risk_level", "outcome", "summary"}); fields
// of the wrong JSON type are reasons in *problems (a missing field is left to
// core::WrapUpDraftProblems).
core::WrapUpDraft WrapUpDraftFromJson(const boost::json::object& body,
                                      std::vector<std::string>* problems);

}  // namespace tsunagu::adapters::http
