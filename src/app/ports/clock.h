#pragma once

#include "core/ids.h"

namespace tsunagu::app {

// Time comes through this port so that tests can move it (reply-token expiry, backoff).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::TimeMs NowMs() = 0;
};

}  // namespace tsunagu::app
