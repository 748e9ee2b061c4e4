#pragma once

#include <string_view>

#include "core/result.h"

namespace tsunagu::app {

// Where use cases report failures that no caller is waiting for (background processing and
// sending), so that operators see them. Never pass message text: ids, kinds and error codes only.
class EventLog {
 public:
  virtual ~EventLog() = default;
  virtual void Warn(std::string_view what, const core::Error& error) = 0;
};

}  // namespace tsunagu::app
