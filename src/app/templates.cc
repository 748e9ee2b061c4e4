#include "app/templates.h"

#include <set>

#include "app/bot_conversation.h"
#include "bot/scenario_engine.h"
#include "core/limits.h"
#include "core/permissions.h"

namespace tsunagu::app {

Templates::Templates(AppContext& ctx, Defaults defaults)
    : ctx_(ctx), defaults_(std::move(defaults)) {}

const std::string* Templates::DefaultBody(const std::string& program_key,
                                          std::string_view key) const {
  auto program = defaults_.find(program_key);
  if (program == defaults_.end()) return nullptr;
  auto body = program->second.find(std::string(key));
  return body == program->second.end() ? nullptr : &body->second;
}

std::vector<std::string> Templates::ProgramKeys() const {
  std::set<std::string> keys;
  for (const auto& [channel, route] : ctx_.channels) {
    if (!route.program_key.empty()) keys.insert(route.program_key);
  }
  return {keys.begin(), keys.end()};
}

std::string Templates::ProgramName(const std::string& program_key) const {
  const ChannelRoute* route = RouteOfProgramKey(ctx_, program_key);
  return route ? route->program_name : "";
}

bool Templates::KnownProgram(const std::string& program_key) const {
  return RouteOfProgramKey(ctx_, program_key) != nullptr;
}

core::Status Templates::Seed(const std::string& program_key) {
  return ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    // Nodes starting together: one seeds, the others find the versions there (or, racing past
    // the lock, meet a version already stored, which is just as good).
    auto locked = tx.TryLockJob("templates.seed");
    if (!locked) return std::unexpected(locked.error());
    if (!*locked) return core::Ok();
    auto latest = tx.LatestTemplates(program_key);
    if (!latest) return std::unexpected(latest.error());
    std::set<std::string> have;
    for (const TemplateVersion& v : *latest) have.insert(v.key);
    for (const core::TemplateDef& def : core::kTemplateDefs) {
      const std::string key(def.key);
      const std::string* body = DefaultBody(program_key, key);
      if (body == nullptr || have.contains(key)) continue;
      TemplateVersion v{program_key, key, 1, *body, "startup", ctx_.clock.NowMs()};
      if (auto s = tx.InsertTemplateVersion(v); !s) {
        if (s.error().code == core::ErrorCode::kConflict) return core::Ok();
        return s;
      }
    }
    return core::Ok();
  });
}

core::Result<std::optional<std::string>> Templates::Body(StoreTx& tx,
                                                         const std::string& program_key,
                                                         std::string_view key) {
  auto versions = tx.ListTemplateVersions(program_key, std::string(key), 1);
  if (!versions) return std::unexpected(versions.error());
  if (!versions->empty()) return std::optional<std::string>(versions->front().body);
  const std::string* fallback = DefaultBody(program_key, key);
  if (fallback == nullptr) return std::optional<std::string>();
  return std::optional<std::string>(*fallback);
}

std::string Templates::Render(std::string_view body,
                              const std::map<std::string, std::string>& vars) {
  return bot::Interpolate(body, vars, {});
}

std::map<std::string, std::string> Templates::VariablesFor(const ChannelRoute* route,
                                                           const core::Staff* staff,
                                                           core::TimeMs now_ms) {
  std::map<std::string, std::string> vars;
  if (route != nullptr) {
    vars = BotContextAt(*route, now_ms, 0);
    vars["program_name"] = route->program_name;
  }
  if (staff != nullptr) vars["counselor_name"] = staff->display_name;
  return vars;
}

