#include "core/inbound_event.h"

#include "core/enum_names.h"

namespace tsunagu::core {
namespace {

constexpr std::array<EnumName<InboundKind>, 5> kKinds{{
    {InboundKind::kFollow, "follow"},
    {InboundKind::kUnfollow, "unfollow"},
    {InboundKind::kMessage, "message"},
    {InboundKind::kPostback, "postback"},
    {InboundKind::kUnsupported, "unsupported"},
}};
constexpr std::array<EnumName<InboundState>, 3> kStates{{
    {InboundState::kPending, "pending"},
    {InboundState::kProcessed, "processed"},
    {InboundState::kIgnored, "ignored"},
}};

}  // namespace

const char* InboundKindName(InboundKind kind) { return NameIn(kKinds, kind); }
std::optional<InboundKind> ParseInboundKind(std::string_view name) { return ParseIn(kKinds, name); }
const char* InboundStateName(InboundState state) { return NameIn(kStates, state); }
std::optional<InboundState> ParseInboundState(std::string_view name) {
  return ParseIn(kStates, name);
}

}  // namespace tsunagu::core
