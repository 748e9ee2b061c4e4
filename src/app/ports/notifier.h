#pragma once

#include <optional>
#include <string_view>

#include "core/conversation.h"
#include "core/message.h"
#include "core/risk_signals.h"
#include "core/staff.h"

namespace tsunagu::app {

enum class StreamEventKind {
  kMessageCreated,
  kMessageUpdated,
  kConversationUpdated,
  kRiskAlert,    // an alert opened, escalated, grouped or acknowledged (alert is set)
  kDebriefFlag,  // a counselor flagged for a debrief, or the flag cleared (debrief is set)
};

const char* StreamEventKindName(StreamEventKind kind);
std::optional<StreamEventKind> ParseStreamEventKind(std::string_view name);

// A change that staff consoles should see. It carries the conversation so that the fan-out can
// check, per connected staff member, that they may see it.
struct StreamEvent {
  StreamEventKind kind = StreamEventKind::kConversationUpdated;
  core::Conversation conversation;
  std::optional<core::Message> message;
  // The conversation before a change of who may see it (take, close). Staff who could see it
  // before also get the event, so that it leaves their lists.
  std::optional<core::Conversation> before;
  std::optional<core::RiskAlert> alert;
  std::optional<core::DebriefFlag> debrief;
  bool sound = false;  // consoles play the alert sound (a new or escalated alert)
};

// An event about a conversation (and perhaps one of its messages).
StreamEvent ConversationEvent(StreamEventKind kind, core::Conversation conversation,
                              std::optional<core::Message> message = std::nullopt,
                              std::optional<core::Conversation> before = std::nullopt);

// Who receives an event: conversation events go to staff who may see the conversation (now or
// before the change); risk alerts to those who receive every alert and the assigned counselor;
// debrief flags to those who receive every alert.
bool StreamEventVisibleTo(const core::Staff& staff, const StreamEvent& event);

// Published after the change has committed.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void Publish(const StreamEvent& event) = 0;
};

}  // namespace tsunagu::app
