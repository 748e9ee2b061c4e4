#include "app/outbox_dispatcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/conversation_ops.h"
#include "app/process_inbound.h"
#include "core/limits.h"
#include "unit/support/app_env.h"
#include "unit/support/fakes.h"

namespace tsunagu::app {
namespace {

using core::DeliveryState;
using testing::FakeChannelSender;
using testing::FakeClock;
using testing::Read;
using testing::TestEnv;

constexpr core::TimeMs kT0 = FakeClock::kStartMs;

TEST(BackoffMsTest, DoublesFromOneSecondUpToTheCap) {
  EXPECT_EQ(OutboxDispatcher::BackoffMs(1), 1'000);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(2), 2'000);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(3), 4'000);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(4), 8'000);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(9), 256'000);
  // 512 s would pass the cap.
  EXPECT_EQ(OutboxDispatcher::BackoffMs(10), core::kOutboxBackoffMsMax);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(11), core::kOutboxBackoffMsMax);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(1'000'000), core::kOutboxBackoffMsMax);
  EXPECT_EQ(OutboxDispatcher::BackoffMs(0), core::kOutboxBackoffMsMin);
  for (int attempts = 1; attempts < 64; ++attempts) {
    EXPECT_GE(OutboxDispatcher::BackoffMs(attempts + 1), OutboxDispatcher::BackoffMs(attempts));
    EXPECT_LE(OutboxDispatcher::BackoffMs(attempts), core::kOutboxBackoffMsMax);
  }
}

class OutboxDispatcherTest : public ::testing::Test {
 protected:
  OutboxDispatcherTest() : dispatcher_(env_.ctx, sender_) {}

  struct Queued {
    core::ConversationId conversation_id = 0;
    core::MessageId message_id = 0;
    OutboxItem item;  // as stored right after queueing
  };

  // Queues a staff message to U1 the way the use cases do, with the given reply token on the
  // conversation (empty: none).
  Queued QueueText(const std::string& text, const std::string& reply_token = "",
                   core::TimeMs token_expires_at_ms = 0) {
    Queued q;
    auto message = Read<core::Message>(env_.store, [&](StoreTx& tx) -> core::Result<core::Message> {
      auto client = FindOrCreateClient(env_.ctx, tx, testing::kChannel, "U1");
      if (!client) return std::unexpected(client.error());
      auto opened =
          FindOrOpenConversation(env_.ctx, tx, *client, testing::kChannel, env_.program_id);
      if (!opened) return std::unexpected(opened.error());
      opened->conversation.reply_token = reply_token;
      opened->conversation.reply_token_expires_at_ms = token_expires_at_ms;
      return QueueOutbound(env_.ctx, tx, opened->conversation, core::SenderKind::kStaff,
                           std::nullopt, "佐藤", text);
    });
    q.conversation_id = message.conversation_id;
    q.message_id = message.id;
    auto outbox = env_.Outbox();
    EXPECT_FALSE(outbox.empty());
    if (!outbox.empty()) q.item = outbox.back();
    EXPECT_EQ(q.item.message_id, q.message_id);
    return q;
  }

  OutboxItem Stored(const Queued& q) {
    auto item = Read<std::optional<OutboxItem>>(
        env_.store, [&](StoreTx& tx) { return tx.GetOutbox(q.item.id); });
    EXPECT_TRUE(item.has_value());
    return item.value_or(OutboxItem{});
  }

  core::Message MessageOf(const Queued& q) {
    auto m = env_.Message(q.message_id);
    EXPECT_TRUE(m.has_value());
    return m.value_or(core::Message{});
  }

  TestEnv env_;
  FakeChannelSender sender_;
  OutboxDispatcher dispatcher_;
};

