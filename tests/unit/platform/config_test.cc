#include "platform/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace tsunagu::platform {
namespace {

using Env = std::map<std::string, std::string>;

// Secret files for tests live in this map, not on disk.
FileRead FakeRead(const std::string& path) {
  static const std::map<std::string, std::string> kFiles = {
      {"/run/secrets/line", "  file-secret\n"},
      {"/run/secrets/token", "file-token\r\n"},
      {"/run/secrets/blank", " \n\t"},
      // base64 of 32 bytes 0x00..0x1f, and of 16 bytes (too short for a data key).
      {"/keys/k1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"},
      {"/keys/k2", "  ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=  "},
      {"/keys/short", "AAECAwQFBgcICQoLDA0ODw=="},
  };
  auto it = kFiles.find(path);
  if (it == kFiles.end()) return FileRead{std::nullopt, "cannot read " + path};
  return FileRead{it->second, {}};
}

ConfigLoad Parse(std::string_view text, const Env& env = {}) {
  return ParseConfig(text, "tsunagu.toml", env, FakeRead);
}

std::string Dump(const ConfigLoad& load) {
  std::string out;
  for (const auto& e : load.errors) out += FormatConfigError(e) + "\n";
  return out;
}

// The error whose message contains needle, or nullptr.
const ConfigError* Find(const ConfigLoad& load, std::string_view needle) {
  for (const auto& e : load.errors) {
    if (e.message.find(needle) != std::string::npos) return &e;
  }
  return nullptr;
}

constexpr std::string_view kChannel = R"(
[line.channels.main]
channel_secret = "secret"
channel_access_token = "token"
)";

TEST(ConfigTest, EmptyFileGivesDefaultsAndTheDefaultProgram) {
  ConfigLoad load = Parse("");
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.server.port, 8080);
  EXPECT_EQ(load.config.server.host, "127.0.0.1");
  EXPECT_EQ(load.config.store.kind, "sqlite");
  EXPECT_EQ(load.config.log.level, "info");
  EXPECT_EQ(load.config.line.reply_token_validity_ms, 50'000);
  EXPECT_TRUE(load.config.line.channels.empty());
  ASSERT_EQ(load.config.programs.size(), 1u);
  EXPECT_EQ(load.config.programs.at("default").key, "default");
  EXPECT_EQ(load.config.programs.at("default").name, "相談窓口");
}

TEST(ConfigTest, ParsesEveryKey) {
  ConfigLoad load = Parse(R"(
[server]
host = "0.0.0.0"
port = 9000
threads = 4
public_url = "https://soudan.example.jp"
static_dir = "/srv/web"
port_file = "/tmp/port"
[store]
kind = "postgres"
path = ""
url = "postgresql://tsunagu@localhost/tsunagu"
[security]
cookie_secure = true
session_ttl_s = 3600
login_failures_max = 3
login_failure_window_s = 600
allowed_origins = ["https://a.example.jp", "http://localhost:5173"]
[log]
level = "debug"
[line]
reply_token_validity_ms = 30000
webhook_body_bytes_max = 2048
[line.channels.kids-line]
channel_secret = "s"
channel_access_token = "t"
api_base = "http://127.0.0.1:9090"
api_data_base = "http://127.0.0.1:9091"
program = "kids"
greeting = "こんにちは"
waiting_reply = "少し待ってね"
[programs.kids]
name = "こども相談"
)");
  ASSERT_TRUE(load.ok()) << Dump(load);
  const Config& c = load.config;
  EXPECT_EQ(c.server.host, "0.0.0.0");
  EXPECT_EQ(c.server.port, 9000);
  EXPECT_EQ(c.server.threads, 4);
  EXPECT_EQ(c.server.public_url, "https://soudan.example.jp");
  EXPECT_EQ(c.server.static_dir, "/srv/web");
  EXPECT_EQ(c.server.port_file, "/tmp/port");
  EXPECT_EQ(c.store.kind, "postgres");
  EXPECT_EQ(c.store.url, "postgresql://tsunagu@localhost/tsunagu");
  EXPECT_TRUE(c.security.cookie_secure);
  EXPECT_EQ(c.security.session_ttl_s, 3600);
  EXPECT_EQ(c.security.login_failures_max, 3);
  EXPECT_EQ(c.security.login_failure_window_s, 600);
  EXPECT_EQ(c.security.allowed_origins,
            (std::vector<std::string>{"https://a.example.jp", "http://localhost:5173"}));
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.line.reply_token_validity_ms, 30000);
  EXPECT_EQ(c.line.webhook_body_bytes_max, 2048u);
  ASSERT_EQ(c.line.channels.size(), 1u);
  const LineChannelConfig& ch = c.line.channels.at("kids-line");
  EXPECT_EQ(ch.key, "kids-line");
  EXPECT_EQ(ch.channel_secret, "s");
  EXPECT_EQ(ch.channel_access_token, "t");
  EXPECT_EQ(ch.api_base, "http://127.0.0.1:9090");
  EXPECT_EQ(ch.api_data_base, "http://127.0.0.1:9091");
  EXPECT_EQ(ch.program, "kids");
  EXPECT_EQ(ch.greeting, "こんにちは");
  EXPECT_EQ(ch.waiting_reply, "少し待ってね");
  ASSERT_EQ(c.programs.size(), 1u);  // no default added when [programs] has entries
  EXPECT_EQ(c.programs.at("kids").name, "こども相談");
}

