#pragma once

#include "app/ports/event_log.h"

namespace tsunagu::adapters::system {

// app::EventLog onto the process log (spdlog, stderr).
class SpdlogEventLog : public app::EventLog {
 public:
  void Warn(std::string_view what, const core::Error& error) override;
};

}  // namespace tsunagu::adapters::system
