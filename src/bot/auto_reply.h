// The bot's automatic replies. Pure: it decides what to say; app stores and sends it.
// The scenario engine (consent, intake, FAQ) will grow here; it never writes counseling content.
#pragma once

#include <optional>
#include <string>

#include "core/conversation.h"
#include "core/inbound_event.h"

namespace tsunagu::bot {

struct AutoReplySettings {
  std::string greeting;       // on follow (adding the account as a friend)
  std::string waiting_reply;  // once, when a client's message opens a new conversation
};

// What the bot says in answer to event, if anything. opened_conversation is true when this
// event has just opened a new conversation. The bot stays silent in standby mode and once a
// staff member is assigned.
std::optional<std::string> DecideAutoReply(const core::InboundEvent& event,
                                           const core::Conversation* conversation,
                                           bool opened_conversation,
                                           const AutoReplySettings& settings);

}  // namespace tsunagu::bot