TEST(ConfigTest, ChannelDefaults) {
  ConfigLoad load = Parse(kChannel);
  ASSERT_TRUE(load.ok()) << Dump(load);
  const LineChannelConfig& ch = load.config.line.channels.at("main");
  EXPECT_EQ(ch.api_base, "https://api.line.me");
  EXPECT_EQ(ch.api_data_base, "https://api-data.line.me");
  EXPECT_EQ(ch.program, "default");
  EXPECT_EQ(ch.greeting, "");
}

TEST(ConfigTest, PortErrorHasTheDocumentedMessageFileAndLine) {
  ConfigLoad load = Parse("[server]\nport = 70000\n");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].file, "tsunagu.toml");
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_EQ(load.errors[0].message,
            "server.port: 0〜65535 の整数にしてください / must be an integer 0..65535");
  EXPECT_EQ(FormatConfigError(load.errors[0]),
            "tsunagu.toml:2: server.port: 0〜65535 の整数にしてください / must be an integer "
            "0..65535");
}

struct Limit {
  std::string section;
  std::string key;
  std::int64_t min;
  std::int64_t max;
};

class IntLimitTest : public testing::TestWithParam<Limit> {
 protected:
  ConfigLoad ParseValue(std::int64_t value) {
    const Limit& l = GetParam();
    return Parse("[" + l.section + "]\n" + l.key + " = " + std::to_string(value) + "\n");
  }
};

