// The Store contract. Every backend must pass all of it; nothing here may know which backend
// runs. Values are deliberately not the struct defaults, so that a store that drops a field
// fails the round-trip tests.
#include "contract/store_contract.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/limits.h"
#include "core/queue_order.h"

namespace tsunagu::contract {
namespace {

using core::ErrorCode;

constexpr core::TimeMs kT0 = 1'700'000'000'000;
// Quotes and SQL in values must come back verbatim (and must never be executed).
constexpr const char* kAwkwardText = "こんにちは 😀 'x'; DROP TABLE messages; -- \"q\" \\ %_";

core::Staff MakeStaff(const std::string& login, core::Role role = core::Role::kSupervisor) {
  core::Staff staff;
  staff.login = login;
  staff.display_name = "相談員 " + login;
  staff.role = role;
  staff.active = false;
  staff.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$" + login;
  staff.created_at_ms = kT0 + 123;
  return staff;
}

core::InboundEvent MakeEvent(const std::string& event_id, const std::string& channel = "main") {
  core::InboundEvent e;
  e.event_id = event_id;
  e.channel_key = channel;
  e.kind = core::InboundKind::kMessage;
  e.type_name = "message";
  e.sender_id = "U-" + event_id;
  e.source_type = "user";
  e.reply_token = "rt-" + event_id;
  e.occurred_at_ms = kT0 + 1;
  e.received_at_ms = kT0 + 2;
  e.redelivery = true;
  e.standby = true;
  e.message_type = "text";
  e.message_id = "m-" + event_id;
  e.text = kAwkwardText;
  e.raw_json = R"({"type":"message","webhookEventId":")" + event_id + R"("})";
  e.state = core::InboundState::kPending;
  return e;
}

void ExpectSameEvent(const core::InboundEvent& want, const core::InboundEvent& got) {
  EXPECT_EQ(got.event_id, want.event_id);
  EXPECT_EQ(got.channel_key, want.channel_key);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.type_name, want.type_name);
  EXPECT_EQ(got.sender_id, want.sender_id);
  EXPECT_EQ(got.source_type, want.source_type);
  EXPECT_EQ(got.reply_token, want.reply_token);
  EXPECT_EQ(got.occurred_at_ms, want.occurred_at_ms);
  EXPECT_EQ(got.received_at_ms, want.received_at_ms);
  EXPECT_EQ(got.redelivery, want.redelivery);
  EXPECT_EQ(got.standby, want.standby);
  EXPECT_EQ(got.message_type, want.message_type);
  EXPECT_EQ(got.message_id, want.message_id);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.raw_json, want.raw_json);
  EXPECT_EQ(got.state, want.state);
}

void ExpectSameStaff(const core::Staff& want, const core::Staff& got) {
  EXPECT_EQ(got.login, want.login);
  EXPECT_EQ(got.display_name, want.display_name);
  EXPECT_EQ(got.role, want.role);
  EXPECT_EQ(got.active, want.active);
  EXPECT_EQ(got.password_hash, want.password_hash);
  EXPECT_EQ(got.created_at_ms, want.created_at_ms);
}

void ExpectSameConversation(const core::Conversation& want, const core::Conversation& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.program_id, want.program_id);
  EXPECT_EQ(got.client_id, want.client_id);
  EXPECT_EQ(got.channel_key, want.channel_key);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.assigned_staff_id, want.assigned_staff_id);
  EXPECT_EQ(got.opened_at_ms, want.opened_at_ms);
  EXPECT_EQ(got.last_message_at_ms, want.last_message_at_ms);
  EXPECT_EQ(got.closed_at_ms, want.closed_at_ms);
  EXPECT_EQ(got.reply_token, want.reply_token);
  EXPECT_EQ(got.reply_token_expires_at_ms, want.reply_token_expires_at_ms);
  EXPECT_EQ(got.queued_at_ms, want.queued_at_ms);
  EXPECT_EQ(got.bot_status, want.bot_status);
  EXPECT_EQ(got.bot_scenario, want.bot_scenario);
  EXPECT_EQ(got.bot_node, want.bot_node);
  EXPECT_EQ(got.bot_variables, want.bot_variables);
}

void ExpectSameMessage(const core::Message& want, const core::Message& got) {
  EXPECT_EQ(got.conversation_id, want.conversation_id);
  EXPECT_EQ(got.direction, want.direction);
  EXPECT_EQ(got.sender_kind, want.sender_kind);
  EXPECT_EQ(got.sender_staff_id, want.sender_staff_id);
  EXPECT_EQ(got.sender_name, want.sender_name);
  EXPECT_EQ(got.content_kind, want.content_kind);
  EXPECT_EQ(got.content_type, want.content_type);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.external_id, want.external_id);
  EXPECT_EQ(got.created_at_ms, want.created_at_ms);
  EXPECT_EQ(got.delivery_state, want.delivery_state);
  EXPECT_EQ(got.delivery_error, want.delivery_error);
  EXPECT_EQ(got.quick_replies, want.quick_replies);
  EXPECT_EQ(got.media_url, want.media_url);
}

// Ids of rows, in the order returned.
template <typename Row>
std::vector<std::int64_t> Ids(const std::vector<Row>& rows) {
  std::vector<std::int64_t> ids;
  for (const Row& row : rows) ids.push_back(row.id);
  return ids;
}

// Two programs, two clients (each with a LINE identity) and two counselors.
struct World {
  core::ProgramId program = 0;
  core::ProgramId other_program = 0;
  core::ClientId client = 0;
  core::ClientId other_client = 0;
  core::StaffId staff = 0;
  core::StaffId other_staff = 0;
};

core::Result<World> MakeWorld(app::StoreTx& tx) {
  World w;
  auto program = tx.UpsertProgram("center", "子ども・若者総合相談センター");
  auto other_program = tx.UpsertProgram("visit", "家庭訪問型相談支援");
  if (!program || !other_program) return core::Fail(ErrorCode::kInternal, "programs");
  w.program = program->id;
  w.other_program = other_program->id;
  auto client = tx.InsertClient({0, "相談者-AAAA", false, kT0}, {"main", "U-client", 0});
  auto other = tx.InsertClient({0, "相談者-BBBB", false, kT0}, {"main", "U-other", 0});
  if (!client || !other) return core::Fail(ErrorCode::kInternal, "clients");
  w.client = client->id;
  w.other_client = other->id;
  auto staff = tx.InsertStaff(MakeStaff("sato", core::Role::kCounselor));
  auto other_staff = tx.InsertStaff(MakeStaff("suzuki", core::Role::kCounselor));
  if (!staff || !other_staff) return core::Fail(ErrorCode::kInternal, "staff");
  w.staff = *staff;
  w.other_staff = *other_staff;
  return w;
}

core::Conversation MakeConversation(core::ProgramId program, core::ClientId client,
                                    core::TimeMs last_message_at_ms) {
  core::Conversation c;
  c.program_id = program;
  c.client_id = client;
  c.channel_key = "main";
  c.status = core::ConversationStatus::kWaiting;
  c.opened_at_ms = kT0 + 10;
  c.last_message_at_ms = last_message_at_ms;
  c.reply_token = "reply-token";
  c.reply_token_expires_at_ms = kT0 + 50'000;
  return c;
}

core::Conversation MakeClosed(core::ProgramId program, core::ClientId client,
                              core::TimeMs last_message_at_ms) {
  core::Conversation c = MakeConversation(program, client, last_message_at_ms);
  c.status = core::ConversationStatus::kClosed;
  c.closed_at_ms = last_message_at_ms + 1;
  return c;
}

core::Message MakeMessage(core::ConversationId conversation, const std::string& text) {
  core::Message m;
  m.conversation_id = conversation;
  m.direction = core::Direction::kInbound;
  m.sender_kind = core::SenderKind::kClient;
  m.sender_name = "相談者-AAAA";
  m.content_kind = core::ContentKind::kText;
  m.content_type = "text";
  m.text = text;
  m.external_id = "line-" + text;
  m.created_at_ms = kT0 + 20;
  m.delivery_state = core::DeliveryState::kReceived;
  return m;
}

app::OutboxItem MakeOutbox(core::MessageId message, const std::string& retry_key,
                           core::TimeMs next_attempt_at_ms,
                           const std::string& recipient = "U-client") {
  app::OutboxItem item;
  item.message_id = message;
  item.channel_key = "main";
  item.recipient_id = recipient;
  item.text = "ignored: the store fills text from the message";
  item.sender_name = "佐藤";
  item.reply_token = "rt-" + retry_key;
  item.reply_token_expires_at_ms = kT0 + 40'000;
  item.retry_key = retry_key;
  item.attempts = 0;
  item.next_attempt_at_ms = next_attempt_at_ms;
  item.created_at_ms = kT0 + 30;
  item.state = app::OutboxState::kPending;
  return item;
}

// ---- Inbound events.

TEST_P(StoreContract, InsertInboundEventReturnsTrueOnceThenFalse) {
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.InsertInboundEvent(MakeEvent("e1")); }));
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.InsertInboundEvent(MakeEvent("e1")); }));
  // A duplicate inside the same transaction is also reported, without failing it.
  EXPECT_TRUE(Tx([](app::StoreTx& tx) -> core::Result<bool> {
    auto first = tx.InsertInboundEvent(MakeEvent("e2"));
    auto second = tx.InsertInboundEvent(MakeEvent("e2"));
    if (!first || !second) return core::Fail(ErrorCode::kInternal, "insert failed");
    return *first && !*second;
  }));
}

TEST_P(StoreContract, DuplicateInboundEventKeepsTheFirstRow) {
  core::InboundEvent first = MakeEvent("e1");
  Tx([&](app::StoreTx& tx) { return tx.InsertInboundEvent(first); });
  core::InboundEvent again = MakeEvent("e1");
  again.text = "a different body";
  again.redelivery = false;
  again.state = core::InboundState::kIgnored;
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.InsertInboundEvent(again); }));
  auto stored = Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "e1"); });
  ASSERT_TRUE(stored.has_value());
  ExpectSameEvent(first, *stored);
}

TEST_P(StoreContract, SameEventIdOnAnotherChannelIsNotADuplicate) {
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.InsertInboundEvent(MakeEvent("e1", "a")); }));
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.InsertInboundEvent(MakeEvent("e1", "b")); }));
}

TEST_P(StoreContract, InboundEventRoundTripsEveryField) {
  core::InboundEvent message = MakeEvent("e1");
  core::InboundEvent other = MakeEvent("e2");
  other.kind = core::InboundKind::kUnfollow;
  other.redelivery = false;
  other.standby = false;
  other.sender_id = "";
  other.source_type = "group";
  other.state = core::InboundState::kIgnored;
  Tx([&](app::StoreTx& tx) -> core::Status {
    if (!tx.InsertInboundEvent(message) || !tx.InsertInboundEvent(other)) {
      return core::Fail(ErrorCode::kInternal, "insert failed");
    }
    return core::Ok();
  });
  auto got_message = Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "e1"); });
  auto got_other = Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "e2"); });
  ASSERT_TRUE(got_message.has_value());
  ASSERT_TRUE(got_other.has_value());
  ExpectSameEvent(message, *got_message);
  ExpectSameEvent(other, *got_other);
  EXPECT_GT(got_message->id, 0);
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "nope"); }));
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("other", "e1"); }));
}

TEST_P(StoreContract, InboundEventIdsIncreaseInCommitOrder) {
  std::vector<core::InboundEventId> ids;
  for (const char* event_id : {"z", "a", "m"}) {
    Tx([&](app::StoreTx& tx) { return tx.InsertInboundEvent(MakeEvent(event_id)); });
    auto stored = Tx([&](app::StoreTx& tx) { return tx.FindInboundEvent("main", event_id); });
    ASSERT_TRUE(stored.has_value());
    ids.push_back(stored->id);
  }
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
}

