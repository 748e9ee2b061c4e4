#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"

namespace tsunagu::core {

enum class Direction { kInbound, kOutbound };
enum class SenderKind { kClient, kStaff, kBot, kSystem };

// Inbound messages are kReceived. Outbound ones go kQueued -> kDelivered, or kQueued -> kFailed
// when LINE refuses them for good (the console shows the reason).
enum class DeliveryState { kReceived, kQueued, kDelivered, kFailed };

// What a message holds. Today: text and postback; other LINE types are kept as kUnsupported
// with their type name, so that nothing said is silently dropped.
enum class ContentKind { kText, kPostback, kUnsupported };

const char* DirectionName(Direction direction);
const char* SenderKindName(SenderKind kind);
const char* DeliveryStateName(DeliveryState state);
const char* ContentKindName(ContentKind kind);
std::optional<Direction> ParseDirection(std::string_view name);
std::optional<SenderKind> ParseSenderKind(std::string_view name);
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);
std::optional<ContentKind> ParseContentKind(std::string_view name);

// Bytes [begin, end) of a message's text.
struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

// What the risk analyzer suggested for one inbound message (docs/risk.md). Reasons quote the
// lexicon, never the message.
struct MessageRisk {
  int level = 0;                // 0..3
  std::string categories;       // counted categories, codes comma-separated
  std::string signals;          // categories seen only negated, exaggerated or reported
  std::vector<TextSpan> spans;  // what matched, for highlighting
  std::string reasons;          // one reason per line
  bool Empty() const {
    return level == 0 && categories.empty() && signals.empty() && spans.empty();
  }
  friend bool operator==(const MessageRisk&, const MessageRisk&) = default;
};

// Spans as stored: "begin-end" pairs separated by ','. Parsing rejects anything else (a damaged
// row), and spans that are empty, reversed or not in increasing order.
std::string SpansText(const std::vector<TextSpan>& spans);
std::optional<std::vector<TextSpan>> ParseSpansText(std::string_view text);
// What a store checks before writing spans: each non-empty, in increasing order, not overlapping.
bool SpansAreOrdered(const std::vector<TextSpan>& spans);

// A button under a message (LINE quick reply, postback action). data comes back as the
// postback's data; display_text is what the person's chat shows as their answer.
struct QuickReply {
  std::string label;
  std::string data;
  std::string display_text;
  friend bool operator==(const QuickReply&, const QuickReply&) = default;
};

// Quick replies as stored: one item per line, fields separated by a tab. Parsing rejects
// anything else (a damaged row); labels and data cannot hold tabs or line breaks.
std::string QuickRepliesText(const std::vector<QuickReply>& items);
std::optional<std::vector<QuickReply>> ParseQuickRepliesText(std::string_view text);

struct Message {
  MessageId id = 0;
  ConversationId conversation_id = 0;
  Direction direction = Direction::kInbound;
  SenderKind sender_kind = SenderKind::kClient;
  std::optional<StaffId> sender_staff_id;
  std::string sender_name;  // staff display name, or the client's pseudonym
  ContentKind content_kind = ContentKind::kText;
  std::string content_type;  // the channel's own type name ("text", "sticker", ...)
  std::string text;          // text, postback data, or a short description
  std::string external_id;   // LINE message id, when known
  TimeMs created_at_ms = 0;
  DeliveryState delivery_state = DeliveryState::kReceived;
  std::string delivery_error;  // set when kFailed
  MessageRisk risk;            // inbound text only; empty otherwise
  // Outbound bot messages: buttons to answer with, or an image (content_type "image", text
  // then holds the alternative text).
  std::vector<QuickReply> quick_replies;
  std::string media_url;
};

}  // namespace tsunagu::core
