#include "core/conversation.h"

#include <gtest/gtest.h>

#include "core/limits.h"

namespace tsunagu::core {
namespace {

constexpr TimeMs kNow = 1'700'000'000'000;

Conversation Waiting() {
  Conversation c;
  c.id = 7;
  c.status = ConversationStatus::kWaiting;
  return c;
}

TEST(ConversationTakeTest, TakingAWaitingConversationAssignsItAndMakesItActive) {
  Conversation c = Waiting();
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow).has_value());
  EXPECT_EQ(c.status, ConversationStatus::kActive);
  EXPECT_EQ(c.assigned_staff_id, std::optional<StaffId>(3));
  EXPECT_EQ(c.assigned_staff_name, "佐藤");
}

TEST(ConversationTakeTest, TakingOnesOwnConversationAgainIsAllowed) {
  Conversation c = Waiting();
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow).has_value());
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow).has_value());
  EXPECT_EQ(c.status, ConversationStatus::kActive);
  EXPECT_EQ(c.assigned_staff_id, std::optional<StaffId>(3));
}

TEST(ConversationTakeTest, TakingAConversationAssignedToSomeoneElseConflicts) {
  Conversation c = Waiting();
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow).has_value());
  Status second = Take(c, 4, "鈴木", kNow);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(c.assigned_staff_id, std::optional<StaffId>(3));
  EXPECT_EQ(c.assigned_staff_name, "佐藤");
}

TEST(ConversationTakeTest, TakingAClosedConversationConflictsAndChangesNothing) {
  Conversation c = Waiting();
  ASSERT_TRUE(Close(c, kNow, EndReason::kStaff).has_value());
  Status taken = Take(c, 3, "佐藤", kNow);
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(c.status, ConversationStatus::kClosed);
  EXPECT_FALSE(c.assigned_staff_id.has_value());
  EXPECT_TRUE(c.assigned_staff_name.empty());
}

TEST(ConversationCloseTest, ClosingSetsTheStatusAndTheTime) {
  Conversation c = Waiting();
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow).has_value());
  ASSERT_TRUE(Close(c, kNow, EndReason::kStaff).has_value());
  EXPECT_EQ(c.status, ConversationStatus::kClosed);
  EXPECT_EQ(c.closed_at_ms, std::optional<TimeMs>(kNow));
  // The assignment stays, for the record.
  EXPECT_EQ(c.assigned_staff_id, std::optional<StaffId>(3));
}

