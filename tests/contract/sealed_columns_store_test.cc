// The Store contract for encryption at rest (app/ports/field_cipher.h): every sealed column
// round-trips through the store's cipher, and what the database really holds is sealed, not
// the text. Also the port methods `tsunagu keys rotate` uses. Runs on every backend.
#include <string>
#include <vector>

#include "contract/store_contract.h"
#include "core/limits.h"

namespace tsunagu::contract {
namespace {

using core::ErrorCode;

constexpr core::TimeMs kT0 = 1'700'000'000'000;
const std::string kSecretText = "ひみつの相談ZQX: 家に帰りたくない";
const std::string kSecretReasons = "該当 / match: 「帰りたくないZQX」";
const std::string kSecretSummary = "要約ZQX: 学校に相談した";
const std::string kSecretAnswers = R"({"grade":"中2","worry":"ZQX 家のこと"})";
const std::string kSecretRawJson = R"({"message":{"text":"ひみつの相談ZQX"}})";

struct SealedWorld {
  core::ConversationId conversation = 0;
  core::MessageId message = 0;
  core::StaffId staff = 0;
};

core::Result<SealedWorld> MakeSealedWorld(app::StoreTx& tx) {
  SealedWorld w;
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
  auto client = tx.InsertClient({0, "相談者-SEAL1", false, kT0}, {"main", "U-seal", 0});
  if (!client) return std::unexpected(client.error());
  core::Conversation c;
  c.program_id = program->id;
  c.client_id = client->id;
  c.channel_key = "main";
  c.opened_at_ms = kT0;
  c.last_message_at_ms = kT0;
  c.bot_variables = kSecretAnswers;
  auto id = tx.InsertConversation(c);
  if (!id) return std::unexpected(id.error());
  w.conversation = *id;
  core::Message m;
  m.conversation_id = w.conversation;
  m.direction = core::Direction::kInbound;
  m.sender_kind = core::SenderKind::kClient;
  m.content_kind = core::ContentKind::kText;
  m.content_type = "text";
  m.text = kSecretText;
  m.created_at_ms = kT0;
  m.risk.level = 1;
  m.risk.categories = "family";
  m.risk.reasons = kSecretReasons;
  auto message = tx.InsertMessage(m);
  if (!message) return std::unexpected(message.error());
  w.message = *message;
  return w;
}

core::InboundEvent SecretEvent() {
  core::InboundEvent e;
  e.event_id = "ev-seal-1";
  e.channel_key = "main";
  e.kind = core::InboundKind::kMessage;
  e.type_name = "message";
  e.sender_id = "U-seal";
  e.source_type = "user";
  e.occurred_at_ms = kT0;
  e.received_at_ms = kT0;
  e.message_type = "text";
  e.message_id = "m-1";
  e.text = kSecretText;
  e.raw_json = kSecretRawJson;
  return e;
}

// Every value of every sealed column, as the database holds it.
std::vector<std::string> RawSealedValues(ContractStore& store) {
  std::vector<std::string> out;
  for (const app::SealedColumn& c : app::kSealedColumns) {
    auto rows = store.RawRows("SELECT " + std::string(c.column) + " FROM " + std::string(c.table));
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : Describe(rows.error()));
    if (rows) out.insert(out.end(), rows->begin(), rows->end());
  }
  return out;
}

TEST_P(StoreContract, SealedColumnsRoundTripAndAreNotStoredAsText) {
  const SealedWorld world = Tx(MakeSealedWorld);
  EXPECT_TRUE(Tx([](app::StoreTx& tx) { return tx.InsertInboundEvent(SecretEvent()); }));
  core::WrapUp wrap_up;
  wrap_up.conversation_id = world.conversation;
  wrap_up.topic_codes = {"family"};
  wrap_up.outcome = core::WrapUpOutcome::kContinue;
  wrap_up.summary = kSecretSummary;
  wrap_up.by_staff_id = world.staff;
  wrap_up.at_ms = kT0 + 10;
  Tx([&](app::StoreTx& tx) { return tx.InsertWrapUp(wrap_up); });
  app::OutboxItem item;
  item.message_id = world.message;
  item.channel_key = "main";
  item.recipient_id = "U-seal";
  item.retry_key = "rk-1";
  item.created_at_ms = kT0;
  const core::OutboxId outbox = Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(item); });

  // Read back through the port: the plaintext.
  auto message = Tx([&](app::StoreTx& tx) { return tx.GetMessage(world.message); });
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->text, kSecretText);
  EXPECT_EQ(message->risk.reasons, kSecretReasons);
  EXPECT_EQ(message->risk.categories, "family");
  auto listed = Tx([&](app::StoreTx& tx) { return tx.ListMessages(world.conversation, 0, 10); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].text, kSecretText);
  auto conversation = Tx([&](app::StoreTx& tx) { return tx.GetConversation(world.conversation); });
  ASSERT_TRUE(conversation.has_value());
  EXPECT_EQ(conversation->bot_variables, kSecretAnswers);
  auto read_wrap_up = Tx([&](app::StoreTx& tx) { return tx.GetWrapUp(world.conversation); });
  ASSERT_TRUE(read_wrap_up.has_value());
  EXPECT_EQ(read_wrap_up->summary, kSecretSummary);
  auto event = Tx([](app::StoreTx& tx) { return tx.FindInboundEvent("main", "ev-seal-1"); });
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->text, kSecretText);
  EXPECT_EQ(event->raw_json, kSecretRawJson);
  auto out = Tx([&](app::StoreTx& tx) { return tx.GetOutbox(outbox); });
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->text, kSecretText);

  // An update seals again.
  conversation->bot_variables = kSecretAnswers + " ";
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(*conversation); });
  EXPECT_EQ(
      Tx([&](app::StoreTx& tx) { return tx.GetConversation(world.conversation); })->bot_variables,
      kSecretAnswers + " ");

  // What the database holds: sealed under the contract key, never the text.
  std::vector<std::string> raw = RawSealedValues(store());
  ASSERT_EQ(raw.size(), 6u);
  for (const std::string& value : raw) {
    EXPECT_TRUE(value.starts_with("enc1:contract:")) << value;
    EXPECT_EQ(value.find("ZQX"), std::string::npos) << value;
  }
}

