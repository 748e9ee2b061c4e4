// The order in which waiting conversations are taken: the one rule, used by the store's queue
// listing (a contract test checks that it sorts exactly like this) and by anything that ranks
// waiting people. Higher suggested risk first; then first come, first served: by the time the
// person joined the queue (after the chatbot), or opened the conversation where there is no bot.
#pragma once

#include "core/conversation.h"

namespace tsunagu::core {

// True when a should be taken before b.
constexpr bool WaitsBefore(const Conversation& a, const Conversation& b) {
  if (a.risk_level != b.risk_level) return a.risk_level > b.risk_level;
  const TimeMs a_since = a.queued_at_ms.value_or(a.opened_at_ms);
  const TimeMs b_since = b.queued_at_ms.value_or(b.opened_at_ms);
  if (a_since != b_since) return a_since < b_since;
  return a.id < b.id;
}

}  // namespace tsunagu::core
