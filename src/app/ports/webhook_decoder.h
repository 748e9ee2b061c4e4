#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/inbound_event.h"
#include "core/result.h"

namespace tsunagu::app {

// Turns one webhook request from a channel into normalised events. It checks the signature over
// the raw bytes first. Errors: kNotFound (unknown channel key), kUnauthenticated (bad or missing
// signature), kInvalidArgument (not the channel's format), kLimitExceeded (too large).
class WebhookDecoder {
 public:
  virtual ~WebhookDecoder() = default;
  virtual core::Result<std::vector<core::InboundEvent>> Decode(const std::string& channel_key,
                                                               std::string_view signature,
                                                               std::string_view raw_body,
                                                               core::TimeMs received_at_ms) = 0;
};

}  // namespace tsunagu::app
