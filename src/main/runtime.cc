#include "main/runtime.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "adapters/channel/line/line_sender.h"
#include "adapters/channel/line/line_webhook_decoder.h"
#include "adapters/http/api_routes.h"
#include "adapters/http/beast_http_client.h"
#include "adapters/http/server.h"
#include "adapters/http/stream_hub.h"
#include "adapters/scenario/json_scenario.h"
#include "adapters/storage/postgres/pg_change_feed.h"
#include "adapters/storage/postgres/postgres_store.h"
#include "adapters/storage/sqlite/sqlite_store.h"
#include "adapters/system/platform_secrets.h"
#include "adapters/system/settable_clock.h"
#include "adapters/system/sodium_field_cipher.h"
#include "adapters/system/spdlog_event_log.h"
#include "adapters/system/system_clock.h"
#include "adapters/templates/json_template_defaults.h"
#include "adapters/text/lexicon_file.h"
#include "adapters/text/mecab_icu_text_analysis.h"
#include "app/audit_chain.h"
#include "app/audit_log.h"
#include "app/center_stats.h"
#include "app/conversation_actions.h"
#include "app/conversation_timers.h"
#include "app/dashboard.h"
#include "app/housekeeping.h"
#include "app/inbound_committer.h"
#include "app/outbox_dispatcher.h"
#include "app/process_inbound.h"
#include "app/receive_webhook.h"
#include "app/risk_actions.h"
#include "app/risk_analysis.h"
#include "app/rotate_keys.h"
#include "app/scenario_catalog.h"
#include "app/staff_auth.h"
#include "app/stream_relay.h"
#include "app/templates.h"
#include "app/timer_runner.h"
#include "app/worker.h"
#include "core/calendar/date.h"
#include "core/limits.h"
#include "core/topics.h"
#include "main/demo_data.h"
#include "main/program_hours.h"
#include "platform/crypto.h"
#include "platform/metrics.h"