TEST_P(IntLimitTest, AcceptsBothEndsAndRejectsJustOutside) {
  const Limit& l = GetParam();
  EXPECT_TRUE(ParseValue(l.min).ok()) << Dump(ParseValue(l.min));
  EXPECT_TRUE(ParseValue(l.max).ok()) << Dump(ParseValue(l.max));
  const std::string expected = l.section + "." + l.key + ": " + std::to_string(l.min) + "〜" +
                               std::to_string(l.max) + " の整数にしてください / must be an " +
                               "integer " + std::to_string(l.min) + ".." + std::to_string(l.max);
  for (std::int64_t bad : {l.min - 1, l.max + 1}) {
    ConfigLoad load = ParseValue(bad);
    ASSERT_EQ(load.errors.size(), 1u) << bad << "\n" << Dump(load);
    EXPECT_EQ(load.errors[0].message, expected);
    EXPECT_EQ(load.errors[0].line, 2);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Limits, IntLimitTest,
    testing::Values(Limit{"server", "port", 0, 65535}, Limit{"server", "threads", 1, 64},
                    Limit{"security", "session_ttl_s", 60, 30 * 24 * 3600},
                    Limit{"security", "login_failures_max", 1, 1000},
                    Limit{"security", "login_failure_window_s", 1, 24 * 3600},
                    Limit{"line", "reply_token_validity_ms", 1000, 60000},
                    Limit{"line", "webhook_body_bytes_max", 1024, 16 * 1024 * 1024},
                    Limit{"queue", "position_notice_interval_seconds", 0, 3600},
                    Limit{"nudges", "reply_nudge_minutes", 0, 120},
                    Limit{"nudges", "idle_checkin_minutes", 0, 24 * 60},
                    Limit{"nudges", "idle_close_minutes", 0, 24 * 60},
                    Limit{"nudges", "bot_idle_close_minutes", 0, 7 * 24 * 60},
                    Limit{"presence", "heartbeat_seconds", 5, 600},
                    Limit{"presence", "timeout_seconds", 10, 3600},
                    Limit{"dashboard", "counselors_per_supervisor_max", 0, 100}),
    [](const auto& info) { return info.param.key; });

TEST(ConfigTest, CenterKeysHaveDefaultsAndAreRead) {
  ConfigLoad defaults = Parse("");
  ASSERT_TRUE(defaults.ok()) << Dump(defaults);
  EXPECT_EQ(defaults.config.queue.position_notice_interval_seconds, 180);
  EXPECT_EQ(defaults.config.nudges.idle_checkin_minutes, 15);
  EXPECT_EQ(defaults.config.presence.timeout_seconds, 150);
  EXPECT_EQ(defaults.config.templates.defaults, "data/templates.json");
  EXPECT_FALSE(defaults.config.testing.manual_clock);

  ConfigLoad load = Parse(R"([programs.center]
name = "センター"
at_closing = "end"
closing_warning_minutes = 5
survey_questions = ["helped|役に立ちましたか？|はい=yes|いいえ=no"]
survey_intro = "アンケートです"
templates = "center-templates.json"
[testing]
manual_clock = true
clock_start = "2018-12-04T17:00:00+09:00"
)");
  ASSERT_TRUE(load.ok()) << Dump(load);
  const auto& center = load.config.programs.at("center");
  EXPECT_EQ(center.at_closing, "end");
  EXPECT_EQ(center.closing_warning_minutes, 5);
  EXPECT_EQ(center.survey_questions.size(), 1u);
  EXPECT_EQ(center.templates, "center-templates.json");
  EXPECT_TRUE(load.config.testing.manual_clock);

  ConfigLoad bad = Parse("[programs.center]\nname = \"x\"\nat_closing = \"stop\"\n");
  ASSERT_EQ(bad.errors.size(), 1u) << Dump(bad);
  EXPECT_NE(bad.errors[0].message.find("continue か end"), std::string::npos) << Dump(bad);
}

TEST(ConfigTest, WrongTypesAreReported) {
  ConfigLoad load = Parse(R"([server]
port = "8080"
host = 1
[security]
cookie_secure = "yes"
allowed_origins = "https://a.example.jp"
[line]
webhook_body_bytes_max = 1.5
)");
  ASSERT_EQ(load.errors.size(), 5u) << Dump(load);
  EXPECT_EQ(load.errors[0].message,
            "server.port: 0〜65535 の整数にしてください / must be an integer 0..65535");
  EXPECT_EQ(load.errors[1].message, "server.host: 文字列にしてください / must be a string");
  EXPECT_EQ(load.errors[2].message,
            "security.cookie_secure: true か false にしてください / must be true or false");
  EXPECT_EQ(load.errors[3].message,
            "security.allowed_origins: 文字列の配列にしてください / must be an array of strings");
  EXPECT_EQ(load.errors[3].line, 6);
  EXPECT_NE(Find(load, "line.webhook_body_bytes_max: 1024〜16777216"), nullptr);
}

TEST(ConfigTest, ReportsEveryErrorAtOnce) {
  ConfigLoad load = Parse(R"([server]
prot = 8080
threads = 0
[store]
kind = "mysql"
[log]
level = "verbose"
[security]
allowed_origins = ["https://ok.example.jp", "ftp://bad"]
[line.channels.Main]
channel_secret = "s"
[line.channels.ok]
channel_secret = ""
api_base = "api.line.me"
program = "missing"
)");
  EXPECT_EQ(load.errors.size(), 10u) << Dump(load);
  EXPECT_EQ(Find(load, "server.prot")->line, 2);
  EXPECT_EQ(Find(load, "server.threads")->line, 3);
  EXPECT_EQ(Find(load, "store.kind: sqlite か postgres")->line, 5);
  EXPECT_EQ(Find(load, "log.level: trace, debug, info, warn, error のいずれか")->line, 7);
  EXPECT_EQ(Find(load, "security.allowed_origins: 各要素を")->line, 9);
  EXPECT_EQ(Find(load, "line.channels.Main: 名前は")->line, 10);
  EXPECT_EQ(Find(load, "line.channels.ok.api_base: http:// か https://")->line, 14);
  EXPECT_EQ(Find(load, "line.channels.ok.channel_secret: 必須です")->line, 13);
  for (std::size_t i = 1; i < load.errors.size(); ++i) {
    EXPECT_LE(load.errors[i - 1].line, load.errors[i].line) << "errors come in line order";
  }
  EXPECT_EQ(Find(load, "line.channels.ok.channel_access_token: 必須です")->line, 12);
  EXPECT_EQ(Find(load, "line.channels.ok.program: [programs] に \"missing\" がありません")->line,
            15);
}

TEST(ConfigTest, UnknownKeyNamesKeyFileLineAndHint) {
  ConfigLoad load = Parse("[server]\nport = 1\nprot = 1\n");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].file, "tsunagu.toml");
  EXPECT_EQ(load.errors[0].line, 3);
  EXPECT_EQ(load.errors[0].message,
            "server.prot: 不明なキーです。port のことですか？ / unknown key; did you mean port?");
}

TEST(ConfigTest, UnknownKeyWithoutCloseMatchHasNoHint) {
  ConfigLoad load = Parse("[server]\ncolour = \"blue\"\n");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].message, "server.colour: 不明なキーです / unknown key");
}

TEST(ConfigTest, UnknownSectionsAndChannelKeysGetHints) {
  ConfigLoad load = Parse(R"([sever]
port = 1
[line.channels.main]
chanel_secret = "s"
channel_access_token = "t"
[line]
Reply_Token_Validity_MS = 1000
)");
  EXPECT_NE(Find(load,
                 "sever: 不明なセクションです。server のことですか？ / unknown section; "
                 "did you mean server?"),
            nullptr)
      << Dump(load);
  EXPECT_EQ(
      Find(load, "line.channels.main.chanel_secret: 不明なキーです。channel_secret のこと")->line,
      4);
  // Keys are case-sensitive; the hint shows the right spelling.
  EXPECT_NE(Find(load, "did you mean reply_token_validity_ms?"), nullptr);
}

TEST(ConfigTest, SyntaxErrorReportsTheLine) {
  ConfigLoad load = Parse("[server]\nport = 8080\nhost = \n");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].line, 3);
  EXPECT_EQ(load.errors[0].file, "tsunagu.toml");
  EXPECT_TRUE(load.errors[0].message.starts_with("TOML の構文エラーです / TOML syntax error: "))
      << load.errors[0].message;
}

