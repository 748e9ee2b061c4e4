#include "core/message.h"

#include <array>
#include <utility>

namespace tsunagu::core {
namespace {

template <typename Enum, std::size_t N>
const char* NameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return table[0].second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::pair<Enum, const char*>, N>& table,
                          std::string_view name) {
  for (const auto& [e, n] : table) {
    if (name == n) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Direction, const char*>, 2> kDirections{{
    {Direction::kInbound, "inbound"},
    {Direction::kOutbound, "outbound"},
}};
constexpr std::array<std::pair<SenderKind, const char*>, 4> kSenderKinds{{
    {SenderKind::kClient, "client"},
    {SenderKind::kStaff, "staff"},
    {SenderKind::kBot, "bot"},
    {SenderKind::kSystem, "system"},
}};
constexpr std::array<std::pair<DeliveryState, const char*>, 4> kDeliveryStates{{
    {DeliveryState::kReceived, "received"},
    {DeliveryState::kQueued, "queued"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kFailed, "failed"},
}};
constexpr std::array<std::pair<ContentKind, const char*>, 3> kContentKinds{{
    {ContentKind::kText, "text"},
    {ContentKind::kPostback, "postback"},
    {ContentKind::kUnsupported, "unsupported"},
}};

}  // namespace

const char* DirectionName(Direction v) { return NameOf(kDirections, v); }
const char* SenderKindName(SenderKind v) { return NameOf(kSenderKinds, v); }
const char* DeliveryStateName(DeliveryState v) { return NameOf(kDeliveryStates, v); }
const char* ContentKindName(ContentKind v) { return NameOf(kContentKinds, v); }
std::optional<Direction> ParseDirection(std::string_view n) { return Parse(kDirections, n); }
std::optional<SenderKind> ParseSenderKind(std::string_view n) { return Parse(kSenderKinds, n); }
std::optional<DeliveryState> ParseDeliveryState(std::string_view n) {
  return Parse(kDeliveryStates, n);
}
std::optional<ContentKind> ParseContentKind(std::string_view n) { return Parse(kContentKinds, n); }

}  // namespace tsunagu::core