namespace tsunagu::main {
namespace {

using std::chrono::milliseconds;

constexpr char kNoDataKeyMessage[] =
    "保存データを暗号化する鍵がありません。鍵を作って（tsunagu keys generate > "
    "/etc/tsunagu/data.key "
    "&& chmod 600 /etc/tsunagu/data.key）、[security] data_keys = [\"k1:/etc/tsunagu/data.key\"] "
    "か環境変数 TSUNAGU_DATA_KEY=\"k1:<鍵>\" で指定してください / no data key for encryption at "
    "rest: make one with `tsunagu keys generate > /etc/tsunagu/data.key && chmod 600 "
    "/etc/tsunagu/data.key`, then set [security] data_keys = [\"k1:/etc/tsunagu/data.key\"] or "
    "TSUNAGU_DATA_KEY=\"k1:<key>\" (docs/operations.md)";

// The cipher of [security] data_keys; nullptr when none is configured.
core::Result<std::shared_ptr<const app::FieldCipher>> MakeCipher(const platform::Config& config) {
  if (config.security.data_keys.empty()) return nullptr;
  std::vector<adapters::system::DataKey> keys;
  for (const platform::DataKey& key : config.security.data_keys) {
    keys.push_back({key.id, key.bytes});
  }
  auto cipher = adapters::system::SodiumFieldCipher::Create(std::move(keys));
  if (!cipher) return std::unexpected(cipher.error());
  return std::shared_ptr<const app::FieldCipher>(std::move(*cipher));
}

// The cipher, required: serving and rotating read and write the sealed columns.
core::Result<std::shared_ptr<const app::FieldCipher>> RequireCipher(
    const platform::Config& config) {
  auto cipher = MakeCipher(config);
  if (cipher && *cipher == nullptr) {
    return core::Fail(core::ErrorCode::kInvalidArgument, kNoDataKeyMessage);
  }
  return cipher;
}

// cipher may be null only for commands that touch no sealed column (migrate, staff add).
core::Result<std::unique_ptr<app::Store>> OpenStore(
    const platform::Config& config, std::shared_ptr<const app::FieldCipher> cipher) {
  std::unique_ptr<app::Store> store;
  if (config.store.kind == "postgres") {
    auto opened = adapters::postgres::PostgresStore::Open(config.store.url, config.store.pool_size,
                                                          std::move(cipher));
    if (!opened) return std::unexpected(opened.error());
    store = std::move(*opened);
  } else {
    adapters::sqlite::SqliteOptions options;
    options.cipher = std::move(cipher);
    auto opened = adapters::sqlite::SqliteStore::Open(config.store.path, options);
    if (!opened) return std::unexpected(opened.error());
    store = std::move(*opened);
  }
  if (auto m = store->Migrate(); !m) return std::unexpected(m.error());
  return store;
}

// Where the store is, for messages: never the PostgreSQL URL, which may hold a password.
std::string StoreLabel(const platform::Config& config) {
  return config.store.kind == "postgres" ? std::string("postgres") : "sqlite:" + config.store.path;
}

// The risk analyzer, loaded once (MeCab's dictionary and the lexicon); nullopt when disabled.
core::Result<std::optional<app::RiskAnalyzer>> LoadRiskAnalyzer(const platform::Config& config) {
  if (!config.risk.enabled) return std::nullopt;
  auto lexicon = adapters::text::LoadLexiconFile(config.risk.lexicon);
  if (!lexicon) return std::unexpected(lexicon.error());
  adapters::text::TextAnalysisOptions options;
  options.mecab_dicdir = config.risk.mecab_dicdir;
  auto text = adapters::text::MecabIcuTextAnalysis::Open(options);
  if (!text) return std::unexpected(text.error());
  auto analyzer = app::RiskAnalyzer::Create(std::move(*lexicon), *text);
  if (!analyzer) return std::unexpected(analyzer.error());
  return std::optional<app::RiskAnalyzer>(std::move(*analyzer));
}

// The topics a wrap-up may carry ([wrapup] topics, core/topics.h), read once at startup. Every
// error names the file and its line.
core::Result<core::TopicList> LoadTopics(const platform::Config& config) {
  const std::string& path = config.wrapup.topics;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "wrapup.topics: " + path + ": ファイルを開けません / cannot open");
  }
  std::string text(core::kTopicsFileBytesMax + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  auto parsed = core::ParseTopicsTsv(text);
  if (!parsed) {
    std::string message;
    for (const core::TopicsError& e : parsed.error()) {
      message += (message.empty() ? "" : "\n") + ("wrapup.topics: " + path + ": " + e.message);
    }
    return core::Fail(core::ErrorCode::kInvalidArgument, std::move(message));
  }
  return std::move(*parsed);
}

// The shipped template bodies ([templates] defaults), with each program's own file
// ([programs.<key>] templates) over them. Every problem is returned, one line each.
core::Result<app::Templates::Defaults> LoadTemplateDefaults(const platform::Config& config) {
  auto shared = adapters::templates::LoadTemplateDefaults(config.templates.defaults);
  std::vector<std::string> errors = shared.errors;
  app::Templates::Defaults out;
  for (const auto& [key, program] : config.programs) {
    out[key] = shared.bodies;
    if (program.templates.empty()) continue;
    auto own = adapters::templates::LoadTemplateDefaults(program.templates);
    for (std::string& e : own.errors) errors.push_back("programs." + key + ".templates: " + e);
    for (auto& [name, body] : own.bodies) out[key][name] = std::move(body);
  }
  if (errors.empty()) return out;
  std::string message;
  for (const std::string& e : errors) message += (message.empty() ? "" : "\n") + e;
  return core::Fail(core::ErrorCode::kInvalidArgument, std::move(message));
}

// [testing] manual_clock: where the clock starts (nullopt: the wall clock).
std::optional<core::TimeMs> ManualClockStart(const platform::Config& config) {
  if (!config.testing.manual_clock) return std::nullopt;
  if (config.testing.clock_start.empty()) return adapters::system::SystemClock().NowMs();
  return core::calendar::ParseIsoMoment(config.testing.clock_start);
}

void PrintError(const core::Error& e) {
  std::fprintf(stderr, "tsunagu: %s: %s\n", core::ErrorCodeName(e.code), e.message.c_str());
}

// Programs from the config, upserted; then each channel routed to its program.
core::Result<std::map<std::string, app::ChannelRoute>> RouteChannels(
    app::Store& store, const platform::Config& config) {
  std::map<std::string, app::ChannelRoute> routes;
  core::Status s = store.Transact([&](app::StoreTx& tx) -> core::Status {
    std::map<std::string, core::ProgramId> programs;
    for (const auto& [key, program] : config.programs) {
      auto p = tx.UpsertProgram(key, program.name);
      if (!p) return std::unexpected(p.error());
      programs[key] = p->id;
    }
    for (const auto& [key, channel] : config.line.channels) {
      auto it = programs.find(channel.program);
      if (it == programs.end()) {
        return core::Fail(core::ErrorCode::kInvalidArgument,
                          "line.channels." + key + ".program: unknown program " + channel.program);
      }
      app::ChannelRoute& route = routes[key];
      route.channel_key = key;
      route.program_id = it->second;
      route.replies = {channel.greeting, channel.waiting_reply};
    }
    return core::Ok();
  });
  if (!s) return std::unexpected(s.error());
  return routes;
}

// Blocks SIGINT and SIGTERM in every thread, so that the main thread can wait for them.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int RunMigrate(const platform::Config& config) {
  auto store = OpenStore(config, nullptr);
  if (!store) {
    PrintError(store.error());
    return 1;
  }
  std::printf("migrated %s\n", StoreLabel(config).c_str());
  return 0;
}

