#pragma once

#include <algorithm>

#include "core/ids.h"
#include "core/limits.h"

namespace tsunagu::core {

// The delay before attempt number `attempts` + 1 of anything retried in the background (sends,
// timers): 1 s, 2 s, 4 s, ... capped at 5 min.
constexpr TimeMs RetryBackoffMs(int attempts) {
  TimeMs delay = kOutboxBackoffMsMin;
  for (int i = 1; i < attempts && delay < kOutboxBackoffMsMax; ++i) delay *= 2;
  return std::min(delay, kOutboxBackoffMsMax);
}

}  // namespace tsunagu::core
