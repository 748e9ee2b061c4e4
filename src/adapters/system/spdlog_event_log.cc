#include "adapters/system/spdlog_event_log.h"

#include <spdlog/spdlog.h>

namespace tsunagu::adapters::system {

void SpdlogEventLog::Warn(std::string_view what, const core::Error& error) {
  spdlog::warn("{}: {}: {}", what, core::ErrorCodeName(error.code), error.message);
}

}  // namespace tsunagu::adapters::system
