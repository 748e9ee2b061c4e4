// The configuration: a TOML file, with TSUNAGU_* environment variables overriding single keys.
// Every key is documented in docs/configuration.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::platform {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                      // 0: pick a free port (tests); the chosen port is printed
  int threads = 2;                      // HTTP I/O threads
  std::string public_url;               // how staff reach the console, for the startup message
  std::string static_dir = "web/dist";  // the built console
  std::string port_file;                // if set, the bound port is written here after listening
};

struct StoreConfig {
  std::string kind = "sqlite";          // "sqlite" (one machine) or "postgres" (several nodes)
  std::string path = "var/tsunagu.db";  // sqlite: the database file
  std::string url;                      // postgres: the libpq connection URL (or url_file)
  int pool_size = 8;                    // postgres: connections per node
};

// One key for encryption at rest (docs/adr/0005-encryption-at-rest.md). Never logged.
struct DataKey {
  std::string id;     // [a-z0-9_-]{1,32}: stored with each value it seals
  std::string bytes;  // 32 raw bytes
};

// The environment variable that gives the one data key as "id:base64key", instead of
// [security] data_keys.
inline constexpr std::string_view kDataKeyEnv = "TSUNAGU_DATA_KEY";

struct SecurityConfig {
  bool cookie_secure = false;  // set true behind HTTPS
  std::int64_t session_ttl_s = 12 * 3600;
  int login_failures_max = 5;
  std::int64_t login_failure_window_s = 15 * 60;
  std::vector<std::string> allowed_origins;  // extra origins for the WebSocket and CSRF checks
  // Encryption at rest: from data_keys = ["id:/path/to/key-file", ...] (each file holds the
  // base64 of 32 random bytes) or TSUNAGU_DATA_KEY. The first seals; every one opens.
  std::vector<DataKey> data_keys;
};

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error
};

// Which background workers this process runs. Turning inbound off keeps accepting and storing
// webhooks without processing them (maintenance, or a node that only ingests); the stored events
// are processed when a process with inbound on starts.
struct WorkersConfig {
  bool inbound = true;  // apply stored webhook events
  bool outbox = true;   // send queued messages to LINE
  // How long a node holds a message it is sending before another node may take it over (after
  // a crash). Longer than one send can take: a reply and a push, each up to 10 s.
  std::int64_t outbox_lease_s = 60;
};

struct LineChannelConfig {
  std::string key;  // the table name in [line.channels.<key>]
  std::string channel_secret;
  std::string channel_access_token;
  std::string api_base = "https://api.line.me";
  std::string api_data_base = "https://api-data.line.me";
  std::string program = "default";  // the program this channel's conversations belong to
  std::string greeting;             // sent on follow; empty: none
  std::string waiting_reply;        // sent once when a new conversation opens; empty: none
};

struct LineConfig {
  std::int64_t reply_token_validity_ms = 50'000;  // core::kReplyTokenValidityMsDefault
  std::size_t webhook_body_bytes_max = 1024 * 1024;
  std::map<std::string, LineChannelConfig> channels;  // by key
};

// The risk analyzer (docs/risk.md): the lexicon file and MeCab's ipadic dictionary.
struct RiskConfig {
  bool enabled = true;
  std::string lexicon = "data/risk/lexicon.tsv";
  std::string mecab_dicdir = "/var/lib/mecab/dic/ipadic-utf8";
  std::int64_t debrief_window_h = 8;  // the "shift" of the debrief rule
};

struct ProgramConfig {
  std::string key;
  std::string name;
  // The chatbot scenario file (docs/scenarios.md); empty: the channel's fixed greeting and
  // waiting reply instead.
  std::string scenario;
  // How the opening hours read to the person, for {{hours}} in the scenario's texts; empty:
  // written from the shifts.
  std::string hours_text;
  // Opening hours (docs/calendar.md); no shifts: always open. The strings follow the grammar of
  // core/calendar/hours_spec.h, e.g. "火-金 16:00-20:00".
  std::vector<std::string> shifts;
  std::string period;  // "YYYY-MM-DD..YYYY-MM-DD" (a trial); empty: no end
  std::vector<std::string> closures;
  bool closed_on_holidays = true;
  std::string year_end = "12-29..01-03";  // empty: no year-end break
  std::vector<std::string> local_days_off;
  int intake_closes_minutes_before = 0;
  // Helplines to name when closed (docs/scenarios.md): "名前|電話|shift; shift", open ones first.
  std::vector<std::string> helplines;
  // The queue (docs/scenarios.md): 0 turns each off.
  int overflow_queue_length = 0;
  int overflow_wait_minutes = 0;
  int planned_per_hour = 0;
  // At closing time (docs/scenarios.md): "continue" (the default) or "end" (open conversations
  // end with the closing_time template, after a closing_warning this many minutes before).
  std::string at_closing = "continue";
  int closing_warning_minutes = 10;
  // The after-close survey (docs/scenarios.md): up to 3 questions,
  // "id|質問|ラベル=value|ラベル=value..."; none: no survey.
  std::vector<std::string> survey_questions;
  std::string survey_intro;
  std::string survey_thanks;
  // The template bodies of this program at first start (docs/templates.md); empty: [templates]
  // defaults.
  std::string templates;
};

