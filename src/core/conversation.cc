#include "core/conversation.h"

#include "core/enum_names.h"
#include "core/limits.h"

namespace tsunagu::core {

namespace {

constexpr std::array<EnumName<ConversationStatus>, 3> kStatuses{{
    {ConversationStatus::kWaiting, "waiting"},
    {ConversationStatus::kActive, "active"},
    {ConversationStatus::kClosed, "closed"},
}};

constexpr std::array<EnumName<BotStatus>, 4> kBotStatuses{{
    {BotStatus::kNone, "none"},
    {BotStatus::kRunning, "running"},
    {BotStatus::kHandedOver, "handed_over"},
    {BotStatus::kEnded, "ended"},
}};

constexpr std::array<EnumName<EndReason>, 9> kEndReasons{{
    {EndReason::kNone, ""},
    {EndReason::kStaff, "staff"},
    {EndReason::kIdle, "idle"},
    {EndReason::kClosingTime, "closing_time"},
    {EndReason::kAbandoned, "abandoned"},
    {EndReason::kOutOfHours, "out_of_hours"},
    {EndReason::kOverflow, "overflow"},
    {EndReason::kDeclined, "declined"},
    {EndReason::kBotEnded, "bot_ended"},
}};

}  // namespace

const char* EndReasonName(EndReason reason) { return NameIn(kEndReasons, reason); }

std::optional<EndReason> ParseEndReason(std::string_view name) {
  return ParseIn(kEndReasons, name);
}

const char* BotStatusName(BotStatus status) { return NameIn(kBotStatuses, status); }

std::optional<BotStatus> ParseBotStatus(std::string_view name) {
  return ParseIn(kBotStatuses, name);
}

std::string BotVariablesText(const std::map<std::string, std::string>& variables) {
  std::string out;
  for (const auto& [name, value] : variables) {
    if (!out.empty()) out += '\n';
    out += name;
    out += '\t';
    for (char ch : value) {
      switch (ch) {
        case '\\':
          out += "\\\\";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          out += ch;
      }
    }
  }
  return out;
}

std::optional<std::map<std::string, std::string>> ParseBotVariablesText(std::string_view text) {
  std::map<std::string, std::string> variables;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    std::size_t tab = line.find('\t');
    if (tab == 0 || tab == std::string_view::npos) return std::nullopt;
    std::string value;
    for (std::size_t i = tab + 1; i < line.size(); ++i) {
      char ch = line[i];
      if (ch == '\t' || ch == '\r') return std::nullopt;
      if (ch != '\\') {
        value += ch;
        continue;
      }
      if (++i == line.size()) return std::nullopt;
      switch (line[i]) {
        case '\\':
          value += '\\';
          break;
        case 't':
          value += '\t';
          break;
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        default:
          return std::nullopt;
      }
    }
    if (!variables.emplace(std::string(line.substr(0, tab)), std::move(value)).second) {
      return std::nullopt;  // a name twice
    }
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
    if (text.empty()) return std::nullopt;
  }
  return variables;
}

const char* ConversationStatusName(ConversationStatus status) { return NameIn(kStatuses, status); }

std::optional<ConversationStatus> ParseConversationStatus(std::string_view name) {
  return ParseIn(kStatuses, name);
}

Status Take(Conversation& conversation, StaffId staff_id, const std::string& staff_name,
            TimeMs now_ms) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Fail(ErrorCode::kConflict, "この相談は終了しています / the conversation is closed");
  }
  if (conversation.assigned_staff_id && *conversation.assigned_staff_id != staff_id) {
    return Fail(ErrorCode::kConflict,
                "すでに他の相談員が対応しています / another counselor has taken it");
  }
  conversation.status = ConversationStatus::kActive;
  conversation.assigned_staff_id = staff_id;
  conversation.assigned_staff_name = staff_name;
  if (!conversation.taken_at_ms) conversation.taken_at_ms = now_ms;
  return Ok();
}

Status TransferTo(Conversation& conversation, StaffId staff_id, const std::string& staff_name,
                  TimeMs now_ms) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Fail(ErrorCode::kConflict, "この相談は終了しています / the conversation is closed");
  }
  if (conversation.assigned_staff_id == staff_id) {
    return Fail(ErrorCode::kConflict, "すでにその人の担当です / already assigned to them");
  }
  conversation.status = ConversationStatus::kActive;
  conversation.assigned_staff_id = staff_id;
  conversation.assigned_staff_name = staff_name;
  if (!conversation.taken_at_ms) conversation.taken_at_ms = now_ms;
  return Ok();
}

Status ReturnToQueue(Conversation& conversation, TimeMs now_ms) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Fail(ErrorCode::kConflict, "この相談は終了しています / the conversation is closed");
  }
  if (!conversation.assigned_staff_id) {
    return Fail(ErrorCode::kConflict, "すでに順番待ちです / already in the queue");
  }
  conversation.status = ConversationStatus::kWaiting;
  conversation.assigned_staff_id.reset();
  conversation.assigned_staff_name.clear();
  if (!conversation.queued_at_ms) conversation.queued_at_ms = now_ms;
  return Ok();
}

Status Close(Conversation& conversation, TimeMs now_ms, EndReason reason) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Fail(ErrorCode::kConflict, "この相談はすでに終了しています / already closed");
  }
  conversation.status = ConversationStatus::kClosed;
  conversation.closed_at_ms = now_ms;
  conversation.end_reason = reason;
  conversation.awaiting_reply_since_ms.reset();
  // Closed by the system while someone had it: that person writes the wrap-up afterwards.
  conversation.wrap_up_pending = conversation.assigned_staff_id.has_value() &&
                                 (reason == EndReason::kIdle || reason == EndReason::kClosingTime);
  return Ok();
}

bool ReplyTokenUsable(TimeMs expires_at_ms, TimeMs now_ms) {
  return now_ms + kReplyTokenSafetyMarginMs < expires_at_ms;
}

std::optional<ReplyToken> TakeReplyToken(Conversation& conversation, TimeMs now_ms) {
  ReplyToken taken{std::move(conversation.reply_token), conversation.reply_token_expires_at_ms};
  conversation.reply_token.clear();
  conversation.reply_token_expires_at_ms = 0;
  if (taken.token.empty() || !ReplyTokenUsable(taken.expires_at_ms, now_ms)) return std::nullopt;
  return taken;
}

}  // namespace tsunagu::core