TEST_P(StoreContract, ListPendingInboundEventsInIdOrderUntilTheirStateChanges) {
  Tx([](app::StoreTx& tx) -> core::Status {
    for (const char* id : {"e1", "e2", "e3", "e4", "e5"}) {
      if (!tx.InsertInboundEvent(MakeEvent(id))) return core::Fail(ErrorCode::kInternal, id);
    }
    return core::Ok();
  });
  auto all = Tx([](app::StoreTx& tx) { return tx.ListPendingInboundEvents(10); });
  ASSERT_EQ(all.size(), 5u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].event_id, "e" + std::to_string(i + 1));
    if (i > 0) {
      EXPECT_LT(all[i - 1].id, all[i].id);
    }
  }
  auto first_three = Tx([](app::StoreTx& tx) { return tx.ListPendingInboundEvents(3); });
  EXPECT_EQ(Ids(first_three), (std::vector<std::int64_t>{all[0].id, all[1].id, all[2].id}));

  Tx([&](app::StoreTx& tx) -> core::Status {
    auto processed = tx.SetInboundEventState(all[1].id, core::InboundState::kProcessed, kT0);
    if (!processed) return processed;
    return tx.SetInboundEventState(all[3].id, core::InboundState::kIgnored, kT0);
  });
  auto pending = Tx([](app::StoreTx& tx) { return tx.ListPendingInboundEvents(10); });
  EXPECT_EQ(Ids(pending), (std::vector<std::int64_t>{all[0].id, all[2].id, all[4].id}));
  auto second = Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "e2"); });
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->state, core::InboundState::kProcessed);
}

TEST_P(StoreContract, ListPendingInboundEventsIsCappedByTheClaimBatchMax) {
  const std::size_t batch_max = static_cast<std::size_t>(core::kInboundClaimBatchMax);
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (std::size_t i = 0; i <= batch_max; ++i) {
      if (!tx.InsertInboundEvent(MakeEvent("e" + std::to_string(i)))) {
        return core::Fail(ErrorCode::kInternal, "insert failed");
      }
    }
    return core::Ok();
  });
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListPendingInboundEvents(batch_max); }).size(),
            batch_max);
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListPendingInboundEvents(batch_max + 1); }).size(),
            batch_max);
}

TEST_P(StoreContract, SetInboundEventStateOfUnknownIdIsNotFound) {
  core::Error error = TxError([](app::StoreTx& tx) {
    return tx.SetInboundEventState(12345, core::InboundState::kProcessed, kT0);
  });
  EXPECT_EQ(error.code, ErrorCode::kNotFound) << Describe(error);
}

// ---- Programs and staff.

TEST_P(StoreContract, UpsertProgramIsIdempotentByKeyAndUpdatesTheName) {
  auto first = Tx([](app::StoreTx& tx) { return tx.UpsertProgram("center", "センター"); });
  auto same = Tx([](app::StoreTx& tx) { return tx.UpsertProgram("center", "センター"); });
  auto renamed = Tx([](app::StoreTx& tx) { return tx.UpsertProgram("center", "新センター"); });
  auto other = Tx([](app::StoreTx& tx) { return tx.UpsertProgram("visit", "訪問"); });
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(same.id, first.id);
  EXPECT_EQ(renamed.id, first.id);
  EXPECT_EQ(renamed.name, "新センター");
  EXPECT_EQ(renamed.key, "center");
  EXPECT_NE(other.id, first.id);
  auto found = Tx([](app::StoreTx& tx) { return tx.FindProgramByKey("center"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->name, "新センター");
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindProgramByKey("nope"); }));
}

TEST_P(StoreContract, StaffRoundTripsEveryField) {
  core::Staff admin = MakeStaff("admin", core::Role::kAdmin);
  core::Staff counselor = MakeStaff("counselor", core::Role::kCounselor);
  counselor.active = true;
  core::StaffId admin_id = Tx([&](app::StoreTx& tx) { return tx.InsertStaff(admin); });
  core::StaffId counselor_id = Tx([&](app::StoreTx& tx) { return tx.InsertStaff(counselor); });
  EXPECT_GT(admin_id, 0);
  EXPECT_NE(admin_id, counselor_id);
  auto by_login = Tx([](app::StoreTx& tx) { return tx.FindStaffByLogin("admin"); });
  auto by_id = Tx([&](app::StoreTx& tx) { return tx.GetStaff(counselor_id); });
  ASSERT_TRUE(by_login.has_value());
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_login->id, admin_id);
  ExpectSameStaff(admin, *by_login);
  EXPECT_EQ(by_id->id, counselor_id);
  ExpectSameStaff(counselor, *by_id);
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindStaffByLogin("nobody"); }));
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetStaff(counselor_id + 100); }));
}

TEST_P(StoreContract, InsertStaffWithAnExistingLoginIsConflict) {
  Tx([](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  core::Staff again = MakeStaff("sato", core::Role::kAdmin);
  again.display_name = "impostor";
  core::Error error = TxError([&](app::StoreTx& tx) { return tx.InsertStaff(again); });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);
  auto stored = Tx([](app::StoreTx& tx) { return tx.FindStaffByLogin("sato"); });
  ASSERT_TRUE(stored.has_value());
  ExpectSameStaff(MakeStaff("sato"), *stored);
}

TEST_P(StoreContract, ListStaffReturnsEveryoneInIdOrder) {
  for (const char* login : {"c", "a", "b"}) {
    Tx([&](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff(login)); });
  }
  auto staff = Tx([](app::StoreTx& tx) { return tx.ListStaff(); });
  ASSERT_EQ(staff.size(), 3u);
  EXPECT_EQ(staff[0].login, "c");
  EXPECT_EQ(staff[1].login, "a");
  EXPECT_EQ(staff[2].login, "b");
  EXPECT_LT(staff[0].id, staff[1].id);
  EXPECT_LT(staff[1].id, staff[2].id);
}

// ---- Clients.

TEST_P(StoreContract, InsertClientCreatesTheClientAndItsIdentity) {
  core::Client client{0, "相談者-7F3K", true, kT0 + 5};
  auto stored = Tx([&](app::StoreTx& tx) {
    return tx.InsertClient(client, {"main", "U-abc", /*client_id=*/0});
  });
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.pseudonym, client.pseudonym);
  auto found = Tx([](app::StoreTx& tx) { return tx.FindClientByIdentity("main", "U-abc"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, stored.id);
  EXPECT_EQ(found->pseudonym, "相談者-7F3K");
  EXPECT_TRUE(found->blocked);
  EXPECT_EQ(found->created_at_ms, kT0 + 5);
  auto by_id = Tx([&](app::StoreTx& tx) { return tx.GetClient(stored.id); });
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->pseudonym, "相談者-7F3K");
  auto identity = Tx([&](app::StoreTx& tx) { return tx.FindIdentityOfClient(stored.id, "main"); });
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->channel_key, "main");
  EXPECT_EQ(identity->external_id, "U-abc");
  EXPECT_EQ(identity->client_id, stored.id);
  // Identities are scoped to their channel key.
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindClientByIdentity("other", "U-abc"); }));
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindIdentityOfClient(stored.id, "other"); }));
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetClient(stored.id + 100); }));
}

TEST_P(StoreContract, DuplicateIdentityIsConflictAndLeavesNoHalfClient) {
  Tx([](app::StoreTx& tx) {
    return tx.InsertClient({0, "相談者-1", false, kT0}, {"main", "U1", 0});
  });
  core::Error error = TxError([](app::StoreTx& tx) {
    return tx.InsertClient({0, "相談者-2", false, kT0}, {"main", "U1", 0});
  });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);
  // Even when the caller ignores the error and commits, the client row is not left behind: its
  // pseudonym is still free.
  Tx([](app::StoreTx& tx) -> core::Status {
    auto dup = tx.InsertClient({0, "相談者-2", false, kT0}, {"main", "U1", 0});
    if (dup) return core::Fail(ErrorCode::kInternal, "duplicate identity was accepted");
    return core::Ok();
  });
  auto retry = Tx([](app::StoreTx& tx) {
    return tx.InsertClient({0, "相談者-2", false, kT0}, {"main", "U2", 0});
  });
  EXPECT_GT(retry.id, 0);
  auto first = Tx([](app::StoreTx& tx) { return tx.FindClientByIdentity("main", "U1"); });
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->pseudonym, "相談者-1");
}

TEST_P(StoreContract, DuplicatePseudonymIsConflict) {
  Tx([](app::StoreTx& tx) {
    return tx.InsertClient({0, "相談者-1", false, kT0}, {"main", "U1", 0});
  });
  core::Error error = TxError([](app::StoreTx& tx) {
    return tx.InsertClient({0, "相談者-1", false, kT0}, {"main", "U2", 0});
  });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindClientByIdentity("main", "U2"); }));
}

TEST_P(StoreContract, SetClientBlockedRoundTrips) {
  auto client = Tx([](app::StoreTx& tx) {
    return tx.InsertClient({0, "相談者-1", false, kT0}, {"main", "U1", 0});
  });
  for (bool blocked : {true, false, true}) {
    Tx([&](app::StoreTx& tx) { return tx.SetClientBlocked(client.id, blocked); });
    auto stored = Tx([&](app::StoreTx& tx) { return tx.GetClient(client.id); });
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->blocked, blocked);
  }
  core::Error error =
      TxError([&](app::StoreTx& tx) { return tx.SetClientBlocked(client.id + 1, true); });
  EXPECT_EQ(error.code, ErrorCode::kNotFound) << Describe(error);
}

// ---- Conversations.

TEST_P(StoreContract, ConversationRoundTripsEveryField) {
  World w = Tx(MakeWorld);
  core::Conversation c = MakeConversation(w.program, w.client, kT0 + 100);
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = w.staff;
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  EXPECT_GT(c.id, 0);
  auto stored = Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); });
  ASSERT_TRUE(stored.has_value());
  ExpectSameConversation(c, *stored);
  // The read-only views come from the client and the assigned staff member, for lists.
  EXPECT_EQ(stored->client_pseudonym, "相談者-AAAA");
  EXPECT_EQ(stored->assigned_staff_name, "相談員 sato");
  EXPECT_FALSE(stored->client_blocked);

  core::Conversation closed = MakeClosed(w.program, w.other_client, kT0 + 200);
  closed.reply_token.clear();
  closed.reply_token_expires_at_ms = 0;
  closed.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(closed); });
  auto stored_closed = Tx([&](app::StoreTx& tx) { return tx.GetConversation(closed.id); });
  ASSERT_TRUE(stored_closed.has_value());
  ExpectSameConversation(closed, *stored_closed);
  EXPECT_EQ(stored_closed->assigned_staff_name, "");
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetConversation(closed.id + 100); }));
}

TEST_P(StoreContract, ConversationViewsFollowTheClientAndTheAssignment) {
  World w = Tx(MakeWorld);
  core::Conversation c = MakeConversation(w.program, w.client, kT0);
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  Tx([&](app::StoreTx& tx) { return tx.SetClientBlocked(w.client, true); });
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = w.other_staff;
  c.assigned_staff_name = "ignored: the store joins it";
  c.client_blocked = false;  // ignored as well
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  auto stored = Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->client_blocked);
  EXPECT_EQ(stored->assigned_staff_name, "相談員 suzuki");
  auto listed = Tx([](app::StoreTx& tx) { return tx.ListConversations({}); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].client_blocked);
  EXPECT_EQ(listed[0].assigned_staff_name, "相談員 suzuki");
  auto open = Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); });
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->assigned_staff_name, "相談員 suzuki");
  EXPECT_TRUE(open->client_blocked);
}

TEST_P(StoreContract, FindOpenConversationFindsOnlyTheOpenOneOfThatClientAndProgram) {
  World w = Tx(MakeWorld);
  core::Conversation old = MakeClosed(w.program, w.client, kT0 + 1);
  old.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(old); });
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); }));

  core::Conversation open = MakeConversation(w.program, w.client, kT0 + 2);
  open.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(open); });
  auto found = Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); });
  ASSERT_TRUE(found.has_value());
  ExpectSameConversation(open, *found);
  EXPECT_FALSE(
      Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.other_program); }));
  EXPECT_FALSE(
      Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.other_client, w.program); }));

  // Active is still open; closed is not.
  open.status = core::ConversationStatus::kActive;
  open.assigned_staff_id = w.staff;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(open); });
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); }));
  open.status = core::ConversationStatus::kClosed;
  open.closed_at_ms = kT0 + 3;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(open); });
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); }));
}

TEST_P(StoreContract, ASecondOpenConversationOfAClientInAProgramIsConflict) {
  World w = Tx(MakeWorld);
  core::Conversation first = MakeConversation(w.program, w.client, kT0 + 1);
  first.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(first); });
  core::Error error = TxError([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0 + 2));
  });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);
  // Other programs, and closed conversations, are not limited.
  Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.other_program, w.client, kT0 + 3));
  });
  Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeClosed(w.program, w.client, kT0)); });
  first.status = core::ConversationStatus::kClosed;
  first.closed_at_ms = kT0 + 4;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(first); });
  auto next = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0 + 5));
  });
  EXPECT_GT(next, first.id);
}

