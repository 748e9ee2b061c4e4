// Scenario files in JSON (docs/scenarios.md) → bot::Scenario. Comments (// and /* */) and
// trailing commas are allowed, because people write these files by hand. Every error names the
// file, the line and the reason, and all of them are reported, not only the first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/scenario_parser.h"
#include "bot/scenario.h"

namespace tsunagu::adapters::scenario {

struct ScenarioFileError {
  std::string file;
  int line = 0;  // 0: not tied to a line
  std::string reason;
};

// "file:line: reason" (or "file: reason"), one line for people.
std::string FormatScenarioError(const ScenarioFileError& error);

struct ScenarioLoad {
  std::optional<bot::Scenario> scenario;  // set only when there are no errors
  std::vector<ScenarioFileError> errors;
};

// Parses and validates (bot::Validate). digest is the text's SHA-256 in hex. Never throws, on
// any input.
ScenarioLoad ParseScenarioJson(std::string_view text, const std::string& file_for_errors);

// A scenario file's text (up to one byte over core::kScenarioFileBytesMax, so that parsing
// reports the size), or why it could not be read.
struct ScenarioFileRead {
  std::optional<std::string> text;
  std::string error;
};
ScenarioFileRead ReadScenarioFile(const std::string& path);

// Reads the file and parses it.
ScenarioLoad LoadScenarioFile(const std::string& path);

// The ScenarioParser port over ParseScenarioJson.
class JsonScenarioParser : public app::ScenarioParser {
 public:
  core::Result<bot::Scenario> Parse(std::string_view source,
                                    const std::string& file_for_errors) override;
};

}  // namespace tsunagu::adapters::scenario