int RunStaffAdd(const platform::Config& config, const std::string& login, const std::string& name,
                const std::string& role_name, const std::string& password) {
  auto role = core::ParseRole(role_name);
  if (!role) {
    std::fprintf(stderr,
                 "tsunagu: --role は counselor / supervisor / admin / auditor のいずれかです\n");
    return 2;
  }
  auto store = OpenStore(config, nullptr);
  if (!store) {
    PrintError(store.error());
    return 1;
  }
  adapters::system::SystemClock clock;
  adapters::system::PlatformSecrets secrets;
  adapters::http::StreamHub hub;
  adapters::system::SpdlogEventLog log;
  app::AppContext ctx{**store, clock, secrets, hub, log, {}, config.line.reply_token_validity_ms};
  app::StaffAuth auth(ctx, {});
  auto added = auth.AddStaff(login, name, *role, password);
  if (!added) {
    PrintError(added.error());
    return 1;
  }
  std::printf("added staff #%lld %s (%s)\n", static_cast<long long>(added->staff.id), login.c_str(),
              role_name.c_str());
  if (!added->generated_password.empty()) {
    std::printf("password (shown once): %s\n", added->generated_password.c_str());
  }
  return 0;
}

namespace {

std::map<std::string, std::string, std::less<>> ChannelSecrets(const platform::Config& config) {
  std::map<std::string, std::string, std::less<>> secrets;
  for (const auto& [key, channel] : config.line.channels) secrets[key] = channel.channel_secret;
  return secrets;
}

// The scenario file of every program that has one, read for the catalog (docs/scenarios.md).
std::vector<app::ScenarioSource> ReadScenarioSources(const platform::Config& config) {
  std::vector<app::ScenarioSource> sources;
  for (const auto& [key, program] : config.programs) {
    if (program.scenario.empty()) continue;
    app::ScenarioSource source;
    source.program_key = key;
    source.file = program.scenario;
    adapters::scenario::ScenarioFileRead read = adapters::scenario::ReadScenarioFile(source.file);
    source.text = std::move(read.text);
    source.read_error = std::move(read.error);
    sources.push_back(std::move(source));
  }
  return sources;
}

// Loads the scenarios at startup. A broken file is reported with its lines; its program goes
// on with the version it ran before, and the start fails only if there is none.
bool LoadScenarios(const platform::Config& config, app::Store& store, app::ScenarioCatalog& catalog,
                   std::map<std::string, app::ChannelRoute>& routes) {
  bool ok = true;
  for (const app::ScenarioReloadResult& r :
       catalog.Reload(ReadScenarioSources(config), "startup", std::nullopt)) {
    if (r.ok) {
      spdlog::info("scenario {}: version {}{}", r.program_key, r.activation.version_id,
                   r.activation.new_version ? " (new)" : "");
    } else {
      std::fprintf(stderr, "%s\n", r.errors.c_str());
      auto active = app::TransactFor<std::optional<app::ScenarioVersion>>(
          store, [&](app::StoreTx& tx) { return tx.ActiveScenarioVersion(r.program_key); });
      if (active && *active) {
        spdlog::warn("scenario {}: the file has errors; going on with version {}", r.program_key,
                     (*active)->version_id);
      } else {
        std::fprintf(stderr,
                     "tsunagu: programs.%s.scenario: 動いている版がありません / no "
                     "working version to fall back on\n",
                     r.program_key.c_str());
        ok = false;
      }
    }
  }
  for (auto& [key, route] : routes) {
    const std::string& program_key = config.line.channels.at(key).program;
    if (!config.programs.at(program_key).scenario.empty()) route.scenario_key = program_key;
  }
  return ok;
}

// Every part of a serving process, built in dependency order (members are constructed in the
// order they are declared, and destroyed in reverse).
struct Services {
  Services(const platform::Config& config, app::Store& store,
           std::map<std::string, app::ChannelRoute> routes,
           std::unique_ptr<app::ChangeFeed> change_feed, core::TopicList topics,
           app::Templates::Defaults template_defaults)
      : clock(ManualClockStart(config)),
        scenarios(store, scenario_parser, clock),
        feed(std::move(change_feed)),
        relay(feed ? std::make_unique<app::StreamRelay>(store, hub, clock, log,
                                                        platform::NewUuidV4(),
                                                        [this] { journal_worker.Wake(); })
                   : nullptr),
        ctx{store,
            clock,
            secrets,
            relay ? static_cast<app::Notifier&>(*relay) : hub,
            log,
            std::move(routes),
            config.line.reply_token_validity_ms},
        timers(ctx),
        timer_worker(
            "timers", [this] { return timers.RunOnce(); }, kWorkerIdle),
        journal_worker(
            "journal", [this] { return relay && relay->Flush(); }, kWorkerIdle),
        follow_worker(
            "follow",
            [this] {
              // Blocks until another node appends (or a second passes), then reads everything
              // new; a lost notification is caught up by the next read.
              if (feed) feed->Wait(kWorkerIdle);
              while (relay && relay->Follow()) {
              }
              return false;
            },
            milliseconds(0)),
        auth(ctx, {config.security.session_ttl_s * 1000, config.security.login_failures_max,
                   config.security.login_failure_window_s * 1000}),
        sender(http_client),
        decoder(ChannelSecrets(config), config.line.webhook_body_bytes_max),
        dispatcher(ctx, sender),
        outbox_worker(
            "outbox", [this] { return dispatcher.RunOnce(); }, kWorkerIdle),
        processor(ctx, [this] { outbox_worker.Wake(); }),
        inbound_worker(
            "inbound", [this] { return processor.RunOnce(); }, kWorkerIdle),
        committer(store, [this] { inbound_worker.Wake(); }),
        receive(decoder, committer, clock),
        conversations(
            ctx, [this] { outbox_worker.Wake(); }, std::move(topics)),
        risk(ctx),
        templates(ctx, std::move(template_defaults)),
        conversation_timers(ctx, [this] { outbox_worker.Wake(); }),
        dashboard(ctx),
        stats(ctx),
        audit_log(ctx),
        server({config.server.host, config.server.port, config.server.threads, 4}, hub),
        api({auth,
             conversations,
             risk,
             receive,
             [] { return platform::Registry::Global().RenderText(); },
             [this](std::function<void()> fn) { server.RunBlocking(std::move(fn)); },
             [this](core::StaffId id) {
               hub.CloseStaff(id, adapters::http::kStreamCloseSessionEnded);
             },
             [this, &config](const core::Staff& staff) {
               return scenarios.Reload(ReadScenarioSources(config), staff.login, staff.id);
             },
             &templates,
             &dashboard,
             &stats,
             &audit_log,
             clock.manual() ? adapters::http::MoveClock(
                                  [this](std::optional<core::TimeMs> at, core::TimeMs advance_ms) {
                                    if (at && !clock.MoveTo(*at)) return false;
                                    clock.Advance(advance_ms);
                                    // Due timers and sends run at once rather than on the next idle
                                    // tick.
                                    timer_worker.Wake();
                                    outbox_worker.Wake();
                                    return true;
                                  })
                            : adapters::http::MoveClock(),
             [this] { return clock.NowMs(); },
             {config.nudges.reply_nudge_minutes, config.presence.heartbeat_seconds,
              config.presence.timeout_seconds}},
            {config.security.cookie_secure, config.security.session_ttl_s,
             config.line.webhook_body_bytes_max, config.server.static_dir,
             config.security.allowed_origins}) {
    for (const auto& [key, channel] : config.line.channels) {
      sender.AddChannel(key, {channel.channel_access_token, channel.api_base});
    }
    app::AddHousekeepingJobs(timers);
    ctx.outbox_lease_ms = config.workers.outbox_lease_s * 1000;
    ctx.risk.debrief_window_ms = config.risk.debrief_window_h * 3600 * 1000;
    ctx.scenarios = &scenarios;
    ctx.concurrent_per_counselor = config.queue.concurrent_per_counselor;
    ctx.nudges = {config.nudges.reply_nudge_minutes, config.nudges.idle_checkin_minutes,
                  config.nudges.idle_close_minutes, config.nudges.bot_idle_close_minutes,
                  config.queue.position_notice_interval_seconds};
    ctx.dashboard = {config.presence.heartbeat_seconds, config.presence.timeout_seconds,
                     config.dashboard.counselors_per_supervisor_max};
    ctx.templates = &templates;
    conversation_timers.Register(timers);
  }

