#include "app/receive_webhook.h"

namespace tsunagu::app {

ReceiveWebhook::ReceiveWebhook(WebhookDecoder& decoder, InboundCommitter& committer, Clock& clock)
    : decoder_(decoder), committer_(committer), clock_(clock) {}

void ReceiveWebhook::Handle(const std::string& channel_key, std::string_view signature,
                            std::string_view raw_body, InboundCommitter::Done done) {
  auto events = decoder_.Decode(channel_key, signature, raw_body, clock_.NowMs());
  if (!events) {
    done(std::unexpected(events.error()));
    return;
  }
  committer_.Submit(std::move(*events), std::move(done));
}

}  // namespace tsunagu::app
