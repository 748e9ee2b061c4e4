#include "core/message.h"

#include "core/enum_names.h"

namespace tsunagu::core {
namespace {

constexpr std::array<EnumName<Direction>, 2> kDirections{{
    {Direction::kInbound, "inbound"},
    {Direction::kOutbound, "outbound"},
}};
constexpr std::array<EnumName<SenderKind>, 4> kSenderKinds{{
    {SenderKind::kClient, "client"},
    {SenderKind::kStaff, "staff"},
    {SenderKind::kBot, "bot"},
    {SenderKind::kSystem, "system"},
}};
constexpr std::array<EnumName<DeliveryState>, 4> kDeliveryStates{{
    {DeliveryState::kReceived, "received"},
    {DeliveryState::kQueued, "queued"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kFailed, "failed"},
}};
constexpr std::array<EnumName<ContentKind>, 3> kContentKinds{{
    {ContentKind::kText, "text"},
    {ContentKind::kPostback, "postback"},
    {ContentKind::kUnsupported, "unsupported"},
}};

}  // namespace

const char* DirectionName(Direction v) { return NameIn(kDirections, v); }
const char* SenderKindName(SenderKind v) { return NameIn(kSenderKinds, v); }
const char* DeliveryStateName(DeliveryState v) { return NameIn(kDeliveryStates, v); }
const char* ContentKindName(ContentKind v) { return NameIn(kContentKinds, v); }
std::optional<Direction> ParseDirection(std::string_view n) { return ParseIn(kDirections, n); }
std::optional<SenderKind> ParseSenderKind(std::string_view n) { return ParseIn(kSenderKinds, n); }
std::optional<DeliveryState> ParseDeliveryState(std::string_view n) {
  return ParseIn(kDeliveryStates, n);
}
std::optional<ContentKind> ParseContentKind(std::string_view n) {
  return ParseIn(kContentKinds, n);
}

}  // namespace tsunagu::core