  // Messages are assessed while they are processed; the analyzer is thread-safe.
  void UseRiskAnalyzer(app::RiskAnalyzer analyzer) {
    ctx.risk.assess =
        [analyzer = std::move(analyzer)](std::string_view text) -> core::Result<core::MessageRisk> {
      auto assessment = analyzer.Analyze(text);
      if (!assessment) return std::unexpected(assessment.error());
      return app::MessageRiskOf(*assessment);
    };
  }

  // Workers poll this often when nobody wakes them: how soon stored work is found after a crash.
  static constexpr milliseconds kWorkerIdle{1000};

  adapters::system::SettableClock clock;
  adapters::system::PlatformSecrets secrets;
  adapters::http::StreamHub hub;
  adapters::system::SpdlogEventLog log;
  adapters::scenario::JsonScenarioParser scenario_parser;
  app::ScenarioCatalog scenarios;
  // With several nodes (PostgreSQL): the change feed and the relay that carries console events
  // between nodes. Null on SQLite, where the hub is the notifier.
  std::unique_ptr<app::ChangeFeed> feed;
  std::unique_ptr<app::StreamRelay> relay;
  app::AppContext ctx;
  app::TimerRunner timers;
  app::Worker timer_worker;
  app::Worker journal_worker;
  app::Worker follow_worker;
  app::StaffAuth auth;
  adapters::http::BeastHttpClient http_client;
  adapters::line::LineSender sender;
  adapters::line::LineWebhookDecoder decoder;
  app::OutboxDispatcher dispatcher;
  app::Worker outbox_worker;
  app::InboundProcessor processor;
  app::Worker inbound_worker;
  app::InboundCommitter committer;
  app::ReceiveWebhook receive;
  app::ConversationActions conversations;
  app::RiskActions risk;
  app::Templates templates;
  app::ConversationTimers conversation_timers;
  app::Dashboard dashboard;
  app::CenterStats stats;
  app::AuditLog audit_log;
  adapters::http::Server server;
  adapters::http::ApiRoutes api;
};

void AnnounceListening(const platform::Config& config, int port) {
  if (!config.server.port_file.empty()) {
    std::ofstream(config.server.port_file) << port << "\n";
  }
  std::printf("tsunagu listening on http://%s:%d\n", config.server.host.c_str(), port);
  std::fflush(stdout);
  spdlog::info("serving on {}:{} with store {}", config.server.host, port, StoreLabel(config));
}

}  // namespace