TEST(ConfigTest, DuplicateKeyIsASyntaxError) {
  ConfigLoad load = Parse("[server]\nport = 1\nport = 2\n");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].line, 3);
}

TEST(ConfigTest, SectionsMustBeTables) {
  ConfigLoad load = Parse("server = 1\nprograms = \"x\"\n[line]\nchannels = []\n");
  EXPECT_NE(Find(load, "server: テーブルにしてください / must be a table"), nullptr) << Dump(load);
  EXPECT_NE(Find(load, "programs: テーブルにしてください"), nullptr);
  EXPECT_EQ(Find(load, "line.channels: テーブルにしてください")->line, 4);
}

TEST(ConfigTest, LogLevels) {
  for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
    EXPECT_TRUE(Parse(std::string("[log]\nlevel = \"") + level + "\"\n").ok()) << level;
  }
  for (const char* level : {"INFO", "warning", "critical", "off", ""}) {
    EXPECT_FALSE(Parse(std::string("[log]\nlevel = \"") + level + "\"\n").ok()) << level;
  }
}

TEST(ConfigTest, StoreKindNeedsItsLocation) {
  EXPECT_TRUE(Parse("[store]\nkind = \"sqlite\"\npath = \"x.db\"\n").ok());
  ConfigLoad sqlite = Parse("[store]\nkind = \"sqlite\"\npath = \"\"\n");
  ASSERT_EQ(sqlite.errors.size(), 1u) << Dump(sqlite);
  EXPECT_EQ(sqlite.errors[0].message, "store.path: sqlite では必須です / required for sqlite");
  EXPECT_EQ(sqlite.errors[0].line, 3);
  ConfigLoad postgres = Parse("[store]\nkind = \"postgres\"\n");
  ASSERT_EQ(postgres.errors.size(), 1u) << Dump(postgres);
  EXPECT_EQ(postgres.errors[0].message, "store.url: postgres では必須です / required for postgres");
  EXPECT_EQ(postgres.errors[0].line, 1);  // the [store] header: url is absent
  EXPECT_TRUE(Parse("[store]\nkind = \"postgres\"\nurl = \"postgresql:///t\"\n").ok());
}

TEST(ConfigTest, PostgresUrlFromAFileAndPoolSize) {
  ConfigLoad load =
      Parse("[store]\nkind = \"postgres\"\nurl_file = \"/run/secrets/line\"\npool_size = 12\n");
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.store.url, "file-secret");
  EXPECT_EQ(load.config.store.pool_size, 12);
  EXPECT_EQ(Parse("").config.store.pool_size, 8);
  ConfigLoad zero = Parse("[store]\nkind = \"postgres\"\nurl = \"u\"\npool_size = 0\n");
  ASSERT_EQ(zero.errors.size(), 1u) << Dump(zero);
  EXPECT_NE(zero.errors[0].message.find("store.pool_size"), std::string::npos);
  ConfigLoad both =
      Parse("[store]\nkind = \"postgres\"\nurl = \"u\"\nurl_file = \"/run/secrets/line\"\n");
  EXPECT_FALSE(both.ok());
}

TEST(ConfigTest, ChannelKeyPattern) {
  const std::string k32(32, 'a');
  for (std::string key : {"a", "kids-line_2", k32.c_str()}) {
    std::string text(kChannel);
    text.replace(text.find("main"), 4, key);
    EXPECT_TRUE(Parse(text).ok()) << key << "\n" << Dump(Parse(text));
  }
  for (std::string key : {std::string("Main"), std::string("\"with space\""), std::string("\"\""),
                          std::string("\"日本語\""), k32 + "a"}) {
    std::string text(kChannel);
    text.replace(text.find("main"), 4, key);
    ConfigLoad load = Parse(text);
    ASSERT_EQ(load.errors.size(), 1u) << key << "\n" << Dump(load);
    EXPECT_NE(load.errors[0].message.find("[a-z0-9_-]{1,32}"), std::string::npos);
    EXPECT_EQ(load.errors[0].line, 2);
  }
}

TEST(ConfigTest, ChannelSecretAndTokenAreRequiredAndNameTheirAlternatives) {
  ConfigLoad load = Parse("[line.channels.kids-line]\n");
  ASSERT_EQ(load.errors.size(), 2u) << Dump(load);
  EXPECT_EQ(load.errors[0].line, 1);
  EXPECT_EQ(load.errors[0].message,
            "line.channels.kids-line.channel_secret: 必須です（channel_secret_file か環境変数 "
            "TSUNAGU_LINE_CHANNELS_KIDS_LINE_CHANNEL_SECRET でも指定できます） / required (or "
            "channel_secret_file, or the environment variable "
            "TSUNAGU_LINE_CHANNELS_KIDS_LINE_CHANNEL_SECRET)");
  EXPECT_NE(Find(load, "line.channels.kids-line.channel_access_token: 必須です"), nullptr);
}

