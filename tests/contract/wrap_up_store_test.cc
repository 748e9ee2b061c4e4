// The Store contract for wrap-ups (core/wrap_up.h): the row and its topics round-trip, one per
// conversation, stored whole or not at all. Like store_contract_test.cc, it runs on every
// backend and knows none of them. (The copy from SQLite to PostgreSQL is checked in
// tests/unit/app/wrap_up_copy_test.cc, which needs both stores at once.)
#include <string>
#include <vector>

#include "contract/store_contract.h"
#include "core/limits.h"

namespace tsunagu::contract {
namespace {

using core::ErrorCode;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

struct WrapUpWorld {
  std::vector<core::ConversationId> conversations;
  core::StaffId staff = 0;
};

// A program, two clients with a conversation each, and a counselor.
core::Result<WrapUpWorld> MakeWrapUpWorld(app::StoreTx& tx) {
  WrapUpWorld w;
  auto program = tx.UpsertProgram("center", "相談センター");
  if (!program) return std::unexpected(program.error());
  core::Staff staff;
  staff.login = "sato";
  staff.display_name = "相談員 佐藤";
  staff.password_hash = "hash";
  staff.created_at_ms = kT0;
  auto staff_id = tx.InsertStaff(staff);
  if (!staff_id) return std::unexpected(staff_id.error());
  w.staff = *staff_id;
  for (int i = 0; i < 2; ++i) {
    const std::string n = std::to_string(i);
    auto client = tx.InsertClient({0, "相談者-WU" + n, false, kT0}, {"main", "U-wu-" + n, 0});
    if (!client) return std::unexpected(client.error());
    core::Conversation c;
    c.program_id = program->id;
    c.client_id = client->id;
    c.channel_key = "main";
    c.status = core::ConversationStatus::kClosed;
    c.assigned_staff_id = w.staff;
    c.opened_at_ms = kT0;
    c.last_message_at_ms = kT0 + 10;
    c.closed_at_ms = kT0 + 20;
    auto id = tx.InsertConversation(c);
    if (!id) return std::unexpected(id.error());
    w.conversations.push_back(*id);
  }
  return w;
}

core::WrapUp MakeWrapUp(core::ConversationId conversation, core::StaffId staff) {
  core::WrapUp w;
  w.conversation_id = conversation;
  w.topic_codes = {"bullying", "family", "sexual_harm"};
  w.risk_level = 2;
  w.outcome = core::WrapUpOutcome::kReferral;
  // Quotes, a line break and characters beyond the BMP survive.
  w.summary = "児童相談所を案内。'x'; DROP TABLE wrap_ups; --\n次回は 😀 継続";
  w.by_staff_id = staff;
  w.at_ms = kT0 + 20;
  return w;
}

TEST_P(StoreContract, AWrapUpRoundTripsWithItsTopicsSorted) {
  const WrapUpWorld world = Tx(MakeWrapUpWorld);
  const core::WrapUp wrap_up = MakeWrapUp(world.conversations[0], world.staff);
  Tx([&](app::StoreTx& tx) { return tx.InsertWrapUp(wrap_up); });

  auto read = Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(world.conversations[0]); });
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, wrap_up);
  // The other conversation has none.
  EXPECT_FALSE(
      Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(world.conversations[1]); }).has_value());
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(999'999); }).has_value());
}

TEST_P(StoreContract, EveryOutcomeLevelAndTheLongestSummaryRoundTrip) {
  const WrapUpWorld world = Tx(MakeWrapUpWorld);
  core::WrapUp w = MakeWrapUp(world.conversations[0], world.staff);
  w.topic_codes = {"other"};
  w.risk_level = 3;
  w.outcome = core::WrapUpOutcome::kPhone;
  w.summary = "";
  for (std::size_t i = 0; i < core::kWrapUpSummaryCharsMax; ++i) w.summary += "あ";
  Tx([&](app::StoreTx& tx) { return tx.InsertWrapUp(w); });
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(w.conversation_id); }),
            std::optional<core::WrapUp>(w));

  core::WrapUp empty_summary = MakeWrapUp(world.conversations[1], world.staff);
  empty_summary.summary = "";
  empty_summary.risk_level = 0;
  empty_summary.outcome = core::WrapUpOutcome::kCloseContact;
  Tx([&](app::StoreTx& tx) { return tx.InsertWrapUp(empty_summary); });
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(empty_summary.conversation_id); }),
            std::optional<core::WrapUp>(empty_summary));
}

TEST_P(StoreContract, OneWrapUpPerConversation) {
  const WrapUpWorld world = Tx(MakeWrapUpWorld);
  const core::WrapUp first = MakeWrapUp(world.conversations[0], world.staff);
  Tx([&](app::StoreTx& tx) { return tx.InsertWrapUp(first); });

  core::WrapUp second = first;
  second.topic_codes = {"school"};
  second.outcome = core::WrapUpOutcome::kEnded;
  second.at_ms += 1'000;
  const core::Error e = TxError([&](app::StoreTx& tx) { return tx.InsertWrapUp(second); });
  EXPECT_EQ(e.code, ErrorCode::kConflict) << Describe(e);

  // The first stands, topics included: nothing of the refused one was kept.
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(first.conversation_id); }),
            std::optional<core::WrapUp>(first));
}

TEST_P(StoreContract, AFailedWrapUpInsertLeavesTheTransactionUsable) {
  const WrapUpWorld world = Tx(MakeWrapUpWorld);
  const core::WrapUp first = MakeWrapUp(world.conversations[0], world.staff);
  Tx([&](app::StoreTx& tx) { return tx.InsertWrapUp(first); });
  // In one transaction: the duplicate is refused, the caller goes on and stores another.
  Tx([&](app::StoreTx& tx) -> core::Status {
    auto again = tx.InsertWrapUp(first);
    EXPECT_FALSE(again.has_value());
    return tx.InsertWrapUp(MakeWrapUp(world.conversations[1], world.staff));
  });
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(world.conversations[1]); }).has_value());
}

TEST_P(StoreContract, AWrapUpNeedsAKnownConversationAndStaffMember) {
  const WrapUpWorld world = Tx(MakeWrapUpWorld);
  const core::Error no_conversation =
      TxError([&](app::StoreTx& tx) { return tx.InsertWrapUp(MakeWrapUp(999'999, world.staff)); });
  EXPECT_EQ(no_conversation.code, ErrorCode::kNotFound) << Describe(no_conversation);
  const core::Error no_staff = TxError(
      [&](app::StoreTx& tx) { return tx.InsertWrapUp(MakeWrapUp(world.conversations[0], 999)); });
  EXPECT_EQ(no_staff.code, ErrorCode::kNotFound) << Describe(no_staff);
  EXPECT_FALSE(
      Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(world.conversations[0]); }).has_value());
}

TEST_P(StoreContract, AMalformedWrapUpIsRefusedBeforeItIsStored) {
  const WrapUpWorld world = Tx(MakeWrapUpWorld);
  std::vector<core::WrapUp> bad(4, MakeWrapUp(world.conversations[0], world.staff));
  bad[0].topic_codes = {};
  bad[1].topic_codes = {"family", "bullying"};  // not sorted
  bad[2].risk_level = 4;
  bad[3].topic_codes = {"Bad Code"};
  for (const core::WrapUp& w : bad) {
    const core::Error e = TxError([&](app::StoreTx& tx) { return tx.InsertWrapUp(w); });
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << Describe(e);
  }
  EXPECT_FALSE(
      Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(world.conversations[0]); }).has_value());
}

}  // namespace
}  // namespace tsunagu::contract
