#include "app/scenario_catalog.h"

namespace tsunagu::app {

ScenarioCatalog::ScenarioCatalog(Store& store, ScenarioParser& parser, Clock& clock)
    : store_(store), parser_(parser), clock_(clock) {}

core::Result<ScenarioActivation> ScenarioCatalog::Activate(std::string_view source,
                                                           const std::string& file,
                                                           const std::string& expected_key,
                                                           const std::string& activated_by,
                                                           std::optional<core::StaffId> actor) {
  auto parsed = parser_.Parse(source, file);
  if (!parsed) return std::unexpected(parsed.error());
  if (!expected_key.empty() && parsed->key != expected_key) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      file + ": scenario \"" + parsed->key + "\" ではなく \"" + expected_key +
                          "\" のはずです / the file is for another scenario");
  }
  ScenarioVersion version;
  version.scenario_key = parsed->key;
  version.version_id = bot::ScenarioVersionId(*parsed);
  version.source = std::string(source);
  version.activated_at_ms = clock_.NowMs();
  version.activated_by = activated_by;
  auto stored = TransactFor<bool>(store_, [&](StoreTx& tx) -> core::Result<bool> {
    auto added = tx.ActivateScenarioVersion(version);
    if (!added) return added;
    AuditRecord audit;
    audit.at_ms = version.activated_at_ms;
    audit.actor_staff_id = actor;
    audit.action = "scenario.activate";
    audit.target_type = "scenario";
    audit.target_id = version.version_id;
    audit.detail = std::string(*added ? "new version" : "earlier version") + " from " + file;
    if (auto s = tx.AppendAudit(audit); !s) return std::unexpected(s.error());
    return added;
  });
  if (!stored) return std::unexpected(stored.error());
  {
    std::lock_guard lock(mutex_);
    by_version_.emplace(version.version_id,
                        std::make_shared<const bot::Scenario>(std::move(*parsed)));
  }
  return ScenarioActivation{version.scenario_key, version.version_id, *stored};
}

core::Result<std::shared_ptr<const bot::Scenario>> ScenarioCatalog::Cached(
    const ScenarioVersion& version) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = by_version_.find(version.version_id); it != by_version_.end()) return it->second;
  }
  auto parsed =
      parser_.Parse(version.source, version.scenario_key + " (" + version.version_id + ")");
  if (!parsed) return std::unexpected(parsed.error());
  auto scenario = std::make_shared<const bot::Scenario>(std::move(*parsed));
  std::lock_guard lock(mutex_);
  by_version_.emplace(version.version_id, scenario);
  return scenario;
}

core::Result<std::shared_ptr<const bot::Scenario>> ScenarioCatalog::Active(StoreTx& tx,
                                                                           const std::string& key) {
  auto version = tx.ActiveScenarioVersion(key);
  if (!version) return std::unexpected(version.error());
  if (!*version) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "シナリオ \"" + key + "\" が読み込まれていません / scenario not loaded");
  }
  return Cached(**version);
}

core::Result<std::shared_ptr<const bot::Scenario>> ScenarioCatalog::Version(
    StoreTx& tx, const std::string& version_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = by_version_.find(version_id); it != by_version_.end()) return it->second;
  }
  auto version = tx.FindScenarioVersion(version_id);
  if (!version) return std::unexpected(version.error());
  if (!*version) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "シナリオの版 \"" + version_id + "\" がありません / unknown version");
  }
  return Cached(**version);
}

std::vector<ScenarioReloadResult> ScenarioCatalog::Reload(
    const std::vector<ScenarioSource>& sources, const std::string& activated_by,
    std::optional<core::StaffId> actor) {
  std::vector<ScenarioReloadResult> results;
  for (const ScenarioSource& source : sources) {
    ScenarioReloadResult r;
    r.program_key = source.program_key;
    r.file = source.file;
    if (!source.text) {
      r.errors = source.file + ": " + source.read_error;
    } else if (auto activated =
                   Activate(*source.text, source.file, source.program_key, activated_by, actor)) {
      r.ok = true;
      r.activation = std::move(*activated);
    } else {
      r.errors = activated.error().message;
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace tsunagu::app
