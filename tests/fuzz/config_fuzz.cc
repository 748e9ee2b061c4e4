// libFuzzer target for the config parser: arbitrary bytes must yield a ConfigLoad (usually with
// errors), never a crash, a hang or a sanitizer report.
//
// Input layout: the bytes before the first NUL are the TOML text; the bytes after it are
// environment lines "NAME=value", so that the overrides are fuzzed as well.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "platform/config.h"

namespace {

std::map<std::string, std::string> ParseEnv(std::string_view text) {
  std::map<std::string, std::string> env;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (std::size_t eq = line.find('='); eq != std::string_view::npos) {
      env[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return env;
}

// Never touches the disk: a path starting with '!' fails, any other reads as its own name.
tsunagu::platform::FileRead FakeSecretFile(const std::string& path) {
  if (path.starts_with("!")) return {std::nullopt, "cannot read " + path};
  return {path, {}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t nul = input.find('\0');
  std::string_view toml = input.substr(0, nul);
  auto env = nul == std::string_view::npos ? std::map<std::string, std::string>{}
                                           : ParseEnv(input.substr(nul + 1));
  tsunagu::platform::ConfigLoad load =
      tsunagu::platform::ParseConfig(toml, "fuzz.toml", env, FakeSecretFile);
  for (const auto& error : load.errors) {
    if (tsunagu::platform::FormatConfigError(error).empty()) __builtin_trap();
  }
  // A load without errors must satisfy the documented invariants.
  if (load.ok()) {
    const auto& c = load.config;
    if (c.server.port < 0 || c.server.port > 65535 || c.programs.empty()) __builtin_trap();
    for (const auto& [key, channel] : c.line.channels) {
      if (channel.channel_secret.empty() || !c.programs.contains(channel.program)) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
