#include "platform/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <system_error>
#include <utility>
#include <variant>

#include "platform/crypto.h"
#include "platform/log.h"

extern char** environ;

namespace tsunagu::platform {
namespace {

using Env = std::map<std::string, std::string>;
using Value = std::variant<bool, std::int64_t, std::string, std::vector<std::string>>;

// Named limits on the configuration values (docs/configuration.md lists them).
constexpr std::int64_t kPortMax = 65535;
constexpr std::int64_t kThreadsMax = 64;
constexpr std::int64_t kPoolSizeMax = 64;
constexpr std::int64_t kOutboxLeaseSMin = 25;  // above two sends' HTTP timeouts (2 x 10 s)
constexpr std::int64_t kOutboxLeaseSMax = 3600;
constexpr std::int64_t kSessionTtlSMin = 60;
constexpr std::int64_t kSessionTtlSMax = 30LL * 24 * 3600;
constexpr std::int64_t kLoginFailuresMaxMax = 1000;
constexpr std::int64_t kLoginFailureWindowSMax = 24LL * 3600;
// LINE reply tokens expire after about a minute; below a second the bot could never answer.
constexpr std::int64_t kReplyTokenValidityMsMin = 1000;
constexpr std::int64_t kReplyTokenValidityMsMax = 60'000;
constexpr std::int64_t kWebhookBodyBytesMaxMin = 1024;
constexpr std::int64_t kWebhookBodyBytesMaxMax = 16 * 1024 * 1024;
// LINE rejects text messages longer than 5,000 characters.
constexpr std::size_t kLineTextCharsMax = 5000;
constexpr std::size_t kTableKeyCharsMax = 32;
// Typos within this edit distance get a "did you mean" hint.
constexpr std::size_t kHintDistanceMax = 2;
constexpr std::size_t kHintKeyCharsMax = 64;

constexpr std::size_t kDataKeyIdCharsMax = 32;
constexpr std::size_t kDataKeyBytes = 32;
constexpr std::string_view kEnvPrefix = "TSUNAGU_";
constexpr std::string_view kChannelsEnvPrefix = "TSUNAGU_LINE_CHANNELS_";
constexpr std::string_view kProgramsEnvPrefix = "TSUNAGU_PROGRAMS_";
constexpr std::string_view kDefaultProgramKey = "default";
constexpr std::string_view kDefaultProgramName = "相談窓口";

enum class Kind { kBool, kInt, kString, kStringList };

enum class Rule {
  kNone,
  kNonEmpty,
  kHttpUrl,         // http:// or https:// and something after it
  kHttpUrlOrEmpty,  // the same, or empty; for lists: every item is an http(s) URL
  kLogLevel,
  kStoreKind,
  kAtClosing,   // "continue" or "end"
  kLineText,    // at most kLineTextCharsMax code points
  kSecretFile,  // a path; the trimmed file content is what gets applied
  kDataKeys,    // "id:path" items; each becomes "id:<base64 key from the file>"
};

// One key of a TOML table, and how it lands in the target struct T. The same description
// drives the TOML parser, the environment overrides and the "did you mean" hints.
template <typename T>
struct Field {
  std::string_view name;
  Kind kind;
  void (*apply)(T&, Value&);
  Rule rule = Rule::kNone;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::string_view exclusive_with = {};  // a key that must not be set in the same place
};

std::string Take(Value& v) { return std::move(std::get<std::string>(v)); }
std::int64_t Int(const Value& v) { return std::get<std::int64_t>(v); }

// "id:base64" (validated by Parser::LoadDataKeys) -> the key.
DataKey DecodeDataKey(const std::string& spec) {
  const std::size_t colon = spec.find(':');
  return DataKey{spec.substr(0, colon), Base64Decode(spec.substr(colon + 1)).value_or("")};
}

constexpr Field<Config> kServerFields[] = {
    {"host", Kind::kString, [](Config& c, Value& v) { c.server.host = Take(v); }, Rule::kNonEmpty},
    {"port", Kind::kInt, [](Config& c, Value& v) { c.server.port = static_cast<int>(Int(v)); },
     Rule::kNone, 0, kPortMax},
    {"threads", Kind::kInt,
     [](Config& c, Value& v) { c.server.threads = static_cast<int>(Int(v)); }, Rule::kNone, 1,
     kThreadsMax},
    {"public_url", Kind::kString, [](Config& c, Value& v) { c.server.public_url = Take(v); },
     Rule::kHttpUrlOrEmpty},
    {"static_dir", Kind::kString, [](Config& c, Value& v) { c.server.static_dir = Take(v); }},
    {"port_file", Kind::kString, [](Config& c, Value& v) { c.server.port_file = Take(v); }},
};

constexpr Field<Config> kStoreFields[] = {
    {"kind", Kind::kString, [](Config& c, Value& v) { c.store.kind = Take(v); }, Rule::kStoreKind},
    {"path", Kind::kString, [](Config& c, Value& v) { c.store.path = Take(v); }},
    {"url", Kind::kString, [](Config& c, Value& v) { c.store.url = Take(v); }},
    {"url_file", Kind::kString, [](Config& c, Value& v) { c.store.url = Take(v); },
     Rule::kSecretFile, 0, 0, "url"},
    {"pool_size", Kind::kInt,
     [](Config& c, Value& v) { c.store.pool_size = static_cast<int>(Int(v)); }, Rule::kNone, 1,
     kPoolSizeMax},
};

constexpr Field<Config> kSecurityFields[] = {
    {"cookie_secure", Kind::kBool,
     [](Config& c, Value& v) { c.security.cookie_secure = std::get<bool>(v); }},
    {"session_ttl_s", Kind::kInt, [](Config& c, Value& v) { c.security.session_ttl_s = Int(v); },
     Rule::kNone, kSessionTtlSMin, kSessionTtlSMax},
    {"login_failures_max", Kind::kInt,
     [](Config& c, Value& v) { c.security.login_failures_max = static_cast<int>(Int(v)); },
     Rule::kNone, 1, kLoginFailuresMaxMax},
    {"login_failure_window_s", Kind::kInt,
     [](Config& c, Value& v) { c.security.login_failure_window_s = Int(v); }, Rule::kNone, 1,
     kLoginFailureWindowSMax},
    {"allowed_origins", Kind::kStringList,
     [](Config& c, Value& v) {
       c.security.allowed_origins = std::move(std::get<std::vector<std::string>>(v));
     },
     Rule::kHttpUrlOrEmpty},
    {"data_keys", Kind::kStringList,
     [](Config& c, Value& v) {
       c.security.data_keys.clear();
       for (const std::string& spec : std::get<std::vector<std::string>>(v)) {
         c.security.data_keys.push_back(DecodeDataKey(spec));
       }
     },
     Rule::kDataKeys},
};

constexpr Field<Config> kLogFields[] = {
    {"level", Kind::kString, [](Config& c, Value& v) { c.log.level = Take(v); }, Rule::kLogLevel},
};

constexpr Field<Config> kWorkersFields[] = {
    {"inbound", Kind::kBool, [](Config& c, Value& v) { c.workers.inbound = std::get<bool>(v); }},
    {"outbox", Kind::kBool, [](Config& c, Value& v) { c.workers.outbox = std::get<bool>(v); }},
    {"outbox_lease_s", Kind::kInt, [](Config& c, Value& v) { c.workers.outbox_lease_s = Int(v); },
     Rule::kNone, kOutboxLeaseSMin, kOutboxLeaseSMax},
};

constexpr Field<Config> kLineFields[] = {
    {"reply_token_validity_ms", Kind::kInt,
     [](Config& c, Value& v) { c.line.reply_token_validity_ms = Int(v); }, Rule::kNone,
     kReplyTokenValidityMsMin, kReplyTokenValidityMsMax},
    {"webhook_body_bytes_max", Kind::kInt,
     [](Config& c, Value& v) { c.line.webhook_body_bytes_max = static_cast<std::size_t>(Int(v)); },
     Rule::kNone, kWebhookBodyBytesMaxMin, kWebhookBodyBytesMaxMax},
};

constexpr Field<LineChannelConfig> kChannelFields[] = {
    {"channel_secret", Kind::kString,
     [](LineChannelConfig& c, Value& v) { c.channel_secret = Take(v); }},
    {"channel_secret_file", Kind::kString,
     [](LineChannelConfig& c, Value& v) { c.channel_secret = Take(v); }, Rule::kSecretFile, 0, 0,
     "channel_secret"},
    {"channel_access_token", Kind::kString,
     [](LineChannelConfig& c, Value& v) { c.channel_access_token = Take(v); }},
    {"channel_access_token_file", Kind::kString,
     [](LineChannelConfig& c, Value& v) { c.channel_access_token = Take(v); }, Rule::kSecretFile, 0,
     0, "channel_access_token"},
    {"api_base", Kind::kString, [](LineChannelConfig& c, Value& v) { c.api_base = Take(v); },
     Rule::kHttpUrl},
    {"api_data_base", Kind::kString,
     [](LineChannelConfig& c, Value& v) { c.api_data_base = Take(v); }, Rule::kHttpUrl},
    {"program", Kind::kString, [](LineChannelConfig& c, Value& v) { c.program = Take(v); },
     Rule::kNonEmpty},
    {"greeting", Kind::kString, [](LineChannelConfig& c, Value& v) { c.greeting = Take(v); },
     Rule::kLineText},
    {"waiting_reply", Kind::kString,
     [](LineChannelConfig& c, Value& v) { c.waiting_reply = Take(v); }, Rule::kLineText},
};

constexpr Field<Config> kRiskFields[] = {
    {"enabled", Kind::kBool, [](Config& c, Value& v) { c.risk.enabled = std::get<bool>(v); }},
    {"lexicon", Kind::kString, [](Config& c, Value& v) { c.risk.lexicon = Take(v); },
     Rule::kNonEmpty},
    {"mecab_dicdir", Kind::kString, [](Config& c, Value& v) { c.risk.mecab_dicdir = Take(v); },
     Rule::kNonEmpty},
    {"debrief_window_h", Kind::kInt, [](Config& c, Value& v) { c.risk.debrief_window_h = Int(v); },
     Rule::kNone, 1, 24},
};

constexpr Field<ProgramConfig> kProgramFields[] = {
    {"name", Kind::kString, [](ProgramConfig& p, Value& v) { p.name = Take(v); }, Rule::kNonEmpty},
    {"scenario", Kind::kString, [](ProgramConfig& p, Value& v) { p.scenario = Take(v); }},
    {"hours_text", Kind::kString, [](ProgramConfig& p, Value& v) { p.hours_text = Take(v); }},
    {"shifts", Kind::kStringList,
     [](ProgramConfig& p, Value& v) {
       p.shifts = std::move(std::get<std::vector<std::string>>(v));
     }},
    {"period", Kind::kString, [](ProgramConfig& p, Value& v) { p.period = Take(v); }},
    {"closures", Kind::kStringList,
     [](ProgramConfig& p, Value& v) {
       p.closures = std::move(std::get<std::vector<std::string>>(v));
     }},
    {"closed_on_holidays", Kind::kBool,
     [](ProgramConfig& p, Value& v) { p.closed_on_holidays = std::get<bool>(v); }},
    {"year_end", Kind::kString, [](ProgramConfig& p, Value& v) { p.year_end = Take(v); }},
    {"local_days_off", Kind::kStringList,
     [](ProgramConfig& p, Value& v) {
       p.local_days_off = std::move(std::get<std::vector<std::string>>(v));
     }},
    {"intake_closes_minutes_before", Kind::kInt,
     [](ProgramConfig& p, Value& v) { p.intake_closes_minutes_before = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 240},
    {"helplines", Kind::kStringList,
     [](ProgramConfig& p, Value& v) {
       p.helplines = std::move(std::get<std::vector<std::string>>(v));
     }},
    {"overflow_queue_length", Kind::kInt,
     [](ProgramConfig& p, Value& v) { p.overflow_queue_length = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 10'000},
    {"overflow_wait_minutes", Kind::kInt,
     [](ProgramConfig& p, Value& v) { p.overflow_wait_minutes = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 24 * 60},
    {"planned_per_hour", Kind::kInt,
     [](ProgramConfig& p, Value& v) { p.planned_per_hour = static_cast<int>(Int(v)); }, Rule::kNone,
     0, 10'000},
    {"at_closing", Kind::kString, [](ProgramConfig& p, Value& v) { p.at_closing = Take(v); },
     Rule::kAtClosing},
    {"closing_warning_minutes", Kind::kInt,
     [](ProgramConfig& p, Value& v) { p.closing_warning_minutes = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 120},
    {"survey_questions", Kind::kStringList,
     [](ProgramConfig& p, Value& v) {
       p.survey_questions = std::move(std::get<std::vector<std::string>>(v));
     }},
    {"survey_intro", Kind::kString, [](ProgramConfig& p, Value& v) { p.survey_intro = Take(v); }},
    {"survey_thanks", Kind::kString, [](ProgramConfig& p, Value& v) { p.survey_thanks = Take(v); }},
    {"templates", Kind::kString, [](ProgramConfig& p, Value& v) { p.templates = Take(v); }},
};

constexpr Field<Config> kQueueFields[] = {
    {"concurrent_per_counselor", Kind::kInt,
     [](Config& c, Value& v) { c.queue.concurrent_per_counselor = static_cast<int>(Int(v)); },
     Rule::kNone, 1, 20},
    {"position_notice_interval_seconds", Kind::kInt,
     [](Config& c, Value& v) {
       c.queue.position_notice_interval_seconds = static_cast<int>(Int(v));
     },
     Rule::kNone, 0, 3600},
};

constexpr Field<Config> kNudgesFields[] = {
    {"reply_nudge_minutes", Kind::kInt,
     [](Config& c, Value& v) { c.nudges.reply_nudge_minutes = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 120},
    {"idle_checkin_minutes", Kind::kInt,
     [](Config& c, Value& v) { c.nudges.idle_checkin_minutes = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 24 * 60},
    {"idle_close_minutes", Kind::kInt,
     [](Config& c, Value& v) { c.nudges.idle_close_minutes = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 24 * 60},
    {"bot_idle_close_minutes", Kind::kInt,
     [](Config& c, Value& v) { c.nudges.bot_idle_close_minutes = static_cast<int>(Int(v)); },
     Rule::kNone, 0, 7 * 24 * 60},
};

constexpr Field<Config> kPresenceFields[] = {
    {"heartbeat_seconds", Kind::kInt,
     [](Config& c, Value& v) { c.presence.heartbeat_seconds = static_cast<int>(Int(v)); },
     Rule::kNone, 5, 600},
    {"timeout_seconds", Kind::kInt,
     [](Config& c, Value& v) { c.presence.timeout_seconds = static_cast<int>(Int(v)); },
     Rule::kNone, 10, 3600},
};

constexpr Field<Config> kDashboardFields[] = {
    {"counselors_per_supervisor_max", Kind::kInt,
     [](Config& c, Value& v) {
       c.dashboard.counselors_per_supervisor_max = static_cast<int>(Int(v));
     },
     Rule::kNone, 0, 100},
};

constexpr Field<Config> kTemplatesFields[] = {
    {"defaults", Kind::kString, [](Config& c, Value& v) { c.templates.defaults = Take(v); },
     Rule::kNonEmpty},
};

constexpr Field<Config> kTestingFields[] = {
    {"manual_clock", Kind::kBool,
     [](Config& c, Value& v) { c.testing.manual_clock = std::get<bool>(v); }},
    {"clock_start", Kind::kString, [](Config& c, Value& v) { c.testing.clock_start = Take(v); }},
};

constexpr Field<Config> kCalendarFields[] = {
    {"holidays_csv", Kind::kString, [](Config& c, Value& v) { c.calendar.holidays_csv = Take(v); }},
};

constexpr Field<Config> kWrapUpFields[] = {
    {"topics", Kind::kString, [](Config& c, Value& v) { c.wrapup.topics = Take(v); },
     Rule::kNonEmpty},
};

struct Section {
  std::string_view name;
  std::span<const Field<Config>> fields;
  std::string_view subtable;  // a key handled separately ([line.channels]); empty: none
};

constexpr Section kSections[] = {
    {"server", kServerFields, {}},       {"store", kStoreFields, {}},
    {"security", kSecurityFields, {}},   {"log", kLogFields, {}},
    {"workers", kWorkersFields, {}},     {"risk", kRiskFields, {}},
    {"calendar", kCalendarFields, {}},   {"queue", kQueueFields, {}},
    {"line", kLineFields, "channels"},   {"wrapup", kWrapUpFields, {}},
    {"nudges", kNudgesFields, {}},       {"presence", kPresenceFields, {}},
    {"dashboard", kDashboardFields, {}}, {"templates", kTemplatesFields, {}},
    {"testing", kTestingFields, {}},
};
constexpr std::string_view kProgramsSection = "programs";

// ---- Small text helpers ----

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '-' || c == '.') c = '_';
  }
  return out;
}

std::string Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t begin = s.find_first_not_of(kSpace);
  if (begin == s.npos) return {};
  return std::string(s.substr(begin, s.find_last_not_of(kSpace) - begin + 1));
}

bool IsTableKey(std::string_view key) {
  return !key.empty() && key.size() <= kTableKeyCharsMax &&
         std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
         });
}

std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsHttpUrl(std::string_view s) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (s.starts_with(scheme) && s.size() > scheme.size()) return true;
  }
  return false;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so that
// "prot" is one edit from "port".
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string_view> ClosestName(std::string_view typo,
                                            const std::vector<std::string_view>& names) {
  // Keys are short; an unbounded typo (fuzz input, pasted text) gets no hint rather than a
  // quadratic table.
  if (typo.size() > kHintKeyCharsMax) return std::nullopt;
  std::string lowered(typo);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  std::optional<std::string_view> best;
  std::size_t best_distance = kHintDistanceMax + 1;
  for (std::string_view name : names) {
    std::size_t distance = EditDistance(lowered, name);
    if (distance < best_distance && distance < name.size()) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

std::string UnknownMessage(std::string_view what_ja, std::string_view what_en,
                           std::string_view name, const std::vector<std::string_view>& known) {
  if (auto hint = ClosestName(name, known)) {
    return fmt::format("不明な{}です。{} のことですか？ / unknown {}; did you mean {}?", what_ja,
                       *hint, what_en, *hint);
  }
  return fmt::format("不明な{}です / unknown {}", what_ja, what_en);
}

// ---- Values ----

std::string KindMessage(Kind kind, std::int64_t min, std::int64_t max) {
  switch (kind) {
    case Kind::kBool:
      return "true か false にしてください / must be true or false";
    case Kind::kInt:
      return fmt::format("{}〜{} の整数にしてください / must be an integer {}..{}", min, max, min,
                         max);
    case Kind::kString:
      return "文字列にしてください / must be a string";
    case Kind::kStringList:
      return "文字列の配列にしてください / must be an array of strings";
  }
  return {};
}

template <typename T>
std::string KindMessage(const Field<T>& f) {
  return KindMessage(f.kind, f.min, f.max);
}

// nullopt: the node has the wrong type; the caller reports KindMessage(f).
template <typename T>
std::optional<Value> FromToml(const Field<T>& f, const toml::node& node) {
  switch (f.kind) {
    case Kind::kBool:
      if (const auto* b = node.as_boolean()) return Value(b->get());
      return std::nullopt;
    case Kind::kInt:
      if (const auto* i = node.as_integer()) return Value(i->get());
      return std::nullopt;
    case Kind::kString:
      if (const auto* s = node.as_string()) return Value(s->get());
      return std::nullopt;
    case Kind::kStringList: {
      const auto* array = node.as_array();
      if (array == nullptr) return std::nullopt;
      std::vector<std::string> items;
      for (const toml::node& item : *array) {
        const auto* s = item.as_string();
        if (s == nullptr) return std::nullopt;
        items.push_back(s->get());
      }
      return Value(std::move(items));
    }
  }
  return std::nullopt;
}

// Environment values are text: integers in decimal, booleans as true/false, lists as
// comma-separated items.
template <typename T>
std::optional<Value> FromEnv(const Field<T>& f, const std::string& text) {
  switch (f.kind) {
    case Kind::kBool:
      if (text == "true" || text == "false") return Value(text == "true");
      break;
    case Kind::kInt: {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return Value(v);
      break;
    }
    case Kind::kString:
      return Value(text);
    case Kind::kStringList: {
      std::vector<std::string> items;
      for (std::size_t start = 0; start <= text.size();) {
        std::size_t comma = std::min(text.find(',', start), text.size());
        if (std::string item = Trim(std::string_view(text).substr(start, comma - start));
            !item.empty()) {
          items.push_back(std::move(item));
        }
        start = comma + 1;
      }
      return Value(std::move(items));
    }
  }
  return std::nullopt;  // the caller reports KindMessage(f)
}

constexpr std::string_view kUrlMessage =
    "http:// か https:// で始まる URL にしてください / must be a URL starting with http:// or "
    "https://";

// Checks a value of the right kind against its range and rule; the message is Japanese first,
// then English.
template <typename T>
std::optional<std::string> CheckValue(const Field<T>& f, const Value& v) {
  if (f.kind == Kind::kInt && (Int(v) < f.min || Int(v) > f.max)) return KindMessage(f);
  if (const auto* list = std::get_if<std::vector<std::string>>(&v)) {
    bool all_urls = std::all_of(list->begin(), list->end(), IsHttpUrl);
    if (f.rule == Rule::kHttpUrlOrEmpty && !all_urls) {
      return "各要素を http:// か https:// で始まる URL にしてください / every item must be a URL "
             "starting with http:// or https://";
    }
    return std::nullopt;
  }
  const auto* s = std::get_if<std::string>(&v);
  if (s == nullptr) return std::nullopt;
  switch (f.rule) {
    case Rule::kNonEmpty:
    case Rule::kSecretFile:
      if (s->empty()) return "空にできません / must not be empty";
      break;
    case Rule::kHttpUrl:
      if (!IsHttpUrl(*s)) return std::string(kUrlMessage);
      break;
    case Rule::kHttpUrlOrEmpty:
      if (!s->empty() && !IsHttpUrl(*s)) return std::string(kUrlMessage);
      break;
    case Rule::kLogLevel:
      if (!IsValidLogLevel(*s)) {
        return "trace, debug, info, warn, error のいずれかにしてください / must be one of trace, "
               "debug, info, warn, error";
      }
      break;
    case Rule::kStoreKind:
      if (*s != "sqlite" && *s != "postgres") {
        return "sqlite か postgres にしてください / must be sqlite or postgres";
      }
      break;
    case Rule::kAtClosing:
      if (*s != "continue" && *s != "end") {
        return "continue か end にしてください / must be continue or end";
      }
      break;
    case Rule::kLineText:
      if (CodePoints(*s) > kLineTextCharsMax) {
        return fmt::format("{} 文字以内にしてください / must be at most {} characters",
                           kLineTextCharsMax, kLineTextCharsMax);
      }
      break;
    case Rule::kNone:
    case Rule::kDataKeys:  // checked item by item when the files are read
      break;
  }
  return std::nullopt;
}

template <typename T>
const Field<T>* FindField(std::span<const Field<T>> fields, std::string_view name) {
  auto it =
      std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

template <typename T>
std::vector<std::string_view> FieldNames(std::span<const Field<T>> fields,
                                         std::string_view extra = {}) {
  std::vector<std::string_view> names;
  for (const auto& f : fields) names.push_back(f.name);
  if (!extra.empty()) names.push_back(extra);
  return names;
}

std::string ExclusiveMessage(std::string_view a, std::string_view b) {
  return fmt::format("{} と {} はどちらか一方だけにしてください / set only one of {} and {}", a, b,
                     a, b);
}

int SourceLine(const toml::key& key, const toml::node& node) {
  // Tables created implicitly by a dotted header ([line.channels.x] creates [line]) may have no
  // position of their own; the key always has one.
  auto line = node.source().begin.line;
  if (line == 0) line = key.source().begin.line;
  return static_cast<int>(line);
}

// ---- The parser ----

class Parser {
 public:
  Parser(const std::string& file, const Env& env, const SecretFileReader& read_secret_file)
      : file_(file), env_(env), read_secret_file_(read_secret_file) {}

  ConfigLoad Run(std::string_view text);

 private:
  void Error(int line, std::string message) {
    out_.errors.push_back(ConfigError{file_, line, std::move(message)});
  }
  void ErrorAt(const std::string& path, std::string_view message) {
    failed_paths_.insert(path);
    Error(LineOf(path), path + ": " + std::string(message));
  }
  // key_path: the key the variable sets, if any, so that Validate does not pile on.
  void EnvError(const std::string& var, std::string_view message, std::string key_path = {}) {
    if (!key_path.empty()) failed_paths_.insert(std::move(key_path));
    out_.errors.push_back(
        ConfigError{std::string(kEnvironmentSource), 0, var + ": " + std::string(message)});
  }
  int LineOf(std::string path) const;

  void ParseRoot(const toml::table& root);
  template <typename T>
  void ParseTable(const std::string& path, const toml::table& table,
                  std::span<const Field<T>> fields, T& target, std::string_view subtable = {});
  template <typename T>
  void ParseKeyed(const std::string& path, const toml::node& node, std::span<const Field<T>> fields,
                  std::map<std::string, T>& into);
  template <typename T>
  std::optional<std::string> Accept(const Field<T>& f, Value value, T& target);

  // data_keys items "id:path" -> "id:base64", read and checked; an error names ids and paths,
  // never a key.
  std::optional<std::string> LoadDataKeys(std::vector<std::string>& items);
  std::optional<std::string> CheckDataKey(std::string_view id, std::string_view base64,
                                          std::string_view source);
  void ApplyDataKeyEnv();

  void ApplyEnv();
  template <typename T>
  void ApplyEnvFields(const std::string& var_prefix, const std::string& path,
                      std::span<const Field<T>> fields, T& target);
  template <typename T>
  void ApplyEnvKeyed(std::string_view var_prefix, const std::string& path,
                     std::span<const Field<T>> fields, std::map<std::string, T>& tables);

  void Validate();
  void ValidateChannel(const LineChannelConfig& channel);

  std::string file_;
  const Env& env_;
  const SecretFileReader& read_secret_file_;
  ConfigLoad out_;
  std::map<std::string, int> lines_;  // dotted path -> line, for errors found after parsing
  std::set<std::string> consumed_env_;
  // Keys that already have an error: "required" after "cannot read the secret file" would only
  // repeat it.
  std::set<std::string> failed_paths_;
};

ConfigLoad Parser::Run(std::string_view text) {
  toml::table root;
  try {
    root = toml::parse(text, file_);
  } catch (const toml::parse_error& e) {
    // toml++ stops at the first syntax error, so this is the one error we can report.
    Error(static_cast<int>(e.source().begin.line),
          "TOML の構文エラーです / TOML syntax error: " + std::string(e.description()));
    return std::move(out_);
  }
  ParseRoot(root);
  ApplyEnv();
  Validate();
  // toml++ iterates tables by key, not by position; people fix files top to bottom, so list the
  // file's errors in line order and the environment's after them.
  std::stable_sort(out_.errors.begin(), out_.errors.end(), [](const auto& a, const auto& b) {
    auto rank = [](const ConfigError& e) {
      return std::pair(e.file == kEnvironmentSource && e.line == 0, e.line);
    };
    return rank(a) < rank(b);
  });
  return std::move(out_);
}

int Parser::LineOf(std::string path) const {
  while (!path.empty()) {
    if (auto it = lines_.find(path); it != lines_.end() && it->second > 0) return it->second;
    std::size_t dot = path.rfind('.');
    path.resize(dot == path.npos ? 0 : dot);
  }
  return 0;
}

void Parser::ParseRoot(const toml::table& root) {
  std::vector<std::string_view> known{kProgramsSection};
  for (const Section& s : kSections) known.push_back(s.name);
  for (const auto& [key, node] : root) {
    std::string name(key.str());
    lines_[name] = SourceLine(key, node);
    if (name == kProgramsSection) {
      ParseKeyed<ProgramConfig>(name, node, kProgramFields, out_.config.programs);
      continue;
    }
    auto section = std::find_if(std::begin(kSections), std::end(kSections),
                                [&](const Section& s) { return s.name == name; });
    if (section == std::end(kSections)) {
      ErrorAt(name, UnknownMessage("セクション", "section", name, known));
      continue;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      ErrorAt(name, "テーブルにしてください / must be a table");
      continue;
    }
    ParseTable<Config>(name, *table, section->fields, out_.config, section->subtable);
    if (const toml::node* channels = table->get("channels"); channels && name == "line") {
      ParseKeyed<LineChannelConfig>("line.channels", *channels, kChannelFields,
                                    out_.config.line.channels);
    }
  }
}

template <typename T>
void Parser::ParseTable(const std::string& path, const toml::table& table,
                        std::span<const Field<T>> fields, T& target, std::string_view subtable) {
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    std::string key_path = path + "." + name;
    lines_[key_path] = SourceLine(key, node);
    if (!subtable.empty() && name == subtable) continue;
    const Field<T>* f = FindField(fields, name);
    if (f == nullptr) {
      ErrorAt(key_path, UnknownMessage("キー", "key", name, FieldNames(fields, subtable)));
      continue;
    }
    if (!f->exclusive_with.empty() && table.contains(f->exclusive_with)) {
      ErrorAt(key_path, ExclusiveMessage(f->exclusive_with, f->name));
      continue;
    }
    auto value = FromToml(*f, node);
    if (!value) {
      ErrorAt(key_path, KindMessage(*f));
    } else if (auto error = Accept(*f, std::move(*value), target)) {
      ErrorAt(key_path, *error);
    }
  }
}

template <typename T>
void Parser::ParseKeyed(const std::string& path, const toml::node& node,
                        std::span<const Field<T>> fields, std::map<std::string, T>& into) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    ErrorAt(path, "テーブルにしてください / must be a table");
    return;
  }
  for (const auto& [key, item] : *table) {
    std::string name(key.str());
    std::string item_path = path + "." + name;
    lines_[item_path] = SourceLine(key, item);
    if (!IsTableKey(name)) {
      ErrorAt(item_path,
              "名前は英小文字・数字・_・- の 1〜32 文字にしてください / the name must match "
              "[a-z0-9_-]{1,32}");
      continue;
    }
    const toml::table* item_table = item.as_table();
    if (item_table == nullptr) {
      ErrorAt(item_path, "テーブルにしてください / must be a table");
      continue;
    }
    T value;
    value.key = name;
    ParseTable<T>(item_path, *item_table, fields, value);
    into.insert_or_assign(name, std::move(value));
  }
}

template <typename T>
std::optional<std::string> Parser::Accept(const Field<T>& f, Value value, T& target) {
  if (auto error = CheckValue(f, value)) return error;
  if (f.rule == Rule::kSecretFile) {
    const std::string path = std::get<std::string>(value);
    FileRead read = read_secret_file_(path);
    if (!read.content) return read.error;
    std::string secret = Trim(*read.content);
    if (secret.empty()) {
      return fmt::format("ファイル {} が空です / the file {} is empty", path, path);
    }
    value = std::move(secret);
  }
  if (f.rule == Rule::kDataKeys) {
    auto& items = std::get<std::vector<std::string>>(value);
    if (auto error = LoadDataKeys(items)) return error;
  }
  f.apply(target, value);
  return std::nullopt;
}

std::optional<std::string> Parser::CheckDataKey(std::string_view id, std::string_view base64,
                                                std::string_view source) {
  const bool id_ok =
      !id.empty() && id.size() <= kDataKeyIdCharsMax &&
      std::all_of(id.begin(), id.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
      });
  if (!id_ok) {
    return fmt::format(
        "鍵の名前 \"{}\" は英小文字・数字・_・- の 1〜32 文字にしてください / the key id "
        "\"{}\" must match [a-z0-9_-]{{1,32}}",
        id, id);
  }
  std::optional<std::string> key = Base64Decode(base64);
  if (!key || key->size() != kDataKeyBytes) {
    return fmt::format(
        "{} は 32 バイトの鍵の base64 ではありません（`tsunagu keys generate` で作れます） / "
        "{} does not hold the base64 of a 32-byte key (make one with `tsunagu keys "
        "generate`)",
        source, source);
  }
  return std::nullopt;
}

std::optional<std::string> Parser::LoadDataKeys(std::vector<std::string>& items) {
  std::set<std::string> ids;
  for (std::string& item : items) {
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos || colon + 1 == item.size()) {
      return fmt::format(
          "\"{}\": \"鍵の名前:鍵ファイル\" の形にしてください / must be "
          "\"key-id:/path/to/key-file\"",
          item);
    }
    const std::string id = item.substr(0, colon);
    const std::string path = item.substr(colon + 1);
    if (!ids.insert(id).second) {
      return fmt::format("鍵の名前 {} が重複しています / the key id {} repeats", id, id);
    }
    FileRead read = read_secret_file_(path);
    if (!read.content) return read.error;
    std::string base64 = Trim(*read.content);
    if (auto error = CheckDataKey(id, base64, path)) return error;
    item = id + ":" + base64;
  }
  return std::nullopt;
}

// TSUNAGU_DATA_KEY = "id:base64key": the one key, for deployments that keep secrets in the
// environment. It replaces nothing silently: with data_keys set as well it is an error.
void Parser::ApplyDataKeyEnv() {
  const std::string var(kDataKeyEnv);
  auto it = env_.find(var);
  if (it == env_.end()) return;
  if (!out_.config.security.data_keys.empty() || failed_paths_.contains("security.data_keys")) {
    EnvError(var,
             "[security] data_keys と同時には使えません / cannot be combined with [security] "
             "data_keys",
             "security.data_keys");
    return;
  }
  const std::string spec = Trim(it->second);
  const std::size_t colon = spec.find(':');
  if (colon == std::string::npos) {
    EnvError(var, "\"鍵の名前:base64\" の形にしてください / must be \"key-id:base64key\"",
             "security.data_keys");
    return;
  }
  if (auto error = CheckDataKey(spec.substr(0, colon), spec.substr(colon + 1), var)) {
    EnvError(var, *error, "security.data_keys");
    return;
  }
  out_.config.security.data_keys = {DecodeDataKey(spec)};
}

void Parser::ApplyEnv() {
  for (const Section& s : kSections) {
    ApplyEnvFields<Config>(std::string(kEnvPrefix) + Upper(s.name) + "_", std::string(s.name),
                           s.fields, out_.config);
  }
  ApplyEnvKeyed<LineChannelConfig>(kChannelsEnvPrefix, "line.channels", kChannelFields,
                                   out_.config.line.channels);
  ApplyEnvKeyed<ProgramConfig>(kProgramsEnvPrefix, std::string(kProgramsSection), kProgramFields,
                               out_.config.programs);
  ApplyDataKeyEnv();
}

template <typename T>
void Parser::ApplyEnvFields(const std::string& var_prefix, const std::string& path,
                            std::span<const Field<T>> fields, T& target) {
  for (const Field<T>& f : fields) {
    const std::string var = var_prefix + Upper(f.name);
    auto it = env_.find(var);
    if (it == env_.end()) continue;
    consumed_env_.insert(var);
    const std::string key_path = path + "." + std::string(f.name);
    if (!f.exclusive_with.empty() && env_.contains(var_prefix + Upper(f.exclusive_with))) {
      EnvError(var, ExclusiveMessage(var_prefix + Upper(f.exclusive_with), var), key_path);
      continue;
    }
    auto value = FromEnv(f, it->second);
    if (!value) {
      EnvError(var, key_path + ": " + KindMessage(f), key_path);
    } else if (auto error = Accept(f, std::move(*value), target)) {
      EnvError(var, key_path + ": " + *error, key_path);
    }
  }
}

template <typename T>
void Parser::ApplyEnvKeyed(std::string_view var_prefix, const std::string& path,
                           std::span<const Field<T>> fields, std::map<std::string, T>& tables) {
  for (auto& [key, item] : tables) {
    ApplyEnvFields<T>(std::string(var_prefix) + Upper(key) + "_", path + "." + key, fields, item);
  }
  // Overrides may change a table but never create one, so a variable that matched nothing is
  // a typo or a channel missing from the file: both would otherwise fail silently.
  for (const auto& [var, value] : env_) {
    if (var.starts_with(var_prefix) && !consumed_env_.contains(var)) {
      EnvError(var, fmt::format("[{}.<key>] のどのテーブルのキーにも当たりません / matches no "
                                "key of any existing [{}.<key>] table",
                                path, path));
    }
  }
}

void Parser::Validate() {
  Config& c = out_.config;
  if (c.store.kind == "sqlite" && c.store.path.empty()) {
    ErrorAt("store.path", "sqlite では必須です / required for sqlite");
  }
  if (c.store.kind == "postgres" && c.store.url.empty()) {
    ErrorAt("store.url", "postgres では必須です / required for postgres");
  }
  if (c.programs.empty()) {
    std::string key(kDefaultProgramKey);
    ProgramConfig program;
    program.key = key;
    program.name = std::string(kDefaultProgramName);
    c.programs.emplace(key, std::move(program));
  }
  std::map<std::string, std::string> env_names;  // Upper(key) -> key
  for (const auto& [key, channel] : c.line.channels) {
    ValidateChannel(channel);
    auto [it, inserted] = env_names.emplace(Upper(key), key);
    if (!inserted) {
      ErrorAt("line.channels." + key,
              fmt::format("{} と環境変数名が同じになります / maps to the same environment "
                          "variable names as {}",
                          it->second, it->second));
    }
  }
}

void Parser::ValidateChannel(const LineChannelConfig& channel) {
  const std::string path = "line.channels." + channel.key;
  const std::string var_prefix = std::string(kChannelsEnvPrefix) + Upper(channel.key) + "_";
  const std::pair<std::string_view, const std::string*> kRequired[] = {
      {"channel_secret", &channel.channel_secret},
      {"channel_access_token", &channel.channel_access_token},
  };
  for (const auto& [name, value] : kRequired) {
    const std::string key_path = path + "." + std::string(name);
    if (!value->empty() || failed_paths_.contains(key_path) ||
        failed_paths_.contains(key_path + "_file")) {
      continue;
    }
    const std::string var = var_prefix + Upper(name);
    // The key is often absent on purpose (the value comes from elsewhere); LineOf then falls
    // back to the table's line.
    ErrorAt(key_path,
            fmt::format("必須です（{}_file か環境変数 {} でも指定できます） / required (or "
                        "{}_file, or the environment variable {})",
                        name, var, name, var));
  }
  if (!out_.config.programs.contains(channel.program) &&
      !failed_paths_.contains(path + ".program")) {
    ErrorAt(path + ".program",
            fmt::format("[programs] に \"{}\" がありません / no program \"{}\" in [programs]",
                        channel.program, channel.program));
  }
}

FileRead ReadFileCapped(const std::string& path, std::size_t bytes_max) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  auto fail = [&](int err) {
    return FileRead{std::nullopt, fmt::format("ファイル {} を読めません / cannot read {}: {}", path,
                                              path, std::generic_category().message(err))};
  };
  if (!file) return fail(errno);
  // One byte more than allowed tells "exactly the limit" from "too large" without a stat, which
  // would not work for pipes and /proc files anyway.
  std::string content(bytes_max + 1, '\0');
  std::size_t n = std::fread(content.data(), 1, content.size(), file.get());
  if (std::ferror(file.get())) return fail(errno);
  if (n > bytes_max) {
    return FileRead{std::nullopt,
                    fmt::format("ファイル {} が大きすぎます（上限 {} バイト） / {} is larger than "
                                "{} bytes",
                                path, bytes_max, path, bytes_max)};
  }
  content.resize(n);
  return FileRead{std::move(content), {}};
}

}  // namespace

