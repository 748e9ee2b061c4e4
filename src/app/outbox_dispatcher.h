#pragma once

#include <atomic>

#include "app/context.h"
#include "app/ports/channel_sender.h"

namespace tsunagu::app {

// Step 5: sends queued messages. Replies with the reply token while it is usable, and pushes
// with the item's retry key otherwise, so that a retry after a crash is answered 409 by LINE
// instead of delivering twice. 429, 5xx and network errors back off and retry; other refusals
// fail visibly on the message.
class OutboxDispatcher {
 public:
  OutboxDispatcher(AppContext& ctx, ChannelSender& sender);

  // Sends one batch of due items; returns true when it handled any.
  bool RunOnce();

  // Makes RunOnce stop between items, so that shutting down does not wait for a whole batch of
  // timeouts when LINE is unreachable.
  void RequestStop();

  // The delay before attempt number `attempts` + 1: 1 s, 2 s, 4 s, ... capped at 5 min.
  static core::TimeMs BackoffMs(int attempts);

 private:
  void SendOne(OutboxItem item);
  void Record(OutboxItem& item, const SendResult& result);

  AppContext& ctx_;
  ChannelSender& sender_;
  std::atomic<bool> stopping_{false};
};

}  // namespace tsunagu::app