TEST_P(StoreContract, UpdateConversationPersistsTheMutableFields) {
  World w = Tx(MakeWorld);
  core::Conversation c = MakeConversation(w.program, w.client, kT0 + 1);
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = w.staff;
  c.last_message_at_ms = kT0 + 500;
  c.reply_token = "newer-token";
  c.reply_token_expires_at_ms = kT0 + 60'000;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  auto stored = Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); });
  ASSERT_TRUE(stored.has_value());
  ExpectSameConversation(c, *stored);

  // Reassign, then clear the token and close.
  c.assigned_staff_id = w.other_staff;
  c.reply_token.clear();
  c.reply_token_expires_at_ms = 0;
  c.status = core::ConversationStatus::kClosed;
  c.closed_at_ms = kT0 + 900;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  stored = Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); });
  ASSERT_TRUE(stored.has_value());
  ExpectSameConversation(c, *stored);

  // And back to unassigned.
  c.assigned_staff_id.reset();
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  stored = Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->assigned_staff_id.has_value());
}

TEST_P(StoreContract, UpdateConversationOfUnknownIdIsNotFound) {
  World w = Tx(MakeWorld);
  core::Conversation c = MakeConversation(w.program, w.client, kT0);
  c.id = 4242;
  core::Error error = TxError([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  EXPECT_EQ(error.code, ErrorCode::kNotFound) << Describe(error);
}

TEST_P(StoreContract, InsertConversationWithUnknownReferencesFails) {
  World w = Tx(MakeWorld);
  TxError([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program + 100, w.client, kT0));
  });
  TxError([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client + 100, kT0));
  });
  core::Conversation bad_staff = MakeConversation(w.program, w.client, kT0);
  bad_staff.assigned_staff_id = w.staff + 100;
  TxError([&](app::StoreTx& tx) { return tx.InsertConversation(bad_staff); });
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.ListConversations({}); }).empty());
}

// Four conversations: waiting/unassigned, active/staff, active/other_staff, closed/staff.
struct ConversationSet {
  World w;
  core::ConversationId waiting = 0, active_staff = 0, active_other = 0, closed = 0;
};

core::Result<ConversationSet> MakeConversationSet(app::StoreTx& tx) {
  auto world = MakeWorld(tx);
  if (!world) return std::unexpected(world.error());
  ConversationSet s{*world};
  auto client3 = tx.InsertClient({0, "相談者-CCCC", false, kT0}, {"main", "U-3", 0});
  if (!client3) return std::unexpected(client3.error());
  core::Conversation waiting = MakeConversation(s.w.program, s.w.client, kT0 + 300);
  core::Conversation active = MakeConversation(s.w.program, s.w.other_client, kT0 + 400);
  active.status = core::ConversationStatus::kActive;
  active.assigned_staff_id = s.w.staff;
  core::Conversation other = MakeConversation(s.w.other_program, s.w.client, kT0 + 100);
  other.status = core::ConversationStatus::kActive;
  other.assigned_staff_id = s.w.other_staff;
  core::Conversation closed = MakeClosed(s.w.program, client3->id, kT0 + 200);
  closed.assigned_staff_id = s.w.staff;
  auto a = tx.InsertConversation(waiting);
  auto b = tx.InsertConversation(active);
  auto c = tx.InsertConversation(other);
  auto d = tx.InsertConversation(closed);
  if (!a || !b || !c || !d) return core::Fail(ErrorCode::kInternal, "insert conversation");
  s.waiting = *a;
  s.active_staff = *b;
  s.active_other = *c;
  s.closed = *d;
  return s;
}

TEST_P(StoreContract, ListConversationsNewestActivityFirst) {
  ConversationSet s = Tx(MakeConversationSet);
  auto all = Tx([](app::StoreTx& tx) { return tx.ListConversations({}); });
  EXPECT_EQ(Ids(all),
            (std::vector<std::int64_t>{s.active_staff, s.waiting, s.closed, s.active_other}));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].client_pseudonym, "相談者-BBBB");
}

TEST_P(StoreContract, ListConversationsFiltersByStatus) {
  ConversationSet s = Tx(MakeConversationSet);
  auto list = [&](std::vector<core::ConversationStatus> statuses) {
    app::ConversationFilter filter;
    filter.statuses = std::move(statuses);
    return Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); }));
  };
  using core::ConversationStatus;
  EXPECT_EQ(list({ConversationStatus::kActive}),
            (std::vector<std::int64_t>{s.active_staff, s.active_other}));
  EXPECT_EQ(list({ConversationStatus::kWaiting, ConversationStatus::kClosed}),
            (std::vector<std::int64_t>{s.waiting, s.closed}));
  EXPECT_EQ(list({ConversationStatus::kClosed, ConversationStatus::kClosed}),
            (std::vector<std::int64_t>{s.closed}));
  EXPECT_EQ(
      list({ConversationStatus::kWaiting, ConversationStatus::kActive, ConversationStatus::kClosed})
          .size(),
      4u);
}

TEST_P(StoreContract, ListConversationsFiltersByAssignment) {
  ConversationSet s = Tx(MakeConversationSet);
  app::ConversationFilter mine;
  mine.assigned_staff_id = s.w.staff;
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(mine); })),
            (std::vector<std::int64_t>{s.active_staff, s.closed}));
  mine.statuses = {core::ConversationStatus::kActive};
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(mine); })),
            (std::vector<std::int64_t>{s.active_staff}));
  app::ConversationFilter unassigned;
  unassigned.unassigned_only = true;
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(unassigned); })),
            (std::vector<std::int64_t>{s.waiting}));
}

TEST_P(StoreContract, ListConversationsHonoursTheLimit) {
  ConversationSet s = Tx(MakeConversationSet);
  app::ConversationFilter two;
  two.limit = 2;
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(two); })),
            (std::vector<std::int64_t>{s.active_staff, s.waiting}));
  app::ConversationFilter none;
  none.limit = 0;
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ListConversations(none); }).empty());
}

TEST_P(StoreContract, ListConversationsIsCappedByThePageMax) {
  World w = Tx(MakeWorld);
  const std::size_t page_max = core::kConversationsPageMax;
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (std::size_t i = 0; i <= page_max; ++i) {
      auto c = MakeClosed(w.program, w.client, kT0 + static_cast<core::TimeMs>(i));
      if (!tx.InsertConversation(c)) return core::Fail(ErrorCode::kInternal, "insert");
    }
    return core::Ok();
  });
  app::ConversationFilter filter;
  filter.limit = page_max;
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); }).size(), page_max);
  filter.limit = page_max + 1;
  auto capped = Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); });
  ASSERT_EQ(capped.size(), page_max);
  // The newest ones, the oldest (kT0) left out.
  EXPECT_EQ(capped.front().last_message_at_ms, kT0 + static_cast<core::TimeMs>(page_max));
  EXPECT_EQ(capped.back().last_message_at_ms, kT0 + 1);
}

// ---- Messages.

TEST_P(StoreContract, MessagesRoundTripEveryField) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  core::Message inbound = MakeMessage(conversation, kAwkwardText);
  core::Message outbound = MakeMessage(conversation, "お返事です");
  outbound.direction = core::Direction::kOutbound;
  outbound.sender_kind = core::SenderKind::kStaff;
  outbound.sender_staff_id = w.staff;
  outbound.sender_name = "佐藤";
  outbound.content_kind = core::ContentKind::kUnsupported;
  outbound.content_type = "sticker";
  outbound.external_id = "";
  outbound.delivery_state = core::DeliveryState::kFailed;
  outbound.delivery_error = "400 invalid reply token";
  for (core::Message* m : {&inbound, &outbound}) {
    m->id = Tx([&](app::StoreTx& tx) { return tx.InsertMessage(*m); });
    EXPECT_GT(m->id, 0);
    auto stored = Tx([&](app::StoreTx& tx) { return tx.GetMessage(m->id); });
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->id, m->id);
    ExpectSameMessage(*m, *stored);
  }
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetMessage(outbound.id + 100); }));
}

TEST_P(StoreContract, ListMessagesOldestFirstAfterAnIdUpToTheLimit) {
  World w = Tx(MakeWorld);
  auto mine = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  auto other = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.other_client, kT0));
  });
  std::vector<core::MessageId> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(Tx([&](app::StoreTx& tx) {
      return tx.InsertMessage(MakeMessage(mine, "m" + std::to_string(i)));
    }));
    Tx([&](app::StoreTx& tx) { return tx.InsertMessage(MakeMessage(other, "noise")); });
  }
  auto all = Tx([&](app::StoreTx& tx) { return tx.ListMessages(mine, 0, 100); });
  EXPECT_EQ(Ids(all), std::vector<std::int64_t>(ids.begin(), ids.end()));
  auto after = Tx([&](app::StoreTx& tx) { return tx.ListMessages(mine, ids[1], 100); });
  EXPECT_EQ(Ids(after), (std::vector<std::int64_t>{ids[2], ids[3], ids[4]}));
  auto page = Tx([&](app::StoreTx& tx) { return tx.ListMessages(mine, ids[1], 2); });
  EXPECT_EQ(Ids(page), (std::vector<std::int64_t>{ids[2], ids[3]}));
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ListMessages(mine, ids[4], 100); }).empty());
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ListMessages(mine, 0, 0); }).empty());
}

TEST_P(StoreContract, ListMessagesIsCappedByThePageMax) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  const std::size_t page_max = core::kMessagesPageMax;
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (std::size_t i = 0; i <= page_max; ++i) {
      if (!tx.InsertMessage(MakeMessage(conversation, std::to_string(i)))) {
        return core::Fail(ErrorCode::kInternal, "insert");
      }
    }
    return core::Ok();
  });
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListMessages(conversation, 0, page_max); }).size(),
            page_max);
  auto capped =
      Tx([&](app::StoreTx& tx) { return tx.ListMessages(conversation, 0, page_max + 1); });
  ASSERT_EQ(capped.size(), page_max);
  EXPECT_EQ(capped.front().text, "0");
  auto rest = Tx(
      [&](app::StoreTx& tx) { return tx.ListMessages(conversation, capped.back().id, page_max); });
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].text, std::to_string(page_max));
}

TEST_P(StoreContract, SetMessageDeliveryChangesStateAndError) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  core::Message m = MakeMessage(conversation, "reply");
  m.delivery_state = core::DeliveryState::kQueued;
  m.id = Tx([&](app::StoreTx& tx) { return tx.InsertMessage(m); });
  Tx([&](app::StoreTx& tx) {
    return tx.SetMessageDelivery(m.id, core::DeliveryState::kFailed, "400 bad request");
  });
  auto failed = Tx([&](app::StoreTx& tx) { return tx.GetMessage(m.id); });
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->delivery_state, core::DeliveryState::kFailed);
  EXPECT_EQ(failed->delivery_error, "400 bad request");
  Tx([&](app::StoreTx& tx) {
    return tx.SetMessageDelivery(m.id, core::DeliveryState::kDelivered, "");
  });
  auto delivered = Tx([&](app::StoreTx& tx) { return tx.GetMessage(m.id); });
  ASSERT_TRUE(delivered.has_value());
  EXPECT_EQ(delivered->delivery_state, core::DeliveryState::kDelivered);
  EXPECT_EQ(delivered->delivery_error, "");
  core::Error error = TxError([&](app::StoreTx& tx) {
    return tx.SetMessageDelivery(m.id + 100, core::DeliveryState::kDelivered, "");
  });
  EXPECT_EQ(error.code, ErrorCode::kNotFound) << Describe(error);
}

TEST_P(StoreContract, InsertMessageIntoAnUnknownConversationFails) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  TxError([&](app::StoreTx& tx) { return tx.InsertMessage(MakeMessage(conversation + 100, "x")); });
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ListMessages(conversation + 100, 0, 10); }).empty());
}

// ---- Outbox.

