#include "app/stream_relay.h"

#include <gtest/gtest.h>

#include "app/process_inbound.h"
#include "unit/support/app_env.h"
#include "unit/support/fakes.h"

namespace tsunagu::app {
namespace {

using testing::FailingStore;
using testing::RecordingNotifier;
using testing::TestEnv;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

// Two nodes on one database: each relay has its own consoles (a RecordingNotifier).
class StreamRelayTest : public ::testing::Test {
 protected:
  StreamRelayTest()
      : a_(env_.store, consoles_a_, env_.clock, env_.log, "node-a"),
        b_(env_.store, consoles_b_, env_.clock, env_.log, "node-b") {
    env_.clock.Set(kT0);
  }

  // A conversation with one message from the client, made by the real processor.
  StreamEvent MessageEvent() {
    EXPECT_TRUE(env_.InsertEvent(testing::TextEvent("ev-1", "U1", "こんにちは", "rt-1", kT0)));
    InboundProcessor processor(env_.ctx, [] {});
    EXPECT_TRUE(processor.RunOnce());
    for (const StreamEvent& e : env_.notifier.events()) {
      if (e.kind == StreamEventKind::kMessageCreated && e.message &&
          e.message->sender_kind == core::SenderKind::kClient) {
        return e;
      }
    }
    ADD_FAILURE() << "the processor published no client message";
    return {};
  }

  TestEnv env_;
  RecordingNotifier consoles_a_;
  RecordingNotifier consoles_b_;
  StreamRelay a_;
  StreamRelay b_;
};

TEST_F(StreamRelayTest, AnEventPublishedOnOneNodeReachesTheOtherNodesConsolesOnce) {
  ASSERT_TRUE(a_.StartFollowing());
  ASSERT_TRUE(b_.StartFollowing());
  StreamEvent event = MessageEvent();

  a_.Publish(event);
  // A's own consoles get it at once; B's only after it is in the journal and B reads it.
  ASSERT_EQ(consoles_a_.events().size(), 1u);
  EXPECT_FALSE(b_.Follow());
  EXPECT_TRUE(consoles_b_.events().empty());

  EXPECT_TRUE(a_.Flush());
  EXPECT_FALSE(a_.Flush());  // nothing left to append
  EXPECT_TRUE(b_.Follow());
  auto got = consoles_b_.events();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, StreamEventKind::kMessageCreated);
  EXPECT_EQ(got[0].conversation.id, event.conversation.id);
  ASSERT_TRUE(got[0].message.has_value());
  EXPECT_EQ(got[0].message->id, event.message->id);
  EXPECT_EQ(got[0].message->text, "こんにちは");  // loaded from the store, not the journal
  EXPECT_FALSE(got[0].before.has_value());

  // Read once: following again finds nothing new; A skips its own record.
  EXPECT_FALSE(b_.Follow());
  EXPECT_EQ(consoles_b_.events().size(), 1u);
  EXPECT_TRUE(a_.Follow());
  EXPECT_EQ(consoles_a_.events().size(), 1u);
}

TEST_F(StreamRelayTest, WhoCouldSeeItBeforeTravelsWithTheEvent) {
  StreamEvent event = MessageEvent();
  ASSERT_TRUE(b_.StartFollowing());
  StreamEvent taken = ConversationEvent(StreamEventKind::kConversationUpdated, event.conversation,
                                        std::nullopt, event.conversation);
  taken.before->status = core::ConversationStatus::kActive;
  taken.before->assigned_staff_id = 42;
  a_.Publish(taken);
  ASSERT_TRUE(a_.Flush());
  ASSERT_TRUE(b_.Follow());
  auto got = consoles_b_.events();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].message.has_value());
  ASSERT_TRUE(got[0].before.has_value());
  EXPECT_EQ(got[0].before->status, core::ConversationStatus::kActive);
  EXPECT_EQ(got[0].before->assigned_staff_id, std::optional<core::StaffId>(42));
  EXPECT_EQ(got[0].before->id, event.conversation.id);
}

TEST_F(StreamRelayTest, ANodeStartsFollowingAtTheEndOfTheJournal) {
  StreamEvent event = MessageEvent();
  a_.Publish(event);
  ASSERT_TRUE(a_.Flush());
  ASSERT_TRUE(b_.StartFollowing());
  EXPECT_FALSE(b_.Follow());
  EXPECT_TRUE(consoles_b_.events().empty());
}

TEST_F(StreamRelayTest, RecordsThatCouldNotBeAppendedAreAppendedLaterInOrder) {
  FailingStore failing(env_.store);
  StreamRelay flaky(failing, consoles_a_, env_.clock, env_.log, "node-a");
  ASSERT_TRUE(b_.StartFollowing());
  StreamEvent event = MessageEvent();
  StreamEvent updated = event;
  updated.kind = StreamEventKind::kMessageUpdated;
  flaky.Publish(event);
  failing.FailNthCall(1);
  EXPECT_FALSE(flaky.Flush());
  ASSERT_EQ(env_.log.lines().size(), 1u);
  flaky.Publish(updated);
  EXPECT_TRUE(flaky.Flush());
  ASSERT_TRUE(b_.Follow());
  auto got = consoles_b_.events();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].kind, StreamEventKind::kMessageCreated);
  EXPECT_EQ(got[1].kind, StreamEventKind::kMessageUpdated);
}

}  // namespace
}  // namespace tsunagu::app
