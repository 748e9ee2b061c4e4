#pragma once

#include <optional>
#include <string_view>

#include "core/conversation.h"
#include "core/message.h"

namespace tsunagu::app {

enum class StreamEventKind { kMessageCreated, kMessageUpdated, kConversationUpdated };

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
};

// Published after the change has committed.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void Publish(const StreamEvent& event) = 0;
};

}  // namespace tsunagu::app
