#pragma once

#include <atomic>
#include <chrono>
#include <optional>

#include "app/ports/clock.h"

namespace tsunagu::adapters::system {

// The wall clock in UTC milliseconds, or, for simulation tests ([testing] manual_clock), a clock
// that stands still until it is moved. It never goes back, so timers and leases stay ordered.
class SettableClock : public app::Clock {
 public:
  // manual_start: a manual clock starting there; nullopt: the wall clock.
  explicit SettableClock(std::optional<core::TimeMs> manual_start = std::nullopt)
      : manual_(manual_start.has_value()), now_(manual_start.value_or(0)) {}

  core::TimeMs NowMs() override {
    if (manual_) return now_.load();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  bool manual() const { return manual_; }

  // Manual only: moves to at_ms, or by advance_ms. false when it would go back.
  bool MoveTo(core::TimeMs at_ms) {
    core::TimeMs current = now_.load();
    while (at_ms >= current) {
      if (now_.compare_exchange_weak(current, at_ms)) return true;
    }
    return false;
  }
  void Advance(core::TimeMs advance_ms) { now_.fetch_add(advance_ms); }

 private:
  const bool manual_;
  std::atomic<core::TimeMs> now_;
};

}  // namespace tsunagu::adapters::system
