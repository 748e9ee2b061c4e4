#pragma once

#include <functional>
#include <string>

#include "app/inbound_committer.h"
#include "app/ports/clock.h"
#include "app/ports/webhook_decoder.h"

namespace tsunagu::app {

// Step 1 and 2 of a message's life: verify and decode the webhook, then make its events durable.
// done receives Ok only after the commit, so the webhook is answered 200 only then.
class ReceiveWebhook {
 public:
  ReceiveWebhook(WebhookDecoder& decoder, InboundCommitter& committer, Clock& clock);

  void Handle(const std::string& channel_key, std::string_view signature, std::string_view raw_body,
              InboundCommitter::Done done);

 private:
  WebhookDecoder& decoder_;
  InboundCommitter& committer_;
  Clock& clock_;
};

}  // namespace tsunagu::app
