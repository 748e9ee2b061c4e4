#include "platform/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <memory>
#include <optional>
#include <utility>

namespace tsunagu::platform {
namespace {

constexpr std::array<std::pair<std::string_view, spdlog::level::level_enum>, 5> kLevels = {{
    {"trace", spdlog::level::trace},
    {"debug", spdlog::level::debug},
    {"info", spdlog::level::info},
    {"warn", spdlog::level::warn},
    {"error", spdlog::level::err},
}};

// Not spdlog::level::from_str: it maps unknown names to "off", which would hide every log line.
std::optional<spdlog::level::level_enum> ParseLevel(std::string_view level) {
  for (const auto& [name, value] : kLevels) {
    if (name == level) return value;
  }
  return std::nullopt;
}

}  // namespace

bool IsValidLogLevel(std::string_view level) { return ParseLevel(level).has_value(); }

void InitLogging(const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("tsunagu", std::move(sink));
  // %z prints the UTC offset as +hh:mm, which keeps the timestamp ISO 8601.
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%l] [%t] %v");
  auto parsed = ParseLevel(level);
  logger->set_level(parsed.value_or(spdlog::level::info));
  // Warnings and errors reach the terminal (or journald) before a crash can lose them.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  if (!parsed) {
    spdlog::warn("unknown log level \"{}\"; using info", level);
  }
}

}  // namespace tsunagu::platform