TEST(ConfigTest, ApiBasesMustBeHttpUrls) {
  for (const char* url : {"http://127.0.0.1:9090", "https://api.line.me"}) {
    std::string text = std::string(kChannel) + "api_base = \"" + url + "\"\n";
    EXPECT_TRUE(Parse(text).ok()) << url;
  }
  for (const char* url : {"", "http://", "ftp://x", "api.line.me", "HTTP://X"}) {
    std::string text = std::string(kChannel) + "api_data_base = \"" + url + "\"\n";
    ConfigLoad load = Parse(text);
    ASSERT_EQ(load.errors.size(), 1u) << url << "\n" << Dump(load);
    EXPECT_EQ(load.errors[0].message,
              "line.channels.main.api_data_base: http:// か https:// で始まる URL にしてください "
              "/ must be a URL starting with http:// or https://");
  }
}

TEST(ConfigTest, ProgramsAndTheDefaultProgram) {
  // A channel's default program "default" exists only while [programs] is empty.
  ConfigLoad load = Parse(std::string(kChannel) + "[programs.kids]\nname = \"こども\"\n");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].message,
            "line.channels.main.program: [programs] に \"default\" がありません / no program "
            "\"default\" in [programs]");
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_TRUE(
      Parse(std::string(kChannel) + "program = \"kids\"\n[programs.kids]\nname = \"k\"\n").ok());
  ConfigLoad empty = Parse("[programs]\n");
  ASSERT_TRUE(empty.ok()) << Dump(empty);
  EXPECT_EQ(empty.config.programs.at("default").name, "相談窓口");
  ConfigLoad no_name = Parse("[programs.kids]\nname = \"\"\n[programs.BAD]\nname = \"x\"\n");
  EXPECT_NE(Find(no_name, "programs.kids.name: 空にできません / must not be empty"), nullptr)
      << Dump(no_name);
  EXPECT_NE(Find(no_name, "programs.BAD: 名前は"), nullptr);
}

TEST(ConfigTest, GreetingLengthIsCountedInCharacters) {
  auto with_greeting = [](std::size_t chars) {
    std::string text;
    for (std::size_t i = 0; i < chars; ++i) text += "あ";  // 3 bytes each
    return Parse(std::string(kChannel) + "greeting = \"" + text + "\"\n");
  };
  EXPECT_TRUE(with_greeting(5000).ok());
  ConfigLoad load = with_greeting(5001);
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].message,
            "line.channels.main.greeting: 5000 文字以内にしてください / must be at most 5000 "
            "characters");
}

TEST(ConfigTest, ChannelKeysMustDifferAsEnvironmentNames) {
  ConfigLoad load = Parse(R"([line.channels.a-b]
channel_secret = "s"
channel_access_token = "t"
[line.channels.a_b]
channel_secret = "s"
channel_access_token = "t"
)");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].line, 4);
  EXPECT_NE(load.errors[0].message.find("line.channels.a_b: a-b と環境変数名が同じになります"),
            std::string::npos)
      << load.errors[0].message;
}

// ---- Environment overrides ----

TEST(ConfigEnvTest, OverridesScalarsAfterTheFile) {
  ConfigLoad load = Parse("[server]\nport = 9000\n[log]\nlevel = \"warn\"\n",
                          {{"TSUNAGU_SERVER_PORT", "8081"},
                           {"TSUNAGU_STORE_PATH", "/var/lib/tsunagu/db"},
                           {"TSUNAGU_LOG_LEVEL", "debug"},
                           {"TSUNAGU_SECURITY_COOKIE_SECURE", "true"},
                           {"TSUNAGU_SECURITY_ALLOWED_ORIGINS", " https://a.jp , http://b.jp,"},
                           {"TSUNAGU_LINE_REPLY_TOKEN_VALIDITY_MS", "1000"},
                           {"TSUNAGU_LINE_WEBHOOK_BODY_BYTES_MAX", "4096"},
                           {"TSUNAGU_SERVER_PUBLIC_URL", "https://x.jp"}});
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.server.port, 8081);
  EXPECT_EQ(load.config.store.path, "/var/lib/tsunagu/db");
  EXPECT_EQ(load.config.log.level, "debug");
  EXPECT_TRUE(load.config.security.cookie_secure);
  EXPECT_EQ(load.config.security.allowed_origins,
            (std::vector<std::string>{"https://a.jp", "http://b.jp"}));
  EXPECT_EQ(load.config.line.reply_token_validity_ms, 1000);
  EXPECT_EQ(load.config.line.webhook_body_bytes_max, 4096u);
  EXPECT_EQ(load.config.server.public_url, "https://x.jp");
}

