#include "adapters/http/json_views.h"

#include <fmt/format.h>

#include <ctime>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::adapters::http {

namespace json = boost::json;

namespace {

// "a,b" -> ["a", "b"]
json::array CodeList(std::string_view codes) {
  json::array out;
  for (std::string_view code : core::SplitCodes(codes)) out.emplace_back(code);
  return out;
}

json::value OptionalTime(const std::optional<core::TimeMs>& ms) {
  return ms ? json::value(FormatIsoUtc(*ms)) : json::value(nullptr);
}

json::value OptionalId(const std::optional<std::int64_t>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

}  // namespace

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
  o["risk_level"] = c.risk_level;
  o["risk_categories"] = CodeList(c.risk_categories);
  o["risk_raised_at"] = OptionalTime(c.risk_raised_at_ms);
  o["queued_at"] = OptionalTime(c.queued_at_ms);
  o["bot_status"] = core::BotStatusName(c.bot_status);
  // The answers the person gave the chatbot (age band, topic...), for the counselor who takes it.
  json::object intake;
  if (auto variables = core::ParseBotVariablesText(c.bot_variables)) {
    for (const auto& [name, value] : *variables) intake[name] = value;
  }
  o["intake"] = std::move(intake);
  o["taken_at"] = OptionalTime(c.taken_at_ms);
  o["awaiting_reply_since"] = OptionalTime(c.awaiting_reply_since_ms);
  o["end_reason"] = c.end_reason == core::EndReason::kNone
                        ? json::value(nullptr)
                        : json::value(core::EndReasonName(c.end_reason));
  o["wrap_up_pending"] = c.wrap_up_pending;
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
  json::array buttons;
  for (const core::QuickReply& q : m.quick_replies) buttons.emplace_back(q.label);
  o["quick_replies"] = std::move(buttons);
  o["media_url"] = m.media_url.empty() ? json::value(nullptr) : json::value(m.media_url);
  if (m.risk.Empty()) {
    o["risk"] = nullptr;
  } else {
    json::array spans;
    for (const core::TextSpan& span : m.risk.spans) {
      spans.push_back(json::array{span.begin, span.end});
    }
    json::array reasons;
    for (std::string_view line : core::SplitLines(m.risk.reasons)) reasons.emplace_back(line);
    o["risk"] = json::object{{"level", m.risk.level},
                             {"categories", CodeList(m.risk.categories)},
                             {"signals", CodeList(m.risk.signals)},
                             {"spans", std::move(spans)},
                             {"reasons", std::move(reasons)}};
  }
  return o;
}

json::object RiskAlertJson(const core::RiskAlert& a) {
  return {{"id", a.id},
          {"conversation_id", a.conversation_id},
          {"level", a.level},
          {"categories", CodeList(a.categories)},
          {"first_at", FormatIsoUtc(a.first_at_ms)},
          {"last_at", FormatIsoUtc(a.last_at_ms)},
          {"message_count", a.message_count},
          {"acknowledged_by", OptionalId(a.acknowledged_by)},
          {"acknowledged_at", OptionalTime(a.acknowledged_at_ms)}};
}

json::object EmergencyStepJson(const core::EmergencyStepRecord& r) {
  return {{"step", core::EmergencyStepName(r.step)},
          {"label", core::EmergencyStepLabelJa(r.step)},
          {"done_by", r.done_by},
          {"done_by_name", r.done_by_name},
          {"done_at", FormatIsoUtc(r.done_at_ms)},
          {"note", r.note}};
}

json::object DebriefFlagJson(const core::DebriefFlag& f) {
  return {{"id", f.id},
          {"staff_id", f.staff_id},
          {"staff_name", f.staff_name},
          {"flagged_at", FormatIsoUtc(f.flagged_at_ms)},
          {"conversation_count", f.conversation_count},
          {"cleared_by", OptionalId(f.cleared_by)},
          {"cleared_at", OptionalTime(f.cleared_at_ms)}};
}

