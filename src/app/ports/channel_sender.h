#pragma once

#include <string>

#include "app/ports/store.h"

namespace tsunagu::app {

enum class SendOutcome {
  kDelivered,           // accepted by the channel (a 409 for a known retry key counts too)
  kReplyTokenRejected,  // the reply token was invalid or expired: fall back to push
  kRetryLater,          // 429, 5xx or a network error: back off and retry
  kFailed,              // any other refusal: permanent, shown to staff
};

struct SendResult {
  SendOutcome outcome = SendOutcome::kFailed;
  std::string detail;  // status and the channel's error message, for logs and the console
};

// Sends one outbox item on its channel. use_reply_token says whether to reply with the item's
// token or to push with its retry key.
class ChannelSender {
 public:
  virtual ~ChannelSender() = default;
  virtual SendResult Send(const OutboxItem& item, bool use_reply_token) = 0;
};

}  // namespace tsunagu::app
