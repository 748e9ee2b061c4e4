#include "app/process_inbound.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/limits.h"
#include "unit/support/app_env.h"
#include "unit/support/fakes.h"

namespace tsunagu::app {
namespace {

using core::ContentKind;
using core::DeliveryState;
using core::Direction;
using core::InboundState;
using core::SenderKind;
using testing::FailingStore;
using testing::FakeClock;
using testing::TestEnv;

constexpr core::TimeMs kT0 = FakeClock::kStartMs;
constexpr core::TimeMs kValidityMs = 50'000;

std::vector<std::string> TextsFrom(const std::vector<core::Message>& messages, SenderKind kind) {
  std::vector<std::string> texts;
  for (const core::Message& m : messages) {
    if (m.sender_kind == kind) texts.push_back(m.text);
  }
  return texts;
}

class InboundProcessorTest : public ::testing::Test {
 protected:
  InboundProcessorTest() : processor_(env_.ctx, [this] { ++outbox_wakeups_; }) {}

  void Insert(const core::InboundEvent& event) { ASSERT_TRUE(env_.InsertEvent(event)); }

  InboundState StateOf(const std::string& event_id) {
    auto e = env_.Event(event_id);
    EXPECT_TRUE(e.has_value()) << event_id;
    return e ? e->state : InboundState::kPending;
  }

  // Everything the store holds about conversations, for before/after comparisons.
  struct Snapshot {
    std::size_t conversations = 0;
    std::size_t messages = 0;
    std::size_t outbox = 0;
    std::size_t published = 0;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot SnapshotOfStore() {
    Snapshot s;
    for (const core::Conversation& c : env_.Conversations()) {
      ++s.conversations;
      s.messages += env_.Messages(c.id).size();
    }
    s.outbox = env_.Outbox().size();
    s.published = env_.notifier.events().size();
    return s;
  }

  void ExpectNothingButIgnored(const std::string& event_id, const std::string& sender) {
    EXPECT_EQ(StateOf(event_id), InboundState::kIgnored);
    EXPECT_FALSE(env_.ClientOf(sender).has_value());
    EXPECT_TRUE(env_.Conversations().empty());
    EXPECT_TRUE(env_.Outbox().empty());
    EXPECT_TRUE(env_.notifier.events().empty());
    EXPECT_EQ(outbox_wakeups_, 0);
  }

  TestEnv env_;
  int outbox_wakeups_ = 0;
  InboundProcessor processor_;
};

TEST_F(InboundProcessorTest, FollowCreatesAClientAWaitingConversationANoteAndTheGreeting) {
  Insert(testing::FollowEvent("ev-1", "U1", "rt-follow", kT0));
  ASSERT_TRUE(processor_.RunOnce());

  EXPECT_EQ(StateOf("ev-1"), InboundState::kProcessed);
  auto client = env_.ClientOf("U1");
  ASSERT_TRUE(client.has_value());
  EXPECT_FALSE(client->blocked);
  EXPECT_TRUE(client->pseudonym.starts_with("相談者-")) << client->pseudonym;

  auto conversations = env_.Conversations();
  ASSERT_EQ(conversations.size(), 1u);
  const core::Conversation& c = conversations[0];
  EXPECT_EQ(c.client_id, client->id);
  EXPECT_EQ(c.program_id, env_.program_id);
  EXPECT_EQ(c.channel_key, testing::kChannel);
  EXPECT_EQ(c.status, core::ConversationStatus::kWaiting);
  EXPECT_FALSE(c.assigned_staff_id.has_value());
  // The greeting used the reply token, so none is left on the conversation.
  EXPECT_TRUE(c.reply_token.empty());

  auto messages = env_.Messages(c.id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].sender_kind, SenderKind::kSystem);
  EXPECT_EQ(messages[0].direction, Direction::kInbound);
  EXPECT_EQ(messages[0].content_type, "system");
  EXPECT_FALSE(messages[0].text.empty());
  EXPECT_EQ(messages[1].sender_kind, SenderKind::kBot);
  EXPECT_EQ(messages[1].direction, Direction::kOutbound);
  EXPECT_EQ(messages[1].text, testing::kGreeting);
  EXPECT_EQ(messages[1].delivery_state, DeliveryState::kQueued);

  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].message_id, messages[1].id);
  EXPECT_EQ(outbox[0].channel_key, testing::kChannel);
  EXPECT_EQ(outbox[0].recipient_id, "U1");
  EXPECT_EQ(outbox[0].text, testing::kGreeting);
  EXPECT_EQ(outbox[0].reply_token, "rt-follow");
  EXPECT_EQ(outbox[0].reply_token_expires_at_ms, kT0 + kValidityMs);
  EXPECT_FALSE(outbox[0].retry_key.empty());
  EXPECT_EQ(outbox[0].state, OutboxState::kPending);
  EXPECT_LE(outbox[0].next_attempt_at_ms, env_.clock.NowMs());

  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, StreamEventKind::kConversationUpdated);
  EXPECT_EQ(events[0].conversation.id, c.id);
  EXPECT_EQ(events[1].kind, StreamEventKind::kMessageCreated);
  ASSERT_TRUE(events[1].message.has_value());
  EXPECT_EQ(events[1].message->id, messages[0].id);
  EXPECT_EQ(events[2].kind, StreamEventKind::kMessageCreated);
  ASSERT_TRUE(events[2].message.has_value());
  EXPECT_EQ(events[2].message->id, messages[1].id);
  EXPECT_EQ(outbox_wakeups_, 1);
}