json::object StreamEventJson(const app::StreamEvent& e) {
  json::object o{{"type", app::StreamEventKindName(e.kind)}};
  if (e.kind == app::StreamEventKind::kDebriefFlag) {
    if (e.debrief) o["debrief"] = DebriefFlagJson(*e.debrief);
    o["sound"] = e.sound;
    return o;
  }
  o["conversation"] = ConversationJson(e.conversation);
  if (e.message) o["message"] = MessageJson(*e.message);
  if (e.alert) {
    o["alert"] = RiskAlertJson(*e.alert);
    o["sound"] = e.sound;
  }
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

// ---- Wrap-ups.

json::object WrapUpJson(const core::WrapUp& w) {
  json::array topics;
  for (const std::string& code : w.topic_codes) topics.emplace_back(code);
  return {{"conversation_id", w.conversation_id},
          {"topics", std::move(topics)},
          {"risk_level", w.risk_level},
          {"outcome", core::WrapUpOutcomeName(w.outcome)},
          {"summary", w.summary},
          {"by_staff_id", w.by_staff_id},
          {"at", FormatIsoUtc(w.at_ms)}};
}

json::object WrapUpOptionsJson(const core::TopicList& list) {
  json::array topics;
  for (const core::Topic& t : list.topics()) {
    topics.push_back(
        json::object{{"code", t.code}, {"label_ja", t.label_ja}, {"label_en", t.label_en}});
  }
  json::array outcomes;
  for (core::WrapUpOutcome o : core::kWrapUpOutcomes) {
    outcomes.push_back(json::object{{"code", core::WrapUpOutcomeName(o)},
                                    {"label_ja", core::WrapUpOutcomeLabelJa(o)},
                                    {"label_en", core::WrapUpOutcomeLabelEn(o)}});
  }
  return {{"topics", std::move(topics)},
          {"outcomes", std::move(outcomes)},
          {"summary_chars_max", core::kWrapUpSummaryCharsMax}};
}

std::string ReasonsErrorBody(std::string_view message, const std::vector<std::string>& reasons) {
  json::array list;
  for (const std::string& r : reasons) list.emplace_back(r);
  return json::serialize(json::object{
      {"error",
       {{"code", "invalid_argument"}, {"message", message}, {"reasons", std::move(list)}}}});
}

std::string WrapUpErrorBody(const std::vector<std::string>& reasons) {
  return ReasonsErrorBody("終了時の記録を確認してください / check the wrap-up", reasons);
}

core::WrapUpDraft WrapUpDraftFromJson(const json::object& body,
                                      std::vector<std::string>* problems) {
  core::WrapUpDraft draft;
  if (const json::value* topics = body.if_contains("topics")) {
    bool strings = topics->is_array();
    if (strings) {
      for (const json::value& v : topics->as_array()) {
        if (!v.is_string()) {
          strings = false;
          break;
        }
        draft.topic_codes.emplace_back(v.as_string());
      }
    }
    if (!strings) {
      draft.topic_codes.clear();
      problems->push_back("topics は文字列の配列です / topics must be an array of strings");
    }
  }
  if (const json::value* level = body.if_contains("risk_level"); level && !level->is_null()) {
    if (level->is_int64()) {
      const std::int64_t v = level->as_int64();
      // Outside 0-3 either way; kept outside so that the reason says so.
      draft.risk_level = v < -1 ? -1 : (v > 4 ? 4 : static_cast<int>(v));
    } else if (level->is_uint64()) {
      draft.risk_level = 4;
    } else {
      problems->push_back("risk_level は0〜3の整数です / risk_level must be an integer 0-3");
    }
  }
  if (const json::value* outcome = body.if_contains("outcome"); outcome && !outcome->is_null()) {
    if (outcome->is_string()) {
      draft.outcome = std::string(outcome->as_string());
    } else {
      problems->push_back("outcome は文字列です / outcome must be a string");
    }
  }
  if (const json::value* summary = body.if_contains("summary"); summary && !summary->is_null()) {
    if (summary->is_string()) {
      draft.summary = std::string(summary->as_string());
    } else {
      problems->push_back("summary は文字列です / summary must be a string");
    }
  }
  return draft;
}

}  // namespace tsunagu::adapters::http