ConfigLoad ParseConfig(std::string_view toml_text, const std::string& path_for_errors,
                       const std::map<std::string, std::string>& env,
                       const SecretFileReader& read_secret_file) {
  return Parser(path_for_errors, env, read_secret_file).Run(toml_text);
}

ConfigLoad ParseConfig(std::string_view toml_text, const std::string& path_for_errors,
                       const std::map<std::string, std::string>& env) {
  return ParseConfig(toml_text, path_for_errors, env, SecretFileReader(&ReadSecretFile));
}

ConfigLoad LoadConfig(const std::string& path, const std::map<std::string, std::string>& env) {
  if (path.empty()) return ParseConfig("", std::string(kEnvironmentSource), env);
  FileRead read = ReadFileCapped(path, kConfigFileBytesMax);
  if (!read.content) {
    ConfigLoad load;
    load.errors.push_back(ConfigError{path, 0, std::move(read.error)});
    return load;
  }
  return ParseConfig(*read.content, path, env);
}

FileRead ReadSecretFile(const std::string& path) {
  return ReadFileCapped(path, kSecretFileBytesMax);
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::size_t eq = text.find('=');
    if (eq == text.npos) continue;
    env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return env;
}

std::string FormatConfigError(const ConfigError& error) {
  if (error.line > 0) return fmt::format("{}:{}: {}", error.file, error.line, error.message);
  if (!error.file.empty()) return fmt::format("{}: {}", error.file, error.message);
  return error.message;
}

}  // namespace tsunagu::platform