TEST_F(InboundProcessorTest, AGreetingProcessedJustInsideTheSafetyMarginReplies) {
  Insert(testing::FollowEvent("ev-1", "U1", "rt-1", kT0));
  env_.clock.Set(kT0 + kValidityMs - core::kReplyTokenSafetyMarginMs - 1);
  ASSERT_TRUE(processor_.RunOnce());
  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].reply_token, "rt-1");
  EXPECT_EQ(outbox[0].reply_token_expires_at_ms, kT0 + kValidityMs);
}

TEST_F(InboundProcessorTest, AGreetingProcessedAtTheSafetyMarginPushes) {
  Insert(testing::FollowEvent("ev-1", "U1", "rt-1", kT0));
  env_.clock.Set(kT0 + kValidityMs - core::kReplyTokenSafetyMarginMs);
  ASSERT_TRUE(processor_.RunOnce());
  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_TRUE(outbox[0].reply_token.empty());
  EXPECT_FALSE(outbox[0].retry_key.empty());
}

TEST_F(InboundProcessorTest, ATextMessageIsStoredWithItsText) {
  Insert(testing::TextEvent("ev-1", "U1", "学校に行きたくない", "rt-1", kT0));
  ASSERT_TRUE(processor_.RunOnce());

  EXPECT_EQ(StateOf("ev-1"), InboundState::kProcessed);
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->status, core::ConversationStatus::kWaiting);
  auto messages = env_.Messages(c->id);
  ASSERT_EQ(messages.size(), 2u);
  const core::Message& in = messages[0];
  EXPECT_EQ(in.direction, Direction::kInbound);
  EXPECT_EQ(in.sender_kind, SenderKind::kClient);
  EXPECT_EQ(in.sender_name, c->client_pseudonym);
  EXPECT_EQ(in.content_kind, ContentKind::kText);
  EXPECT_EQ(in.content_type, "text");
  EXPECT_EQ(in.text, "学校に行きたくない");
  EXPECT_EQ(in.external_id, "m-ev-1");
  EXPECT_EQ(in.delivery_state, DeliveryState::kReceived);
  EXPECT_EQ(in.created_at_ms, kT0 - 100);  // when it was said, not when we processed it
  // The message opened the conversation, so the bot says it once, with the reply token.
  EXPECT_EQ(messages[1].sender_kind, SenderKind::kBot);
  EXPECT_EQ(messages[1].text, testing::kWaitingReply);
  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].reply_token, "rt-1");
}

TEST_F(InboundProcessorTest, WithoutABotReplyTheConversationKeepsTheReplyToken) {
  env_.SetReplies("", "");
  Insert(testing::TextEvent("ev-1", "U1", "こんにちは", "rt-1", kT0 + 10));
  ASSERT_TRUE(processor_.RunOnce());
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->reply_token, "rt-1");
  EXPECT_EQ(c->reply_token_expires_at_ms, kT0 + 10 + kValidityMs);
  EXPECT_TRUE(env_.Outbox().empty());
  EXPECT_EQ(outbox_wakeups_, 0);
}

