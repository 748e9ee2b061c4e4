// The JSON shapes of the API (api/openapi.yaml), in one place, shared by the routes and the
// live stream so that both always agree.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "app/ports/notifier.h"
#include "core/conversation.h"
#include "core/message.h"
#include "core/result.h"
#include "core/staff.h"

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

}  // namespace tsunagu::adapters::http