core::Result<std::vector<RenderedTemplate>> Templates::ForConversation(const core::Staff& staff,
                                                                       core::ConversationId id) {
  if (!core::SeesConversations(staff.role)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "相談を見る権限がありません / you may not view conversations");
  }
  return TransactFor<std::vector<RenderedTemplate>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<RenderedTemplate>> {
        auto c = tx.GetConversation(id);
        if (!c) return std::unexpected(c.error());
        if (!*c || !core::CanView(staff, **c)) {
          return core::Fail(core::ErrorCode::kNotFound, "相談が見つかりません / not found");
        }
        const ChannelRoute* route = RouteOfProgram(ctx_, (*c)->program_id);
        const std::string program_key = route ? route->program_key : "";
        auto latest = tx.LatestTemplates(program_key);
        if (!latest) return std::unexpected(latest.error());
        const auto vars = VariablesFor(route, &staff, ctx_.clock.NowMs());
        std::vector<RenderedTemplate> out;
        for (const core::TemplateDef& def : core::kTemplateDefs) {
          if (def.use != core::TemplateUse::kStaff) continue;
          for (const TemplateVersion& v : *latest) {
            if (v.key == def.key) out.push_back({&def, v.version, Render(v.body, vars)});
          }
        }
        return out;
      });
}

core::Status Templates::RequireManage(const core::Staff& staff) const {
  if (core::RoleHas(staff.role, core::Permission::kManageTemplates)) return core::Ok();
  return core::Fail(core::ErrorCode::kPermissionDenied,
                    "定型文を管理する権限がありません / you may not manage templates");
}

core::Result<std::vector<TemplateVersion>> Templates::ListLatest(const core::Staff& staff) {
  if (auto s = RequireManage(staff); !s) return std::unexpected(s.error());
  return TransactFor<std::vector<TemplateVersion>>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<std::vector<TemplateVersion>> {
        std::vector<TemplateVersion> out;
        for (const std::string& program : ProgramKeys()) {
          auto latest = tx.LatestTemplates(program);
          if (!latest) return std::unexpected(latest.error());
          // In the order of core's definitions, so the console lists staff ones first.
          for (const core::TemplateDef& def : core::kTemplateDefs) {
            for (TemplateVersion& v : *latest) {
              if (v.key == def.key) out.push_back(std::move(v));
            }
          }
        }
        return out;
      });
}

core::Result<std::vector<TemplateVersion>> Templates::Versions(const core::Staff& staff,
                                                               const std::string& program_key,
                                                               const std::string& key) {
  if (auto s = RequireManage(staff); !s) return std::unexpected(s.error());
  if (!KnownProgram(program_key) || core::FindTemplateDef(key) == nullptr) {
    return core::Fail(core::ErrorCode::kNotFound, "定型文が見つかりません / no such template");
  }
  return TransactFor<std::vector<TemplateVersion>>(ctx_.store, [&](StoreTx& tx) {
    return tx.ListTemplateVersions(program_key, key, core::kTemplateVersionsPageMax);
  });
}

core::Result<TemplateVersion> Templates::Save(const core::Staff& staff,
                                              const std::string& program_key,
                                              const std::string& key, const std::string& body) {
  if (auto s = RequireManage(staff); !s) return std::unexpected(s.error());
  const core::TemplateDef* def = core::FindTemplateDef(key);
  if (!KnownProgram(program_key) || def == nullptr) {
    return core::Fail(core::ErrorCode::kNotFound, "定型文が見つかりません / no such template");
  }
  if (auto problems = core::TemplateBodyProblems(*def, body); !problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return core::Fail(core::ErrorCode::kInvalidArgument, message);
  }
  return TransactFor<TemplateVersion>(
      ctx_.store, [&](StoreTx& tx) -> core::Result<TemplateVersion> {
        auto latest = tx.ListTemplateVersions(program_key, key, 1);
        if (!latest) return std::unexpected(latest.error());
        if (!latest->empty() && latest->front().body == body) return latest->front();
        TemplateVersion v;
        v.program_key = program_key;
        v.key = key;
        v.version = latest->empty() ? 1 : latest->front().version + 1;
        v.body = body;
        v.created_by = staff.login;
        v.created_at_ms = ctx_.clock.NowMs();
        if (auto s = tx.InsertTemplateVersion(v); !s) return std::unexpected(s.error());
        AuditRecord r;
        r.at_ms = v.created_at_ms;
        r.actor_staff_id = staff.id;
        r.action = "template.save";
        r.target_type = "template";
        r.target_id = program_key + "/" + key;
        r.detail = "version " + std::to_string(v.version);
        if (auto s = tx.AppendAudit(r); !s) return std::unexpected(s.error());
        return v;
      });
}

}  // namespace tsunagu::app
