#include "adapters/http/json_views.h"

#include <fmt/format.h>

#include <ctime>

namespace tsunagu::adapters::http {

namespace json = boost::json;

std::string FormatIsoUtc(core::TimeMs ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

json::object StaffJson(const core::Staff& staff) {
  return {{"id", staff.id},
          {"login", staff.login},
          {"display_name", staff.display_name},
          {"role", core::RoleName(staff.role)}};
}

json::object ConversationJson(const core::Conversation& c) {
  json::object o{{"id", c.id},
                 {"program_id", c.program_id},
                 {"client_pseudonym", c.client_pseudonym},
                 {"status", core::ConversationStatusName(c.status)},
                 {"opened_at", FormatIsoUtc(c.opened_at_ms)},
                 {"last_message_at", FormatIsoUtc(c.last_message_at_ms)},
                 {"client_blocked", c.client_blocked}};
  o["assigned_staff_id"] =
      c.assigned_staff_id ? json::value(*c.assigned_staff_id) : json::value(nullptr);
  o["assigned_staff_name"] =
      c.assigned_staff_id ? json::value(c.assigned_staff_name) : json::value(nullptr);
  o["closed_at"] =
      c.closed_at_ms ? json::value(FormatIsoUtc(*c.closed_at_ms)) : json::value(nullptr);
  return o;
}

json::object MessageJson(const core::Message& m) {
  json::object o{{"id", m.id},
                 {"conversation_id", m.conversation_id},
                 {"direction", core::DirectionName(m.direction)},
                 {"sender_kind", core::SenderKindName(m.sender_kind)},
                 {"sender_name", m.sender_name},
                 {"content_kind", core::ContentKindName(m.content_kind)},
                 {"content_type", m.content_type},
                 {"text", m.text},
                 {"created_at", FormatIsoUtc(m.created_at_ms)},
                 {"delivery_state", core::DeliveryStateName(m.delivery_state)}};
  o["delivery_error"] =
      m.delivery_error.empty() ? json::value(nullptr) : json::value(m.delivery_error);
  return o;
}

json::object StreamEventJson(const app::StreamEvent& e) {
  json::object o{{"type", app::StreamEventKindName(e.kind)},
                 {"conversation", ConversationJson(e.conversation)}};
  if (e.message) o["message"] = MessageJson(*e.message);
  return o;
}

std::string ErrorBody(std::string_view code, std::string_view message) {
  return json::serialize(json::object{{"error", {{"code", code}, {"message", message}}}});
}

int HttpStatusOf(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return 400;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kUnauthenticated:
      return 401;
    case core::ErrorCode::kPermissionDenied:
      return 403;
    case core::ErrorCode::kConflict:
      return 409;
    case core::ErrorCode::kLimitExceeded:
      return 429;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

}  // namespace tsunagu::adapters::http
