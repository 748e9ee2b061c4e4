#pragma once

#include <chrono>

#include "app/ports/clock.h"

namespace tsunagu::adapters::system {

// The wall clock, in UTC milliseconds.
class SystemClock : public app::Clock {
 public:
  core::TimeMs NowMs() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace tsunagu::adapters::system
