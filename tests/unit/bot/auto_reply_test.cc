#include "bot/auto_reply.h"

#include <gtest/gtest.h>

namespace tsunagu::bot {
namespace {

using core::InboundKind;

const AutoReplySettings kSettings{"ようこそ", "順番にお返事します"};

core::InboundEvent EventOf(InboundKind kind) {
  core::InboundEvent e;
  e.kind = kind;
  e.sender_id = "U1";
  e.source_type = "user";
  e.reply_token = "rt";
  if (kind == InboundKind::kMessage) {
    e.message_type = "text";
    e.text = "こんにちは";
  }
  return e;
}

core::Conversation Unassigned() {
  core::Conversation c;
  c.id = 1;
  return c;
}

TEST(DecideAutoReplyTest, FollowGetsTheGreeting) {
  const core::Conversation c = Unassigned();
  EXPECT_EQ(DecideAutoReply(EventOf(InboundKind::kFollow), &c, true, kSettings),
            std::optional<std::string>("ようこそ"));
  // Whether or not it opened a conversation.
  EXPECT_EQ(DecideAutoReply(EventOf(InboundKind::kFollow), &c, false, kSettings),
            std::optional<std::string>("ようこそ"));
}

TEST(DecideAutoReplyTest, FollowWithAnEmptyGreetingSaysNothing) {
  const core::Conversation c = Unassigned();
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kFollow), &c, true, {"", "待って"}));
}

TEST(DecideAutoReplyTest, AMessageThatOpensAConversationGetsTheWaitingReply) {
  const core::Conversation c = Unassigned();
  EXPECT_EQ(DecideAutoReply(EventOf(InboundKind::kMessage), &c, true, kSettings),
            std::optional<std::string>("順番にお返事します"));
  EXPECT_EQ(DecideAutoReply(EventOf(InboundKind::kPostback), &c, true, kSettings),
            std::optional<std::string>("順番にお返事します"));
}

TEST(DecideAutoReplyTest, AMessageInAnAlreadyOpenConversationGetsNothing) {
  const core::Conversation c = Unassigned();
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kMessage), &c, false, kSettings));
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kPostback), &c, false, kSettings));
}

TEST(DecideAutoReplyTest, AnEmptyWaitingReplySaysNothing) {
  const core::Conversation c = Unassigned();
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kMessage), &c, true, {"ようこそ", ""}));
}

TEST(DecideAutoReplyTest, TheBotIsSilentOnceStaffIsAssigned) {
  core::Conversation c = Unassigned();
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = 5;
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kMessage), &c, true, kSettings));
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kPostback), &c, true, kSettings));
}

TEST(DecideAutoReplyTest, WithoutAConversationTheWaitingReplyStillGoes) {
  EXPECT_EQ(DecideAutoReply(EventOf(InboundKind::kMessage), nullptr, true, kSettings),
            std::optional<std::string>("順番にお返事します"));
}

TEST(DecideAutoReplyTest, StandbyIsAlwaysSilent) {
  const core::Conversation c = Unassigned();
  for (InboundKind kind : {InboundKind::kFollow, InboundKind::kMessage, InboundKind::kPostback,
                           InboundKind::kUnfollow, InboundKind::kUnsupported}) {
    core::InboundEvent e = EventOf(kind);
    e.standby = true;
    EXPECT_FALSE(DecideAutoReply(e, &c, true, kSettings)) << core::InboundKindName(kind);
  }
}

TEST(DecideAutoReplyTest, UnfollowAndUnsupportedGetNothing) {
  const core::Conversation c = Unassigned();
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kUnfollow), &c, true, kSettings));
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kUnfollow), &c, false, kSettings));
  EXPECT_FALSE(DecideAutoReply(EventOf(InboundKind::kUnsupported), &c, true, kSettings));
}

}  // namespace
}  // namespace tsunagu::bot