TEST(ConfigEnvTest, OverridesAreTypeCheckedAndNameTheVariable) {
  ConfigLoad load = Parse("", {{"TSUNAGU_SERVER_PORT", "80a"},
                               {"TSUNAGU_SERVER_THREADS", "65"},
                               {"TSUNAGU_SECURITY_COOKIE_SECURE", "yes"},
                               {"TSUNAGU_LOG_LEVEL", "loud"},
                               {"TSUNAGU_LINE_REPLY_TOKEN_VALIDITY_MS", ""},
                               {"TSUNAGU_SERVER_HOST", ""}});
  ASSERT_EQ(load.errors.size(), 6u) << Dump(load);
  for (const auto& e : load.errors) {
    EXPECT_EQ(e.file, kEnvironmentSource);
    EXPECT_EQ(e.line, 0);
  }
  EXPECT_NE(Find(load,
                 "TSUNAGU_SERVER_PORT: server.port: 0〜65535 の整数にしてください / must "
                 "be an integer 0..65535"),
            nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_SERVER_THREADS: server.threads: 1〜64"), nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_SECURITY_COOKIE_SECURE: security.cookie_secure: true か false"),
            nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_LOG_LEVEL: log.level:"), nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_LINE_REPLY_TOKEN_VALIDITY_MS: line.reply_token_validity_ms:"),
            nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_SERVER_HOST: server.host: 空にできません"), nullptr);
  EXPECT_EQ(FormatConfigError(*Find(load, "TSUNAGU_SERVER_HOST")),
            "environment: TSUNAGU_SERVER_HOST: server.host: 空にできません / must not be empty");
}

TEST(ConfigEnvTest, IntegerSpellings) {
  EXPECT_EQ(Parse("", {{"TSUNAGU_SERVER_PORT", "0"}}).config.server.port, 0);
  for (const char* bad : {"+1", " 1", "1 ", "0x10", "1e3", "99999999999999999999"}) {
    EXPECT_FALSE(Parse("", {{"TSUNAGU_SERVER_PORT", bad}}).ok()) << bad;
  }
}

TEST(ConfigEnvTest, ChannelSecretsFromTheEnvironment) {
  ConfigLoad load = Parse("[line.channels.kids-line]\nchannel_access_token = \"file\"\n",
                          {{"TSUNAGU_LINE_CHANNELS_KIDS_LINE_CHANNEL_SECRET", "env-secret"},
                           {"TSUNAGU_LINE_CHANNELS_KIDS_LINE_CHANNEL_ACCESS_TOKEN", "env-token"},
                           {"TSUNAGU_LINE_CHANNELS_KIDS_LINE_API_BASE", "http://127.0.0.1:9090"}});
  ASSERT_TRUE(load.ok()) << Dump(load);
  const LineChannelConfig& ch = load.config.line.channels.at("kids-line");
  EXPECT_EQ(ch.channel_secret, "env-secret");
  EXPECT_EQ(ch.channel_access_token, "env-token");
  EXPECT_EQ(ch.api_base, "http://127.0.0.1:9090");
}

TEST(ConfigEnvTest, ChannelVariablesForMissingChannelsOrKeysAreErrors) {
  ConfigLoad load = Parse(kChannel, {{"TSUNAGU_LINE_CHANNELS_OTHER_CHANNEL_SECRET", "x"},
                                     {"TSUNAGU_LINE_CHANNELS_MAIN_CHANEL_SECRET", "x"},
                                     {"TSUNAGU_PROGRAMS_NOPE_NAME", "x"},
                                     {"TSUNAGU_LINE_CHANNELS_MAIN_API_BASE", "ftp://x"}});
  ASSERT_EQ(load.errors.size(), 4u) << Dump(load);
  EXPECT_NE(Find(load, "TSUNAGU_LINE_CHANNELS_OTHER_CHANNEL_SECRET: [line.channels.<key>] の"),
            nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_LINE_CHANNELS_MAIN_CHANEL_SECRET: "), nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_PROGRAMS_NOPE_NAME: [programs.<key>]"), nullptr);
  EXPECT_NE(Find(load, "TSUNAGU_LINE_CHANNELS_MAIN_API_BASE: line.channels.main.api_base: http"),
            nullptr);
}

TEST(ConfigEnvTest, UnknownVariablesOutsideTablesAreIgnored) {
  ConfigLoad load = Parse("", {{"TSUNAGU_SERVER_PROT", "1"},
                               {"TSUNAGU_CONFIG", "/etc/tsunagu.toml"},
                               {"TSUNAGU", "x"},
                               {"PATH", "/usr/bin"}});
  EXPECT_TRUE(load.ok()) << Dump(load);
}

TEST(ConfigEnvTest, ProgramNames) {
  ConfigLoad load = Parse("[programs.kids]\nname = \"a\"\n", {{"TSUNAGU_PROGRAMS_KIDS_NAME", "b"}});
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.programs.at("kids").name, "b");
}

TEST(ConfigEnvTest, DoesNotApplyAfterASyntaxError) {
  ConfigLoad load = Parse("[server\n", {{"TSUNAGU_SERVER_PORT", "x"}});
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].line, 1);
}

// ---- Secrets from files ----

TEST(ConfigSecretFileTest, ReadsAndTrims) {
  ConfigLoad load = Parse(R"([line.channels.main]
channel_secret_file = "/run/secrets/line"
channel_access_token_file = "/run/secrets/token"
)");
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.line.channels.at("main").channel_secret, "file-secret");
  EXPECT_EQ(load.config.line.channels.at("main").channel_access_token, "file-token");
}

