#include "app/outbox_dispatcher.h"

#include <algorithm>

#include "core/backoff.h"
#include "core/limits.h"

namespace tsunagu::app {

OutboxDispatcher::OutboxDispatcher(AppContext& ctx, ChannelSender& sender)
    : ctx_(ctx), sender_(sender) {}

core::TimeMs OutboxDispatcher::BackoffMs(int attempts) { return core::RetryBackoffMs(attempts); }

void OutboxDispatcher::RequestStop() { stopping_.store(true); }

bool OutboxDispatcher::RunOnce() {
  auto due = TransactFor<std::vector<OutboxItem>>(ctx_.store, [&](StoreTx& tx) {
    return tx.ClaimDueOutbox(ctx_.clock.NowMs(), ctx_.outbox_lease_ms, core::kOutboxClaimBatchMax);
  });
  if (!due || due->empty()) return false;
  for (OutboxItem& item : *due) {
    // Items left when stopping keep their lease and are sent after it runs out.
    if (stopping_.load()) break;
    SendOne(std::move(item));
  }
  return true;
}

void OutboxDispatcher::SendOne(OutboxItem item) {
  SendResult result;
  bool reply = !item.reply_token.empty() &&
               core::ReplyTokenUsable(item.reply_token_expires_at_ms, ctx_.clock.NowMs());
  if (reply) {
    result = sender_.Send(item, true);
    // Whatever happened, the token is spent or unusable: retries push with the retry key. (A
    // reply whose answer was lost may have been delivered; LINE offers no key for replies, so
    // that one case can deliver twice. It is rare and preferred over losing the message.)
    item.reply_token.clear();
    item.reply_token_expires_at_ms = 0;
    if (result.outcome == SendOutcome::kReplyTokenRejected) reply = false;
  }
  if (!reply) {
    item.reply_token.clear();
    result = sender_.Send(item, false);
    if (result.outcome == SendOutcome::kReplyTokenRejected) {
      result.outcome = SendOutcome::kFailed;  // cannot happen on push; never loop
    }
  }
  Record(item, result);
}

void OutboxDispatcher::Record(OutboxItem& item, const SendResult& result) {
  const core::TimeMs now = ctx_.clock.NowMs();
  item.attempts += 1;
  item.last_error = result.outcome == SendOutcome::kDelivered ? "" : result.detail;
  core::DeliveryState state = core::DeliveryState::kQueued;
  switch (result.outcome) {
    case SendOutcome::kDelivered:
      item.state = OutboxState::kDone;
      state = core::DeliveryState::kDelivered;
      break;
    case SendOutcome::kRetryLater:
      if (now - item.created_at_ms > core::kOutboxRetryWindowMs) {
        item.state = OutboxState::kFailed;
        state = core::DeliveryState::kFailed;
      } else {
        item.next_attempt_at_ms = now + BackoffMs(item.attempts);
      }
      break;
    case SendOutcome::kReplyTokenRejected:
    case SendOutcome::kFailed:
      item.state = OutboxState::kFailed;
      state = core::DeliveryState::kFailed;
      break;
  }
  std::optional<StreamEvent> event;
  core::Status s = ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    if (auto u = tx.UpdateOutbox(item); !u) return u;
    if (state == core::DeliveryState::kQueued) return core::Ok();
    if (auto u = tx.SetMessageDelivery(item.message_id, state, item.last_error); !u) return u;
    auto message = tx.GetMessage(item.message_id);
    if (!message) return std::unexpected(message.error());
    if (!*message) return core::Ok();
    auto conversation = tx.GetConversation((*message)->conversation_id);
    if (!conversation) return std::unexpected(conversation.error());
    if (*conversation) {
      event = ConversationEvent(StreamEventKind::kMessageUpdated, **conversation, **message);
    }
    return core::Ok();
  });
  if (!s) {
    ctx_.log.Warn("outbox " + std::to_string(item.id) + ": result not recorded", s.error());
  }
  if (s && item.state == OutboxState::kFailed) {
    ctx_.log.Warn("outbox " + std::to_string(item.id) + ": message " +
                      std::to_string(item.message_id) + " not delivered",
                  {core::ErrorCode::kUnavailable, item.last_error});
  }
  // If recording fails, the lease runs out and the item is sent again with the same retry key;
  // LINE answers 409 and it is then recorded as delivered.
  if (s && event) ctx_.notifier.Publish(*event);
}

}  // namespace tsunagu::app