TEST_F(InboundProcessorTest, ASecondMessageJoinsTheOpenConversationAndGetsNoBotReply) {
  Insert(testing::TextEvent("ev-1", "U1", "一通目", "rt-1", kT0));
  ASSERT_TRUE(processor_.RunOnce());
  env_.clock.Advance(5'000);
  Insert(testing::TextEvent("ev-2", "U1", "二通目", "rt-2", kT0 + 5'000));
  ASSERT_TRUE(processor_.RunOnce());

  auto conversations = env_.Conversations();
  ASSERT_EQ(conversations.size(), 1u);
  auto messages = env_.Messages(conversations[0].id);
  EXPECT_EQ(TextsFrom(messages, SenderKind::kClient),
            (std::vector<std::string>{"一通目", "二通目"}));
  EXPECT_EQ(TextsFrom(messages, SenderKind::kBot),
            (std::vector<std::string>{testing::kWaitingReply}));
  EXPECT_EQ(env_.Outbox().size(), 1u);
  // The newest token waits on the conversation for a staff reply.
  EXPECT_EQ(conversations[0].reply_token, "rt-2");
  EXPECT_EQ(conversations[0].reply_token_expires_at_ms, kT0 + 5'000 + kValidityMs);
  EXPECT_EQ(conversations[0].last_message_at_ms, kT0 + 5'000 - 100);
}

TEST_F(InboundProcessorTest, InterleavedSendersKeepTheirOwnOrder) {
  env_.SetReplies("", "");
  const std::vector<std::pair<std::string, std::string>> script = {
      {"UA", "a1"}, {"UB", "b1"}, {"UA", "a2"}, {"UB", "b2"},
      {"UA", "a3"}, {"UA", "a4"}, {"UB", "b3"}};
  for (std::size_t i = 0; i < script.size(); ++i) {
    Insert(testing::TextEvent("ev-" + std::to_string(i), script[i].first, script[i].second, "",
                              kT0 + static_cast<core::TimeMs>(i)));
  }
  ASSERT_TRUE(processor_.RunOnce());

  auto a = env_.OpenConversationOf("UA");
  auto b = env_.OpenConversationOf("UB");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->id, b->id);
  EXPECT_EQ(TextsFrom(env_.Messages(a->id), SenderKind::kClient),
            (std::vector<std::string>{"a1", "a2", "a3", "a4"}));
  EXPECT_EQ(TextsFrom(env_.Messages(b->id), SenderKind::kClient),
            (std::vector<std::string>{"b1", "b2", "b3"}));
  EXPECT_TRUE(env_.PendingEvents().empty());
}

TEST_F(InboundProcessorTest, AnUnsupportedEventIsOnlyMarkedIgnored) {
  core::InboundEvent e = testing::MakeEvent(core::InboundKind::kUnsupported, "ev-1", "U1", kT0);
  e.type_name = "beacon";
  e.reply_token = "rt-1";
  Insert(e);
  EXPECT_TRUE(processor_.RunOnce());
  ExpectNothingButIgnored("ev-1", "U1");
}

TEST_F(InboundProcessorTest, AGroupMessageIsOnlyMarkedIgnored) {
  core::InboundEvent e = testing::TextEvent("ev-1", "U1", "グループでの発言", "rt-1", kT0);
  e.source_type = "group";
  Insert(e);
  EXPECT_TRUE(processor_.RunOnce());
  ExpectNothingButIgnored("ev-1", "U1");
}

TEST_F(InboundProcessorTest, AnEventWithoutASenderIsOnlyMarkedIgnored) {
  Insert(testing::TextEvent("ev-1", "", "誰か", "rt-1", kT0));
  EXPECT_TRUE(processor_.RunOnce());
  EXPECT_EQ(StateOf("ev-1"), InboundState::kIgnored);
  EXPECT_TRUE(env_.Conversations().empty());
  EXPECT_TRUE(env_.Outbox().empty());
}

TEST_F(InboundProcessorTest, AnEventOnAnUnroutedChannelIsOnlyMarkedIgnored) {
  core::InboundEvent e = testing::TextEvent("ev-1", "U1", "こんにちは", "rt-1", kT0);
  e.channel_key = "unrouted";
  Insert(e);
  EXPECT_TRUE(processor_.RunOnce());
  auto stored = testing::Read<std::optional<core::InboundEvent>>(
      env_.store, [](StoreTx& tx) { return tx.FindInboundEvent("unrouted", "ev-1"); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state, InboundState::kIgnored);
  EXPECT_TRUE(env_.Conversations().empty());
  EXPECT_TRUE(env_.notifier.events().empty());
}

TEST_F(InboundProcessorTest, InStandbyTheMessageIsKeptButNothingIsSentOrKept) {
  core::InboundEvent e = testing::TextEvent("ev-1", "U1", "こんにちは", "rt-standby", kT0);
  e.standby = true;
  Insert(e);
  ASSERT_TRUE(processor_.RunOnce());

  EXPECT_EQ(StateOf("ev-1"), InboundState::kProcessed);
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  auto messages = env_.Messages(c->id);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].text, "こんにちは");
  EXPECT_TRUE(c->reply_token.empty());
  EXPECT_EQ(c->reply_token_expires_at_ms, 0);
  EXPECT_TRUE(env_.Outbox().empty());
  EXPECT_EQ(outbox_wakeups_, 0);
}

TEST_F(InboundProcessorTest, UnfollowBlocksTheClientAndQueuesNothing) {
  Insert(testing::FollowEvent("ev-1", "U1", "rt-1", kT0));
  ASSERT_TRUE(processor_.RunOnce());
  ASSERT_EQ(env_.Outbox().size(), 1u);
  const int wakeups = outbox_wakeups_;
  auto open = env_.OpenConversationOf("U1");
  ASSERT_TRUE(open.has_value());

  Insert(testing::UnfollowEvent("ev-2", "U1", kT0 + 1'000));
  ASSERT_TRUE(processor_.RunOnce());
  EXPECT_EQ(StateOf("ev-2"), InboundState::kProcessed);
  auto client = env_.ClientOf("U1");
  ASSERT_TRUE(client.has_value());
  EXPECT_TRUE(client->blocked);
  // Someone who blocks while waiting in the queue has left it: reports count them as abandoned.
  EXPECT_FALSE(env_.OpenConversationOf("U1").has_value());
  auto conversations = env_.Conversations();
  ASSERT_EQ(conversations.size(), 1u);
  const core::Conversation& c = conversations[0];
  EXPECT_EQ(c.id, open->id);
  EXPECT_EQ(c.status, core::ConversationStatus::kClosed);
  EXPECT_EQ(c.end_reason, core::EndReason::kAbandoned);
  EXPECT_TRUE(c.client_blocked);
  auto messages = env_.Messages(c.id);
  ASSERT_EQ(messages.size(), 4u);  // note, greeting, blocked note, left-the-queue note
  EXPECT_EQ(messages[2].sender_kind, SenderKind::kSystem);
  EXPECT_EQ(messages[3].sender_kind, SenderKind::kSystem);
  EXPECT_EQ(env_.Outbox().size(), 1u) << "nothing goes to someone who blocked";
  EXPECT_EQ(outbox_wakeups_, wakeups);
}

TEST_F(InboundProcessorTest, FollowingAgainUnblocksAndGreetsAgain) {
  Insert(testing::FollowEvent("ev-1", "U1", "rt-1", kT0));
  Insert(testing::UnfollowEvent("ev-2", "U1", kT0 + 1));
  Insert(testing::FollowEvent("ev-3", "U1", "rt-3", kT0 + 2));
  ASSERT_TRUE(processor_.RunOnce());
  auto client = env_.ClientOf("U1");
  ASSERT_TRUE(client.has_value());
  EXPECT_FALSE(client->blocked);
  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[1].reply_token, "rt-3");
  // The first wait ended with the block; following again starts a new conversation.
  EXPECT_EQ(env_.Conversations().size(), 2u);
  EXPECT_TRUE(env_.OpenConversationOf("U1").has_value());
}

TEST_F(InboundProcessorTest, AStickerIsKeptAsUnsupportedContent) {
  core::InboundEvent e = testing::TextEvent("ev-1", "U1", "", "rt-1", kT0);
  e.message_type = "sticker";
  Insert(e);
  ASSERT_TRUE(processor_.RunOnce());
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  auto messages = env_.Messages(c->id);
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages[0].content_kind, ContentKind::kUnsupported);
  EXPECT_EQ(messages[0].content_type, "sticker");
  EXPECT_EQ(messages[0].sender_kind, SenderKind::kClient);
  EXPECT_EQ(messages[0].external_id, "m-ev-1");
}

TEST_F(InboundProcessorTest, APostbackIsKeptWithItsData) {
  core::InboundEvent e = testing::MakeEvent(core::InboundKind::kPostback, "ev-1", "U1", kT0);
  e.text = "action=consent&answer=yes";
  e.reply_token = "rt-1";
  Insert(e);
  ASSERT_TRUE(processor_.RunOnce());
  auto c = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c.has_value());
  auto messages = env_.Messages(c->id);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].content_kind, ContentKind::kPostback);
  EXPECT_EQ(messages[0].content_type, "postback");
  EXPECT_EQ(messages[0].text, "action=consent&answer=yes");
  EXPECT_EQ(messages[1].text, testing::kWaitingReply);
}