TEST_F(OutboxDispatcherTest, RepliesWhileTheTokenIsUsable) {
  const core::TimeMs expires = kT0 + 50'000;
  Queued q = QueueText("こんにちは", "rt-1", expires);
  ASSERT_EQ(q.item.reply_token, "rt-1");
  env_.clock.Set(expires - core::kReplyTokenSafetyMarginMs - 1);

  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0].use_reply_token);
  EXPECT_EQ(calls[0].item.reply_token, "rt-1");
  EXPECT_EQ(calls[0].item.text, "こんにちは");
  EXPECT_EQ(calls[0].item.recipient_id, "U1");
  EXPECT_EQ(calls[0].item.sender_name, "佐藤");

  OutboxItem stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kDone);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_TRUE(stored.last_error.empty());
  EXPECT_TRUE(stored.reply_token.empty());  // spent
  EXPECT_EQ(MessageOf(q).delivery_state, DeliveryState::kDelivered);

  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, StreamEventKind::kMessageUpdated);
  EXPECT_EQ(events[0].conversation.id, q.conversation_id);
  ASSERT_TRUE(events[0].message.has_value());
  EXPECT_EQ(events[0].message->id, q.message_id);
  EXPECT_EQ(events[0].message->delivery_state, DeliveryState::kDelivered);

  // Done is done.
  env_.clock.Advance(3'600'000);
  EXPECT_FALSE(dispatcher_.RunOnce());
  EXPECT_EQ(sender_.calls().size(), 1u);
}

TEST_F(OutboxDispatcherTest, PushesWithTheRetryKeyOnceTheTokenIsPastTheMargin) {
  const core::TimeMs expires = kT0 + 50'000;
  Queued q = QueueText("こんにちは", "rt-1", expires);
  env_.clock.Set(expires - core::kReplyTokenSafetyMarginMs);

  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0].use_reply_token);
  EXPECT_TRUE(calls[0].item.reply_token.empty());
  EXPECT_EQ(calls[0].item.retry_key, q.item.retry_key);
  EXPECT_FALSE(q.item.retry_key.empty());
  EXPECT_EQ(Stored(q).state, OutboxState::kDone);
  EXPECT_EQ(MessageOf(q).delivery_state, DeliveryState::kDelivered);
}

TEST_F(OutboxDispatcherTest, WithoutATokenItPushes) {
  Queued q = QueueText("こんにちは");
  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0].use_reply_token);
  EXPECT_EQ(calls[0].item.retry_key, q.item.retry_key);
}

TEST_F(OutboxDispatcherTest, ARejectedReplyTokenFallsBackToPushAtOnce) {
  Queued q = QueueText("こんにちは", "rt-1", kT0 + 50'000);
  sender_.Script(SendOutcome::kReplyTokenRejected, "400 Invalid reply token");

  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_TRUE(calls[0].use_reply_token);
  EXPECT_FALSE(calls[1].use_reply_token);
  EXPECT_TRUE(calls[1].item.reply_token.empty());
  EXPECT_EQ(calls[1].item.retry_key, q.item.retry_key);
  OutboxItem stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kDone);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(MessageOf(q).delivery_state, DeliveryState::kDelivered);
}

TEST_F(OutboxDispatcherTest, RetryLaterBacksOffAndIsNotClaimedBeforeItsTime) {
  Queued q = QueueText("こんにちは");
  sender_.Script(SendOutcome::kRetryLater, "503 Service Unavailable");

  ASSERT_TRUE(dispatcher_.RunOnce());
  OutboxItem stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kPending);
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.next_attempt_at_ms, kT0 + OutboxDispatcher::BackoffMs(1));
  EXPECT_EQ(stored.last_error, "503 Service Unavailable");
  EXPECT_EQ(MessageOf(q).delivery_state, DeliveryState::kQueued);
  EXPECT_TRUE(env_.notifier.events().empty());

  env_.clock.Set(kT0 + OutboxDispatcher::BackoffMs(1) - 1);
  EXPECT_FALSE(dispatcher_.RunOnce());
  EXPECT_EQ(sender_.calls().size(), 1u);

  env_.clock.Set(kT0 + OutboxDispatcher::BackoffMs(1));
  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].item.retry_key, calls[0].item.retry_key);
  EXPECT_FALSE(calls[1].use_reply_token);
  stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kDone);
  EXPECT_EQ(stored.attempts, 2);
  EXPECT_TRUE(stored.last_error.empty());
  EXPECT_EQ(MessageOf(q).delivery_state, DeliveryState::kDelivered);
  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message->delivery_state, DeliveryState::kDelivered);
}