int RunServe(const platform::Config& config, bool demo) {
  const sigset_t stop_signals = BlockStopSignals();
  auto cipher = RequireCipher(config);
  if (!cipher) {
    PrintError(cipher.error());
    return 2;
  }
  auto store = OpenStore(config, *cipher);
  if (!store) {
    PrintError(store.error());
    return 1;
  }
  auto routes = RouteChannels(**store, config);
  if (!routes) {
    PrintError(routes.error());
    return 1;
  }
  ProgramHoursBuild hours = BuildProgramHours(config);
  for (const std::string& e : hours.errors) std::fprintf(stderr, "tsunagu: %s\n", e.c_str());
  if (!hours.errors.empty()) return 2;
  ApplyProgramHours(hours, config, *routes);
  std::unique_ptr<app::ChangeFeed> feed;
  if (config.store.kind == "postgres") {
    auto opened = adapters::postgres::PgChangeFeed::Open(config.store.url);
    if (!opened) {
      PrintError(opened.error());
      return 1;
    }
    feed = std::move(*opened);
  }
  auto analyzer = LoadRiskAnalyzer(config);
  if (!analyzer) {
    PrintError(analyzer.error());
    std::fprintf(stderr,
                 "tsunagu: [risk] lexicon / mecab_dicdir を確認するか、enabled = false に"
                 "してください / check [risk] lexicon and mecab_dicdir, or set enabled = "
                 "false\n");
    return 1;
  }
  auto topics = LoadTopics(config);
  if (!topics) {
    PrintError(topics.error());
    return 1;
  }
  auto template_defaults = LoadTemplateDefaults(config);
  if (!template_defaults) {
    PrintError(template_defaults.error());
    return 2;
  }
  if (config.testing.manual_clock) {
    if (!ManualClockStart(config)) {
      std::fprintf(stderr,
                   "tsunagu: testing.clock_start: ISO 8601 の時刻にしてください / must be "
                   "an ISO 8601 moment such as 2018-12-04T17:00:00+09:00\n");
      return 2;
    }
    spdlog::warn(
        "[testing] manual_clock: the clock stands still until a test moves it; "
        "never use this in production");
  }
  Services s(config, **store, std::move(*routes), std::move(feed), std::move(*topics),
             std::move(*template_defaults));
  if (!LoadScenarios(config, **store, s.scenarios, s.ctx.channels)) return 1;
  if (*analyzer) {
    spdlog::info("risk analyzer: lexicon {} loaded", (*analyzer)->lexicon_version());
    s.UseRiskAnalyzer(std::move(**analyzer));
  } else {
    spdlog::warn("risk analyzer disabled ([risk] enabled = false): messages are not assessed");
  }
  if (demo) {
    if (auto seeded = SeedDemoData(s.auth); !seeded) {
      PrintError(seeded.error());
      return 1;
    }
  }
  for (const std::string& program : s.templates.ProgramKeys()) {
    if (auto seeded = s.templates.Seed(program); !seeded) {
      PrintError(seeded.error());
      return 1;
    }
  }
  if (auto scheduled = s.timers.SchedulePeriodicJobs(); !scheduled) {
    PrintError(scheduled.error());
    return 1;
  }
  if (auto scheduled = s.conversation_timers.ScheduleAll(); !scheduled) {
    PrintError(scheduled.error());
    return 1;
  }
  if (s.relay) {
    if (auto following = s.relay->StartFollowing(); !following) {
      PrintError(following.error());
      return 1;
    }
    spdlog::info("node {} shares its console events through the database", s.relay->node_id());
    s.journal_worker.Start();
    s.follow_worker.Start();
  }
  s.timer_worker.Start();
  s.committer.Start();
  if (config.workers.inbound) s.inbound_worker.Start();
  if (config.workers.outbox) s.outbox_worker.Start();
  if (!config.workers.inbound || !config.workers.outbox) {
    spdlog::warn("workers: inbound={} outbox={} (stored work waits for a process that runs them)",
                 config.workers.inbound, config.workers.outbox);
  }
  auto port = s.server.Start(s.api);
  if (!port) {
    PrintError(port.error());
    return 1;
  }
  AnnounceListening(config, *port);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("stopping (signal {})", signal_number);
  // Tell consoles first (they reconnect to another node or wait), stop taking requests, then
  // finish what was accepted.
  s.hub.CloseAll(adapters::http::kStreamCloseGoingAway);
  std::this_thread::sleep_for(milliseconds(100));
  s.server.Stop();
  s.dispatcher.RequestStop();
  s.committer.Stop();
  s.inbound_worker.Stop();
  s.outbox_worker.Stop();
  s.timer_worker.Stop();
  if (s.feed) s.feed->Interrupt();
  s.follow_worker.Stop();
  s.journal_worker.Stop();
  return 0;
}