// A conversation with one outbound message per text, for outbox tests.
std::vector<core::MessageId> MakeOutboundMessages(app::StoreTx& tx, int count) {
  std::vector<core::MessageId> ids;
  auto world = MakeWorld(tx);
  if (!world) return ids;
  auto conversation = tx.InsertConversation(MakeConversation(world->program, world->client, kT0));
  if (!conversation) return ids;
  for (int i = 0; i < count; ++i) {
    core::Message m = MakeMessage(*conversation, "text " + std::to_string(i));
    m.direction = core::Direction::kOutbound;
    m.delivery_state = core::DeliveryState::kQueued;
    auto id = tx.InsertMessage(m);
    if (id) ids.push_back(*id);
  }
  return ids;
}

TEST_P(StoreContract, OutboxItemRoundTripsWithTheMessageText) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 1);
  });
  ASSERT_EQ(messages.size(), 1u);
  app::OutboxItem item = MakeOutbox(messages[0], "retry-1", kT0);
  item.attempts = 2;
  item.last_error = "429";
  core::OutboxId id = Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(item); });
  EXPECT_GT(id, 0);
  auto stored = Tx([&](app::StoreTx& tx) { return tx.GetOutbox(id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->id, id);
  EXPECT_EQ(stored->message_id, item.message_id);
  EXPECT_EQ(stored->channel_key, item.channel_key);
  EXPECT_EQ(stored->recipient_id, item.recipient_id);
  EXPECT_EQ(stored->text, "text 0");
  EXPECT_EQ(stored->sender_name, item.sender_name);
  EXPECT_EQ(stored->reply_token, item.reply_token);
  EXPECT_EQ(stored->reply_token_expires_at_ms, item.reply_token_expires_at_ms);
  EXPECT_EQ(stored->retry_key, item.retry_key);
  EXPECT_EQ(stored->attempts, 2);
  EXPECT_EQ(stored->next_attempt_at_ms, item.next_attempt_at_ms);
  EXPECT_EQ(stored->created_at_ms, item.created_at_ms);
  EXPECT_EQ(stored->state, app::OutboxState::kPending);
  EXPECT_EQ(stored->last_error, "429");
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetOutbox(id + 100); }));
}

TEST_P(StoreContract, OutboxRetryKeyIsUnique) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 2);
  });
  ASSERT_EQ(messages.size(), 2u);
  Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(MakeOutbox(messages[0], "k", kT0)); });
  core::Error error =
      TxError([&](app::StoreTx& tx) { return tx.InsertOutbox(MakeOutbox(messages[1], "k", kT0)); });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);
}

TEST_P(StoreContract, ClaimDueOutboxTakesDueItemsOldestFirstWithTheirText) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 4);
  });
  ASSERT_EQ(messages.size(), 4u);
  const core::TimeMs now = kT0 + 1000;
  std::vector<core::OutboxId> ids;
  // Due long ago, due exactly now, due 1 ms from now, due before the first one; each to a
  // different person.
  for (auto [i, due] : std::vector<std::pair<int, core::TimeMs>>{
           {0, now - 500}, {1, now}, {2, now + 1}, {3, now - 900}}) {
    ids.push_back(Tx([&](app::StoreTx& tx) {
      return tx.InsertOutbox(
          MakeOutbox(messages[i], "k" + std::to_string(i), due, "U-" + std::to_string(i)));
    }));
  }
  auto claimed = Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 30'000, 10); });
  EXPECT_EQ(Ids(claimed), (std::vector<std::int64_t>{ids[0], ids[1], ids[3]}));
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(claimed[0].text, "text 0");
  EXPECT_EQ(claimed[1].text, "text 1");
  EXPECT_EQ(claimed[2].text, "text 3");
  EXPECT_EQ(claimed[0].retry_key, "k0");
  // The remaining one becomes due a millisecond later.
  auto later = Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now + 1, 30'000, 10); });
  EXPECT_EQ(Ids(later), (std::vector<std::int64_t>{ids[2]}));
}

TEST_P(StoreContract, AClaimedItemIsLeasedUntilTheLeaseRunsOut) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 1);
  });
  ASSERT_EQ(messages.size(), 1u);
  const core::TimeMs now = kT0 + 1000;
  const core::TimeMs lease = 30'000;
  auto id =
      Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(MakeOutbox(messages[0], "k", now)); });
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, lease, 10); }).size(), 1u);
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, lease, 10); }).empty());
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now + lease - 1, lease, 10); }).empty());
  // A crashed sender's lease runs out, and the item is taken again (and leased again).
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now + lease, lease, 10); })),
            (std::vector<std::int64_t>{id}));
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now + lease, lease, 10); }).empty());
}

TEST_P(StoreContract, UpdateOutboxPersistsTheAttemptAndEndsTheLease) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 1);
  });
  ASSERT_EQ(messages.size(), 1u);
  const core::TimeMs now = kT0 + 1000;
  Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(MakeOutbox(messages[0], "k", now)); });
  auto claimed = Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 60'000, 10); });
  ASSERT_EQ(claimed.size(), 1u);
  app::OutboxItem item = claimed[0];
  item.attempts = 1;
  item.next_attempt_at_ms = now + 2000;
  item.last_error = "503 upstream";
  item.reply_token.clear();  // the reply token was used up; the retry pushes
  item.reply_token_expires_at_ms = 0;
  Tx([&](app::StoreTx& tx) { return tx.UpdateOutbox(item); });
  auto stored = Tx([&](app::StoreTx& tx) { return tx.GetOutbox(item.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->attempts, 1);
  EXPECT_EQ(stored->next_attempt_at_ms, now + 2000);
  EXPECT_EQ(stored->last_error, "503 upstream");
  EXPECT_EQ(stored->reply_token, "");
  EXPECT_EQ(stored->reply_token_expires_at_ms, 0);
  EXPECT_EQ(stored->state, app::OutboxState::kPending);
  EXPECT_EQ(stored->retry_key, "k");
  // Not before the new attempt time; then at once, although the 60 s lease has not run out.
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now + 1999, 60'000, 10); }).empty());
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now + 2000, 60'000, 10); }).size(),
            1u);
  core::Error error = TxError([&](app::StoreTx& tx) {
    app::OutboxItem missing = item;
    missing.id += 100;
    return tx.UpdateOutbox(missing);
  });
  EXPECT_EQ(error.code, ErrorCode::kNotFound) << Describe(error);
}

TEST_P(StoreContract, DoneAndFailedOutboxItemsAreNeverClaimed) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 3);
  });
  ASSERT_EQ(messages.size(), 3u);
  const core::TimeMs now = kT0 + 1000;
  app::OutboxItem inserted_done = MakeOutbox(messages[0], "done-at-insert", now);
  inserted_done.state = app::OutboxState::kDone;
  Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(inserted_done); });
  Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(MakeOutbox(messages[1], "a", now, "U-a")); });
  Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(MakeOutbox(messages[2], "b", now, "U-b")); });
  auto claimed = Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 1, 10); });
  ASSERT_EQ(claimed.size(), 2u);
  claimed[0].state = app::OutboxState::kDone;
  claimed[1].state = app::OutboxState::kFailed;
  claimed[1].last_error = "400 invalid";
  Tx([&](app::StoreTx& tx) -> core::Status {
    auto done = tx.UpdateOutbox(claimed[0]);
    if (!done) return done;
    return tx.UpdateOutbox(claimed[1]);
  });
  for (core::TimeMs at : {now, now + 1, now + core::kOutboxRetryWindowMs}) {
    EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(at, 1, 10); }).empty());
  }
  auto failed = Tx([&](app::StoreTx& tx) { return tx.GetOutbox(claimed[1].id); });
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->state, app::OutboxState::kFailed);
  EXPECT_EQ(failed->last_error, "400 invalid");
}

TEST_P(StoreContract, ClaimDueOutboxHonoursTheLimitAndTheBatchMax) {
  const int batch_max = core::kOutboxClaimBatchMax;
  auto messages = Tx([&](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, batch_max + 3);
  });
  ASSERT_EQ(messages.size(), static_cast<std::size_t>(batch_max + 3));
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const std::string n = std::to_string(i);
      auto id = tx.InsertOutbox(MakeOutbox(messages[i], "k" + n, kT0, "U-" + n));
      if (!id) return std::unexpected(id.error());
    }
    return core::Ok();
  });
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.ClaimDueOutbox(kT0, 1000, 2); }).size(), 2u);
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.ClaimDueOutbox(kT0, 1000, 1000); }).size(),
            static_cast<std::size_t>(batch_max));
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.ClaimDueOutbox(kT0, 1000, 1000); }).size(), 1u);
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.ClaimDueOutbox(kT0, 1000, 0); }).empty());
}

// ---- Sessions.

TEST_P(StoreContract, SessionsInsertFindDelete) {
  World w = Tx(MakeWorld);
  app::Session session{"sha256-of-cookie", w.staff, "csrf-123", kT0, kT0 + 3'600'000};
  Tx([&](app::StoreTx& tx) { return tx.InsertSession(session); });
  auto found = Tx([](app::StoreTx& tx) { return tx.FindSession("sha256-of-cookie"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token_hash, session.token_hash);
  EXPECT_EQ(found->staff_id, w.staff);
  EXPECT_EQ(found->csrf_token, "csrf-123");
  EXPECT_EQ(found->created_at_ms, kT0);
  EXPECT_EQ(found->expires_at_ms, kT0 + 3'600'000);
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindSession("other"); }));

  core::Error error = TxError([&](app::StoreTx& tx) { return tx.InsertSession(session); });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);

  Tx([](app::StoreTx& tx) { return tx.DeleteSession("sha256-of-cookie"); });
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindSession("sha256-of-cookie"); }));
  // Logging out twice is fine.
  Tx([](app::StoreTx& tx) { return tx.DeleteSession("sha256-of-cookie"); });
}

// ---- Audit log.

TEST_P(StoreContract, AuditLogListsNewestFirst) {
  World w = Tx(MakeWorld);
  app::AuditRecord login{0, kT0, w.staff, "login", "staff", std::to_string(w.staff), "ip=10.0.0.1"};
  app::AuditRecord failed{0, kT0 + 1, std::nullopt, "login_failed", "staff", "unknown", ""};
  app::AuditRecord view{0, kT0 + 2, w.staff, "conversation.view", "conversation", "7", ""};
  for (const app::AuditRecord& r : {login, failed, view}) {
    Tx([&](app::StoreTx& tx) { return tx.AppendAudit(r); });
  }
  auto all = Tx([](app::StoreTx& tx) { return tx.ListAudit(10); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].action, "conversation.view");
  EXPECT_EQ(all[1].action, "login_failed");
  EXPECT_EQ(all[2].action, "login");
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_GT(all[1].id, all[2].id);
  EXPECT_FALSE(all[1].actor_staff_id.has_value());
  EXPECT_EQ(all[2].at_ms, kT0);
  EXPECT_EQ(all[2].actor_staff_id, w.staff);
  EXPECT_EQ(all[2].target_type, "staff");
  EXPECT_EQ(all[2].target_id, std::to_string(w.staff));
  EXPECT_EQ(all[2].detail, "ip=10.0.0.1");
  auto newest = Tx([](app::StoreTx& tx) { return tx.ListAudit(1); });
  EXPECT_EQ(Ids(newest), (std::vector<std::int64_t>{all[0].id}));
}

TEST_P(StoreContract, AuditLogRefusesUpdateAndDelete) {
  Tx([](app::StoreTx& tx) {
    return tx.AppendAudit({0, kT0, std::nullopt, "login_failed", "staff", "x", "detail"});
  });
  EXPECT_FALSE(store().ExecRawSql("UPDATE audit_log SET detail = 'rewritten'"));
  EXPECT_FALSE(store().ExecRawSql("DELETE FROM audit_log"));
  auto all = Tx([](app::StoreTx& tx) { return tx.ListAudit(10); });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].detail, "detail");
  // The raw path itself works: a harmless statement succeeds.
  core::Status harmless = store().ExecRawSql("SELECT COUNT(*) FROM audit_log");
  EXPECT_TRUE(harmless) << Describe(harmless.error());
}

// ---- Transactions.

