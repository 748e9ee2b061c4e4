// libFuzzer target: ParseWebhook on arbitrary bytes. Besides "no crash, no sanitizer report", it
// checks the bounds that ParseWebhook promises on every event it accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/channel/line/webhook_parser.h"
#include "core/limits.h"

namespace line = tsunagu::adapters::line;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = line::ParseWebhook(body, "fuzz", 1);
  if (!parsed) return 0;
  if (parsed->events.size() > tsunagu::core::kWebhookEventsMax) __builtin_trap();
  for (const auto& event : parsed->events) {
    if (event.event_id.empty() || event.event_id.size() > line::kWebhookEventIdBytesMax) {
      __builtin_trap();
    }
    if (event.reply_token.size() > line::kReplyTokenBytesMax) __builtin_trap();
    if (event.sender_id.size() > line::kLineIdBytesMax) __builtin_trap();
    if (event.channel_key != "fuzz" || event.raw_json.empty()) __builtin_trap();
  }
  return 0;
}
