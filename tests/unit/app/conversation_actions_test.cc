#include "app/conversation_actions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/process_inbound.h"
#include "core/limits.h"
#include "unit/support/app_env.h"
#include "unit/support/fakes.h"

namespace tsunagu::app {
namespace {

using core::ConversationStatus;
using core::ErrorCode;
using testing::FakeClock;
using testing::TestEnv;

constexpr core::TimeMs kT0 = FakeClock::kStartMs;

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Two topics, enough for the tests; the real list is data/topics.tsv.
core::TopicList TestTopics() {
  return core::TopicList({{"bullying", "いじめ", "Bullying"}, {"family", "家族関係", "Family"}});
}

// A wrap-up the fixture's topic list accepts.
core::WrapUpDraft Valid() {
  core::WrapUpDraft w;
  w.topic_codes = {"family", "bullying", "family"};
  w.risk_level = 1;
  w.outcome = "referral";
  w.summary = "児童相談所を案内した";
  return w;
}

template <typename T>
ErrorCode CodeOf(const core::Result<T>& r) {
  EXPECT_FALSE(r.has_value()) << "expected an error";
  return r ? ErrorCode::kInternal : r.error().code;
}

class ConversationActionsTest : public ::testing::Test {
 protected:
  ConversationActionsTest()
      : processor_(env_.ctx, nullptr),
        actions_(
            env_.ctx, [this] { ++outbox_wakeups_; }, TestTopics()) {
    // No bot replies, so that the client's reply token stays on the conversation for staff.
    env_.SetReplies("", "");
    a_ = env_.StaffById(env_.AddStaff("a.counselor", core::Role::kCounselor));
    b_ = env_.StaffById(env_.AddStaff("b.counselor", core::Role::kCounselor));
    s_ = env_.StaffById(env_.AddStaff("supervisor", core::Role::kSupervisor));
    d_ = env_.StaffById(env_.AddStaff("admin", core::Role::kAdmin));
    x_ = env_.StaffById(env_.AddStaff("inactive", core::Role::kCounselor, /*active=*/false));
  }

  // The client U<n> writes; returns the conversation it lands in.
  core::ConversationId Write(const std::string& sender, const std::string& text,
                             const std::string& reply_token = "") {
    const std::string id = "ev-" + std::to_string(++events_);
    EXPECT_TRUE(
        env_.InsertEvent(testing::TextEvent(id, sender, text, reply_token, env_.clock.NowMs())));
    EXPECT_TRUE(processor_.RunOnce());
    auto c = env_.OpenConversationOf(sender);
    EXPECT_TRUE(c.has_value());
    return c ? c->id : 0;
  }

  core::Conversation Stored(core::ConversationId id) {
    auto c = env_.Conversation(id);
    EXPECT_TRUE(c.has_value());
    return c.value_or(core::Conversation{});
  }

  std::vector<core::ConversationId> Ids(const core::Staff& staff, ConversationView view) {
    auto listed = actions_.List(staff, view, 100);
    EXPECT_TRUE(listed.has_value());
    std::vector<core::ConversationId> ids;
    if (listed) {
      for (const core::Conversation& c : *listed) ids.push_back(c.id);
    }
    return ids;
  }

  std::size_t MessageCount(core::ConversationId id) { return env_.Messages(id).size(); }