TEST(ConfigSecretFileTest, ErrorsNameThePathNotTheContent) {
  ConfigLoad load = Parse(R"([line.channels.main]
channel_secret_file = "/run/secrets/missing"
channel_access_token_file = "/run/secrets/blank"
)");
  // Two errors, not four: "required" would only repeat that the file failed.
  ASSERT_EQ(load.errors.size(), 2u) << Dump(load);
  EXPECT_EQ(
      Find(load, "line.channels.main.channel_secret_file: cannot read /run/secrets/missing")->line,
      2)
      << Dump(load);
  EXPECT_EQ(Find(load,
                 "line.channels.main.channel_access_token_file: ファイル /run/secrets/blank "
                 "が空です / the file /run/secrets/blank is empty")
                ->line,
            3);
}

TEST(ConfigSecretFileTest, ValueAndFileTogetherIsAnError) {
  ConfigLoad load = Parse(R"([line.channels.main]
channel_secret = "inline"
channel_secret_file = "/run/secrets/line"
channel_access_token = "t"
)");
  ASSERT_EQ(load.errors.size(), 1u) << Dump(load);
  EXPECT_EQ(load.errors[0].line, 3);
  EXPECT_EQ(load.errors[0].message,
            "line.channels.main.channel_secret_file: channel_secret と channel_secret_file は"
            "どちらか一方だけにしてください / set only one of channel_secret and "
            "channel_secret_file");
}

TEST(ConfigSecretFileTest, FromTheEnvironment) {
  ConfigLoad load =
      Parse("[line.channels.main]\nchannel_access_token = \"t\"\n",
            {{"TSUNAGU_LINE_CHANNELS_MAIN_CHANNEL_SECRET_FILE", "/run/secrets/line"}});
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.line.channels.at("main").channel_secret, "file-secret");

  ConfigLoad both = Parse(kChannel, {{"TSUNAGU_LINE_CHANNELS_MAIN_CHANNEL_SECRET_FILE", "/a"},
                                     {"TSUNAGU_LINE_CHANNELS_MAIN_CHANNEL_SECRET", "b"}});
  ASSERT_EQ(both.errors.size(), 1u) << Dump(both);
  EXPECT_NE(Find(both, "TSUNAGU_LINE_CHANNELS_MAIN_CHANNEL_SECRET_FILE: "), nullptr);
}

// ---- Files on disk ----

class ConfigFileTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tsunagu_config_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(ConfigFileTest, LoadsAFileWithASecretFile) {
  std::string secret = Write("secret", "from-disk\n");
  std::string path = Write("tsunagu.toml", "[line.channels.main]\nchannel_secret_file = \"" +
                                               secret + "\"\nchannel_access_token = \"t\"\n");
  ConfigLoad load = LoadConfig(path, {});
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.line.channels.at("main").channel_secret, "from-disk");
}

TEST_F(ConfigFileTest, ErrorsCarryTheFilePath) {
  std::string path = Write("bad.toml", "[server]\nport = -1\n");
  ConfigLoad load = LoadConfig(path, {});
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].file, path);
  EXPECT_EQ(load.errors[0].line, 2);
}

TEST_F(ConfigFileTest, MissingFile) {
  std::string path = (dir_ / "nope.toml").string();
  ConfigLoad load = LoadConfig(path, {});
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].file, path);
  EXPECT_NE(load.errors[0].message.find("cannot read"), std::string::npos);
}

TEST_F(ConfigFileTest, EmptyPathMeansEnvironmentOnly) {
  ConfigLoad load = LoadConfig("", {{"TSUNAGU_SERVER_PORT", "1234"}});
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_EQ(load.config.server.port, 1234);
}

TEST_F(ConfigFileTest, SecretFileSizeLimit) {
  EXPECT_EQ(ReadSecretFile(Write("max", std::string(kSecretFileBytesMax, 'x'))).content->size(),
            kSecretFileBytesMax);
  FileRead too_big = ReadSecretFile(Write("big", std::string(kSecretFileBytesMax + 1, 'x')));
  ASSERT_FALSE(too_big.content.has_value());
  EXPECT_NE(too_big.error.find("larger than 65536 bytes"), std::string::npos);
  FileRead dir = ReadSecretFile(dir_.string());
  EXPECT_FALSE(dir.content.has_value());
  EXPECT_NE(dir.error.find("cannot read"), std::string::npos) << dir.error;
}

TEST_F(ConfigFileTest, ConfigFileSizeLimit) {
  std::string path = Write("huge.toml", std::string(kConfigFileBytesMax + 1, '#'));
  ConfigLoad load = LoadConfig(path, {});
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_NE(load.errors[0].message.find("larger than"), std::string::npos);
}

TEST(ProcessEnvironmentTest, ContainsSetVariables) {
  ::setenv("TSUNAGU_TEST_PROCESS_ENV", "a=b", 1);
  auto env = ProcessEnvironment();
  ::unsetenv("TSUNAGU_TEST_PROCESS_ENV");
  EXPECT_EQ(env.at("TSUNAGU_TEST_PROCESS_ENV"), "a=b");
}

TEST(FormatConfigErrorTest, Forms) {
  EXPECT_EQ(FormatConfigError({"f.toml", 3, "m"}), "f.toml:3: m");
  EXPECT_EQ(FormatConfigError({"f.toml", 0, "m"}), "f.toml: m");
  EXPECT_EQ(FormatConfigError({"", 0, "m"}), "m");
}

}  // namespace
}  // namespace tsunagu::platform

