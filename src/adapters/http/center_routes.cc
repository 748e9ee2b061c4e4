// The center model's routes (api/openapi.yaml, tags templates and dashboard): templates, late
// wrap-ups, presence, the supervisor dashboard, the center's counts and the test clock.
#include <boost/json.hpp>

#include "adapters/http/api_routes.h"
#include "adapters/http/json_views.h"
#include "adapters/http/route_helpers.h"
#include "core/calendar/date.h"
#include "core/utf8.h"

namespace tsunagu::adapters::http {
namespace json = boost::json;
namespace {

json::array Variables(const core::TemplateDef& def) {
  json::array out;
  for (const std::string& v : core::TemplateVariables(def)) out.emplace_back(v);
  return out;
}

json::object TemplateJson(const app::TemplateVersion& v, const std::string& program_name) {
  const core::TemplateDef* def = core::FindTemplateDef(v.key);
  json::object o{{"program", v.program_key},
                 {"program_name", program_name},
                 {"key", v.key},
                 {"version", v.version},
                 {"body", v.body},
                 {"created_at", FormatIsoUtc(v.created_at_ms)},
                 {"created_by", v.created_by}};
  o["name_ja"] = def ? def->name_ja : "";
  o["name_en"] = def ? def->name_en : "";
  o["use"] = def && def->use == core::TemplateUse::kSystem ? "system" : "staff";
  o["variables"] = def ? Variables(*def) : json::array{};
  return o;
}

json::value OptionalMs(const std::optional<core::TimeMs>& ms) {
  return ms ? json::value(*ms) : json::value(nullptr);
}

std::optional<core::TimeMs> QueryTime(const Request& req, const std::string& key, Response* error) {
  auto it = req.query.find(key);
  std::optional<core::TimeMs> t =
      it == req.query.end() ? std::nullopt : core::calendar::ParseIsoMoment(it->second);
  if (!t) {
    *error = Error(400, "invalid_argument",
                   key + " は ISO 8601 の時刻です（例 2018-12-04T17:00:00+09:00） / " + key +
                       " must be an ISO 8601 moment such as 2018-12-04T17:00:00+09:00");
  }
  return t;
}

}  // namespace

Response ApiRoutes::ConversationTemplates(const core::Staff& staff, core::ConversationId id) {
  if (deps_.templates == nullptr) return NotFound();
  auto rendered = deps_.templates->ForConversation(staff, id);
  if (!rendered) return ErrorOf(rendered.error());
  json::array items;
  for (const app::RenderedTemplate& t : *rendered) {
    items.push_back(json::object{{"key", t.def->key},
                                 {"name_ja", t.def->name_ja},
                                 {"name_en", t.def->name_en},
                                 {"shortcut", t.def->shortcut},
                                 {"version", t.version},
                                 {"body", t.body}});
  }
  return Json(200, json::object{{"templates", std::move(items)}});
}

Response ApiRoutes::LateWrapUp(const Request& req, const core::Staff& staff,
                               core::ConversationId id) {
  return WithWrapUp(req, [&](const core::WrapUpDraft& draft) {
    return deps_.conversations.WriteLateWrapUp(staff, id, draft);
  });
}

std::optional<Response> ApiRoutes::Center(const Request& req, const app::Authenticated& who) {
  const core::Staff& staff = who.staff;
  const std::string& p = req.path;

  if (p == "/api/v1/presence" && req.method == "POST") {
    if (deps_.dashboard == nullptr) return NotFound();
    Response error;
    auto body = ParseObject(req.body, &error);
    if (!body) return error;
    auto reported = deps_.dashboard->ReportPresence(staff, StringField(*body, "status"));
    if (!reported) return ErrorOf(reported.error());
    return Response{204, "text/plain", {}, ""};
  }

  if (p == "/api/v1/dashboard" && req.method == "GET") {
    if (deps_.dashboard == nullptr) return NotFound();
    auto view = deps_.dashboard->View(staff);
    if (!view) return ErrorOf(view.error());
    json::array programs;
    for (const app::DashboardProgram& prog : view->programs) {
      programs.push_back(
          json::object{{"key", prog.key},
                       {"name", prog.name},
                       {"open", prog.open ? json::value(*prog.open) : json::value(nullptr)},
                       {"queue_length", prog.queue_length},
                       {"longest_wait_ms", prog.longest_wait_ms},
                       {"active", prog.active}});
    }
    json::array people;
    for (const app::DashboardStaff& row : view->staff) {
      people.push_back(json::object{
          {"id", row.staff.id},
          {"display_name", row.staff.display_name},
          {"role", core::RoleName(row.staff.role)},
          {"presence", app::PresenceName(row.presence)},
          {"last_seen_at",
           row.last_seen_ms ? json::value(FormatIsoUtc(*row.last_seen_ms)) : json::value(nullptr)},
          {"open_conversations", row.open_conversations},
          {"capacity", row.capacity ? json::value(*row.capacity) : json::value(nullptr)}});
    }
    json::array alerts;
    for (const core::StaffingAlert& a : view->alerts) {
      alerts.push_back(
          json::object{{"code", core::StaffingAlertCodeName(a.code)}, {"message", a.message}});
    }
    return Json(
        200, json::object{{"at", FormatIsoUtc(view->at_ms)},
                          {"programs", std::move(programs)},
                          {"staff", std::move(people)},
                          {"alerts", std::move(alerts)},
                          {"counselors_per_supervisor_max", view->counselors_per_supervisor_max}});
  }

  if (p == "/api/v1/stats/center" && req.method == "GET") {
    if (deps_.stats == nullptr) return NotFound();
    Response error;
    auto from = QueryTime(req, "from", &error);
    if (!from) return error;
    auto to = QueryTime(req, "to", &error);
    if (!to) return error;
    auto program = req.query.find("program");
    if (program == req.query.end() || program->second.empty()) {
      return Error(400, "invalid_argument", "program が必要です / program is required");
    }
    auto counts = deps_.stats->Count(staff, program->second, *from, *to);
    if (!counts) return ErrorOf(counts.error());
    json::array survey;
    for (const app::SurveyAnswerCount& a : counts->survey) {
      survey.push_back(
          json::object{{"question", a.question}, {"answer", a.answer}, {"count", a.count}});
    }
    return Json(200, json::object{{"program", program->second},
                                  {"from", FormatIsoUtc(*from)},
                                  {"to", FormatIsoUtc(*to)},
                                  {"accesses", counts->accesses},
                                  {"handled", counts->handled},
                                  {"out_of_hours", counts->out_of_hours},
                                  {"overflow", counts->overflow},
                                  {"abandoned", counts->abandoned},
                                  {"declined", counts->declined},
                                  {"bot_ended", counts->bot_ended},
                                  {"waiting", counts->waiting},
                                  {"in_progress", counts->in_progress},
                                  {"wait_ms_p50", OptionalMs(counts->wait_ms_p50)},
                                  {"wait_ms_p90", OptionalMs(counts->wait_ms_p90)},
                                  {"survey", std::move(survey)}});
  }

  if (p == "/api/v1/testing/clock" && req.method == "POST") {
    if (!deps_.move_clock) return NotFound();
    if (staff.role != core::Role::kAdmin) {
      return Error(403, "permission_denied", "管理者だけが使えます / admins only");
    }
    Response error;
    auto body = ParseObject(req.body, &error);
    if (!body) return error;
    std::optional<core::TimeMs> at;
    if (const json::value* v = body->if_contains("at")) {
      if (v->is_string()) at = core::calendar::ParseIsoMoment(std::string(v->as_string()));
      if (!at)
        return Error(400, "invalid_argument", "at は ISO 8601 の時刻です / at must be ISO 8601");
    }
    core::TimeMs advance = 0;
    if (const json::value* v = body->if_contains("advance_ms")) {
      if (!v->is_int64() || v->as_int64() < 0) {
        return Error(400, "invalid_argument",
                     "advance_ms は 0 以上の整数です / advance_ms must be a non-negative integer");
      }
      advance = v->as_int64();
    }
    if (!deps_.move_clock(at, advance)) {
      return Error(400, "invalid_argument", "時計は戻せません / the clock never goes back");
    }
    return Json(200, json::object{{"now", FormatIsoUtc(deps_.now())}});
  }

  constexpr std::string_view kTemplates = "/api/v1/admin/templates";
  if (p == kTemplates && req.method == "GET") {
    if (deps_.templates == nullptr) return NotFound();
    auto latest = deps_.templates->ListLatest(staff);
    if (!latest) return ErrorOf(latest.error());
    json::array items;
    for (const app::TemplateVersion& v : *latest)
      items.push_back(TemplateJson(v, deps_.templates->ProgramName(v.program_key)));
    return Json(200, json::object{{"templates", std::move(items)}});
  }
  if (p.starts_with(std::string(kTemplates) + "/")) {
    if (deps_.templates == nullptr) return NotFound();
    std::string_view rest = std::string_view(p).substr(kTemplates.size() + 1);
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return NotFound();
    const std::string program(rest.substr(0, slash));
    const std::string key(rest.substr(slash + 1));
    if (req.method == "GET") {
      auto versions = deps_.templates->Versions(staff, program, key);
      if (!versions) return ErrorOf(versions.error());
      json::array items;
      for (const app::TemplateVersion& v : *versions)
        items.push_back(TemplateJson(v, deps_.templates->ProgramName(v.program_key)));
      return Json(200, json::object{{"templates", std::move(items)}});
    }
    if (req.method == "POST") {
      Response error;
      auto body = ParseObject(req.body, &error);
      if (!body) return error;
      const json::value* text = body->if_contains("body");
      if (text == nullptr || !text->is_string()) {
        return Error(400, "invalid_argument", "body が必要です / body is required");
      }
      auto saved = deps_.templates->Save(staff, program, key, std::string(text->as_string()));
      if (!saved && saved.error().code == core::ErrorCode::kInvalidArgument) {
        std::vector<std::string> reasons;
        for (std::string_view line : core::SplitLines(saved.error().message)) {
          reasons.emplace_back(line);
        }
        return Response{
            400,
            "application/json; charset=utf-8",
            {},
            ReasonsErrorBody("定型文を保存できません / the template cannot be saved", reasons)};
      }
      if (!saved) return ErrorOf(saved.error());
      return Json(200, json::object{{"template", TemplateJson(*saved, deps_.templates->ProgramName(
                                                                          saved->program_key))}});
    }
  }
  return std::nullopt;
}

}  // namespace tsunagu::adapters::http