TEST(ConversationTakeTest, TheFirstTakeIsRemembered) {
  Conversation c = Waiting();
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow).has_value());
  ASSERT_TRUE(Take(c, 3, "佐藤", kNow + 9'000).has_value());
  EXPECT_EQ(c.taken_at_ms, std::optional<TimeMs>(kNow));
}

TEST(ConversationCloseTest, ASystemCloseOfATakenConversationLeavesItsWrapUpPending) {
  Conversation taken = Waiting();
  ASSERT_TRUE(Take(taken, 3, "佐藤", kNow).has_value());
  taken.awaiting_reply_since_ms = kNow;
  ASSERT_TRUE(Close(taken, kNow + 1, EndReason::kIdle).has_value());
  EXPECT_EQ(taken.end_reason, EndReason::kIdle);
  EXPECT_TRUE(taken.wrap_up_pending);
  EXPECT_FALSE(taken.awaiting_reply_since_ms.has_value());

  Conversation by_staff = Waiting();
  ASSERT_TRUE(Take(by_staff, 3, "佐藤", kNow).has_value());
  ASSERT_TRUE(Close(by_staff, kNow + 1, EndReason::kStaff).has_value());
  EXPECT_FALSE(by_staff.wrap_up_pending) << "a staff close writes its wrap-up at once";

  Conversation never_taken = Waiting();
  ASSERT_TRUE(Close(never_taken, kNow + 1, EndReason::kClosingTime).has_value());
  EXPECT_FALSE(never_taken.wrap_up_pending) << "nobody to write it";
}

TEST(ConversationCloseTest, EndReasonsHaveStableNames) {
  for (EndReason r :
       {EndReason::kStaff, EndReason::kIdle, EndReason::kClosingTime, EndReason::kAbandoned,
        EndReason::kOutOfHours, EndReason::kOverflow, EndReason::kDeclined, EndReason::kBotEnded}) {
    const std::string name = EndReasonName(r);
    EXPECT_FALSE(name.empty());
    EXPECT_EQ(ParseEndReason(name), std::optional<EndReason>(r));
  }
  EXPECT_EQ(ParseEndReason("closed"), std::nullopt);
}

TEST(ConversationCloseTest, AWaitingConversationCanBeClosed) {
  Conversation c = Waiting();
  ASSERT_TRUE(Close(c, kNow, EndReason::kStaff).has_value());
  EXPECT_EQ(c.status, ConversationStatus::kClosed);
}

TEST(ConversationCloseTest, ClosingTwiceConflictsAndKeepsTheFirstTime) {
  Conversation c = Waiting();
  ASSERT_TRUE(Close(c, kNow, EndReason::kStaff).has_value());
  Status again = Close(c, kNow + 5'000, EndReason::kStaff);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(c.closed_at_ms, std::optional<TimeMs>(kNow));
}

TEST(ReplyTokenUsableTest, BothSidesOfTheSafetyMargin) {
  const TimeMs expires = kNow + 50'000;
  EXPECT_TRUE(ReplyTokenUsable(expires, kNow));
  EXPECT_TRUE(ReplyTokenUsable(expires, expires - kReplyTokenSafetyMarginMs - 1));
  EXPECT_FALSE(ReplyTokenUsable(expires, expires - kReplyTokenSafetyMarginMs));
  EXPECT_FALSE(ReplyTokenUsable(expires, expires - 1));
  EXPECT_FALSE(ReplyTokenUsable(expires, expires));
  EXPECT_FALSE(ReplyTokenUsable(expires, expires + 60'000));
  EXPECT_FALSE(ReplyTokenUsable(0, kNow));
}

Conversation WithToken(std::string token, TimeMs expires_at_ms) {
  Conversation c = Waiting();
  c.reply_token = std::move(token);
  c.reply_token_expires_at_ms = expires_at_ms;
  return c;
}

TEST(TakeReplyTokenTest, AUsableTokenIsReturnedOnceAndCleared) {
  const TimeMs expires = kNow + 50'000;
  Conversation c = WithToken("rt-1", expires);
  std::optional<ReplyToken> token = TakeReplyToken(c, expires - kReplyTokenSafetyMarginMs - 1);
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->token, "rt-1");
  EXPECT_EQ(token->expires_at_ms, expires);
  EXPECT_TRUE(c.reply_token.empty());
  EXPECT_EQ(c.reply_token_expires_at_ms, 0);
  // Single use: the second take finds nothing.
  EXPECT_FALSE(TakeReplyToken(c, kNow).has_value());
}

TEST(TakeReplyTokenTest, ATokenInsideTheMarginIsNotReturnedButStillCleared) {
  const TimeMs expires = kNow + 50'000;
  Conversation c = WithToken("rt-1", expires);
  EXPECT_FALSE(TakeReplyToken(c, expires - kReplyTokenSafetyMarginMs).has_value());
  EXPECT_TRUE(c.reply_token.empty());
  EXPECT_EQ(c.reply_token_expires_at_ms, 0);
}

TEST(TakeReplyTokenTest, AnExpiredTokenIsNotReturnedButStillCleared) {
  Conversation c = WithToken("rt-1", kNow - 1);
  EXPECT_FALSE(TakeReplyToken(c, kNow).has_value());
  EXPECT_TRUE(c.reply_token.empty());
  EXPECT_EQ(c.reply_token_expires_at_ms, 0);
}

TEST(TakeReplyTokenTest, NoTokenGivesNothing) {
  Conversation c = WithToken("", kNow + 50'000);
  EXPECT_FALSE(TakeReplyToken(c, kNow).has_value());
  EXPECT_EQ(c.reply_token_expires_at_ms, 0);
}

TEST(ConversationStatusNameTest, RoundTripsAndRejectsUnknownNames) {
  for (ConversationStatus s :
       {ConversationStatus::kWaiting, ConversationStatus::kActive, ConversationStatus::kClosed}) {
    EXPECT_EQ(ParseConversationStatus(ConversationStatusName(s)), s);
  }
  EXPECT_STREQ(ConversationStatusName(ConversationStatus::kWaiting), "waiting");
  EXPECT_STREQ(ConversationStatusName(ConversationStatus::kActive), "active");
  EXPECT_STREQ(ConversationStatusName(ConversationStatus::kClosed), "closed");
  EXPECT_FALSE(ParseConversationStatus("").has_value());
  EXPECT_FALSE(ParseConversationStatus("open").has_value());
  EXPECT_FALSE(ParseConversationStatus("Waiting").has_value());
  EXPECT_FALSE(ParseConversationStatus("waiting ").has_value());
}

}  // namespace
}  // namespace tsunagu::core

namespace tsunagu::core {
namespace {

TEST(TransferTest, ToAnotherStaffMemberOrBackToTheQueueKeepingThePlace) {
  Conversation c;
  c.status = ConversationStatus::kActive;
  c.assigned_staff_id = 1;
  c.queued_at_ms = 100;
  EXPECT_FALSE(TransferTo(c, 1, "佐藤", 300).has_value()) << "already theirs";
  ASSERT_TRUE(TransferTo(c, 2, "鈴木", 300).has_value());
  EXPECT_EQ(c.assigned_staff_id, 2);
  EXPECT_EQ(c.assigned_staff_name, "鈴木");
  ASSERT_TRUE(ReturnToQueue(c, 500).has_value());
  EXPECT_EQ(c.status, ConversationStatus::kWaiting);
  EXPECT_FALSE(c.assigned_staff_id.has_value());
  EXPECT_EQ(c.queued_at_ms, 100) << "the person keeps their place";
  EXPECT_FALSE(ReturnToQueue(c, 600).has_value()) << "already in the queue";
  c.status = ConversationStatus::kClosed;
  EXPECT_FALSE(TransferTo(c, 3, "田中", 300).has_value());
}

TEST(TransferTest, AConversationNeverQueuedGetsThePlaceOfNow) {
  Conversation c;
  c.status = ConversationStatus::kActive;
  c.assigned_staff_id = 1;
  ASSERT_TRUE(ReturnToQueue(c, 700).has_value());
  EXPECT_EQ(c.queued_at_ms, 700);
}

}  // namespace
}  // namespace tsunagu::core
