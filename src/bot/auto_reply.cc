#include "bot/auto_reply.h"

namespace tsunagu::bot {

std::optional<std::string> DecideAutoReply(const core::InboundEvent& event,
                                           const core::Conversation* conversation,
                                           bool opened_conversation,
                                           const AutoReplySettings& settings) {
  if (event.standby) return std::nullopt;
  switch (event.kind) {
    case core::InboundKind::kFollow:
      if (settings.greeting.empty()) return std::nullopt;
      return settings.greeting;
    case core::InboundKind::kMessage:
    case core::InboundKind::kPostback:
      if (!opened_conversation || settings.waiting_reply.empty()) return std::nullopt;
      if (conversation != nullptr && conversation->assigned_staff_id) return std::nullopt;
      return settings.waiting_reply;
    case core::InboundKind::kUnfollow:
    case core::InboundKind::kUnsupported:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace tsunagu::bot
