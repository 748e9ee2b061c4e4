#pragma once

#include <optional>
#include <string>

#include "core/ids.h"

namespace tsunagu::core {

// What a channel said happened, normalised by the channel adapter and stored before the webhook
// is answered. Processing reads it back later, in order per sender.
enum class InboundKind { kFollow, kUnfollow, kMessage, kPostback, kUnsupported };

const char* InboundKindName(InboundKind kind);
std::optional<InboundKind> ParseInboundKind(std::string_view name);

enum class InboundState { kPending, kProcessed, kIgnored };

const char* InboundStateName(InboundState state);
std::optional<InboundState> ParseInboundState(std::string_view name);

struct InboundEvent {
  InboundEventId id = 0;    // store order; processing follows it
  std::string event_id;     // the channel's own id (LINE webhookEventId), unique per channel
  std::string channel_key;  // [line.channels.<key>]
  InboundKind kind = InboundKind::kUnsupported;
  std::string type_name;    // the channel's event type ("message", "beacon", ...)
  std::string sender_id;    // LINE userId of the person (empty when the source has none)
  std::string source_type;  // "user", "group" or "room"
  std::string reply_token;
  TimeMs occurred_at_ms = 0;  // when it happened on the channel
  TimeMs received_at_ms = 0;  // when we stored it
  bool redelivery = false;
  bool standby = false;      // LINE mode "standby": another module owns the chat; send nothing
  std::string message_type;  // for kMessage: "text", "image", ...
  std::string message_id;    // the channel's message id
  std::string text;          // text or postback data
  std::string raw_json;      // the event exactly as received
  InboundState state = InboundState::kPending;
};

}  // namespace tsunagu::core
