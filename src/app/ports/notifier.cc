#include "app/ports/notifier.h"

#include <array>

#include "core/enum_names.h"
#include "core/permissions.h"

namespace tsunagu::app {
namespace {

constexpr std::array<core::EnumName<StreamEventKind>, 5> kStreamEventKindNames{{
    {StreamEventKind::kMessageCreated, "message.created"},
    {StreamEventKind::kMessageUpdated, "message.updated"},
    {StreamEventKind::kConversationUpdated, "conversation.updated"},
    {StreamEventKind::kRiskAlert, "risk.alert"},
    {StreamEventKind::kDebriefFlag, "staff.debrief"},
}};

}  // namespace

const char* StreamEventKindName(StreamEventKind kind) {
  return core::NameIn(kStreamEventKindNames, kind);
}

std::optional<StreamEventKind> ParseStreamEventKind(std::string_view name) {
  return core::ParseIn(kStreamEventKindNames, name);
}

StreamEvent ConversationEvent(StreamEventKind kind, core::Conversation conversation,
                              std::optional<core::Message> message,
                              std::optional<core::Conversation> before) {
  StreamEvent e;
  e.kind = kind;
  e.conversation = std::move(conversation);
  e.message = std::move(message);
  e.before = std::move(before);
  return e;
}

bool StreamEventVisibleTo(const core::Staff& staff, const StreamEvent& event) {
  switch (event.kind) {
    case StreamEventKind::kRiskAlert:
      return core::CanSeeRiskAlert(staff, event.conversation);
    case StreamEventKind::kDebriefFlag:
      return staff.active && core::RoleHas(staff.role, core::Permission::kReceiveRiskAlerts);
    case StreamEventKind::kMessageCreated:
    case StreamEventKind::kMessageUpdated:
    case StreamEventKind::kConversationUpdated:
      break;
  }
  return core::CanView(staff, event.conversation) ||
         (event.before && core::CanView(staff, *event.before));
}

}  // namespace tsunagu::app
