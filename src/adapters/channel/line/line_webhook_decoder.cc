#include "adapters/channel/line/line_webhook_decoder.h"

#include <utility>

#include "adapters/channel/line/signature.h"
#include "adapters/channel/line/webhook_parser.h"
#include "core/utf8.h"
#include "platform/metrics.h"

namespace tsunagu::adapters::line {
namespace {

// Channel keys come from the URL path; keep what is echoed back short and printable.
constexpr std::size_t kChannelKeyEchoBytesMax = 64;

}  // namespace

LineWebhookDecoder::LineWebhookDecoder(ChannelSecrets channel_secrets, std::size_t body_bytes_max)
    : channel_secrets_(std::move(channel_secrets)), body_bytes_max_(body_bytes_max) {}

namespace {

// Webhook bodies rejected (by reason) and events accepted, for /metrics.
void CountWebhook(const char* result, std::size_t events) {
  auto& registry = platform::Registry::Global();
  if (std::string_view(result) == "accepted") {
    registry.GetCounter("tsunagu_line_webhook_events_total", "LINE webhook events decoded")
        .Add(events);
    return;
  }
  registry
      .GetCounter("tsunagu_line_webhook_rejected_total", "LINE webhook bodies refused, by reason",
                  {{"reason", result}})
      .Add();
}

}  // namespace

core::Result<std::vector<core::InboundEvent>> LineWebhookDecoder::Decode(
    const std::string& channel_key, std::string_view signature, std::string_view raw_body,
    core::TimeMs received_at_ms) {
  const auto it = channel_secrets_.find(channel_key);
  if (it == channel_secrets_.end()) {
    const std::string shown =
        core::ReplaceControlChars(core::TruncateBytes(channel_key, kChannelKeyEchoBytesMax));
    return core::Fail(core::ErrorCode::kNotFound,
                      "unknown LINE channel \"" + shown + "\" / LINE チャネルが見つかりません");
  }
  // Size first: the HMAC would otherwise run over whatever length a stranger sends.
  if (raw_body.size() > body_bytes_max_) {
    return core::Fail(core::ErrorCode::kLimitExceeded,
                      "LINE webhook body too large / LINE Webhook の本文が大きすぎます");
  }
  if (!VerifySignature(it->second, raw_body, signature)) {
    CountWebhook("bad_signature", 1);
    return core::Fail(core::ErrorCode::kUnauthenticated,
                      "bad or missing x-line-signature / x-line-signature が不正です");
  }
  auto parsed = ParseWebhook(raw_body, channel_key, received_at_ms);
  if (!parsed) {
    CountWebhook("malformed", 1);
    return std::unexpected(parsed.error());
  }
  CountWebhook("accepted", parsed->events.size());
  return std::move(parsed->events);
}

}  // namespace tsunagu::adapters::line