namespace tsunagu::platform {
namespace {

TEST(ConfigWorkersTest, DefaultsRunEveryWorker) {
  auto load = ParseConfig("", "tsunagu.toml", {}, [](const std::string&) { return FileRead{}; });
  ASSERT_TRUE(load.ok());
  EXPECT_TRUE(load.config.workers.inbound);
  EXPECT_TRUE(load.config.workers.outbox);
}

TEST(ConfigWorkersTest, FileAndEnvironmentTurnWorkersOff) {
  auto load = ParseConfig("[workers]\ninbound = false\n", "tsunagu.toml",
                          {{"TSUNAGU_WORKERS_OUTBOX", "false"}},
                          [](const std::string&) { return FileRead{}; });
  ASSERT_TRUE(load.ok());
  EXPECT_FALSE(load.config.workers.inbound);
  EXPECT_FALSE(load.config.workers.outbox);
}

TEST(ConfigWorkersTest, NonBooleanIsAnError) {
  auto load = ParseConfig("[workers]\ninbound = \"no\"\n", "tsunagu.toml", {},
                          [](const std::string&) { return FileRead{}; });
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.errors[0].message.find("workers.inbound"), std::string::npos);
  EXPECT_EQ(load.errors[0].line, 2);
}

// ---- [security] data_keys and TSUNAGU_DATA_KEY (encryption at rest).

std::string KeyBytes(int first) {
  std::string bytes;
  for (int i = 0; i < 32; ++i) bytes.push_back(static_cast<char>(first + i));
  return bytes;
}

TEST(ConfigDataKeysTest, NoKeyByDefault) {
  auto load = Parse("");
  ASSERT_TRUE(load.ok()) << Dump(load);
  EXPECT_TRUE(load.config.security.data_keys.empty());
}

TEST(ConfigDataKeysTest, ReadsKeyFilesInOrderTrimmed) {
  auto load = Parse("[security]\ndata_keys = [\"k2026b:/keys/k2\", \"k2026a:/keys/k1\"]\n");
  ASSERT_TRUE(load.ok()) << Dump(load);
  ASSERT_EQ(load.config.security.data_keys.size(), 2u);
  EXPECT_EQ(load.config.security.data_keys[0].id, "k2026b");
  EXPECT_EQ(load.config.security.data_keys[0].bytes, KeyBytes(32));
  EXPECT_EQ(load.config.security.data_keys[1].id, "k2026a");
  EXPECT_EQ(load.config.security.data_keys[1].bytes, KeyBytes(0));
}

TEST(ConfigDataKeysTest, BadEntriesNameTheLineButNeverTheKey) {
  const std::pair<std::string, std::string> kCases[] = {
      {"[\"k1\"]", "key-id:/path/to/key-file"},
      {"[\"K1:/keys/k1\"]", "[a-z0-9_-]{1,32}"},
      {"[\"k1:/keys/short\"]", "tsunagu keys generate"},
      {"[\"k1:/keys/missing\"]", "cannot read /keys/missing"},
      {"[\"k1:/keys/k1\", \"k1:/keys/k2\"]", "repeats"},
  };
  for (const auto& [value, needle] : kCases) {
    auto load = Parse("[security]\ndata_keys = " + value + "\n");
    ASSERT_FALSE(load.ok()) << value;
    const ConfigError* e = Find(load, needle);
    ASSERT_NE(e, nullptr) << value << "\n" << Dump(load);
    EXPECT_EQ(e->line, 2) << value;
    EXPECT_EQ(Dump(load).find("AAECAw"), std::string::npos) << "a key leaked: " << Dump(load);
  }
}

TEST(ConfigDataKeysTest, EnvironmentKey) {
  auto load =
      Parse("", {{"TSUNAGU_DATA_KEY", "env1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}});
  ASSERT_TRUE(load.ok()) << Dump(load);
  ASSERT_EQ(load.config.security.data_keys.size(), 1u);
  EXPECT_EQ(load.config.security.data_keys[0].id, "env1");
  EXPECT_EQ(load.config.security.data_keys[0].bytes, KeyBytes(0));

  auto bad = Parse("", {{"TSUNAGU_DATA_KEY", "env1:c2hvcnQ="}});
  ASSERT_NE(Find(bad, "TSUNAGU_DATA_KEY"), nullptr) << Dump(bad);
  EXPECT_EQ(Dump(bad).find("c2hvcnQ"), std::string::npos) << Dump(bad);
  EXPECT_NE(Find(Parse("", {{"TSUNAGU_DATA_KEY", "no-colon"}}), "key-id:base64key"), nullptr);
}

TEST(ConfigDataKeysTest, EnvironmentKeyAndFileKeysExcludeEachOther) {
  auto load = Parse("[security]\ndata_keys = [\"k1:/keys/k1\"]\n",
                    {{"TSUNAGU_DATA_KEY", "env1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}});
  EXPECT_NE(Find(load, "cannot be combined"), nullptr) << Dump(load);
}

}  // namespace
}  // namespace tsunagu::platform