TEST_F(InboundProcessorTest, RunningAgainChangesNothing) {
  Insert(testing::FollowEvent("ev-1", "U1", "rt-1", kT0));
  Insert(testing::TextEvent("ev-2", "U1", "こんにちは", "rt-2", kT0 + 1));
  Insert(testing::TextEvent("ev-3", "U2", "はじめまして", "rt-3", kT0 + 2));
  ASSERT_TRUE(processor_.RunOnce());
  const Snapshot after_first = SnapshotOfStore();
  const int wakeups = outbox_wakeups_;
  EXPECT_EQ(after_first.conversations, 2u);

  EXPECT_FALSE(processor_.RunOnce());
  EXPECT_EQ(SnapshotOfStore(), after_first);
  EXPECT_EQ(outbox_wakeups_, wakeups);

  // A redelivery of an event that was already processed is not stored again.
  EXPECT_FALSE(env_.InsertEvent(testing::TextEvent("ev-2", "U1", "こんにちは", "rt-2", kT0 + 1)));
  EXPECT_FALSE(processor_.RunOnce());
  EXPECT_EQ(SnapshotOfStore(), after_first);
}

class InboundProcessorFaultTest : public ::testing::Test {
 protected:
  InboundProcessorFaultTest()
      : failing_(env_.store),
        ctx_{failing_, env_.clock,        env_.secrets, env_.notifier,
             env_.log, env_.ctx.channels, kValidityMs},
        processor_(ctx_, [this] { ++outbox_wakeups_; }) {}

