// Turns a LINE webhook body into InboundEvents. The signature must already have been checked
// (signature.h); this only parses. Field names follow line-openapi webhook.yml.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/inbound_event.h"
#include "core/result.h"

namespace tsunagu::adapters::line {

// Bounds on the fields copied into an InboundEvent. LINE's ids are 33 characters and its
// webhookEventId is a 26-character ULID; the bounds leave room without letting a body fill the
// store with huge values. A field over its bound makes the whole body invalid.
inline constexpr std::size_t kWebhookEventIdBytesMax = 64;
inline constexpr std::size_t kWebhookTypeNameBytesMax = 64;
inline constexpr std::size_t kLineIdBytesMax = 64;       // userId, destination, message id
inline constexpr std::size_t kReplyTokenBytesMax = 256;  // 32 hex characters today
// Inbound text and postback data, in code points. LINE caps what it sends at 5,000 characters
// and the LINE app's input box at 10,000; counting bytes instead would reject long Japanese
// text (3 bytes per character) that LINE really delivers.
inline constexpr std::size_t kInboundTextCharsMax = 10'000;

struct ParsedWebhook {
  std::string destination;  // the bot's user id; empty if the body had none
  std::vector<core::InboundEvent> events;
};

// Parses raw_body. Every event gets channel_key, received_at_ms and state kPending. Errors are
// kInvalidArgument, with a message naming the offending path (never echoing its value):
// malformed JSON, a root that is not an object, events missing or not an array, more than
// core::kWebhookEventsMax events, an event without type, webhookEventId or timestamp, or a
// field of the wrong type or over its bound. An empty events array is valid (LINE's "Verify").
// kInternal only if memory runs out. Never throws.
core::Result<ParsedWebhook> ParseWebhook(std::string_view raw_body, const std::string& channel_key,
                                         core::TimeMs received_at_ms);

}  // namespace tsunagu::adapters::line