TEST_P(StoreContract, TransactRollsBackEverythingWhenFnFails) {
  World w = Tx(MakeWorld);
  core::Status status = store().Transact([&](app::StoreTx& tx) -> core::Status {
    if (!tx.InsertStaff(MakeStaff("ghost"))) return core::Fail(ErrorCode::kInternal, "staff");
    if (!tx.UpsertProgram("center", "renamed")) return core::Fail(ErrorCode::kInternal, "prog");
    if (!tx.InsertInboundEvent(MakeEvent("ghost-event"))) {
      return core::Fail(ErrorCode::kInternal, "event");
    }
    if (!tx.SetClientBlocked(w.client, true)) return core::Fail(ErrorCode::kInternal, "block");
    auto c = tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
    if (!c) return core::Fail(ErrorCode::kInternal, "conversation");
    if (!tx.AppendAudit({0, kT0, std::nullopt, "ghost", "x", "y", ""})) {
      return core::Fail(ErrorCode::kInternal, "audit");
    }
    return core::Fail(ErrorCode::kLimitExceeded, "changed my mind");
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(status.error().message, "changed my mind");

  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindStaffByLogin("ghost"); }));
  auto program = Tx([](app::StoreTx& tx) { return tx.FindProgramByKey("center"); });
  ASSERT_TRUE(program.has_value());
  EXPECT_NE(program->name, "renamed");
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "ghost-event"); }));
  auto client = Tx([&](app::StoreTx& tx) { return tx.GetClient(w.client); });
  ASSERT_TRUE(client.has_value());
  EXPECT_FALSE(client->blocked);
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); }));
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.ListAudit(10); }).empty());
}

TEST_P(StoreContract, AFailedOperationLeavesTheTransactionUsable) {
  // The caller may handle an operation's error and carry on; what else it did still commits.
  Tx([](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  Tx([](app::StoreTx& tx) -> core::Status {
    auto dup = tx.InsertStaff(MakeStaff("sato"));
    if (dup || dup.error().code != ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kInternal, "expected a conflict");
    }
    auto other = tx.InsertStaff(MakeStaff("tanaka"));
    if (!other) return std::unexpected(other.error());
    return core::Ok();
  });
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.FindStaffByLogin("tanaka"); }));
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.ListStaff(); }).size(), 2u);
}

TEST_P(StoreContract, TransactForReturnsWhatFnProduced) {
  auto id = app::TransactFor<core::StaffId>(
      store(), [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  ASSERT_TRUE(id) << Describe(id.error());
  auto staff = Tx([&](app::StoreTx& tx) { return tx.GetStaff(*id); });
  ASSERT_TRUE(staff.has_value());
  EXPECT_EQ(staff->login, "sato");
}

TEST_P(StoreContract, ConcurrentTransactionsAllCommitWithUniqueIds) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string event_id = "t" + std::to_string(t) + "-" + std::to_string(i);
        core::Status status = store().Transact([&](app::StoreTx& tx) -> core::Status {
          auto inserted = tx.InsertInboundEvent(MakeEvent(event_id));
          if (!inserted) return std::unexpected(inserted.error());
          if (!*inserted) return core::Fail(ErrorCode::kInternal, "reported as a duplicate");
          return core::Ok();
        });
        if (!status) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  std::set<core::InboundEventId> ids;
  for (int t = 0; t < kThreads; ++t) {
    core::InboundEventId previous = 0;
    for (int i = 0; i < kPerThread; ++i) {
      std::string event_id = "t" + std::to_string(t) + "-" + std::to_string(i);
      auto event = Tx([&](app::StoreTx& tx) { return tx.FindInboundEvent("main", event_id); });
      ASSERT_TRUE(event.has_value()) << event_id;
      // One thread's transactions commit one after another, so its ids increase.
      EXPECT_GT(event->id, previous) << event_id;
      previous = event->id;
      ids.insert(event->id);
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

// ---- Work shared between nodes.

TEST_P(StoreContract, ClaimDueOutboxTakesOnlyTheHeadOfEachRecipientsQueue) {
  auto messages = Tx([](app::StoreTx& tx) -> core::Result<std::vector<core::MessageId>> {
    return MakeOutboundMessages(tx, 5);
  });
  ASSERT_EQ(messages.size(), 5u);
  const core::TimeMs now = kT0 + 1000;
  std::vector<core::OutboxId> ids;
  // a, a, b, a, c: all due.
  for (auto [i, to] : std::vector<std::pair<int, const char*>>{
           {0, "U-a"}, {1, "U-a"}, {2, "U-b"}, {3, "U-a"}, {4, "U-c"}}) {
    ids.push_back(Tx([&](app::StoreTx& tx) {
      return tx.InsertOutbox(MakeOutbox(messages[i], "k" + std::to_string(i), now - 10, to));
    }));
  }
  // The same person on another channel is another queue.
  auto claimed = Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 30'000, 10); });
  EXPECT_EQ(Ids(claimed), (std::vector<std::int64_t>{ids[0], ids[2], ids[4]}));
  // While a's head is leased, nothing more of a is taken.
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 30'000, 10); }).empty());

  // a's head waits for a retry: it still holds back the rest of a's queue.
  claimed[0].next_attempt_at_ms = now + 5'000;
  claimed[0].attempts = 1;
  Tx([&](app::StoreTx& tx) { return tx.UpdateOutbox(claimed[0]); });
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 30'000, 10); }).empty());

  // Delivered: the next of a's queue is the head.
  claimed[0].state = app::OutboxState::kDone;
  Tx([&](app::StoreTx& tx) { return tx.UpdateOutbox(claimed[0]); });
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 30'000, 10); })),
            (std::vector<std::int64_t>{ids[1]}));
  // A failed item no longer holds the queue either.
  auto second = Tx([&](app::StoreTx& tx) { return tx.GetOutbox(ids[1]); });
  ASSERT_TRUE(second.has_value());
  second->state = app::OutboxState::kFailed;
  Tx([&](app::StoreTx& tx) { return tx.UpdateOutbox(*second); });
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(now, 30'000, 10); })),
            (std::vector<std::int64_t>{ids[3]}));
}

TEST_P(StoreContract, ClaimInboundEventTakesOnlyTheNextPendingEventOfItsSender) {
  std::vector<core::InboundEvent> events;
  Tx([&](app::StoreTx& tx) -> core::Status {
    // x1, y1, x2 (x2 from the same sender as x1), z1 on another channel with x's sender id.
    for (auto [event_id, sender, channel] :
         std::vector<std::tuple<const char*, const char*, const char*>>{{"x1", "U-x", "main"},
                                                                        {"y1", "U-y", "main"},
                                                                        {"x2", "U-x", "main"},
                                                                        {"z1", "U-x", "other"}}) {
      core::InboundEvent e = MakeEvent(event_id, channel);
      e.sender_id = sender;
      if (!tx.InsertInboundEvent(e)) return core::Fail(ErrorCode::kInternal, event_id);
    }
    return core::Ok();
  });
  auto pending = Tx([](app::StoreTx& tx) { return tx.ListPendingInboundEvents(10); });
  ASSERT_EQ(pending.size(), 4u);
  auto claim = [&](core::InboundEventId id) {
    return Tx([&](app::StoreTx& tx) { return tx.ClaimInboundEvent(id); });
  };
  // x2 waits for x1; the others are their sender's next.
  EXPECT_FALSE(claim(pending[2].id).has_value());
  auto x1 = claim(pending[0].id);
  ASSERT_TRUE(x1.has_value());
  ExpectSameEvent(pending[0], *x1);
  EXPECT_TRUE(claim(pending[1].id).has_value());
  EXPECT_TRUE(claim(pending[3].id).has_value());
  // Claiming alone changes nothing: x1 is still pending until its state is set.
  EXPECT_FALSE(claim(pending[2].id).has_value());
  Tx([&](app::StoreTx& tx) {
    return tx.SetInboundEventState(pending[0].id, core::InboundState::kProcessed, kT0);
  });
  EXPECT_TRUE(claim(pending[2].id).has_value());
  // Processed (or ignored) events cannot be claimed, nor can unknown ids.
  EXPECT_FALSE(claim(pending[0].id).has_value());
  EXPECT_FALSE(claim(pending[3].id + 1000).has_value());
}

TEST_P(StoreContract, DeleteExpiredSessionsDeletesOnlyExpiredOnesUpToTheLimit) {
  core::StaffId staff = Tx([](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (int i = 0; i < 5; ++i) {
      app::Session s{"h" + std::to_string(i), staff, "csrf", kT0, kT0 + 1000 * i};
      if (auto r = tx.InsertSession(s); !r) return r;
    }
    return core::Ok();
  });
  // Expired at or before kT0 + 2000: h0, h1, h2.
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.DeleteExpiredSessions(kT0 + 2000, 2); }), 2u);
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.DeleteExpiredSessions(kT0 + 2000, 10); }), 1u);
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.DeleteExpiredSessions(kT0 + 2000, 10); }), 0u);
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.FindSession("h2"); }).has_value());
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.FindSession("h3"); }).has_value());
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.FindSession("h4"); }).has_value());
}

app::StreamRecord MakeStreamRecord(core::TimeMs at_ms, std::int64_t n) {
  app::StreamRecord r;
  r.at_ms = at_ms;
  r.node_id = "node-" + std::to_string(n);
  r.kind = app::StreamEventKind::kMessageUpdated;
  r.conversation_id = 100 + n;
  r.message_id = 200 + n;
  r.has_before = n % 2 == 1;
  r.before_status = core::ConversationStatus::kActive;
  if (n % 2 == 1) r.before_assigned_staff_id = 7;
  return r;
}

TEST_P(StoreContract, StreamRecordsRoundTripInIdOrderAndArePurgedByAge) {
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.LastStreamRecordId(); }), 0);
  std::vector<std::int64_t> ids;
  for (std::int64_t n = 0; n < 4; ++n) {
    ids.push_back(
        Tx([&](app::StoreTx& tx) { return tx.AppendStreamRecord(MakeStreamRecord(kT0 + n, n)); }));
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.LastStreamRecordId(); }), ids.back());
  auto after_first = Tx([&](app::StoreTx& tx) { return tx.ListStreamRecordsAfter(ids[0], 2); });
  ASSERT_EQ(after_first.size(), 2u);
  EXPECT_EQ(after_first[0].id, ids[1]);
  EXPECT_EQ(after_first[1].id, ids[2]);
  const app::StreamRecord want = MakeStreamRecord(kT0 + 1, 1);
  const app::StreamRecord& got = after_first[0];
  EXPECT_EQ(got.at_ms, want.at_ms);
  EXPECT_EQ(got.node_id, want.node_id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.conversation_id, want.conversation_id);
  EXPECT_EQ(got.message_id, want.message_id);
  EXPECT_TRUE(got.has_before);
  EXPECT_EQ(got.before_status, core::ConversationStatus::kActive);
  EXPECT_EQ(got.before_assigned_staff_id, std::optional<core::StaffId>(7));
  EXPECT_FALSE(after_first[1].before_assigned_staff_id.has_value());

  // Older than kT0 + 2: the first two.
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.DeleteStreamRecordsBefore(kT0 + 2, 10); }), 2u);
  EXPECT_EQ(Ids(Tx([](app::StoreTx& tx) { return tx.ListStreamRecordsAfter(0, 10); })),
            (std::vector<std::int64_t>{ids[2], ids[3]}));
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.LastStreamRecordId(); }), ids.back());
}

TEST_P(StoreContract, StreamRecordsAppendedConcurrentlyAreReadInIdOrderWithoutGaps) {
  // A reader that follows the journal while writers append must never skip a record: ids become
  // visible in order.
  constexpr int kWriters = 3;
  constexpr int kPerWriter = 40;
  std::atomic<bool> done{false};
  std::vector<std::int64_t> seen;
  std::thread reader([&] {
    std::int64_t last = 0;
    for (;;) {
      bool finished = done.load();
      auto page = Tx([&](app::StoreTx& tx) { return tx.ListStreamRecordsAfter(last, 1000); });
      for (const app::StreamRecord& r : page) {
        seen.push_back(r.id);
        last = r.id;
      }
      if (finished && page.empty()) return;
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        Tx([&](app::StoreTx& tx) { return tx.AppendStreamRecord(MakeStreamRecord(kT0, w)); });
      }
    });
  }
  for (std::thread& t : writers) t.join();
  done.store(true);
  reader.join();
  auto all = Tx([](app::StoreTx& tx) { return tx.ListStreamRecordsAfter(0, 1000); });
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kWriters * kPerWriter));
  EXPECT_EQ(seen, Ids(all)) << "the reader skipped or repeated a record";
}

