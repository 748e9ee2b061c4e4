#include "adapters/http/api_routes.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/http/json_views.h"
#include "adapters/http/route_helpers.h"
#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::adapters::http {
namespace json = boost::json;
namespace {

std::string ContentTypeFor(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

json::object ConsoleSettingsJson(const ConsoleSettings& c) {
  return json::object{{"reply_nudge_minutes", c.reply_nudge_minutes},
                      {"presence_heartbeat_seconds", c.presence_heartbeat_seconds},
                      {"presence_timeout_seconds", c.presence_timeout_seconds}};
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

ApiRoutes::ApiRoutes(RouteDeps deps, RouteSettings settings)
    : deps_(std::move(deps)), settings_(std::move(settings)) {}

std::size_t ApiRoutes::BodyLimitFor(std::string_view path) const {
  if (path.starts_with("/webhook/")) return settings_.webhook_body_bytes_max;
  return core::kApiBodyBytesMax;
}

void ApiRoutes::Handle(Request req, Respond respond) {
  // Behind HTTPS (cookie_secure), browsers are told to use nothing else for a year.
  if (settings_.cookie_secure) {
    respond = [inner = std::move(respond)](Response r) {
      r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      inner(std::move(r));
    };
  }
  if (req.path.starts_with("/webhook/line/")) {
    if (req.method != "POST") return respond(Error(405, "invalid_argument", "POST only"));
    const std::string key = req.path.substr(std::string_view("/webhook/line/").size());
    const std::string signature = req.Header("x-line-signature");
    deps_.webhook.Handle(key, signature, req.body, [respond](core::Status s) {
      if (s) return respond(Json(200, json::object{}));
      // For a webhook, "too much" is the body's size, not a rate: 413, not 429.
      if (s.error().code == core::ErrorCode::kLimitExceeded) {
        return respond(Error(413, "limit_exceeded", s.error().message));
      }
      respond(ErrorOf(s.error()));
    });
    return;
  }
  if (req.path == "/healthz") return respond(Json(200, json::object{{"status", "ok"}}));
  if (req.path == "/metrics") {
    return respond(Response{200, "text/plain; version=0.0.4", {}, deps_.metrics_text()});
  }
  if (req.path.starts_with("/api/")) {
    // Database work and password hashing block, so they leave the I/O threads.
    deps_.run_blocking(
        [this, req = std::move(req), respond = std::move(respond)] { respond(Api(req)); });
    return;
  }
  respond(Static(req));
}

bool ApiRoutes::OriginAllowed(const Request& req) const {
  const std::string origin = req.Header("origin");
  if (origin.empty()) return true;  // not a browser cross-site request
  const std::string host = req.Header("host");
  if (origin == "http://" + host || origin == "https://" + host) return true;
  for (const std::string& allowed : settings_.allowed_origins) {
    if (origin == allowed) return true;
  }
  return false;
}

Response ApiRoutes::Api(const Request& req) {
  if (!OriginAllowed(req)) {
    return Error(403, "csrf", "許可されていない送信元です / origin not allowed");
  }
  if (req.path == "/api/v1/auth/login") {
    if (req.method != "POST") return Error(405, "invalid_argument", "POST only");
    return Login(req);
  }
  auto who = deps_.auth.Authenticate(req.Cookie(kSessionCookie));
  if (!who) return ErrorOf(who.error());
  if (req.method == "POST" && !ConstantTimeEqual(req.Header("x-csrf-token"), who->csrf_token)) {
    return Error(403, "csrf",
                 "画面を再読み込みしてください（CSRFトークン不一致） / reload the page (CSRF "
                 "token mismatch)");
  }
  return Authed(req, *who);
}

Response ApiRoutes::Login(const Request& req) {
  Response error;
  auto body = ParseObject(req.body, &error);
  if (!body) return error;
  auto result = deps_.auth.Login(StringField(*body, "login"), StringField(*body, "password"),
                                 req.remote_address);
  if (!result) return ErrorOf(result.error());
  Response r = Json(200, json::object{{"staff", StaffJson(result->staff)},
                                      {"csrf_token", result->csrf_token},
                                      {"settings", ConsoleSettingsJson(deps_.console)}});
  std::string cookie =
      std::string(kSessionCookie) + "=" + result->session_token +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(settings_.session_ttl_s);
  if (settings_.cookie_secure) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  return r;
}

// Reads every program's scenario file again; a broken file keeps its program on the working
// version and is reported with its lines (docs/scenarios.md).
Response ApiRoutes::ReloadScenarios(const core::Staff& staff) {
  if (!core::RoleHas(staff.role, core::Permission::kManageScenarios)) {
    return Error(403, "permission_denied",
                 "シナリオを読み込む権限がありません / you may not reload scenarios");
  }
  if (!deps_.reload_scenarios) {
    return Error(404, "not_found", "シナリオを使う窓口がありません / no program has a scenario");
  }
  bool all_ok = true;
  json::array items;
  for (const app::ScenarioReloadResult& r : deps_.reload_scenarios(staff)) {
    all_ok = all_ok && r.ok;
    json::object o{{"program", r.program_key}, {"file", r.file}, {"ok", r.ok}};
    if (r.ok) {
      o["version"] = r.activation.version_id;
      o["new_version"] = r.activation.new_version;
    } else {
      json::array errors;
      for (std::string_view line : core::SplitLines(r.errors)) errors.emplace_back(line);
      o["errors"] = std::move(errors);
    }
    items.push_back(std::move(o));
  }
  return Json(all_ok ? 200 : 422, json::object{{"ok", all_ok}, {"scenarios", std::move(items)}});
}

Response ApiRoutes::Authed(const Request& req, const app::Authenticated& who) {
  const core::Staff& staff = who.staff;
  const std::string& p = req.path;
  if (p == "/api/v1/me" && req.method == "GET") {
    return Json(200, json::object{{"staff", StaffJson(staff)},
                                  {"csrf_token", who.csrf_token},
                                  {"settings", ConsoleSettingsJson(deps_.console)}});
  }
  if (auto answered = Audit(req, staff)) return std::move(*answered);
  if (auto answered = Center(req, who)) return std::move(*answered);
  if (p == "/api/v1/auth/logout" && req.method == "POST") {
    (void)deps_.auth.Logout(req.Cookie(kSessionCookie));
    if (deps_.dashboard != nullptr) (void)deps_.dashboard->ClearPresence(staff.id);
    if (deps_.on_logout) deps_.on_logout(staff.id);
    Response r{204, "text/plain", {}, ""};
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                             "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return r;
  }
  if (p == "/api/v1/conversations" && req.method == "GET") {
    auto q = req.query.find("view");
    auto view = app::ParseConversationView(q == req.query.end() ? "waiting" : q->second);
    if (!view) {
      return Error(
          400, "invalid_argument",
          "view は waiting / mine / all のいずれかです / view must be waiting, mine or all");
    }
    Response error;
    auto limit = QueryInt(req.query, "limit", 100, 1, core::kConversationsPageMax, &error);
    if (!limit) return error;
    auto list = deps_.conversations.List(staff, *view, static_cast<std::size_t>(*limit));
    if (!list) return ErrorOf(list.error());
    json::array items;
    for (const core::Conversation& c : *list) items.push_back(ConversationJson(c));
    return Json(200, json::object{{"conversations", std::move(items)}});
  }
  if (p.starts_with("/api/v1/risk/")) return Risk(req, staff);
  if (p == "/api/v1/admin/scenarios/reload" && req.method == "POST") return ReloadScenarios(staff);
  if (p == "/api/v1/staff/transfer-targets" && req.method == "GET") {
    auto targets = deps_.conversations.TransferTargets(staff);
    if (!targets) return ErrorOf(targets.error());
    json::array items;
    for (const auto& t : *targets) {
      items.push_back(json::object{{"id", t.staff.id},
                                   {"display_name", t.staff.display_name},
                                   {"role", core::RoleName(t.staff.role)},
                                   {"held", t.held}});
    }
    return Json(200, json::object{{"staff", std::move(items)},
                                  {"concurrent_per_counselor",
                                   deps_.conversations.concurrent_per_counselor()}});
  }
  if (p == "/api/v1/conversations/take-next" && req.method == "POST") {
    auto taken = deps_.conversations.TakeNext(staff);
    if (!taken) return ErrorOf(taken.error());
    return Json(200, json::object{{"conversation", ConversationJson(*taken)}});
  }
  if (p == "/api/v1/wrapup/topics" && req.method == "GET") {
    return Json(200, WrapUpOptionsJson(deps_.conversations.topics()));
  }
  constexpr std::string_view kPrefix = "/api/v1/conversations/";
  if (!p.starts_with(kPrefix)) return NotFound();
  std::string_view rest = std::string_view(p).substr(kPrefix.size());
  const std::size_t slash = rest.find('/');
  auto id = ParseId(rest.substr(0, slash));
  if (!id || slash == std::string_view::npos) return NotFound();
  const std::string_view action = rest.substr(slash + 1);
  if (action == "messages" && req.method == "GET") {
    Response error;
    auto after = QueryInt(req.query, "after", 0, 0, INT64_MAX, &error);
    if (!after) return error;
    auto limit = QueryInt(req.query, "limit", 200, 1, core::kMessagesPageMax, &error);
    if (!limit) return error;
    auto page = deps_.conversations.Messages(staff, *id, *after, static_cast<std::size_t>(*limit));
    if (!page) return ErrorOf(page.error());
    json::array items;
    for (const core::Message& m : page->messages) items.push_back(MessageJson(m));
    return Json(200, json::object{{"conversation", ConversationJson(page->conversation)},
                                  {"messages", std::move(items)}});
  }
  if (action == "messages" && req.method == "POST") {
    Response error;
    auto body = ParseObject(req.body, &error);
    if (!body) return error;
    const json::value* text = body->if_contains("text");
    if (text == nullptr || !text->is_string()) {
      return Error(400, "invalid_argument", "text が必要です / text is required");
    }
    auto sent = deps_.conversations.Reply(staff, *id, std::string(text->as_string()));
    if (!sent) return ErrorOf(sent.error());
    return Json(201, json::object{{"message", MessageJson(*sent)}});
  }
  if (action == "transfer" && req.method == "POST") {
    Response error;
    auto body = ParseObject(req.body, &error);
    if (!body) return error;
    std::optional<core::StaffId> to_staff;
    const json::value* to = body->if_contains("to");
    const json::value* staff_id = body->if_contains("to_staff_id");
    if (staff_id != nullptr && staff_id->is_int64() && to == nullptr) {
      to_staff = staff_id->as_int64();
    } else if (!(to != nullptr && to->is_string() && to->as_string() == "queue" &&
                 staff_id == nullptr)) {
      return Error(400, "invalid_argument",
                   "to_staff_id（職員の ID）か \"to\": \"queue\" のどちらかを指定してください / "
                   "give to_staff_id or \"to\": \"queue\"");
    }
    std::string note;
    if (const json::value* n = body->if_contains("note")) {
      if (!n->is_string()) {
        return Error(400, "invalid_argument", "note は文字列です / note must be a string");
      }
      note = std::string(n->as_string());
    }
    auto moved = deps_.conversations.Transfer(staff, *id, to_staff, note);
    if (!moved) return ErrorOf(moved.error());
    return Json(200, json::object{{"conversation", ConversationJson(*moved)}});
  }
  if (action == "take" && req.method == "POST") {
    auto done = deps_.conversations.Take(staff, *id);
    if (!done) return ErrorOf(done.error());
    return Json(200, json::object{{"conversation", ConversationJson(*done)}});
  }
  if (action == "close" && req.method == "POST") return CloseWithWrapUp(req, staff, *id);
  if (action == "late-wrap-up" && req.method == "POST") return LateWrapUp(req, staff, *id);
  if (action == "templates" && req.method == "GET") return ConversationTemplates(staff, *id);
  if (action == "wrap-up" && req.method == "GET") {
    auto wrap_up = deps_.conversations.WrapUpOf(staff, *id);
    if (!wrap_up) return ErrorOf(wrap_up.error());
    return Json(200, json::object{{"wrap_up", WrapUpJson(*wrap_up)}});
  }
  if (action.starts_with("emergency") || action == "disclosures") {
    return ConversationRisk(req, staff, *id, action);
  }
  return NotFound();
}

// Closing needs a wrap-up (core/wrap_up.h). Every reason it is not valid comes back at once, so
// the console can show them all.
Response ApiRoutes::CloseWithWrapUp(const Request& req, const core::Staff& staff,
                                    core::ConversationId id) {
  return WithWrapUp(req, [&](const core::WrapUpDraft& draft) {
    return deps_.conversations.Close(staff, id, draft);
  });
}

// Reads a wrap-up from the body and hands it to act; every reason it is not valid comes back at
// once (from the body's shape, or from core::MakeWrapUp through act).
Response ApiRoutes::WithWrapUp(
    const Request& req,
    const std::function<core::Result<core::Conversation>(const core::WrapUpDraft&)>& act) {
  Response error;
  auto body = ParseObject(req.body.empty() ? "{}" : req.body, &error);
  if (!body) return error;
  std::vector<std::string> problems;
  const core::WrapUpDraft draft = WrapUpDraftFromJson(*body, &problems);
  if (!problems.empty()) {
    return Response{400, "application/json; charset=utf-8", {}, WrapUpErrorBody(problems)};
  }
  auto done = act(draft);
  if (!done && done.error().code == core::ErrorCode::kInvalidArgument) {
    for (std::string_view line : core::SplitLines(done.error().message)) {
      problems.emplace_back(line);
    }
    return Response{400, "application/json; charset=utf-8", {}, WrapUpErrorBody(problems)};
  }
  if (!done) return ErrorOf(done.error());
  return Json(200, json::object{{"conversation", ConversationJson(*done)}});
}

// /api/v1/risk/alerts, /api/v1/risk/alerts/{id}/acknowledge, /api/v1/risk/debriefs,
// /api/v1/risk/debriefs/{id}/clear
Response ApiRoutes::Risk(const Request& req, const core::Staff& staff) {
  std::string_view rest =
      std::string_view(req.path).substr(std::string_view("/api/v1/risk/").size());
  if (rest == "alerts" && req.method == "GET") {
    auto alerts = deps_.risk.OpenAlerts(staff);
    if (!alerts) return ErrorOf(alerts.error());
    json::array items;
    for (const app::AlertView& v : *alerts) {
      json::object o = RiskAlertJson(v.alert);
      o["conversation"] = ConversationJson(v.conversation);
      items.push_back(std::move(o));
    }
    return Json(200, json::object{{"alerts", std::move(items)}});
  }
  if (rest == "debriefs" && req.method == "GET") {
    auto flags = deps_.risk.OpenDebriefFlags(staff);
    if (!flags) return ErrorOf(flags.error());
    json::array items;
    for (const core::DebriefFlag& f : *flags) items.push_back(DebriefFlagJson(f));
    return Json(200, json::object{{"debriefs", std::move(items)}});
  }
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || req.method != "POST") return NotFound();
  const std::string_view collection = rest.substr(0, slash);
  std::string_view tail = rest.substr(slash + 1);
  const std::size_t slash2 = tail.find('/');
  if (slash2 == std::string_view::npos) return NotFound();
  auto id = ParseId(tail.substr(0, slash2));
  const std::string_view verb = tail.substr(slash2 + 1);
  if (!id) return NotFound();
  if (collection == "alerts" && verb == "acknowledge") {
    auto acked = deps_.risk.Acknowledge(staff, *id);
    if (!acked) return ErrorOf(acked.error());
    json::object o = RiskAlertJson(acked->alert);
    o["conversation"] = ConversationJson(acked->conversation);
    return Json(200, json::object{{"alert", std::move(o)}});
  }
  if (collection == "debriefs" && verb == "clear") {
    if (auto s = deps_.risk.ClearDebriefFlag(staff, *id); !s) return ErrorOf(s.error());
    return Response{204, "text/plain", {}, ""};
  }
  return NotFound();
}

// /api/v1/conversations/{id}/emergency[/{step}] and /api/v1/conversations/{id}/disclosures
Response ApiRoutes::ConversationRisk(const Request& req, const core::Staff& staff,
                                     core::ConversationId id, std::string_view action) {
  auto steps_json = [](const std::vector<core::EmergencyStepRecord>& steps) {
    json::array done;
    for (const core::EmergencyStepRecord& r : steps) done.push_back(EmergencyStepJson(r));
    json::array all;
    for (core::EmergencyStep step : core::kEmergencySteps) {
      all.push_back(json::object{{"step", core::EmergencyStepName(step)},
                                 {"label", core::EmergencyStepLabelJa(step)}});
    }
    return json::object{{"steps", std::move(all)}, {"done", std::move(done)}};
  };
  if (action == "emergency" && req.method == "GET") {
    auto steps = deps_.risk.Checklist(staff, id);
    if (!steps) return ErrorOf(steps.error());
    return Json(200, steps_json(*steps));
  }
  if (action.starts_with("emergency/") && req.method == "POST") {
    auto step = core::ParseEmergencyStep(action.substr(std::string_view("emergency/").size()));
    if (!step) {
      return Error(400, "invalid_argument",
                   "手順は keep_chatting / ask_location / call_emergency / supervisor_approval "
                   "のいずれかです / unknown step");
    }
    Response error;
    auto body = ParseObject(req.body.empty() ? "{}" : req.body, &error);
    if (!body) return error;
    auto steps = deps_.risk.RecordStep(staff, id, *step, StringField(*body, "note"));
    if (!steps) return ErrorOf(steps.error());
    return Json(200, steps_json(*steps));
  }
  auto disclosure_json = [](const app::Disclosure& d) {
    json::array fields;
    for (const std::string& f : d.fields) fields.emplace_back(f);
    return json::object{{"at", FormatIsoUtc(d.at_ms)},
                        {"approved_by", d.approved_by},
                        {"basis", core::DisclosureBasisName(d.basis)},
                        {"basis_label", core::DisclosureBasisLabelJa(d.basis)},
                        {"recipient", d.recipient},
                        {"fields", std::move(fields)},
                        {"note", d.note}};
  };
  if (action == "disclosures" && req.method == "GET") {
    auto list = deps_.risk.Disclosures(staff, id);
    if (!list) return ErrorOf(list.error());
    json::array items;
    for (const app::Disclosure& d : *list) items.push_back(disclosure_json(d));
    return Json(200, json::object{{"disclosures", std::move(items)}});
  }
  if (action == "disclosures" && req.method == "POST") {
    Response error;
    auto body = ParseObject(req.body, &error);
    if (!body) return error;
    app::Disclosure d;
    auto basis = core::ParseDisclosureBasis(StringField(*body, "basis"));
    if (!basis) {
      return Error(400, "invalid_argument",
                   "basis は consent / art27_1_ii / art27_1_iii のいずれかです / basis must be "
                   "consent, art27_1_ii or art27_1_iii");
    }
    d.basis = *basis;
    d.recipient = StringField(*body, "recipient");
    d.note = StringField(*body, "note");
    if (const json::value* f = body->if_contains("fields"); f && f->is_array()) {
      for (const json::value& v : f->as_array()) {
        if (!v.is_string()) {
          return Error(400, "invalid_argument", "fields は文字列の配列です / fields: strings");
        }
        d.fields.emplace_back(v.as_string());
      }
    }
    auto stored = deps_.risk.RecordDisclosure(staff, id, std::move(d));
    if (!stored) return ErrorOf(stored.error());
    return Json(201, json::object{{"disclosure", disclosure_json(*stored)}});
  }
  return NotFound();
}

Response ApiRoutes::Static(const Request& req) const {
  if (settings_.static_dir.empty() || (req.method != "GET" && req.method != "HEAD")) {
    return NotFound();
  }
  namespace fs = std::filesystem;
  const std::string path = PercentDecode(req.path);
  if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos) {
    return NotFound();
  }
  fs::path file = fs::path(settings_.static_dir) / path.substr(1);
  std::error_code ec;
  // The console is a single-page app: unknown paths get index.html and route in the browser.
  if (path == "/" || !fs::is_regular_file(file, ec)) {
    file = fs::path(settings_.static_dir) / "index.html";
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Error(404, "not_found",
                 "コンソールがビルドされていません（make build） / the console is not built");
  }
  std::ostringstream data;
  data << in.rdbuf();
  Response r{200, ContentTypeFor(file), {}, data.str()};
  const bool hashed_asset = path.starts_with("/assets/");
  r.headers.emplace_back("Cache-Control",
                         hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

core::Result<core::Staff> ApiRoutes::AuthenticateStream(const Request& req) {
  if (!OriginAllowed(req)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "許可されていない送信元です / origin not allowed");
  }
  auto who = deps_.auth.Authenticate(req.Cookie(kSessionCookie));
  if (!who) return std::unexpected(who.error());
  return who->staff;
}

}  // namespace tsunagu::adapters::http