  TestEnv env_;
  InboundProcessor processor_;
  int outbox_wakeups_ = 0;
  ConversationActions actions_;
  int events_ = 0;
  core::Staff a_, b_, s_, d_, x_;
};

using IdList = std::vector<core::ConversationId>;

TEST(ParseConversationViewTest, KnownAndUnknownNames) {
  EXPECT_EQ(ParseConversationView("waiting"), ConversationView::kWaiting);
  EXPECT_EQ(ParseConversationView("mine"), ConversationView::kMine);
  EXPECT_EQ(ParseConversationView("all"), ConversationView::kAll);
  EXPECT_FALSE(ParseConversationView("").has_value());
  EXPECT_FALSE(ParseConversationView("All").has_value());
  EXPECT_FALSE(ParseConversationView("closed").has_value());
}

TEST(ValidateReplyTextTest, TheLimitsOfAReply) {
  EXPECT_TRUE(ConversationActions::ValidateReplyText("はい").has_value());
  EXPECT_TRUE(ConversationActions::ValidateReplyText(" 前後の空白は残す　").has_value());
  EXPECT_TRUE(ConversationActions::ValidateReplyText(Repeat("a", 5000)).has_value());
  EXPECT_FALSE(ConversationActions::ValidateReplyText(Repeat("a", 5001)).has_value());
  EXPECT_FALSE(ConversationActions::ValidateReplyText("").has_value());
  EXPECT_FALSE(ConversationActions::ValidateReplyText("\xC3\x28").has_value());
}

// api/openapi.yaml (SendMessageRequest.text): "A text made only of whitespace (Unicode
// White_Space, which includes the ideographic space U+3000 and line breaks) is refused."
TEST(ValidateReplyTextTest, OnlyUnicodeWhiteSpaceIsRefused) {
  for (const char* blank : {
           "\v",            // U+000B LINE TABULATION
           "\f",            // U+000C FORM FEED
           "\xC2\x85",      // U+0085 NEXT LINE
           "\xC2\xA0",      // U+00A0 NO-BREAK SPACE
           "\xE1\x9A\x80",  // U+1680 OGHAM SPACE MARK
           "\xE2\x80\x83",  // U+2003 EM SPACE
           "\xE2\x80\xA8",  // U+2028 LINE SEPARATOR
           "\xE2\x80\xA9",  // U+2029 PARAGRAPH SEPARATOR
           "\xE2\x80\xAF",  // U+202F NARROW NO-BREAK SPACE
           "\xE2\x81\x9F",  // U+205F MEDIUM MATHEMATICAL SPACE
           " \xC2\xA0\xE3\x80\x80\n",
       }) {
    auto status = ConversationActions::ValidateReplyText(blank);
    EXPECT_FALSE(status.has_value()) << ::testing::PrintToString(std::string(blank));
    if (!status) {
      EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST_F(ConversationActionsTest, TheWaitingMineAndAllViews) {
  const core::ConversationId c1 = Write("U1", "一人目");
  env_.clock.Advance(1'000);
  const core::ConversationId c2 = Write("U2", "二人目");

  // The waiting view is the queue: first come, first served (at the same risk level).
  EXPECT_EQ(Ids(a_, ConversationView::kWaiting), (IdList{c1, c2}));
  EXPECT_EQ(Ids(a_, ConversationView::kMine), IdList{});
  EXPECT_EQ(CodeOf(actions_.List(a_, ConversationView::kAll, 100)), ErrorCode::kPermissionDenied);

  ASSERT_TRUE(actions_.Take(a_, c1).has_value());
  EXPECT_EQ(Ids(a_, ConversationView::kWaiting), IdList{c2});
  EXPECT_EQ(Ids(b_, ConversationView::kWaiting), IdList{c2});
  EXPECT_EQ(Ids(a_, ConversationView::kMine), IdList{c1});
  EXPECT_EQ(Ids(b_, ConversationView::kMine), IdList{});
  EXPECT_EQ(Ids(s_, ConversationView::kAll), (IdList{c2, c1}));
  EXPECT_EQ(Ids(d_, ConversationView::kAll), (IdList{c2, c1}));

  ASSERT_TRUE(actions_.Close(a_, c1, Valid()).has_value());
  EXPECT_EQ(Ids(a_, ConversationView::kMine), IdList{});
  EXPECT_EQ(Ids(s_, ConversationView::kAll), (IdList{c2, c1}));  // closed ones too

  // Inactive staff see nothing, even in the queue.
  EXPECT_EQ(Ids(x_, ConversationView::kWaiting), IdList{});
}

TEST_F(ConversationActionsTest, MessagesComeOldestFirstAndTheViewIsAudited) {
  const core::ConversationId id = Write("U1", "一");
  env_.clock.Advance(10);
  Write("U1", "二");
  env_.clock.Advance(10);
  Write("U1", "三");
  const std::size_t audit_before = env_.Audit().size();

  auto page = actions_.Messages(a_, id, 0, 100);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->conversation.id, id);
  ASSERT_EQ(page->messages.size(), 3u);
  EXPECT_EQ(page->messages[0].text, "一");
  EXPECT_EQ(page->messages[1].text, "二");
  EXPECT_EQ(page->messages[2].text, "三");
  EXPECT_LT(page->messages[0].id, page->messages[1].id);
  EXPECT_LT(page->messages[1].id, page->messages[2].id);

  auto audit = env_.Audit();
  ASSERT_EQ(audit.size(), audit_before + 1);
  const AuditRecord& r = audit.back();
  EXPECT_EQ(r.action, "conversation.view");
  EXPECT_EQ(r.actor_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_EQ(r.target_type, "conversation");
  EXPECT_EQ(r.target_id, std::to_string(id));
  EXPECT_EQ(r.at_ms, env_.clock.NowMs());
  EXPECT_EQ(r.detail.find("一"), std::string::npos);  // never message text

  // Paging after an id, and a limit.
  auto rest = actions_.Messages(a_, id, page->messages[0].id, 100);
  ASSERT_TRUE(rest.has_value());
  ASSERT_EQ(rest->messages.size(), 2u);
  EXPECT_EQ(rest->messages[0].text, "二");
  auto one = actions_.Messages(a_, id, 0, 1);
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->messages.size(), 1u);
  EXPECT_EQ(one->messages[0].text, "一");
}

TEST_F(ConversationActionsTest, OthersConversationsAreNotFoundAndNotAudited) {
  const core::ConversationId id = Write("U1", "ひみつ");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  const std::size_t audit_before = env_.Audit().size();
  EXPECT_EQ(CodeOf(actions_.Messages(b_, id, 0, 100)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(actions_.Messages(x_, id, 0, 100)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(actions_.Messages(a_, id + 100, 0, 100)), ErrorCode::kNotFound);
  EXPECT_EQ(env_.Audit().size(), audit_before);
  // The supervisor may read it.
  EXPECT_TRUE(actions_.Messages(s_, id, 0, 100).has_value());
}

TEST_F(ConversationActionsTest, ReplyTextIsValidatedBeforeAnythingIsStored) {
  const core::ConversationId id = Write("U1", "こんにちは", "rt-1");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  const std::size_t before = MessageCount(id);
  env_.notifier.Clear();

  for (const std::string& bad :
       {std::string(""), std::string(" \n\t"), std::string("　\n　"), std::string("\xFF"),
        std::string("abc\xE3\x81"), Repeat("あ", core::kOutboundTextCharsMax + 1),
        Repeat("😀", core::kOutboundTextCharsMax + 1)}) {
    EXPECT_EQ(CodeOf(actions_.Reply(a_, id, bad)), ErrorCode::kInvalidArgument)
        << bad.substr(0, 20);
  }
  EXPECT_EQ(MessageCount(id), before);
  EXPECT_TRUE(env_.Outbox().empty());
  EXPECT_TRUE(env_.notifier.events().empty());
  EXPECT_EQ(Stored(id).reply_token, "rt-1");  // not spent by a refused reply

  // The limit itself is allowed, counted in characters rather than bytes.
  auto at_limit = actions_.Reply(a_, id, Repeat("あ", core::kOutboundTextCharsMax));
  ASSERT_TRUE(at_limit.has_value());
  EXPECT_EQ(MessageCount(id), before + 1);
}

TEST_F(ConversationActionsTest, ACounselorMustTakeBeforeReplying) {
  const core::ConversationId id = Write("U1", "こんにちは", "rt-1");
  EXPECT_EQ(CodeOf(actions_.Reply(a_, id, "はい")), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(actions_.Reply(s_, id, "はい")), ErrorCode::kPermissionDenied);
  EXPECT_EQ(MessageCount(id), 1u);
  EXPECT_TRUE(env_.Outbox().empty());

  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  ASSERT_TRUE(actions_.Reply(a_, id, "はい").has_value());
  EXPECT_EQ(MessageCount(id), 2u);
}

TEST_F(ConversationActionsTest, ASupervisorMayStepIntoAnAssignedConversation) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());

  auto sent = actions_.Reply(s_, id, "スーパーバイザーです");
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->sender_staff_id, std::optional<core::StaffId>(s_.id));
  EXPECT_EQ(sent->sender_name, s_.display_name);
  const core::Conversation c = Stored(id);
  EXPECT_EQ(c.assigned_staff_id, std::optional<core::StaffId>(a_.id));  // still a's

  EXPECT_EQ(CodeOf(actions_.Reply(d_, id, "管理者です")), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(actions_.Reply(b_, id, "別の相談員です")), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(actions_.Reply(x_, id, "退職者です")), ErrorCode::kNotFound);
  EXPECT_EQ(MessageCount(id), 2u);
}

TEST_F(ConversationActionsTest, ReplyingToAClosedConversationConflicts) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  ASSERT_TRUE(actions_.Close(a_, id, Valid()).has_value());
  EXPECT_EQ(CodeOf(actions_.Reply(a_, id, "まだいますか")), ErrorCode::kConflict);
  EXPECT_EQ(CodeOf(actions_.Reply(s_, id, "まだいますか")), ErrorCode::kConflict);
  EXPECT_EQ(MessageCount(id), 1u);
  EXPECT_TRUE(env_.Outbox().empty());
}

TEST_F(ConversationActionsTest, ReplyingToABlockedClientConflicts) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  ASSERT_TRUE(env_.InsertEvent(testing::UnfollowEvent("ev-unfollow", "U1", env_.clock.NowMs())));
  ASSERT_TRUE(processor_.RunOnce());
  ASSERT_TRUE(Stored(id).client_blocked);
  const std::size_t before = MessageCount(id);

  EXPECT_EQ(CodeOf(actions_.Reply(a_, id, "大丈夫？")), ErrorCode::kConflict);
  EXPECT_EQ(MessageCount(id), before);
  EXPECT_TRUE(env_.Outbox().empty());
}

TEST_F(ConversationActionsTest, AReplyIsStoredQueuedAndUsesTheReplyTokenOnce) {
  const core::ConversationId id = Write("U1", "こんにちは", "rt-1");
  ASSERT_EQ(Stored(id).reply_token, "rt-1");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.notifier.Clear();
  env_.clock.Advance(3'000);

  auto first = actions_.Reply(a_, id, "こんにちは、相談員の田中です");
  ASSERT_TRUE(first.has_value());
  auto stored = env_.Message(first->id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->conversation_id, id);
  EXPECT_EQ(stored->direction, core::Direction::kOutbound);
  EXPECT_EQ(stored->sender_kind, core::SenderKind::kStaff);
  EXPECT_EQ(stored->sender_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_EQ(stored->sender_name, a_.display_name);
  EXPECT_EQ(stored->text, "こんにちは、相談員の田中です");
  EXPECT_EQ(stored->delivery_state, core::DeliveryState::kQueued);
  EXPECT_EQ(stored->created_at_ms, env_.clock.NowMs());

  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].message_id, first->id);
  EXPECT_EQ(outbox[0].recipient_id, "U1");
  EXPECT_EQ(outbox[0].sender_name, a_.display_name);
  EXPECT_EQ(outbox[0].reply_token, "rt-1");
  EXPECT_EQ(outbox[0].reply_token_expires_at_ms, kT0 + 50'000);
  EXPECT_TRUE(Stored(id).reply_token.empty());
  EXPECT_EQ(Stored(id).last_message_at_ms, env_.clock.NowMs());

  auto second = actions_.Reply(a_, id, "ゆっくりで大丈夫です");
  ASSERT_TRUE(second.has_value());
  outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[1].message_id, second->id);
  EXPECT_TRUE(outbox[1].reply_token.empty());  // pushed
  EXPECT_FALSE(outbox[1].retry_key.empty());
  EXPECT_NE(outbox[1].retry_key, outbox[0].retry_key);
  EXPECT_EQ(outbox_wakeups_, 2);

  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(events[i].kind, StreamEventKind::kMessageCreated);
    EXPECT_EQ(events[i].conversation.id, id);
    ASSERT_TRUE(events[i].message.has_value());
  }
  EXPECT_EQ(events[0].message->id, first->id);
  EXPECT_EQ(events[1].message->id, second->id);
}

TEST_F(ConversationActionsTest, AReplyAfterTheTokenRanOutPushes) {
  const core::ConversationId id = Write("U1", "こんにちは", "rt-1");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.clock.Set(kT0 + 50'000 - core::kReplyTokenSafetyMarginMs);
  ASSERT_TRUE(actions_.Reply(a_, id, "遅くなりました").has_value());
  auto outbox = env_.Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_TRUE(outbox[0].reply_token.empty());
  EXPECT_TRUE(Stored(id).reply_token.empty());
}

TEST_F(ConversationActionsTest, TakeAssignsAuditsAndNotifies) {
  const core::ConversationId id = Write("U1", "こんにちは");
  env_.notifier.Clear();
  auto taken = actions_.Take(a_, id);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->status, ConversationStatus::kActive);
  EXPECT_EQ(taken->assigned_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_EQ(taken->assigned_staff_name, a_.display_name);

  const core::Conversation c = Stored(id);
  EXPECT_EQ(c.status, ConversationStatus::kActive);
  EXPECT_EQ(c.assigned_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_EQ(c.assigned_staff_name, a_.display_name);

  auto audit = env_.Audit();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.back().action, "conversation.take");
  EXPECT_EQ(audit.back().actor_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_EQ(audit.back().target_id, std::to_string(id));

  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, StreamEventKind::kConversationUpdated);
  EXPECT_EQ(events[0].conversation.id, id);
  EXPECT_EQ(events[0].conversation.assigned_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_FALSE(events[0].message.has_value());

  // Taking one's own conversation again is idempotent.
  auto again = actions_.Take(a_, id);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->assigned_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_EQ(Stored(id).status, ConversationStatus::kActive);
}

// api/openapi.yaml (takeConversation): "If someone else has it, or it is closed, the answer is
// 409." The loser of a take race may no longer see the conversation, and must still get 409,
// not 404.
TEST_F(ConversationActionsTest, TakeByASecondCounselorConflicts) {
  const core::ConversationId id = Write("U1", "こんにちは");
  // Both saw it in the queue; a was quicker.
  ASSERT_EQ(Ids(b_, ConversationView::kWaiting), IdList{id});
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.notifier.Clear();
  EXPECT_EQ(CodeOf(actions_.Take(b_, id)), ErrorCode::kConflict);
  EXPECT_EQ(Stored(id).assigned_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_TRUE(env_.notifier.events().empty());
}

TEST_F(ConversationActionsTest, ASecondCounselorCannotTakeOrSeeATakenConversation) {
  // Whatever the error code (see the disabled test above), b must not end up with it.
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.notifier.Clear();
  EXPECT_FALSE(actions_.Take(b_, id).has_value());
  EXPECT_EQ(Stored(id).assigned_staff_id, std::optional<core::StaffId>(a_.id));
  EXPECT_TRUE(env_.notifier.events().empty());
}

TEST_F(ConversationActionsTest, ASupervisorTakingAnAssignedConversationConflicts) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  EXPECT_EQ(CodeOf(actions_.Take(s_, id)), ErrorCode::kConflict);
  EXPECT_EQ(Stored(id).assigned_staff_id, std::optional<core::StaffId>(a_.id));
}

TEST_F(ConversationActionsTest, AnAdminMayNotTakeAndInactiveStaffSeeNothing) {
  const core::ConversationId id = Write("U1", "こんにちは");
  EXPECT_EQ(CodeOf(actions_.Take(d_, id)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(actions_.Take(x_, id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(actions_.Close(x_, id, Valid())), ErrorCode::kNotFound);
  EXPECT_EQ(Stored(id).status, ConversationStatus::kWaiting);
  EXPECT_FALSE(Stored(id).assigned_staff_id.has_value());
}

TEST_F(ConversationActionsTest, CloseClosesOnceAuditsAndNotifies) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.notifier.Clear();
  env_.clock.Advance(60'000);
  const core::TimeMs closed_at = env_.clock.NowMs();

  auto closed = actions_.Close(a_, id, Valid());
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->status, ConversationStatus::kClosed);
  const core::Conversation c = Stored(id);
  EXPECT_EQ(c.status, ConversationStatus::kClosed);
  EXPECT_EQ(c.closed_at_ms, std::optional<core::TimeMs>(closed_at));
  EXPECT_EQ(env_.Audit().back().action, "conversation.close");

  auto events = env_.notifier.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, StreamEventKind::kConversationUpdated);
  EXPECT_EQ(events[0].conversation.status, ConversationStatus::kClosed);

  env_.clock.Advance(1'000);
  EXPECT_EQ(CodeOf(actions_.Close(a_, id, Valid())), ErrorCode::kConflict);
  EXPECT_EQ(Stored(id).closed_at_ms, std::optional<core::TimeMs>(closed_at));
  EXPECT_EQ(env_.notifier.events().size(), 1u);

  // The client writes again: a new conversation opens rather than reopening the closed one.
  const core::ConversationId next = Write("U1", "また相談したいです");
  EXPECT_NE(next, id);
  EXPECT_EQ(Stored(next).status, ConversationStatus::kWaiting);
}

TEST_F(ConversationActionsTest, WhoMayClose) {
  const core::ConversationId waiting = Write("U1", "こんにちは");
  const core::ConversationId mine = Write("U2", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, mine).has_value());

  EXPECT_EQ(CodeOf(actions_.Close(a_, waiting, Valid())), ErrorCode::kPermissionDenied);
  EXPECT_EQ(CodeOf(actions_.Close(b_, mine, Valid())), ErrorCode::kNotFound);
  EXPECT_EQ(Stored(waiting).status, ConversationStatus::kWaiting);
  EXPECT_EQ(Stored(mine).status, ConversationStatus::kActive);

  EXPECT_TRUE(actions_.Close(s_, waiting, Valid()).has_value());
  EXPECT_TRUE(actions_.Close(d_, mine, Valid()).has_value());
  EXPECT_EQ(Stored(waiting).status, ConversationStatus::kClosed);
  EXPECT_EQ(Stored(mine).status, ConversationStatus::kClosed);
}

TEST_F(ConversationActionsTest, CloseStoresTheWrapUpInTheSameTransaction) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.clock.Advance(5'000);
  ASSERT_TRUE(actions_.Close(a_, id, Valid()).has_value());

  auto stored = actions_.WrapUpOf(a_, id);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_EQ(stored->conversation_id, id);
  EXPECT_EQ(stored->topic_codes, (std::vector<std::string>{"bullying", "family"}));
  EXPECT_EQ(stored->risk_level, 1);
  EXPECT_EQ(stored->outcome, core::WrapUpOutcome::kReferral);
  EXPECT_EQ(stored->summary, "児童相談所を案内した");
  EXPECT_EQ(stored->by_staff_id, a_.id);
  EXPECT_EQ(stored->at_ms, env_.clock.NowMs());
  EXPECT_EQ(env_.Audit().back().action, "conversation.wrap_up_view");

  // Those who may see the conversation see the wrap-up; another counselor sees neither.
  EXPECT_TRUE(actions_.WrapUpOf(s_, id).has_value());
  EXPECT_TRUE(actions_.WrapUpOf(d_, id).has_value());
  EXPECT_EQ(CodeOf(actions_.WrapUpOf(b_, id)), ErrorCode::kNotFound);
}

TEST_F(ConversationActionsTest, AnInvalidWrapUpClosesNothingAndListsEveryReason) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  env_.notifier.Clear();
  const std::size_t audited = env_.Audit().size();

  auto refused = actions_.Close(a_, id, core::WrapUpDraft{});
  ASSERT_EQ(CodeOf(refused), ErrorCode::kInvalidArgument);
  // No topic, no level, no outcome: three reasons, one a line.
  EXPECT_EQ(std::count(refused.error().message.begin(), refused.error().message.end(), '\n'), 2);

  core::WrapUpDraft unknown = Valid();
  unknown.topic_codes = {"family", "weather"};
  auto unknown_refused = actions_.Close(a_, id, unknown);
  ASSERT_EQ(CodeOf(unknown_refused), ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown_refused.error().message.find("weather"), std::string::npos);

  core::WrapUpDraft too_long = Valid();
  too_long.summary = Repeat("あ", static_cast<int>(core::kWrapUpSummaryCharsMax) + 1);
  EXPECT_EQ(CodeOf(actions_.Close(a_, id, too_long)), ErrorCode::kInvalidArgument);

  EXPECT_EQ(Stored(id).status, ConversationStatus::kActive);
  EXPECT_EQ(env_.Audit().size(), audited);
  EXPECT_TRUE(env_.notifier.events().empty());
  EXPECT_EQ(CodeOf(actions_.WrapUpOf(a_, id)), ErrorCode::kNotFound);

  too_long.summary = Repeat("あ", static_cast<int>(core::kWrapUpSummaryCharsMax));
  EXPECT_TRUE(actions_.Close(a_, id, too_long).has_value());
}

TEST_F(ConversationActionsTest, WithoutATopicListNothingCanBeClosed) {
  ConversationActions bare(env_.ctx, nullptr);
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(bare.Take(a_, id).has_value());
  EXPECT_TRUE(bare.topics().empty());
  EXPECT_EQ(CodeOf(bare.Close(a_, id, Valid())), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Stored(id).status, ConversationStatus::kActive);
}

TEST_F(ConversationActionsTest, AnOpenConversationHasNoWrapUp) {
  const core::ConversationId id = Write("U1", "こんにちは");
  ASSERT_TRUE(actions_.Take(a_, id).has_value());
  EXPECT_EQ(CodeOf(actions_.WrapUpOf(a_, id)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(actions_.WrapUpOf(a_, 999'999)), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tsunagu::app