TEST_P(StoreContract, TimersAreClaimedWhenDueLeasedAndFinishedOrRetried) {
  const core::TimeMs now = kT0 + 10'000;
  Tx([&](app::StoreTx& tx) -> core::Status {
    if (auto s = tx.ScheduleTimer("idle", "c1", now - 100); !s) return s;
    if (auto s = tx.ScheduleTimer("idle", "c2", now + 100); !s) return s;
    if (auto s = tx.ScheduleTimer("purge", "", now - 200); !s) return s;
    // Scheduling again moves the timer instead of adding one.
    return tx.ScheduleTimer("idle", "c2", now - 50);
  });
  auto claimed = Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now, 30'000, 10); });
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(claimed[0].kind, "purge");  // earliest first
  EXPECT_EQ(claimed[1].subject, "c1");
  EXPECT_EQ(claimed[2].subject, "c2");
  EXPECT_EQ(claimed[2].due_at_ms, now - 50);
  EXPECT_EQ(claimed[1].attempts, 0);
  // Leased: not claimed again until the lease runs out.
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now, 30'000, 10); }).empty());

  // purge finishes; c1 fails and is retried later; c2 is rescheduled while it runs, so finishing
  // the old run keeps the new schedule.
  Tx([&](app::StoreTx& tx) -> core::Status {
    if (auto s = tx.FinishTimer(claimed[0]); !s) return s;
    if (auto s = tx.RetryTimer(claimed[1], now + 1'000, "store busy"); !s) return s;
    if (auto s = tx.ScheduleTimer("idle", "c2", now + 2'000); !s) return s;
    return tx.FinishTimer(claimed[2]);
  });
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now + 999, 30'000, 10); }).empty());
  auto retried = Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now + 1'000, 30'000, 10); });
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].subject, "c1");
  EXPECT_EQ(retried[0].attempts, 1);
  EXPECT_EQ(retried[0].last_error, "store busy");
  auto moved = Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now + 2'000, 30'000, 10); });
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].subject, "c2");

  // A crashed node's lease runs out; a cancelled timer is gone.
  auto again = Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now + 31'000, 30'000, 10); });
  EXPECT_EQ(again.size(), 1u);  // c1 (leased at now + 1'000); c2's lease runs to now + 32'000
  Tx([](app::StoreTx& tx) -> core::Status {
    if (auto s = tx.CancelTimer("idle", "c1"); !s) return s;
    if (auto s = tx.CancelTimer("idle", "c2"); !s) return s;
    return tx.CancelTimer("idle", "never-scheduled");
  });
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ClaimDueTimers(now + 100'000, 30'000, 10); }).empty());
}

TEST_P(StoreContract, ReadModifyWriteOfAConversationLosesNoConcurrentChange) {
  // Two nodes change one conversation at once, each reading it for update and writing it back:
  // no change may be lost (the row lock serialises them) and none may deadlock.
  World w = Tx(MakeWorld);
  core::Conversation c = MakeConversation(w.program, w.client, 0);
  const core::ConversationId id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  constexpr int kThreads = 2;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Tx([&](app::StoreTx& tx) -> core::Status {
          // Alternate the two orders in which the use cases touch the rows.
          if ((i + t) % 2 == 0) {
            core::Message m = MakeMessage(id, "m");
            if (auto inserted = tx.InsertMessage(m); !inserted) {
              return std::unexpected(inserted.error());
            }
          }
          auto current = tx.GetConversationForUpdate(id);
          if (!current) return std::unexpected(current.error());
          if (!*current) return core::Fail(ErrorCode::kNotFound, "gone");
          core::Conversation next = **current;
          next.last_message_at_ms += 1;
          if ((i + t) % 2 == 1) {
            core::Message m = MakeMessage(id, "m");
            if (auto inserted = tx.InsertMessage(m); !inserted) {
              return std::unexpected(inserted.error());
            }
          }
          return tx.UpdateConversation(next);
        });
      }
    });
  }
  for (std::thread& t : threads) t.join();
  auto after = Tx([&](app::StoreTx& tx) { return tx.GetConversation(id); });
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->last_message_at_ms, kThreads * kPerThread);
}

TEST_P(StoreContract, TryLockJobIsHeldOnlyInsideItsTransaction) {
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.TryLockJob("purge"); }));
  // Released with the transaction: the next one gets it again.
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.TryLockJob("purge"); }));
}

// ---- Risk.

// A client of its own, so that each conversation can be open at once (one open per client and
// program).
core::Result<core::ClientId> InsertNumberedClient(app::StoreTx& tx, int n) {
  auto client = tx.InsertClient({0, "相談者-R" + std::to_string(n), false, kT0},
                                {"main", "U-risk-" + std::to_string(n), 0});
  if (!client) return std::unexpected(client.error());
  return client->id;
}

void ExpectSameRisk(const core::Conversation& want, const core::Conversation& got) {
  EXPECT_EQ(got.risk_level, want.risk_level);
  EXPECT_EQ(got.risk_categories, want.risk_categories);
  EXPECT_EQ(got.risk_raised_at_ms, want.risk_raised_at_ms);
}

void ExpectSameAlert(const core::RiskAlert& want, const core::RiskAlert& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.conversation_id, want.conversation_id);
  EXPECT_EQ(got.level, want.level);
  EXPECT_EQ(got.categories, want.categories);
  EXPECT_EQ(got.first_at_ms, want.first_at_ms);
  EXPECT_EQ(got.last_at_ms, want.last_at_ms);
  EXPECT_EQ(got.message_count, want.message_count);
  EXPECT_EQ(got.acknowledged_by, want.acknowledged_by);
  EXPECT_EQ(got.acknowledged_at_ms, want.acknowledged_at_ms);
}

core::RiskAlert MakeAlert(core::ConversationId conversation, int level, core::TimeMs first_at_ms) {
  core::RiskAlert a;
  a.conversation_id = conversation;
  a.level = level;
  a.categories = "ideation,self_harm";
  a.first_at_ms = first_at_ms;
  a.last_at_ms = first_at_ms + 5;
  a.message_count = 1;
  return a;
}

TEST_P(StoreContract, RiskFieldsOfAConversationRoundTripThroughEveryRead) {
  World w = Tx(MakeWorld);
  core::Conversation c = MakeConversation(w.program, w.client, kT0 + 100);
  c.status = core::ConversationStatus::kActive;
  c.assigned_staff_id = w.staff;
  c.risk_level = 2;
  c.risk_categories = "ideation,self_harm";
  c.risk_raised_at_ms = kT0 + 7;
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  auto check_reads = [&](const core::Conversation& want) {
    auto got = Tx([&](app::StoreTx& tx) { return tx.GetConversation(want.id); });
    ASSERT_TRUE(got.has_value());
    ExpectSameConversation(want, *got);
    ExpectSameRisk(want, *got);
    auto locked = Tx([&](app::StoreTx& tx) { return tx.GetConversationForUpdate(want.id); });
    ASSERT_TRUE(locked.has_value());
    ExpectSameRisk(want, *locked);
    auto open = Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(w.client, w.program); });
    ASSERT_TRUE(open.has_value());
    ExpectSameRisk(want, *open);
    for (bool queue_order : {false, true}) {
      app::ConversationFilter filter;
      filter.queue_order = queue_order;
      auto listed = Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); });
      auto it = std::find_if(listed.begin(), listed.end(),
                             [&](const core::Conversation& row) { return row.id == want.id; });
      ASSERT_NE(it, listed.end());
      ExpectSameRisk(want, *it);
    }
  };
  check_reads(c);

  // Raised and recategorised: the update writes all three.
  c.risk_level = 3;
  c.risk_categories = "ideation,plan_means,self_harm";
  c.risk_raised_at_ms = kT0 + 9;
  c.last_message_at_ms = kT0 + 200;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  check_reads(c);
  // The port never lowers a level by itself, but the store writes what it is given.
  c.risk_level = 0;
  c.risk_categories.clear();
  c.risk_raised_at_ms.reset();
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  check_reads(c);

  // Without any suggestion: level 0, no categories, never raised.
  core::Conversation plain = MakeConversation(w.program, w.other_client, kT0);
  plain.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(plain); });
  auto stored = Tx([&](app::StoreTx& tx) { return tx.GetConversation(plain.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->risk_level, 0);
  EXPECT_EQ(stored->risk_categories, "");
  EXPECT_FALSE(stored->risk_raised_at_ms.has_value());
}

TEST_P(StoreContract, RiskOfAMessageRoundTripsWithItsSpans) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  core::Message risky = MakeMessage(conversation, "もう消えたい。死にたいって思う");
  risky.risk.level = 3;
  risky.risk.categories = "ideation,plan_means";
  risky.risk.signals = "self_harm";
  risky.risk.spans = {{0, 3}, {3, 9}, {21, 33}};  // touching spans are allowed
  risky.risk.reasons = "「消えたい」: 希死念慮\n「死にたい」: 希死念慮 'x'; --";
  core::Message single = MakeMessage(conversation, "つらい");
  single.risk.level = 1;
  single.risk.categories = "bullying";
  single.risk.spans = {{123456789, 987654321}};
  single.risk.reasons = "one";
  core::Message plain = MakeMessage(conversation, "こんにちは");
  for (core::Message* m : {&risky, &single, &plain}) {
    m->id = Tx([&](app::StoreTx& tx) { return tx.InsertMessage(*m); });
    auto stored = Tx([&](app::StoreTx& tx) { return tx.GetMessage(m->id); });
    ASSERT_TRUE(stored.has_value());
    ExpectSameMessage(*m, *stored);
    EXPECT_EQ(stored->risk, m->risk);
  }
  auto listed = Tx([&](app::StoreTx& tx) { return tx.ListMessages(conversation, 0, 10); });
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].risk, risky.risk);
  EXPECT_EQ(listed[1].risk, single.risk);
  EXPECT_TRUE(listed[2].risk.Empty());
  EXPECT_EQ(listed[2].risk, core::MessageRisk{});
  // Changing the delivery leaves the risk alone.
  Tx([&](app::StoreTx& tx) {
    return tx.SetMessageDelivery(risky.id, core::DeliveryState::kDelivered, "");
  });
  auto after = Tx([&](app::StoreTx& tx) { return tx.GetMessage(risky.id); });
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->risk, risky.risk);
}

