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

}  // namespace

const char* ConversationStatusName(ConversationStatus status) { return NameIn(kStatuses, status); }

std::optional<ConversationStatus> ParseConversationStatus(std::string_view name) {
  return ParseIn(kStatuses, name);
}

Status Take(Conversation& conversation, StaffId staff_id, const std::string& staff_name) {
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
  return Ok();
}

Status Close(Conversation& conversation, TimeMs now_ms) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Fail(ErrorCode::kConflict, "この相談はすでに終了しています / already closed");
  }
  conversation.status = ConversationStatus::kClosed;
  conversation.closed_at_ms = now_ms;
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