TEST_F(OutboxDispatcherTest, EachRetryWaitsLongerAndKeepsItsRetryKey) {
  Queued q = QueueText("こんにちは");
  for (int i = 0; i < 3; ++i) sender_.Script(SendOutcome::kRetryLater, "429 Too Many Requests");
  core::TimeMs now = kT0;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    env_.clock.Set(now);
    ASSERT_TRUE(dispatcher_.RunOnce()) << attempt;
    OutboxItem stored = Stored(q);
    EXPECT_EQ(stored.attempts, attempt);
    EXPECT_EQ(stored.next_attempt_at_ms, now + OutboxDispatcher::BackoffMs(attempt));
    now = stored.next_attempt_at_ms;
  }
  EXPECT_EQ(now, kT0 + 1'000 + 2'000 + 4'000);
  env_.clock.Set(now);
  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 4u);
  for (const auto& call : calls) EXPECT_EQ(call.item.retry_key, q.item.retry_key);
  EXPECT_EQ(Stored(q).state, OutboxState::kDone);
}

TEST_F(OutboxDispatcherTest, AReplyThatMustBeRetriedIsRetriedAsAPush) {
  // The reply's answer was lost: the token may be spent, so the retry pushes with the key even
  // though the token would still be inside its validity.
  Queued q = QueueText("こんにちは", "rt-1", kT0 + 50'000);
  sender_.Script(SendOutcome::kRetryLater, "network error");
  ASSERT_TRUE(dispatcher_.RunOnce());
  EXPECT_TRUE(Stored(q).reply_token.empty());

  env_.clock.Set(kT0 + OutboxDispatcher::BackoffMs(1));
  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_TRUE(calls[0].use_reply_token);
  EXPECT_FALSE(calls[1].use_reply_token);
  EXPECT_EQ(calls[1].item.retry_key, q.item.retry_key);
}

TEST_F(OutboxDispatcherTest, APermanentFailureIsShownOnTheMessage) {
  Queued q = QueueText("こんにちは");
  sender_.Script(SendOutcome::kFailed, "400 The request body has 1 error(s)");

  ASSERT_TRUE(dispatcher_.RunOnce());
  OutboxItem stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kFailed);
  EXPECT_EQ(stored.last_error, "400 The request body has 1 error(s)");
  core::Message m = MessageOf(q);
  EXPECT_EQ(m.delivery_state, DeliveryState::kFailed);
  EXPECT_EQ(m.delivery_error, "400 The request body has 1 error(s)");
  // Operators hear of it too.
  ASSERT_EQ(env_.log.lines().size(), 1u);
  EXPECT_NE(env_.log.lines()[0].find("not delivered"), std::string::npos);

  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, StreamEventKind::kMessageUpdated);
  ASSERT_TRUE(events[0].message.has_value());
  EXPECT_EQ(events[0].message->delivery_state, DeliveryState::kFailed);
  EXPECT_EQ(events[0].message->delivery_error, "400 The request body has 1 error(s)");

  env_.clock.Advance(core::kOutboxBackoffMsMax * 10);
  EXPECT_FALSE(dispatcher_.RunOnce());
  EXPECT_EQ(sender_.calls().size(), 1u);
}

TEST_F(OutboxDispatcherTest, RetriesStopAfterTheRetryWindow) {
  Queued q = QueueText("こんにちは");
  sender_.Script(SendOutcome::kRetryLater, "503");
  sender_.Script(SendOutcome::kRetryLater, "503 again");

  // At exactly the window it is still retried...
  env_.clock.Set(kT0 + core::kOutboxRetryWindowMs);
  ASSERT_TRUE(dispatcher_.RunOnce());
  OutboxItem stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kPending);
  EXPECT_EQ(MessageOf(q).delivery_state, DeliveryState::kQueued);

  // ...and past it, it fails visibly.
  env_.clock.Set(stored.next_attempt_at_ms);
  ASSERT_TRUE(dispatcher_.RunOnce());
  stored = Stored(q);
  EXPECT_EQ(stored.state, OutboxState::kFailed);
  core::Message m = MessageOf(q);
  EXPECT_EQ(m.delivery_state, DeliveryState::kFailed);
  EXPECT_EQ(m.delivery_error, "503 again");
  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message->delivery_state, DeliveryState::kFailed);
}