int RunKeysGenerate() {
  std::printf("%s\n",
              platform::Base64Encode(platform::RandomBytes(platform::kAeadKeyBytes)).c_str());
  return 0;
}

int RunKeysRotate(const platform::Config& config, std::size_t batch) {
  auto cipher = RequireCipher(config);
  if (!cipher) {
    PrintError(cipher.error());
    return 2;
  }
  auto store = OpenStore(config, *cipher);
  if (!store) {
    PrintError(store.error());
    return 1;
  }
  const auto& current = config.security.data_keys.front().id;
  std::fprintf(stderr, "鍵 %s で暗号化し直します / sealing again under key %s (%s)\n",
               current.c_str(), current.c_str(), StoreLabel(config).c_str());
  auto progress = [](const app::ColumnRotation& row) {
    std::fprintf(stderr, "\r  %-28s %lld/%lld (rotated %lld)", std::string(row.column).c_str(),
                 static_cast<long long>(row.scanned), static_cast<long long>(row.total),
                 static_cast<long long>(row.rotated));
  };
  std::string_view last_column;
  auto rotated = app::RotateKeys(**store, **cipher, batch, [&](const app::ColumnRotation& row) {
    if (!last_column.empty() && last_column != row.column) std::fprintf(stderr, "\n");
    last_column = row.column;
    progress(row);
  });
  if (!last_column.empty()) std::fprintf(stderr, "\n");
  if (!rotated) {
    PrintError(rotated.error());
    std::fprintf(
        stderr,
        "tsunagu: 途中で止まりました。もう一度実行すると続きから進みます / stopped; run it "
        "again to go on\n");
    return 1;
  }
  std::int64_t total_rotated = 0;
  for (const app::ColumnRotation& row : *rotated) {
    std::printf("%s: %lld/%lld (rotated %lld)\n", std::string(row.column).c_str(),
                static_cast<long long>(row.scanned), static_cast<long long>(row.total),
                static_cast<long long>(row.rotated));
    total_rotated += row.rotated;
  }
  std::printf("完了 / done: %lld values now under key %s\n", static_cast<long long>(total_rotated),
              current.c_str());
  return 0;
}

