// Turns a scenario file's text into a validated bot::Scenario (docs/scenarios.md). Implemented
// by adapters/scenario (JSON); the catalog uses it for files and for versions read back from the
// store.
#pragma once

#include <string>
#include <string_view>

#include "bot/scenario.h"
#include "core/result.h"

namespace tsunagu::app {

class ScenarioParser {
 public:
  virtual ~ScenarioParser() = default;
  // kInvalidArgument with every error, one "file:line: reason" per line of the message.
  virtual core::Result<bot::Scenario> Parse(std::string_view source,
                                            const std::string& file_for_errors) = 0;
};

}  // namespace tsunagu::app
