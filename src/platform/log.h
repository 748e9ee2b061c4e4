// Logging: spdlog to stderr, one line per event, with an ISO 8601 timestamp and the level.
//
// Privacy rule (tsunagu carries children's counseling conversations): the text of messages,
// display names, LINE user ids, reply tokens, passwords, session ids and secrets are never
// logged at info level or above. Log ids we assign, sizes, counts, durations and outcomes
// instead. Secrets and tokens are never logged at any level; message text may appear only at
// debug/trace, which production must not enable.
#pragma once

#include <string>
#include <string_view>

namespace tsunagu::platform {

// The accepted level names, in increasing severity: trace, debug, info, warn, error.
bool IsValidLogLevel(std::string_view level);

// Replaces spdlog's default logger with one that writes to stderr, e.g.
//   2025-01-31T09:15:02.123+09:00 [info] [12345] listening on 127.0.0.1:8080
// (time, level, thread id, text). An unknown level falls back to info and logs a warning, so a
// typo never silences the log. Safe to call more than once (tests do); not concurrently.
void InitLogging(const std::string& level);

}  // namespace tsunagu::platform