TEST_P(StoreContract, QueueOrderSortsExactlyLikeWaitsBefore) {
  World w = Tx(MakeWorld);
  // (level, opened_at, queued_at) of waiting conversations, inserted in an order unrelated to
  // the queue: ties on every key (ids decide), a later but riskier one, an early one without
  // risk; people who joined the queue after the chatbot (they wait from then on, behind those
  // who were opened later but queued earlier), and people the chatbot still talks to (no
  // queued_at: the opening time counts).
  struct Waiting {
    int level;
    core::TimeMs opened_at;
    std::optional<core::TimeMs> queued_at;
  };
  const std::vector<Waiting> waiting = {
      {1, kT0 + 50, std::nullopt}, {0, kT0 + 10, kT0 + 10},     {3, kT0 + 90, kT0 + 90},
      {1, kT0 + 20, kT0 + 20},     {3, kT0 + 90, std::nullopt}, {0, kT0 + 10, kT0 + 10},
      {2, kT0 + 5, kT0 + 5},       {1, kT0 + 50, kT0 + 50},     {3, kT0 + 1, kT0 + 1},
      {0, kT0 + 99, kT0 + 99},     {0, kT0 + 2, kT0 + 60},      {1, kT0 + 3, kT0 + 20},
      {3, kT0, kT0 + 95},          {0, kT0 + 1, std::nullopt},  {2, kT0 + 1, kT0 + 6},
  };
  std::vector<core::ConversationId> active_ids;
  Tx([&](app::StoreTx& tx) -> core::Status {
    int n = 0;
    for (auto [level, opened_at, queued_at] : waiting) {
      auto client = InsertNumberedClient(tx, n++);
      if (!client) return std::unexpected(client.error());
      core::Conversation c = MakeConversation(w.program, *client, kT0 + 1000 - n);
      c.risk_level = level;
      c.opened_at_ms = opened_at;
      c.queued_at_ms = queued_at;
      if (level > 0) c.risk_raised_at_ms = opened_at + 1;
      auto id = tx.InsertConversation(c);
      if (!id) return std::unexpected(id.error());
    }
    // Not waiting: never in a waiting queue, however risky.
    for (int i = 0; i < 2; ++i) {
      auto client = InsertNumberedClient(tx, n++);
      if (!client) return std::unexpected(client.error());
      core::Conversation c = MakeConversation(w.program, *client, kT0);
      c.status = i == 0 ? core::ConversationStatus::kActive : core::ConversationStatus::kClosed;
      if (i == 1) c.closed_at_ms = kT0 + 1;
      c.assigned_staff_id = w.staff;
      c.risk_level = 3;
      c.opened_at_ms = kT0;
      c.queued_at_ms = kT0;
      auto id = tx.InsertConversation(c);
      if (!id) return std::unexpected(id.error());
      active_ids.push_back(*id);
    }
    return core::Ok();
  });

  app::ConversationFilter every_waiting;
  every_waiting.statuses = {core::ConversationStatus::kWaiting};
  auto rows = Tx([&](app::StoreTx& tx) { return tx.ListConversations(every_waiting); });
  ASSERT_EQ(rows.size(), waiting.size());
  std::vector<core::Conversation> sorted = rows;
  std::sort(sorted.begin(), sorted.end(), core::WaitsBefore);

  app::ConversationFilter queue = every_waiting;
  queue.queue_order = true;
  auto queued = Tx([&](app::StoreTx& tx) { return tx.ListConversations(queue); });
  EXPECT_EQ(Ids(queued), Ids(sorted));
  ASSERT_FALSE(queued.empty());
  EXPECT_EQ(queued.front().risk_level, 3);
  EXPECT_EQ(queued.front().opened_at_ms, kT0 + 1);
  EXPECT_EQ(queued.back().risk_level, 0);
  EXPECT_EQ(queued.back().opened_at_ms, kT0 + 99);
  // Opened first of all but queued late: behind the other level-0 people queued before it.
  auto late = std::find_if(queued.begin(), queued.end(),
                           [](const core::Conversation& c) { return c.opened_at_ms == kT0 + 2; });
  ASSERT_NE(late, queued.end());
  EXPECT_EQ(late->queued_at_ms, std::optional<core::TimeMs>(kT0 + 60));
  EXPECT_EQ(std::next(late)->opened_at_ms, kT0 + 99);

  // Only the people in the human queue, in the same order.
  app::ConversationFilter in_queue = queue;
  in_queue.queued_only = true;
  std::vector<core::Conversation> queued_sorted;
  std::copy_if(sorted.begin(), sorted.end(), std::back_inserter(queued_sorted),
               [](const core::Conversation& c) { return c.queued_at_ms.has_value(); });
  ASSERT_EQ(queued_sorted.size(), waiting.size() - 3);
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(in_queue); })),
            Ids(queued_sorted));

  // The limit takes the head of the queue.
  queue.limit = 4;
  auto head = Tx([&](app::StoreTx& tx) { return tx.ListConversations(queue); });
  const std::vector<std::int64_t> sorted_ids = Ids(sorted);
  EXPECT_EQ(Ids(head), std::vector<std::int64_t>(sorted_ids.begin(), sorted_ids.begin() + 4));

  // Other filters combine with it: unassigned only (all waiting ones here), and every status.
  app::ConversationFilter unassigned;
  unassigned.unassigned_only = true;
  unassigned.queue_order = true;
  EXPECT_EQ(Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(unassigned); })),
            Ids(sorted));
  app::ConversationFilter everything;
  everything.queue_order = true;
  auto all = Tx([&](app::StoreTx& tx) { return tx.ListConversations(everything); });
  std::vector<core::Conversation> all_sorted = all;
  std::sort(all_sorted.begin(), all_sorted.end(), core::WaitsBefore);
  EXPECT_EQ(all.size(), waiting.size() + active_ids.size());
  EXPECT_EQ(Ids(all), Ids(all_sorted));
}

TEST_P(StoreContract, AConversationHasOneOpenAlertUntilItIsAcknowledged) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  auto other = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.other_client, kT0));
  });
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenRiskAlert(conversation); }));

  core::RiskAlert alert = MakeAlert(conversation, 2, kT0 + 10);
  alert.id = Tx([&](app::StoreTx& tx) { return tx.InsertRiskAlert(alert); });
  EXPECT_GT(alert.id, 0);
  auto open = Tx([&](app::StoreTx& tx) { return tx.FindOpenRiskAlert(conversation); });
  ASSERT_TRUE(open.has_value());
  ExpectSameAlert(alert, *open);
  EXPECT_TRUE(open->open());
  auto got = Tx([&](app::StoreTx& tx) { return tx.GetRiskAlert(alert.id); });
  ASSERT_TRUE(got.has_value());
  ExpectSameAlert(alert, *got);
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetRiskAlert(alert.id + 100); }));

  // A second open alert is a conflict; the transaction goes on and commits its other work.
  Tx([&](app::StoreTx& tx) -> core::Status {
    auto second = tx.InsertRiskAlert(MakeAlert(conversation, 3, kT0 + 20));
    if (second || second.error().code != ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kInternal, "expected a conflict");
    }
    auto elsewhere = tx.InsertRiskAlert(MakeAlert(other, 1, kT0 + 20));
    if (!elsewhere) return std::unexpected(elsewhere.error());
    return core::Ok();
  });
  core::Error conflict = TxError(
      [&](app::StoreTx& tx) { return tx.InsertRiskAlert(MakeAlert(conversation, 1, kT0 + 30)); });
  EXPECT_EQ(conflict.code, ErrorCode::kConflict) << Describe(conflict);
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.FindOpenRiskAlert(other); }).has_value());

  // Escalated and grouped: level, categories, last time and count are written.
  alert.level = 3;
  alert.categories = "ideation,plan_means,self_harm";
  alert.last_at_ms = kT0 + 40;
  alert.message_count = 3;
  Tx([&](app::StoreTx& tx) { return tx.UpdateRiskAlert(alert); });
  got = Tx([&](app::StoreTx& tx) { return tx.GetRiskAlert(alert.id); });
  ASSERT_TRUE(got.has_value());
  ExpectSameAlert(alert, *got);
  EXPECT_EQ(got->first_at_ms, kT0 + 10);

  // Acknowledged: no longer open, and the next risky message may open a new alert.
  alert.acknowledged_by = w.other_staff;
  alert.acknowledged_at_ms = kT0 + 50;
  Tx([&](app::StoreTx& tx) { return tx.UpdateRiskAlert(alert); });
  got = Tx([&](app::StoreTx& tx) { return tx.GetRiskAlert(alert.id); });
  ASSERT_TRUE(got.has_value());
  ExpectSameAlert(alert, *got);
  EXPECT_FALSE(got->open());
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenRiskAlert(conversation); }));
  core::RiskAlert next = MakeAlert(conversation, 1, kT0 + 60);
  next.id = Tx([&](app::StoreTx& tx) { return tx.InsertRiskAlert(next); });
  EXPECT_NE(next.id, alert.id);
  open = Tx([&](app::StoreTx& tx) { return tx.FindOpenRiskAlert(conversation); });
  ASSERT_TRUE(open.has_value());
  ExpectSameAlert(next, *open);

  core::RiskAlert unknown = MakeAlert(conversation, 1, kT0);
  unknown.id = next.id + 100;
  core::Error missing = TxError([&](app::StoreTx& tx) { return tx.UpdateRiskAlert(unknown); });
  EXPECT_EQ(missing.code, ErrorCode::kNotFound) << Describe(missing);
}

TEST_P(StoreContract, OpenAlertsListHighestLevelFirstThenTheOldest) {
  World w = Tx(MakeWorld);
  // Closed conversations, so that one client can have many.
  std::vector<core::ConversationId> conversations;
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (int i = 0; i < 6; ++i) {
      auto id = tx.InsertConversation(MakeClosed(w.program, w.client, kT0 + i));
      if (!id) return std::unexpected(id.error());
      conversations.push_back(*id);
    }
    return core::Ok();
  });
  ASSERT_EQ(conversations.size(), 6u);
  // (level, first_at): a tie on both keys is broken by id.
  const std::vector<std::pair<int, core::TimeMs>> alerts = {
      {1, kT0 + 1}, {3, kT0 + 30}, {2, kT0 + 5}, {3, kT0 + 10}, {3, kT0 + 30}, {2, kT0 + 2}};
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    ids.push_back(Tx([&](app::StoreTx& tx) {
      return tx.InsertRiskAlert(MakeAlert(conversations[i], alerts[i].first, alerts[i].second));
    }));
  }
  EXPECT_EQ(Ids(Tx([](app::StoreTx& tx) { return tx.ListOpenRiskAlerts(10); })),
            (std::vector<std::int64_t>{ids[3], ids[1], ids[4], ids[5], ids[2], ids[0]}));
  EXPECT_EQ(Ids(Tx([](app::StoreTx& tx) { return tx.ListOpenRiskAlerts(2); })),
            (std::vector<std::int64_t>{ids[3], ids[1]}));
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.ListOpenRiskAlerts(0); }).empty());

  // An acknowledged alert leaves the list.
  auto acknowledged = Tx([&](app::StoreTx& tx) { return tx.GetRiskAlert(ids[1]); });
  ASSERT_TRUE(acknowledged.has_value());
  acknowledged->acknowledged_by = w.staff;
  acknowledged->acknowledged_at_ms = kT0 + 100;
  Tx([&](app::StoreTx& tx) { return tx.UpdateRiskAlert(*acknowledged); });
  auto listed = Tx([](app::StoreTx& tx) { return tx.ListOpenRiskAlerts(10); });
  EXPECT_EQ(Ids(listed), (std::vector<std::int64_t>{ids[3], ids[4], ids[5], ids[2], ids[0]}));
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed[0].conversation_id, conversations[3]);
  EXPECT_EQ(listed[0].categories, "ideation,self_harm");
}

TEST_P(StoreContract, EachEmergencyStepIsRecordedOnceAndTheFirstRecordStands) {
  World w = Tx(MakeWorld);
  auto conversation = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.client, kT0));
  });
  auto other = Tx([&](app::StoreTx& tx) {
    return tx.InsertConversation(MakeConversation(w.program, w.other_client, kT0));
  });
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ListEmergencySteps(conversation); }).empty());
  using core::EmergencyStep;
  const core::EmergencyStepRecord location{EmergencyStep::kAskLocation, w.staff, "ignored",
                                           kT0 + 10, "駅の近く 'x'; --"};
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.RecordEmergencyStep(conversation, location); }));
  // The same step again, by someone else: refused quietly, the first record stands.
  const core::EmergencyStepRecord again{EmergencyStep::kAskLocation, w.other_staff, "", kT0 + 20,
                                        "later"};
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.RecordEmergencyStep(conversation, again); }));
  // An earlier step of the checklist, recorded later; the same step in another conversation.
  const core::EmergencyStepRecord chatting{EmergencyStep::kKeepChatting, w.other_staff, "",
                                           kT0 + 30, ""};
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.RecordEmergencyStep(conversation, chatting); }));
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.RecordEmergencyStep(other, again); }));
  // A refused step leaves the transaction usable.
  Tx([&](app::StoreTx& tx) -> core::Status {
    auto repeated = tx.RecordEmergencyStep(conversation, chatting);
    if (!repeated) return std::unexpected(repeated.error());
    if (*repeated) return core::Fail(ErrorCode::kInternal, "recorded twice");
    auto call = tx.RecordEmergencyStep(
        conversation, {EmergencyStep::kCallEmergency, w.staff, "", kT0 + 40, "110番"});
    if (!call) return std::unexpected(call.error());
    return *call ? core::Ok() : core::Fail(ErrorCode::kInternal, "call not recorded");
  });

  auto steps = Tx([&](app::StoreTx& tx) { return tx.ListEmergencySteps(conversation); });
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].step, EmergencyStep::kAskLocation);  // in the order recorded
  EXPECT_EQ(steps[0].done_by, w.staff);
  EXPECT_EQ(steps[0].done_by_name, "相談員 sato");
  EXPECT_EQ(steps[0].done_at_ms, kT0 + 10);
  EXPECT_EQ(steps[0].note, "駅の近く 'x'; --");
  EXPECT_EQ(steps[1].step, EmergencyStep::kKeepChatting);
  EXPECT_EQ(steps[1].done_by, w.other_staff);
  EXPECT_EQ(steps[1].done_by_name, "相談員 suzuki");
  EXPECT_EQ(steps[1].done_at_ms, kT0 + 30);
  EXPECT_EQ(steps[1].note, "");
  EXPECT_EQ(steps[2].step, EmergencyStep::kCallEmergency);
  EXPECT_EQ(steps[2].note, "110番");
  auto others = Tx([&](app::StoreTx& tx) { return tx.ListEmergencySteps(other); });
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0].done_by, w.other_staff);
  EXPECT_EQ(others[0].note, "later");
}