  void InsertThree() {
    ASSERT_TRUE(env_.InsertEvent(testing::FollowEvent("ev-1", "U1", "rt-1", kT0)));
    ASSERT_TRUE(env_.InsertEvent(testing::TextEvent("ev-2", "U1", "hello", "rt-2", kT0 + 1)));
    ASSERT_TRUE(env_.InsertEvent(testing::TextEvent("ev-3", "U2", "hi", "rt-3", kT0 + 2)));
  }

  InboundState StateOf(const std::string& id) {
    auto e = env_.Event(id);
    return e ? e->state : InboundState::kIgnored;
  }

  // The end state after all three events were applied exactly once.
  void ExpectAppliedOnce() {
    for (const char* id : {"ev-1", "ev-2", "ev-3"}) {
      EXPECT_EQ(StateOf(id), InboundState::kProcessed) << id;
    }
    EXPECT_EQ(env_.Conversations().size(), 2u);
    auto c1 = env_.OpenConversationOf("U1");
    auto c2 = env_.OpenConversationOf("U2");
    ASSERT_TRUE(c1 && c2);
    auto m1 = env_.Messages(c1->id);
    ASSERT_EQ(m1.size(), 3u);
    EXPECT_EQ(m1[0].sender_kind, SenderKind::kSystem);
    EXPECT_EQ(m1[1].text, testing::kGreeting);
    EXPECT_EQ(m1[2].text, "hello");
    EXPECT_EQ(TextsFrom(env_.Messages(c2->id), SenderKind::kClient),
              (std::vector<std::string>{"hi"}));
    // The greeting to U1 and the waiting reply to U2, in whichever order they were applied.
    std::map<std::string, std::string> reply_token_by_recipient;
    for (const OutboxItem& item : env_.Outbox()) {
      EXPECT_TRUE(reply_token_by_recipient.emplace(item.recipient_id, item.reply_token).second)
          << "two messages to " << item.recipient_id;
    }
    EXPECT_EQ(reply_token_by_recipient,
              (std::map<std::string, std::string>{{"U1", "rt-1"}, {"U2", "rt-3"}}));
  }

