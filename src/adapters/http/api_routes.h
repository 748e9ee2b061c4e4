#pragma once

#include <functional>
#include <string>
#include <vector>

#include "adapters/http/http_types.h"
#include "app/audit_log.h"
#include "app/center_stats.h"
#include "app/conversation_actions.h"
#include "app/dashboard.h"
#include "app/receive_webhook.h"
#include "app/risk_actions.h"
#include "app/scenario_catalog.h"
#include "app/staff_auth.h"
#include "app/templates.h"
#include "core/permissions.h"

namespace tsunagu::adapters::http {

struct RouteSettings {
  bool cookie_secure = false;
  std::int64_t session_ttl_s = 12 * 3600;
  std::size_t webhook_body_bytes_max = 1024 * 1024;
  std::string static_dir;                    // the built console; empty: not served
  std::vector<std::string> allowed_origins;  // besides the request's own host
};

// [testing] manual_clock: sets the clock (at) and/or moves it forward; false when it would go
// back. Empty on a normal server: POST /api/v1/testing/clock is then 404.
using MoveClock = std::function<bool(std::optional<core::TimeMs> at, core::TimeMs advance_ms)>;

// What GET /api/v1/me tells the console about its own behaviour (ConsoleSettings in the API).
struct ConsoleSettings {
  int reply_nudge_minutes = 3;
  int presence_heartbeat_seconds = 30;
  int presence_timeout_seconds = 90;
};

struct RouteDeps {
  app::StaffAuth& auth;
  app::ConversationActions& conversations;
  app::RiskActions& risk;
  app::ReceiveWebhook& webhook;
  std::function<std::string()> metrics_text;
  // Runs blocking work (database, password hashing) off the I/O threads.
  std::function<void(std::function<void()>)> run_blocking;
  // After a logout: ends that staff member's live streams.
  std::function<void(core::StaffId)> on_logout;
  // Reads the programs' scenario files again (blocking); empty when no program has one.
  std::function<std::vector<app::ScenarioReloadResult>(const core::Staff&)> reload_scenarios;
  // Templates, the dashboard and the center's counts (docs/templates.md, docs/dashboard.md);
  // null: those routes answer 404.
  app::Templates* templates = nullptr;
  app::Dashboard* dashboard = nullptr;
  app::CenterStats* stats = nullptr;
  // The audit search and export (docs/api.md); null: those routes answer 404.
  app::AuditLog* audit = nullptr;
  MoveClock move_clock;
  std::function<core::TimeMs()> now;
  ConsoleSettings console;
};

inline constexpr char kSessionCookie[] = "tsunagu_session";

// Every route of the server except the WebSocket upgrade, which server.cc handles with the
// authentication check below.
class ApiRoutes {
 public:
  ApiRoutes(RouteDeps deps, RouteSettings settings);

  // Answers req through respond, possibly later and on another thread.
  void Handle(Request req, Respond respond);

  // The largest body accepted for a path; the server refuses larger ones with 413.
  std::size_t BodyLimitFor(std::string_view path) const;

  // For the stream: the staff member behind the session cookie, after checking that the
  // request comes from an allowed origin. Blocking.
  core::Result<core::Staff> AuthenticateStream(const Request& req);

 private:
  Response Api(const Request& req);
  Response Login(const Request& req);
  Response Authed(const Request& req, const app::Authenticated& who);
  Response Risk(const Request& req, const core::Staff& staff);
  Response ReloadScenarios(const core::Staff& staff);
  Response ConversationRisk(const Request& req, const core::Staff& staff, core::ConversationId id,
                            std::string_view action);
  // POST /api/v1/conversations/{id}/close with its wrap-up.
  Response CloseWithWrapUp(const Request& req, const core::Staff& staff, core::ConversationId id);
  Response WithWrapUp(
      const Request& req,
      const std::function<core::Result<core::Conversation>(const core::WrapUpDraft&)>& act);
  // center_routes.cc: templates, late wrap-ups, presence, the dashboard, the center's counts and
  // the test clock. nullopt when the path is none of theirs.
  std::optional<Response> Center(const Request& req, const app::Authenticated& who);
  // audit_routes.cc: GET /api/v1/audit and /api/v1/audit/export; nullopt for other paths.
  std::optional<Response> Audit(const Request& req, const core::Staff& staff);
  Response ConversationTemplates(const core::Staff& staff, core::ConversationId id);
  Response LateWrapUp(const Request& req, const core::Staff& staff, core::ConversationId id);
  Response Static(const Request& req) const;
  bool OriginAllowed(const Request& req) const;

  RouteDeps deps_;
  RouteSettings settings_;
};

}  // namespace tsunagu::adapters::http