TEST_P(StoreContract, CountRiskyConversationsOfFiltersByStaffLevelAndActivity) {
  World w = Tx(MakeWorld);
  const core::TimeMs since = kT0 + 1000;
  struct Row {
    std::optional<core::StaffId> staff;
    int level;
    core::TimeMs last_message_at_ms;
  };
  const std::vector<Row> rows = {
      {w.staff, 2, since},             // counted from level 1 and 2: on the boundary
      {w.staff, 3, since + 500},       // counted up to level 3
      {w.staff, 2, since - 1},         // too early
      {w.staff, 1, since + 10},        // counted from level 1 only
      {w.staff, 0, since + 10},        // no risk: never counted
      {w.other_staff, 3, since + 10},  // someone else's
      {std::nullopt, 3, since + 10},   // nobody's
  };
  Tx([&](app::StoreTx& tx) -> core::Status {
    for (const Row& row : rows) {
      core::Conversation c = MakeClosed(w.program, w.client, row.last_message_at_ms);
      c.assigned_staff_id = row.staff;
      c.risk_level = row.level;
      auto id = tx.InsertConversation(c);
      if (!id) return std::unexpected(id.error());
    }
    // An open one counts as well.
    core::Conversation active = MakeConversation(w.program, w.other_client, since + 20);
    active.status = core::ConversationStatus::kActive;
    active.assigned_staff_id = w.staff;
    active.risk_level = 2;
    auto id = tx.InsertConversation(active);
    if (!id) return std::unexpected(id.error());
    return core::Ok();
  });
  auto count = [&](core::StaffId staff, int min_level, core::TimeMs from) {
    return Tx(
        [&](app::StoreTx& tx) { return tx.CountRiskyConversationsOf(staff, min_level, from); });
  };
  EXPECT_EQ(count(w.staff, 2, since), 3);
  EXPECT_EQ(count(w.staff, 1, since), 4);
  EXPECT_EQ(count(w.staff, 3, since), 1);
  EXPECT_EQ(count(w.staff, 2, since + 1), 2);
  EXPECT_EQ(count(w.staff, 2, since - 1), 4);
  EXPECT_EQ(count(w.staff, 2, since + 501), 0);
  EXPECT_EQ(count(w.other_staff, 2, since), 1);
  EXPECT_EQ(count(w.other_staff + 100, 1, 0), 0);
}

TEST_P(StoreContract, ACounselorHasOneOpenDebriefFlagUntilItIsCleared) {
  World w = Tx(MakeWorld);
  auto supervisor = Tx([](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("takahashi")); });
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenDebriefFlag(w.staff); }));

  core::DebriefFlag flag;
  flag.staff_id = w.staff;
  flag.staff_name = "ignored: the store joins it";
  flag.flagged_at_ms = kT0 + 100;
  flag.conversation_count = 3;
  flag.id = Tx([&](app::StoreTx& tx) { return tx.InsertDebriefFlag(flag); });
  EXPECT_GT(flag.id, 0);
  auto expect_flag = [&](const std::optional<core::DebriefFlag>& got, const core::DebriefFlag& want,
                         const std::string& name) {
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->id, want.id);
    EXPECT_EQ(got->staff_id, want.staff_id);
    EXPECT_EQ(got->staff_name, name);
    EXPECT_EQ(got->flagged_at_ms, want.flagged_at_ms);
    EXPECT_EQ(got->conversation_count, want.conversation_count);
    EXPECT_EQ(got->cleared_by, want.cleared_by);
    EXPECT_EQ(got->cleared_at_ms, want.cleared_at_ms);
  };
  expect_flag(Tx([&](app::StoreTx& tx) { return tx.FindOpenDebriefFlag(w.staff); }), flag,
              "相談員 sato");
  expect_flag(Tx([&](app::StoreTx& tx) { return tx.GetDebriefFlag(flag.id); }), flag,
              "相談員 sato");
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.GetDebriefFlag(flag.id + 100); }));

  // A second open flag for the same counselor is a conflict; another counselor's is not.
  core::DebriefFlag twice = flag;
  twice.flagged_at_ms = kT0 + 200;
  core::Error conflict = TxError([&](app::StoreTx& tx) { return tx.InsertDebriefFlag(twice); });
  EXPECT_EQ(conflict.code, ErrorCode::kConflict) << Describe(conflict);
  core::DebriefFlag other;
  other.staff_id = w.other_staff;
  other.flagged_at_ms = kT0 + 50;  // earlier than flag
  other.conversation_count = 4;
  other.id = Tx([&](app::StoreTx& tx) { return tx.InsertDebriefFlag(other); });
  auto open = Tx([](app::StoreTx& tx) { return tx.ListOpenDebriefFlags(10); });
  EXPECT_EQ(Ids(open), (std::vector<std::int64_t>{other.id, flag.id}));  // oldest first
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].staff_name, "相談員 suzuki");
  EXPECT_EQ(open[1].staff_name, "相談員 sato");
  EXPECT_EQ(Ids(Tx([](app::StoreTx& tx) { return tx.ListOpenDebriefFlags(1); })),
            (std::vector<std::int64_t>{other.id}));

  // Cleared: no longer open; clearing again, or an unknown flag, is not found.
  Tx([&](app::StoreTx& tx) { return tx.ClearDebriefFlag(flag.id, supervisor, kT0 + 300); });
  flag.cleared_by = supervisor;
  flag.cleared_at_ms = kT0 + 300;
  expect_flag(Tx([&](app::StoreTx& tx) { return tx.GetDebriefFlag(flag.id); }), flag,
              "相談員 sato");
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.FindOpenDebriefFlag(w.staff); }));
  EXPECT_EQ(Ids(Tx([](app::StoreTx& tx) { return tx.ListOpenDebriefFlags(10); })),
            (std::vector<std::int64_t>{other.id}));
  core::Error twice_cleared = TxError(
      [&](app::StoreTx& tx) { return tx.ClearDebriefFlag(flag.id, w.other_staff, kT0 + 400); });
  EXPECT_EQ(twice_cleared.code, ErrorCode::kNotFound) << Describe(twice_cleared);
  core::Error unknown = TxError(
      [&](app::StoreTx& tx) { return tx.ClearDebriefFlag(other.id + 100, supervisor, kT0); });
  EXPECT_EQ(unknown.code, ErrorCode::kNotFound) << Describe(unknown);
  // The first clearing stands.
  expect_flag(Tx([&](app::StoreTx& tx) { return tx.GetDebriefFlag(flag.id); }), flag,
              "相談員 sato");

  // After clearing, the counselor can be flagged again.
  core::DebriefFlag next = flag;
  next.flagged_at_ms = kT0 + 500;
  next.cleared_by.reset();
  next.cleared_at_ms.reset();
  next.id = Tx([&](app::StoreTx& tx) { return tx.InsertDebriefFlag(next); });
  EXPECT_NE(next.id, flag.id);
  expect_flag(Tx([&](app::StoreTx& tx) { return tx.FindOpenDebriefFlag(w.staff); }), next,
              "相談員 sato");
}

TEST_P(StoreContract, ListAuditForMatchesTargetAndActionOldestFirst) {
  World w = Tx(MakeWorld);
  const std::vector<app::AuditRecord> records = {
      {0, kT0 + 1, w.staff, "disclosure", "conversation", "7", "basis=art27_1_ii"},
      {0, kT0 + 2, w.staff, "conversation.view", "conversation", "7", ""},
      {0, kT0 + 3, std::nullopt, "disclosure", "conversation", "70", "other conversation"},
      {0, kT0 + 4, w.other_staff, "disclosure", "staff", "7", "other target type"},
      {0, kT0 + 5, w.other_staff, "disclosure", "conversation", "7", "basis=consent"},
  };
  for (const app::AuditRecord& r : records) {
    Tx([&](app::StoreTx& tx) { return tx.AppendAudit(r); });
  }
  auto found =
      Tx([](app::StoreTx& tx) { return tx.ListAuditFor("conversation", "7", "disclosure", 10); });
  ASSERT_EQ(found.size(), 2u);
  EXPECT_LT(found[0].id, found[1].id);
  EXPECT_EQ(found[0].at_ms, kT0 + 1);
  EXPECT_EQ(found[0].actor_staff_id, w.staff);
  EXPECT_EQ(found[0].action, "disclosure");
  EXPECT_EQ(found[0].target_type, "conversation");
  EXPECT_EQ(found[0].target_id, "7");
  EXPECT_EQ(found[0].detail, "basis=art27_1_ii");
  EXPECT_EQ(found[1].at_ms, kT0 + 5);
  EXPECT_EQ(found[1].actor_staff_id, w.other_staff);
  EXPECT_EQ(found[1].detail, "basis=consent");
  auto first =
      Tx([](app::StoreTx& tx) { return tx.ListAuditFor("conversation", "7", "disclosure", 1); });
  EXPECT_EQ(Ids(first), (std::vector<std::int64_t>{found[0].id}));
  auto other =
      Tx([](app::StoreTx& tx) { return tx.ListAuditFor("conversation", "70", "disclosure", 10); });
  ASSERT_EQ(other.size(), 1u);
  EXPECT_FALSE(other[0].actor_staff_id.has_value());
  EXPECT_EQ(
      Tx([](app::StoreTx& tx) { return tx.ListAuditFor("staff", "7", "disclosure", 10); }).size(),
      1u);
  EXPECT_TRUE(Tx([](app::StoreTx& tx) {
                return tx.ListAuditFor("conversation", "7", "login", 10);
              }).empty());
  EXPECT_TRUE(Tx([](app::StoreTx& tx) {
                return tx.ListAuditFor("conversation", "7", "disclosure", 0);
              }).empty());
}

TEST_P(StoreContract, StreamRecordsOfAlertsAndDebriefsRoundTripSubjectAndSound) {
  app::StreamRecord alert = MakeStreamRecord(kT0, 1);
  alert.kind = app::StreamEventKind::kRiskAlert;
  alert.subject_id = 4'000'000'000'123;  // beyond 32 bits
  alert.sound = true;
  app::StreamRecord debrief = MakeStreamRecord(kT0 + 1, 2);
  debrief.kind = app::StreamEventKind::kDebriefFlag;
  debrief.conversation_id = 0;
  debrief.subject_id = 9;
  debrief.sound = false;
  app::StreamRecord quiet_alert = alert;
  quiet_alert.sound = false;
  quiet_alert.subject_id = 10;
  const app::StreamRecord plain = MakeStreamRecord(kT0 + 2, 3);
  std::vector<app::StreamRecord> want = {alert, debrief, quiet_alert, plain};
  for (const app::StreamRecord& r : want) {
    Tx([&](app::StoreTx& tx) { return tx.AppendStreamRecord(r); });
  }
  auto got = Tx([](app::StoreTx& tx) { return tx.ListStreamRecordsAfter(0, 10); });
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].kind, want[i].kind) << i;
    EXPECT_EQ(got[i].conversation_id, want[i].conversation_id) << i;
    EXPECT_EQ(got[i].subject_id, want[i].subject_id) << i;
    EXPECT_EQ(got[i].sound, want[i].sound) << i;
    EXPECT_EQ(got[i].has_before, want[i].has_before) << i;
    EXPECT_EQ(got[i].before_assigned_staff_id, want[i].before_assigned_staff_id) << i;
  }
  EXPECT_EQ(got[3].subject_id, 0);
  EXPECT_FALSE(got[3].sound);
}

// ---- Migrations.

TEST_P(StoreContract, MigrateAgainChangesNothing) {
  Tx([](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  for (int i = 0; i < 2; ++i) {
    core::Status migrated = store().Migrate();
    ASSERT_TRUE(migrated) << Describe(migrated.error());
  }
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.FindStaffByLogin("sato"); }));
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.ListStaff(); }).size(), 1u);
  Tx([](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("tanaka")); });
}

}  // namespace
}  // namespace tsunagu::contract