int RunAuditVerify(const platform::Config& config, std::size_t batch) {
  auto store = OpenStore(config, nullptr);
  if (!store) {
    PrintError(store.error());
    return 2;
  }
  adapters::system::PlatformSecrets secrets;
  std::fprintf(stderr, "監査ログを検証します / verifying the audit log (%s)\n",
               StoreLabel(config).c_str());
  auto verified = app::VerifyAuditChain(**store, secrets, batch, [](std::int64_t checked) {
    std::fprintf(stderr, "\r  %lld records", static_cast<long long>(checked));
  });
  std::fprintf(stderr, "\n");
  if (!verified) {
    PrintError(verified.error());
    return 2;
  }
  const app::AuditVerification& v = *verified;
  if (v.problem != core::AuditBreak::kNone) {
    std::printf(
        "改ざんの可能性 / BROKEN at record %lld: %s\n  %s\n  intact: %lld records before it "
        "(last intact id %lld)\n",
        static_cast<long long>(v.bad_id), core::AuditBreakName(v.problem), v.explanation.c_str(),
        static_cast<long long>(v.checked), static_cast<long long>(v.last_id));
    return 1;
  }
  std::printf("正常 / intact: %lld records, last id %lld, last hash %s\n",
              static_cast<long long>(v.checked), static_cast<long long>(v.last_id),
              v.last_hash.empty() ? "-" : v.last_hash.c_str());
  return 0;
}

}  // namespace tsunagu::main
