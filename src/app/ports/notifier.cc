#include "app/ports/notifier.h"

#include <array>

#include "core/enum_names.h"

namespace tsunagu::app {
namespace {

constexpr std::array<core::EnumName<StreamEventKind>, 3> kStreamEventKindNames{{
    {StreamEventKind::kMessageCreated, "message.created"},
    {StreamEventKind::kMessageUpdated, "message.updated"},
    {StreamEventKind::kConversationUpdated, "conversation.updated"},
}};

}  // namespace

const char* StreamEventKindName(StreamEventKind kind) {
  return core::NameIn(kStreamEventKindNames, kind);
}

std::optional<StreamEventKind> ParseStreamEventKind(std::string_view name) {
  return core::ParseIn(kStreamEventKindNames, name);
}

}  // namespace tsunagu::app