  TestEnv env_;
  FailingStore failing_;
  AppContext ctx_;
  int outbox_wakeups_ = 0;
  InboundProcessor processor_;
};

TEST_F(InboundProcessorFaultTest, AFailedEventStaysPendingAndHoldsBackOnlyItsSender) {
  InsertThree();
  failing_.FailNthCall(2);            // 1 lists the pending events, 2 applies ev-1
  EXPECT_TRUE(processor_.RunOnce());  // ev-3, from another sender, went ahead

  EXPECT_EQ(StateOf("ev-1"), InboundState::kPending);
  EXPECT_EQ(StateOf("ev-2"), InboundState::kPending);  // not allowed to overtake ev-1
  EXPECT_EQ(StateOf("ev-3"), InboundState::kProcessed);
  EXPECT_FALSE(env_.ClientOf("U1").has_value());
  EXPECT_EQ(env_.Conversations().size(), 1u);
  ASSERT_EQ(env_.Outbox().size(), 1u);
  EXPECT_EQ(env_.Outbox()[0].recipient_id, "U2");
  // Operators are told which event is stuck (its id and type, never its text).
  ASSERT_EQ(env_.log.lines().size(), 1u);
  EXPECT_NE(env_.log.lines()[0].find("(follow) not processed"), std::string::npos);
  EXPECT_EQ(env_.log.lines()[0].find("hello"), std::string::npos);

  EXPECT_TRUE(processor_.RunOnce());
  ExpectAppliedOnce();
  EXPECT_FALSE(processor_.RunOnce());
  ExpectAppliedOnce();
}

TEST_F(InboundProcessorFaultTest, AFailedMiddleEventIsAppliedLaterExactlyOnce) {
  InsertThree();
  failing_.FailNthCall(3);  // ev-1 commits, ev-2 fails, ev-3 commits
  EXPECT_TRUE(processor_.RunOnce());
  EXPECT_EQ(StateOf("ev-1"), InboundState::kProcessed);
  EXPECT_EQ(StateOf("ev-2"), InboundState::kPending);
  EXPECT_EQ(StateOf("ev-3"), InboundState::kProcessed);
  auto c1 = env_.OpenConversationOf("U1");
  ASSERT_TRUE(c1.has_value());
  EXPECT_EQ(env_.Messages(c1->id).size(), 2u);
  // What ev-1 and ev-3 published went out (each: the new conversation, the client's message,
  // the bot's answer); nothing from ev-2.
  EXPECT_EQ(env_.notifier.events().size(), 6u);

  EXPECT_TRUE(processor_.RunOnce());
  ExpectAppliedOnce();
}

// ev-1 committed a greeting to the outbox, so the sender must be woken even though a later
// event in the same round failed (otherwise the greeting waits for the sender's idle poll while
// its reply token runs out).
TEST_F(InboundProcessorFaultTest, TheOutboxIsWokenForWhatCommittedBeforeAFailure) {
  InsertThree();
  failing_.FailNthCall(3);  // ev-1 commits (and queues the greeting), ev-2 fails
  EXPECT_TRUE(processor_.RunOnce());
  EXPECT_EQ(env_.Outbox().size(), 2u);  // the greeting to U1, the waiting reply to U2
  EXPECT_EQ(outbox_wakeups_, 1);
}

}  // namespace
}  // namespace tsunagu::app

namespace tsunagu::app {
namespace {

// An unfollow with nothing open must not put an empty conversation in everyone's waiting list.
TEST(InboundProcessorUnfollowTest, UnfollowWithoutAnOpenConversationOpensNone) {
  testing::TestEnv env;
  InboundProcessor processor(env.ctx, [] {});
  ASSERT_TRUE(env.InsertEvent(testing::UnfollowEvent("ev-1", "U1", 1'000)));
  ASSERT_TRUE(processor.RunOnce());
  auto client = env.ClientOf("U1");
  ASSERT_TRUE(client.has_value());
  EXPECT_TRUE(client->blocked);
  EXPECT_TRUE(env.Conversations().empty());
  EXPECT_TRUE(env.PendingEvents().empty());
}

}  // namespace
}  // namespace tsunagu::app
