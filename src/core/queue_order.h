// The order in which waiting conversations are taken: the one rule, used by the store's queue
// listing (a contract test checks that it sorts exactly like this) and by anything that ranks
// waiting people. Higher suggested risk first; then first come, first served.
#pragma once

#include "core/conversation.h"

namespace tsunagu::core {

// True when a should be taken before b.
constexpr bool WaitsBefore(const Conversation& a, const Conversation& b) {
  if (a.risk_level != b.risk_level) return a.risk_level > b.risk_level;
  if (a.opened_at_ms != b.opened_at_ms) return a.opened_at_ms < b.opened_at_ms;
  return a.id < b.id;
}

}  // namespace tsunagu::core