// The human queue: how many open conversations a counselor holds at once, and how often the
// people waiting hear their new position.
struct QueueConfig {
  int concurrent_per_counselor = 2;            // core::kConcurrentChatsPerCounselorDefault
  int position_notice_interval_seconds = 180;  // core::kQueueNoticeIntervalSecondsDefault; 0: off
};

// Timed nudges (docs/configuration.md [nudges]); 0 turns each off. Defaults in core/limits.h.
struct NudgesConfig {
  int reply_nudge_minutes = 3;
  int idle_checkin_minutes = 15;
  int idle_close_minutes = 10;
  int bot_idle_close_minutes = 60;
};

// Presence and the supervisor dashboard ([presence], [dashboard]).
struct PresenceConfig {
  int heartbeat_seconds = 30;
  int timeout_seconds = 150;
};
struct DashboardConfig {
  int counselors_per_supervisor_max = 5;
};

// The shipped template bodies (docs/templates.md).
struct TemplatesConfig {
  std::string defaults = "data/templates.json";
};

// For simulation tests only: a clock that stands still until POST /api/v1/testing/clock moves it.
struct TestingConfig {
  bool manual_clock = false;
  std::string clock_start;  // ISO 8601; empty: the real time at start
};

// National holidays: the rules, overridden by the Cabinet Office's syukujitsu.csv if given.
struct CalendarConfig {
  std::string holidays_csv;
};

// Closing a conversation (docs/configuration.md [wrapup]): the topic list a wrap-up's topics come
// from (core/topics.h).
struct WrapUpConfig {
  std::string topics = "data/topics.tsv";
};

struct Config {
  ServerConfig server;
  StoreConfig store;
  SecurityConfig security;
  LogConfig log;
  WorkersConfig workers;
  RiskConfig risk;
  CalendarConfig calendar;
  QueueConfig queue;
  NudgesConfig nudges;
  PresenceConfig presence;
  DashboardConfig dashboard;
  TemplatesConfig templates;
  TestingConfig testing;
  WrapUpConfig wrapup;
  LineConfig line;
  std::map<std::string, ProgramConfig> programs;  // [programs.<key>] name = "..."
};

// ConfigError::file for errors that come from an environment variable (line is 0 then, and the
// message starts with the variable's name).
inline constexpr std::string_view kEnvironmentSource = "environment";

struct ConfigError {
  std::string file;
  int line = 0;  // 0 when not tied to a line (e.g. an environment variable)
  std::string message;
};

struct ConfigLoad {
  Config config;
  std::vector<ConfigError> errors;  // all of them, not only the first
  bool ok() const { return errors.empty(); }
};

// A config file larger than this is refused: ours are a few KiB.
inline constexpr std::size_t kConfigFileBytesMax = 1024 * 1024;

// Reads FILE, applies environment overrides from env (name -> value; pass the process
// environment in production), and validates. Never throws. An empty path reads no file: the
// defaults plus the environment.
ConfigLoad LoadConfig(const std::string& path, const std::map<std::string, std::string>& env);
ConfigLoad ParseConfig(std::string_view toml_text, const std::string& path_for_errors,
                       const std::map<std::string, std::string>& env);

// The process environment as a map, for LoadConfig.
std::map<std::string, std::string> ProcessEnvironment();

// "file:line: message", or "file: message" when line is 0: one line for stderr.
std::string FormatConfigError(const ConfigError& error);

// What reading a secret file gave: the raw content, or a message (Japanese / English) that
// names the path but never the content. Not std::expected on purpose: the libFuzzer build uses
// clang 14, which cannot see libstdc++ 12's <expected>, and platform must build there.
struct FileRead {
  std::optional<std::string> content;
  std::string error;  // set when content is empty
};

// Reads the file behind channel_secret_file / channel_access_token_file.
using SecretFileReader = std::function<FileRead(const std::string& path)>;

// The production reader: at most kSecretFileBytesMax bytes from the file system.
inline constexpr std::size_t kSecretFileBytesMax = 64 * 1024;
FileRead ReadSecretFile(const std::string& path);

// ParseConfig with a chosen reader for secret files, so that tests and the fuzzer parse without
// touching the disk. ParseConfig(text, path, env) uses ReadSecretFile.
ConfigLoad ParseConfig(std::string_view toml_text, const std::string& path_for_errors,
                       const std::map<std::string, std::string>& env,
                       const SecretFileReader& read_secret_file);

}  // namespace tsunagu::platform