TEST_F(OutboxDispatcherTest, MessagesToOneRecipientGoInTheOrderTheyWereWritten) {
  QueueText("一");
  QueueText("二");
  QueueText("三");
  // One message per recipient per round: the next is sent only once the one before is done.
  int rounds = 0;
  while (dispatcher_.RunOnce()) ++rounds;
  EXPECT_EQ(rounds, 3);
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].item.text, "一");
  EXPECT_EQ(calls[1].item.text, "二");
  EXPECT_EQ(calls[2].item.text, "三");
  for (const OutboxItem& item : env_.Outbox()) EXPECT_EQ(item.state, OutboxState::kDone);
}

TEST_F(OutboxDispatcherTest, AMessageWaitingForARetryHoldsBackTheLaterOnesToThatRecipient) {
  QueueText("一");
  QueueText("二");
  sender_.Script(SendOutcome::kRetryLater, "503 Service Unavailable");
  ASSERT_TRUE(dispatcher_.RunOnce());
  // "二" must not overtake "一" while "一" waits for its retry.
  EXPECT_FALSE(dispatcher_.RunOnce());
  ASSERT_EQ(sender_.calls().size(), 1u);

  env_.clock.Set(kT0 + OutboxDispatcher::BackoffMs(1));
  while (dispatcher_.RunOnce()) {
  }
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[1].item.text, "一");
  EXPECT_EQ(calls[2].item.text, "二");
}

TEST_F(OutboxDispatcherTest, AnItemLeasedByACrashedSenderIsSentAfterTheLeaseWithTheSameKey) {
  Queued q = QueueText("こんにちは");
  // Another sender claimed it and died before reporting back.
  auto claimed = Read<std::vector<OutboxItem>>(env_.store, [](StoreTx& tx) {
    return tx.ClaimDueOutbox(kT0, core::kOutboxLeaseMs, core::kOutboxClaimBatchMax);
  });
  ASSERT_EQ(claimed.size(), 1u);

  env_.clock.Set(kT0 + core::kOutboxLeaseMs - 1);
  EXPECT_FALSE(dispatcher_.RunOnce());
  env_.clock.Set(kT0 + core::kOutboxLeaseMs);
  ASSERT_TRUE(dispatcher_.RunOnce());
  auto calls = sender_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].item.retry_key, q.item.retry_key);
  EXPECT_EQ(Stored(q).state, OutboxState::kDone);
}

}  // namespace
}  // namespace tsunagu::app

namespace tsunagu::app {
namespace {

// A sender that asks the dispatcher to stop while it sends the first item, as shutdown does.
class StoppingSender final : public ChannelSender {
 public:
  OutboxDispatcher* dispatcher = nullptr;
  int calls = 0;
  SendResult Send(const OutboxItem&, bool) override {
    ++calls;
    dispatcher->RequestStop();
    return {SendOutcome::kDelivered, ""};
  }
};

TEST(OutboxDispatcherStopTest, StopsBetweenItemsAndLeavesTheRestLeased) {
  testing::TestEnv env;
  StoppingSender sender;
  OutboxDispatcher dispatcher(env.ctx, sender);
  sender.dispatcher = &dispatcher;
  for (const char* user : {"U1", "U2", "U3"}) {
    ASSERT_TRUE(env.InsertEvent(
        testing::TextEvent(std::string("ev-") + user, user, "hi", "", env.clock.NowMs())));
  }
  InboundProcessor processor(env.ctx, [] {});
  env.SetReplies("", "お待ちください");  // each new conversation queues one outbound message
  ASSERT_TRUE(processor.RunOnce());
  ASSERT_EQ(env.Outbox().size(), 3u);

  ASSERT_TRUE(dispatcher.RunOnce());
  EXPECT_EQ(sender.calls, 1);
  int done = 0;
  for (const OutboxItem& item : env.Outbox()) done += item.state == OutboxState::kDone;
  EXPECT_EQ(done, 1);
}

}  // namespace
}  // namespace tsunagu::app
