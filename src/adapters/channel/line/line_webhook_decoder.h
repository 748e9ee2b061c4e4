// app::WebhookDecoder for LINE: size check, x-line-signature check over the raw bytes, then
// ParseWebhook. One decoder serves every configured LINE channel.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/webhook_decoder.h"
#include "core/limits.h"

namespace tsunagu::adapters::line {

class LineWebhookDecoder final : public app::WebhookDecoder {
 public:
  using ChannelSecrets = std::map<std::string, std::string, std::less<>>;  // key -> secret

  // body_bytes_max should be the configured [line] webhook_body_bytes_max, so that the HTTP
  // layer and the decoder agree.
  explicit LineWebhookDecoder(ChannelSecrets channel_secrets,
                              std::size_t body_bytes_max = core::kWebhookBodyBytesMax);

  // kNotFound: unknown channel_key. kLimitExceeded: body over body_bytes_max.
  // kUnauthenticated: missing or wrong signature (also for a channel with an empty secret).
  // kInvalidArgument: signed, but not a LINE webhook body (see ParseWebhook).
  core::Result<std::vector<core::InboundEvent>> Decode(const std::string& channel_key,
                                                       std::string_view signature,
                                                       std::string_view raw_body,
                                                       core::TimeMs received_at_ms) override;

 private:
  ChannelSecrets channel_secrets_;
  std::size_t body_bytes_max_;
};

}  // namespace tsunagu::adapters::line
