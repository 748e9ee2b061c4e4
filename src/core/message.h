#pragma once

#include <optional>
#include <string>

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
};

}  // namespace tsunagu::core