TEST_P(StoreContract, EmptySealedValuesStayEmpty) {
  const SealedWorld world = Tx(MakeSealedWorld);
  auto conversation = Tx([&](app::StoreTx& tx) { return tx.GetConversation(world.conversation); });
  ASSERT_TRUE(conversation.has_value());
  conversation->bot_variables.clear();
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(*conversation); });
  auto raw = store().RawRows("SELECT bot_variables FROM conversations");
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(*raw, std::vector<std::string>{""});
  EXPECT_EQ(
      Tx([&](app::StoreTx& tx) { return tx.GetConversation(world.conversation); })->bot_variables,
      "");
}

TEST_P(StoreContract, PlaintextFromBeforeEncryptionIsReadAsItIs) {
  const SealedWorld world = Tx(MakeSealedWorld);
  ASSERT_TRUE(store().ExecRawSql("UPDATE messages SET text = 'まえの平文' WHERE id = " +
                                 std::to_string(world.message)));
  auto message = Tx([&](app::StoreTx& tx) { return tx.GetMessage(world.message); });
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->text, "まえの平文");
}

TEST_P(StoreContract, ADamagedSealedValueIsAnErrorWithoutTheValue) {
  const SealedWorld world = Tx(MakeSealedWorld);
  auto raw = store().RawRows("SELECT text FROM messages");
  ASSERT_TRUE(raw.has_value());
  ASSERT_EQ(raw->size(), 1u);
  // Flip one base64 character near the end (inside the tag).
  std::string damaged = raw->front();
  char& ch = damaged[damaged.size() - 4];
  ch = ch == 'A' ? 'B' : 'A';
  ASSERT_TRUE(store().ExecRawSql("UPDATE messages SET text = '" + damaged + "'"));
  core::Error error = TxError([&](app::StoreTx& tx) { return tx.GetMessage(world.message); });
  EXPECT_EQ(error.code, ErrorCode::kInternal);
  EXPECT_NE(error.message.find("messages.text"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find(damaged), std::string::npos) << error.message;

  // A key the store does not have.
  ASSERT_TRUE(store().ExecRawSql(
      "UPDATE messages SET text = 'enc1:gone:" + damaged.substr(damaged.rfind(':') + 1) + "'"));
  error = TxError([&](app::StoreTx& tx) { return tx.ListMessages(world.conversation, 0, 10); });
  EXPECT_EQ(error.code, ErrorCode::kInternal);
  EXPECT_NE(error.message.find("unknown key id gone"), std::string::npos) << error.message;
}

TEST_P(StoreContract, AValueSealedForOneColumnDoesNotOpenInAnother) {
  const SealedWorld world = Tx(MakeSealedWorld);
  // The message text, moved into the conversation's bot variables.
  ASSERT_TRUE(store().ExecRawSql(
      "UPDATE conversations SET bot_variables = (SELECT text FROM messages WHERE id = " +
      std::to_string(world.message) + ")"));
  core::Error error =
      TxError([&](app::StoreTx& tx) { return tx.GetConversation(world.conversation); });
  EXPECT_EQ(error.code, ErrorCode::kInternal);
  EXPECT_NE(error.message.find("conversations.bot_variables"), std::string::npos) << error.message;
}

TEST_P(StoreContract, StoredValuesArePagedByIdAndReplacedOnlyWhenUnchanged) {
  const SealedWorld world = Tx(MakeSealedWorld);
  // Two more messages.
  for (int i = 0; i < 2; ++i) {
    Tx([&](app::StoreTx& tx) {
      core::Message m;
      m.conversation_id = world.conversation;
      m.direction = core::Direction::kOutbound;
      m.sender_kind = core::SenderKind::kStaff;
      m.sender_staff_id = world.staff;
      m.content_kind = core::ContentKind::kText;
      m.content_type = "text";
      m.text = "返事 " + std::to_string(i);
      m.created_at_ms = kT0 + 1 + i;
      return tx.InsertMessage(m);
    });
  }
  EXPECT_EQ(Tx([](app::StoreTx& tx) { return tx.CountStoredValues(app::sealed::kMessageText); }),
            3);
  auto first =
      Tx([](app::StoreTx& tx) { return tx.ListStoredValues(app::sealed::kMessageText, 0, 2); });
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, world.message);
  EXPECT_LT(first[0].id, first[1].id);
  EXPECT_TRUE(first[0].stored.starts_with("enc1:contract:"));
  auto rest = Tx([&](app::StoreTx& tx) {
    return tx.ListStoredValues(app::sealed::kMessageText, first[1].id, 2);
  });
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_GT(rest[0].id, first[1].id);

  // Replacing: only while the row still holds what was read.
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) {
    return tx.ReplaceStoredValue(app::sealed::kMessageText, first[0].id, first[0].stored,
                                 "置き換え");
  }));
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) {
    return tx.ReplaceStoredValue(app::sealed::kMessageText, first[0].id, first[0].stored, "二度目");
  }));
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) {
    return tx.ReplaceStoredValue(app::sealed::kMessageText, 999'999, "", "x");
  }));
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.GetMessage(world.message); })->text, "置き換え");

  // Only the sealed columns, by name.
  EXPECT_EQ(TxError([](app::StoreTx& tx) {
              return tx.ListStoredValues("staff.password_hash", 0, 10);
            }).code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TxError([](app::StoreTx& tx) {
              return tx.ReplaceStoredValue("messages.sender_name", 1, "", "");
            }).code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TxError([](app::StoreTx& tx) { return tx.CountStoredValues("audit_log"); }).code,
            ErrorCode::kInvalidArgument);
}

TEST_P(StoreContract, EverySealedColumnCanBeListedAndCounted) {
  Tx(MakeSealedWorld);
  for (const app::SealedColumn& c : app::kSealedColumns) {
    EXPECT_GE(Tx([&](app::StoreTx& tx) { return tx.CountStoredValues(c.name); }), 0) << c.name;
    Tx([&](app::StoreTx& tx) { return tx.ListStoredValues(c.name, 0, 10); });
  }
}

}  // namespace
}  // namespace tsunagu::contract
