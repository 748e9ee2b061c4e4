// The chatbot scenarios a node knows (docs/scenarios.md). Loading a file validates it first: a
// broken file never replaces the working version. Every activated version is stored, so a
// conversation goes on with the version it started with after a reload, a restart, or on another
// node; new conversations start with the key's active version, which every node reads from the
// store.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/clock.h"
#include "app/ports/scenario_parser.h"
#include "app/ports/store.h"
#include "bot/scenario.h"

namespace tsunagu::app {

struct ScenarioActivation {
  std::string scenario_key;
  std::string version_id;
  bool new_version = false;  // false: this exact version was stored before
};

// One program's scenario file as read for a reload: its text, or why it could not be read.
struct ScenarioSource {
  std::string program_key;
  std::string file;
  std::optional<std::string> text;
  std::string read_error;
};

struct ScenarioReloadResult {
  std::string program_key;
  std::string file;
  bool ok = false;
  ScenarioActivation activation;  // when ok
  std::string errors;             // when not: one "file:line: reason" per line
};

class ScenarioCatalog {
 public:
  ScenarioCatalog(Store& store, ScenarioParser& parser, Clock& clock);

  // Parses source; if valid, stores it and makes it the active version of its key. expected_key,
  // when set, must match the file's "scenario" (a program's file cannot replace another's).
  // The activation is audited ("scenario.activate") with actor, when given.
  core::Result<ScenarioActivation> Activate(std::string_view source, const std::string& file,
                                            const std::string& expected_key,
                                            const std::string& activated_by,
                                            std::optional<core::StaffId> actor = std::nullopt);

  // Activates each source in turn; one broken file does not stop the others, and leaves its
  // program on the version it had.
  std::vector<ScenarioReloadResult> Reload(const std::vector<ScenarioSource>& sources,
                                           const std::string& activated_by,
                                           std::optional<core::StaffId> actor);

  // The active version of key, or of a version id, read through tx (parsed once per node).
  core::Result<std::shared_ptr<const bot::Scenario>> Active(StoreTx& tx, const std::string& key);
  core::Result<std::shared_ptr<const bot::Scenario>> Version(StoreTx& tx,
                                                             const std::string& version_id);

 private:
  core::Result<std::shared_ptr<const bot::Scenario>> Cached(const ScenarioVersion& version);

  Store& store_;
  ScenarioParser& parser_;
  Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const bot::Scenario>> by_version_;
};

}  // namespace tsunagu::app
