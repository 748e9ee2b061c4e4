#include "app/ports/notifier.h"

namespace tsunagu::app {

const char* StreamEventKindName(StreamEventKind kind) {
  switch (kind) {
    case StreamEventKind::kMessageCreated:
      return "message.created";
    case StreamEventKind::kMessageUpdated:
      return "message.updated";
    case StreamEventKind::kConversationUpdated:
      return "conversation.updated";
  }
  return "conversation.updated";
}

}  // namespace tsunagu::app
