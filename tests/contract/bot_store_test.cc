// The Store contract for the chatbot (docs/scenarios.md): a conversation's bot state and its
// place in the human queue, buttons and images on messages and in the outbox, consents to the
// terms of use, and scenario versions. Like store_contract_test.cc, it runs on every backend
// and knows none of them.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "contract/store_contract.h"
#include "core/queue_order.h"

namespace tsunagu::contract {
namespace {

using core::ErrorCode;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

// A program, three clients (so that three conversations can be open at once) and a counselor.
struct BotWorld {
  core::ProgramId program = 0;
  std::vector<core::ClientId> clients;
  core::StaffId staff = 0;
};

core::Result<BotWorld> MakeBotWorld(app::StoreTx& tx) {
  BotWorld w;
  auto program = tx.UpsertProgram("center", "子ども・若者総合相談センター");
  if (!program) return std::unexpected(program.error());
  w.program = program->id;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    auto client = tx.InsertClient({0, "相談者-BOT" + n, false, kT0}, {"main", "U-bot-" + n, 0});
    if (!client) return std::unexpected(client.error());
    w.clients.push_back(client->id);
  }
  core::Staff staff;
  staff.login = "sato";
  staff.display_name = "相談員 sato";
  staff.password_hash = "hash";
  staff.created_at_ms = kT0;
  auto id = tx.InsertStaff(staff);
  if (!id) return std::unexpected(id.error());
  w.staff = *id;
  return w;
}

core::Conversation MakeBotConversation(const BotWorld& w, int client) {
  core::Conversation c;
  c.program_id = w.program;
  c.client_id = w.clients.at(static_cast<std::size_t>(client));
  c.channel_key = "main";
  c.status = core::ConversationStatus::kWaiting;
  c.opened_at_ms = kT0 + 10;
  c.last_message_at_ms = kT0 + 20;
  c.reply_token = "reply-token";
  c.reply_token_expires_at_ms = kT0 + 50'000;
  c.bot_status = core::BotStatus::kRunning;
  c.bot_scenario = "intake-2024.1@0123456789ab";
  c.bot_node = "ask_feeling";
  // Tabs, line breaks and backslashes in values, escaped by core.
  c.bot_variables = core::BotVariablesText({{"feeling", "つらい\nでも\t話したい"},
                                            {"grade", "高校2年"},
                                            {"path", "C:\\tmp\\x"},
                                            {"quote", "'x'; DROP TABLE conversations; --"}});
  return c;
}

void ExpectSameBotState(const core::Conversation& want, const core::Conversation& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.opened_at_ms, want.opened_at_ms);
  EXPECT_EQ(got.queued_at_ms, want.queued_at_ms);
  EXPECT_EQ(got.bot_status, want.bot_status);
  EXPECT_EQ(got.bot_scenario, want.bot_scenario);
  EXPECT_EQ(got.bot_node, want.bot_node);
  EXPECT_EQ(got.bot_variables, want.bot_variables);
}

core::Message MakeBotMessage(core::ConversationId conversation, const std::string& text) {
  core::Message m;
  m.conversation_id = conversation;
  m.direction = core::Direction::kOutbound;
  m.sender_kind = core::SenderKind::kBot;
  m.content_kind = core::ContentKind::kText;
  m.content_type = "text";
  m.text = text;
  m.created_at_ms = kT0 + 30;
  m.delivery_state = core::DeliveryState::kQueued;
  return m;
}

const std::vector<core::QuickReply> kQuickReplies = {
    {"話したい", "node=talk&choice=1", "話したいです"},
    {"やめておく 😀", "node=end", ""},
    {"'x'; --", "data \\ with \"quotes\"", "表示 'text'"},
};

constexpr const char* kImageUrl = "https://example.com/bot/welcome.png?size=large&v='2'";

template <typename Row>
std::vector<std::int64_t> Ids(const std::vector<Row>& rows) {
  std::vector<std::int64_t> ids;
  for (const Row& row : rows) ids.push_back(row.id);
  return ids;
}

// ---- Conversations.

TEST_P(StoreContract, BotStateOfAConversationRoundTripsThroughEveryRead) {
  BotWorld w = Tx(MakeBotWorld);
  core::Conversation c = MakeBotConversation(w, 0);
  c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(c); });
  auto check_reads = [&](const core::Conversation& want) {
    auto got = Tx([&](app::StoreTx& tx) { return tx.GetConversation(want.id); });
    ASSERT_TRUE(got.has_value());
    ExpectSameBotState(want, *got);
    auto locked = Tx([&](app::StoreTx& tx) { return tx.GetConversationForUpdate(want.id); });
    ASSERT_TRUE(locked.has_value());
    ExpectSameBotState(want, *locked);
    if (want.status != core::ConversationStatus::kClosed) {
      auto open =
          Tx([&](app::StoreTx& tx) { return tx.FindOpenConversation(want.client_id, w.program); });
      ASSERT_TRUE(open.has_value());
      ExpectSameBotState(want, *open);
    }
    for (bool queue_order : {false, true}) {
      app::ConversationFilter filter;
      filter.queue_order = queue_order;
      auto listed = Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); });
      auto it = std::find_if(listed.begin(), listed.end(),
                             [&](const core::Conversation& row) { return row.id == want.id; });
      ASSERT_NE(it, listed.end());
      ExpectSameBotState(want, *it);
    }
  };
  // The bot talks: not in the queue yet.
  check_reads(c);
  auto variables = core::ParseBotVariablesText(
      Tx([&](app::StoreTx& tx) { return tx.GetConversation(c.id); })->bot_variables);
  ASSERT_TRUE(variables.has_value());
  EXPECT_EQ(variables->at("feeling"), "つらい\nでも\t話したい");
  EXPECT_EQ(variables->at("path"), "C:\\tmp\\x");

  // Handed over: in the queue from now on, the bot's last place kept.
  c.bot_status = core::BotStatus::kHandedOver;
  c.queued_at_ms = kT0 + 500;
  c.bot_node = "handover";
  c.bot_variables = core::BotVariablesText({{"feeling", "\\n is not a line break"}});
  c.last_message_at_ms = kT0 + 500;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  check_reads(c);

  // Every status name, and values emptied again.
  for (core::BotStatus status : {core::BotStatus::kEnded, core::BotStatus::kNone}) {
    c.bot_status = status;
    c.bot_scenario.clear();
    c.bot_node.clear();
    c.bot_variables.clear();
    c.queued_at_ms.reset();
    Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
    check_reads(c);
  }
  c.status = core::ConversationStatus::kClosed;
  c.closed_at_ms = kT0 + 900;
  c.queued_at_ms = kT0 + 800;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(c); });
  check_reads(c);

  // Without a bot: the defaults come back.
  core::Conversation plain = MakeBotConversation(w, 1);
  plain.bot_status = core::BotStatus::kNone;
  plain.bot_scenario.clear();
  plain.bot_node.clear();
  plain.bot_variables.clear();
  plain.queued_at_ms = plain.opened_at_ms;
  plain.id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(plain); });
  check_reads(plain);
}

TEST_P(StoreContract, QueuedOnlyListsThePeopleInTheHumanQueue) {
  BotWorld w = Tx(MakeBotWorld);
  // The bot still talks to one person; another was handed over; a third was taken by a
  // counselor after the queue.
  core::Conversation talking = MakeBotConversation(w, 0);
  core::Conversation handed = MakeBotConversation(w, 1);
  handed.bot_status = core::BotStatus::kHandedOver;
  handed.queued_at_ms = kT0 + 100;
  core::Conversation taken = MakeBotConversation(w, 2);
  taken.bot_status = core::BotStatus::kHandedOver;
  taken.queued_at_ms = kT0 + 50;
  taken.status = core::ConversationStatus::kActive;
  taken.assigned_staff_id = w.staff;
  for (core::Conversation* c : {&talking, &handed, &taken}) {
    c->id = Tx([&](app::StoreTx& tx) { return tx.InsertConversation(*c); });
  }

  auto list = [&](app::ConversationFilter filter) {
    return Ids(Tx([&](app::StoreTx& tx) { return tx.ListConversations(filter); }));
  };
  auto count = [&](core::ProgramId program) {
    return Tx([&](app::StoreTx& tx) { return tx.CountQueued(program); });
  };
  EXPECT_EQ(count(w.program), 1) << "only the one handed over and not taken";
  const core::ProgramId other =
      Tx([&](app::StoreTx& tx) { return tx.UpsertProgram("home", "家庭訪問"); }).id;
  EXPECT_EQ(count(other), 0) << "another program's queue is its own";
  app::ConversationFilter queued;
  queued.queued_only = true;
  queued.queue_order = true;
  EXPECT_EQ(list(queued), (std::vector<std::int64_t>{taken.id, handed.id}));
  queued.statuses = {core::ConversationStatus::kWaiting};
  EXPECT_EQ(list(queued), (std::vector<std::int64_t>{handed.id}));
  queued.queue_order = false;
  EXPECT_EQ(list(queued), (std::vector<std::int64_t>{handed.id}));
  queued.statuses.clear();
  queued.unassigned_only = true;
  EXPECT_EQ(list(queued), (std::vector<std::int64_t>{handed.id}));
  queued.unassigned_only = false;
  queued.assigned_staff_id = w.staff;
  EXPECT_EQ(list(queued), (std::vector<std::int64_t>{taken.id}));

  // Without the filter the bot's conversation is listed too: it is waiting, for the bot.
  app::ConversationFilter waiting;
  waiting.statuses = {core::ConversationStatus::kWaiting};
  waiting.queue_order = true;
  EXPECT_EQ(list(waiting), (std::vector<std::int64_t>{talking.id, handed.id}));

  // Handing the first person over puts them in the queue, behind the one queued earlier
  // although they opened at the same time and their id is smaller.
  talking.bot_status = core::BotStatus::kHandedOver;
  talking.queued_at_ms = kT0 + 200;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(talking); });
  waiting.queued_only = true;
  EXPECT_EQ(list(waiting), (std::vector<std::int64_t>{handed.id, talking.id}));
  EXPECT_EQ(count(w.program), 2);
  // A higher suggested risk goes first, however late it joined.
  talking.risk_level = 2;
  Tx([&](app::StoreTx& tx) { return tx.UpdateConversation(talking); });
  EXPECT_EQ(list(waiting), (std::vector<std::int64_t>{talking.id, handed.id}));
  auto rows = Tx([&](app::StoreTx& tx) { return tx.ListConversations(waiting); });
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end(), core::WaitsBefore));
}

// ---- Messages and the outbox.

TEST_P(StoreContract, QuickRepliesAndAnImageOfAMessageRoundTrip) {
  BotWorld w = Tx(MakeBotWorld);
  auto conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 0)); });
  core::Message buttons = MakeBotMessage(conversation, "いまの気持ちに近いものは？");
  buttons.quick_replies = kQuickReplies;
  core::Message image = MakeBotMessage(conversation, "ようこそ（画像）");
  image.content_type = "image";
  image.media_url = kImageUrl;
  core::Message one = MakeBotMessage(conversation, "one button");
  one.quick_replies = {{"OK", "ok", ""}};
  core::Message plain = MakeBotMessage(conversation, "plain");
  std::vector<core::Message*> all = {&buttons, &image, &one, &plain};
  for (core::Message* m : all) {
    m->id = Tx([&](app::StoreTx& tx) { return tx.InsertMessage(*m); });
    auto stored = Tx([&](app::StoreTx& tx) { return tx.GetMessage(m->id); });
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->content_type, m->content_type);
    EXPECT_EQ(stored->quick_replies, m->quick_replies);
    EXPECT_EQ(stored->media_url, m->media_url);
  }
  auto listed = Tx([&](app::StoreTx& tx) { return tx.ListMessages(conversation, 0, 10); });
  ASSERT_EQ(listed.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(listed[i].quick_replies, all[i]->quick_replies) << i;
    EXPECT_EQ(listed[i].media_url, all[i]->media_url) << i;
  }
  EXPECT_TRUE(listed[3].quick_replies.empty());
  EXPECT_EQ(listed[3].media_url, "");
  // Changing the delivery leaves them alone.
  Tx([&](app::StoreTx& tx) {
    return tx.SetMessageDelivery(buttons.id, core::DeliveryState::kDelivered, "");
  });
  auto after = Tx([&](app::StoreTx& tx) { return tx.GetMessage(buttons.id); });
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->quick_replies, kQuickReplies);
}

TEST_P(StoreContract, QuickRepliesThatWouldNotReadBackAreRefused) {
  BotWorld w = Tx(MakeBotWorld);
  auto conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 0)); });
  for (const core::QuickReply& bad : std::vector<core::QuickReply>{
           {"", "data", ""},
           {"label", "", ""},
           {"la\tbel", "data", ""},
           {"label", "da\nta", ""},
           {"label", "data", "shown\ntext"},
       }) {
    core::Message m = MakeBotMessage(conversation, "x");
    m.quick_replies = {{"fine", "fine", ""}, bad};
    core::Error error = TxError([&](app::StoreTx& tx) { return tx.InsertMessage(m); });
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << Describe(error);
  }
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ListMessages(conversation, 0, 10); }).empty());
}

TEST_P(StoreContract, DamagedQuickRepliesInARowAreAnInternalError) {
  BotWorld w = Tx(MakeBotWorld);
  auto conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 0)); });
  core::Message m = MakeBotMessage(conversation, "x");
  m.quick_replies = kQuickReplies;
  m.id = Tx([&](app::StoreTx& tx) { return tx.InsertMessage(m); });
  app::OutboxItem item;
  item.message_id = m.id;
  item.channel_key = "main";
  item.recipient_id = "U-bot-0";
  item.retry_key = "damaged";
  item.next_attempt_at_ms = kT0;
  item.created_at_ms = kT0;
  auto outbox = Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(item); });
  // A hand edit that no version of tsunagu writes: a line without its tabs.
  ASSERT_TRUE(store().ExecRawSql("UPDATE messages SET quick_replies = 'no tabs here' WHERE id = " +
                                 std::to_string(m.id)));
  EXPECT_EQ(TxError([&](app::StoreTx& tx) { return tx.GetMessage(m.id); }).code,
            ErrorCode::kInternal);
  EXPECT_EQ(TxError([&](app::StoreTx& tx) { return tx.ListMessages(conversation, 0, 10); }).code,
            ErrorCode::kInternal);
  EXPECT_EQ(TxError([&](app::StoreTx& tx) { return tx.GetOutbox(outbox); }).code,
            ErrorCode::kInternal);
}

TEST_P(StoreContract, AClaimedOutboxItemCarriesTheButtonsAndTheImageOfItsMessage) {
  BotWorld w = Tx(MakeBotWorld);
  auto conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 0)); });
  core::Message image = MakeBotMessage(conversation, "相談窓口のご案内（画像）");
  image.content_type = "image";
  image.media_url = kImageUrl;
  image.quick_replies = kQuickReplies;
  core::Message text = MakeBotMessage(conversation, "ただのお知らせ");
  std::vector<core::OutboxId> ids;
  int n = 0;
  for (core::Message* m : {&image, &text}) {
    m->id = Tx([&](app::StoreTx& tx) { return tx.InsertMessage(*m); });
    app::OutboxItem item;
    item.message_id = m->id;
    item.channel_key = "main";
    item.recipient_id = "U-bot-" + std::to_string(n);
    // Ignored: the store copies them from the message.
    item.text = "ignored";
    item.content_type = "ignored";
    item.quick_replies = {{"ignored", "ignored", ""}};
    item.media_url = "https://ignored.example";
    item.retry_key = "bot-" + std::to_string(n++);
    item.next_attempt_at_ms = kT0;
    item.created_at_ms = kT0;
    ids.push_back(Tx([&](app::StoreTx& tx) { return tx.InsertOutbox(item); }));
  }
  auto claimed = Tx([&](app::StoreTx& tx) { return tx.ClaimDueOutbox(kT0 + 1, 30'000, 10); });
  ASSERT_EQ(Ids(claimed), (std::vector<std::int64_t>{ids[0], ids[1]}));
  EXPECT_EQ(claimed[0].text, image.text);
  EXPECT_EQ(claimed[0].content_type, "image");
  EXPECT_EQ(claimed[0].quick_replies, kQuickReplies);
  EXPECT_EQ(claimed[0].media_url, kImageUrl);
  EXPECT_EQ(claimed[1].text, text.text);
  EXPECT_EQ(claimed[1].content_type, "text");
  EXPECT_TRUE(claimed[1].quick_replies.empty());
  EXPECT_EQ(claimed[1].media_url, "");
  auto read = Tx([&](app::StoreTx& tx) { return tx.GetOutbox(ids[0]); });
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->content_type, "image");
  EXPECT_EQ(read->quick_replies, kQuickReplies);
  EXPECT_EQ(read->media_url, kImageUrl);
}

// ---- Consents.

TEST_P(StoreContract, ConsentsOfAClientAreListedOldestFirst) {
  BotWorld w = Tx(MakeBotWorld);
  auto conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 0)); });
  auto other_conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 1)); });
  // Inserted out of time order; a refusal and a later agreement are both kept.
  std::vector<core::Consent> consents = {
      {0, w.clients[0], conversation, "2024-04 'v2'", true, kT0 + 300},
      {0, w.clients[0], conversation, "2024-04 'v2'", false, kT0 + 100},
      {0, w.clients[1], other_conversation, "2024-04", true, kT0 + 50},
      {0, w.clients[0], conversation, "利用規約 2025", true, kT0 + 300},
  };
  for (core::Consent& c : consents) {
    c.id = Tx([&](app::StoreTx& tx) { return tx.InsertConsent(c); });
    EXPECT_GT(c.id, 0);
  }
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListConsentsOfClient(w.clients[0]); }),
            (std::vector<core::Consent>{consents[1], consents[0], consents[3]}));
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListConsentsOfClient(w.clients[1]); }),
            (std::vector<core::Consent>{consents[2]}));
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ListConsentsOfClient(w.clients[2]); }).empty());
  EXPECT_TRUE(
      Tx([&](app::StoreTx& tx) { return tx.ListConsentsOfClient(w.clients[2] + 100); }).empty());
}

TEST_P(StoreContract, AConsentNeedsAKnownClientAndConversation) {
  BotWorld w = Tx(MakeBotWorld);
  auto conversation =
      Tx([&](app::StoreTx& tx) { return tx.InsertConversation(MakeBotConversation(w, 0)); });
  TxError([&](app::StoreTx& tx) {
    return tx.InsertConsent({0, w.clients[2] + 100, conversation, "v1", true, kT0});
  });
  TxError([&](app::StoreTx& tx) {
    return tx.InsertConsent({0, w.clients[0], conversation + 100, "v1", true, kT0});
  });
  // The transaction goes on after a refused consent.
  Tx([&](app::StoreTx& tx) -> core::Status {
    auto refused = tx.InsertConsent({0, w.clients[0], conversation + 100, "v1", true, kT0});
    if (refused) return core::Fail(ErrorCode::kInternal, "an unknown conversation was accepted");
    auto id = tx.InsertConsent({0, w.clients[0], conversation, "v1", true, kT0});
    if (!id) return std::unexpected(id.error());
    return core::Ok();
  });
  EXPECT_EQ(Tx([&](app::StoreTx& tx) { return tx.ListConsentsOfClient(w.clients[0]); }).size(), 1u);
}

// ---- Scenario versions.

app::ScenarioVersion MakeVersion(const std::string& key, const std::string& version,
                                 core::TimeMs at_ms, const std::string& by = "startup") {
  return app::ScenarioVersion{key, version + "@" + key,
                              "key: " + key + "\nversion: " + version + "\n# 'x'; -- \\ 日本語\n",
                              at_ms, by};
}

void ExpectSameVersion(const app::ScenarioVersion& want, const app::ScenarioVersion& got) {
  EXPECT_EQ(got.scenario_key, want.scenario_key);
  EXPECT_EQ(got.version_id, want.version_id);
  EXPECT_EQ(got.source, want.source);
  EXPECT_EQ(got.activated_at_ms, want.activated_at_ms);
  EXPECT_EQ(got.activated_by, want.activated_by);
}

TEST_P(StoreContract, TheScenarioVersionActivatedLastIsActive) {
  auto activate = [&](const app::ScenarioVersion& v) {
    return Tx([&](app::StoreTx& tx) { return tx.ActivateScenarioVersion(v); });
  };
  auto active = [&](const std::string& key) {
    return Tx([&](app::StoreTx& tx) { return tx.ActiveScenarioVersion(key); });
  };
  EXPECT_FALSE(active("intake").has_value());

  const app::ScenarioVersion v1 = MakeVersion("intake", "1", kT0 + 100);
  EXPECT_TRUE(activate(v1));
  ASSERT_TRUE(active("intake").has_value());
  ExpectSameVersion(v1, *active("intake"));
  const app::ScenarioVersion v2 = MakeVersion("intake", "2", kT0 + 200, "admin");
  EXPECT_TRUE(activate(v2));
  ExpectSameVersion(v2, *active("intake"));
  // Another key has its own active version.
  const app::ScenarioVersion other = MakeVersion("night", "1", kT0 + 300);
  EXPECT_TRUE(activate(other));
  ExpectSameVersion(v2, *active("intake"));
  ExpectSameVersion(other, *active("night"));

  // Going back to version 1: known already (false), active again, with who and when.
  app::ScenarioVersion again = v1;
  again.activated_at_ms = kT0 + 400;
  again.activated_by = "supervisor";
  again.source = "ignored: a version never changes";
  EXPECT_FALSE(activate(again));
  auto now_active = active("intake");
  ASSERT_TRUE(now_active.has_value());
  EXPECT_EQ(now_active->version_id, v1.version_id);
  EXPECT_EQ(now_active->source, v1.source);
  EXPECT_EQ(now_active->activated_at_ms, kT0 + 400);
  EXPECT_EQ(now_active->activated_by, "supervisor");
  // Every version stays readable by its id, the older one included.
  auto found = Tx([&](app::StoreTx& tx) { return tx.FindScenarioVersion(v2.version_id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameVersion(v2, *found);
  EXPECT_FALSE(
      Tx([&](app::StoreTx& tx) { return tx.FindScenarioVersion("unknown@000000000000"); }));
  EXPECT_FALSE(active("unknown").has_value());
  ExpectSameVersion(other, *active("night"));
}

TEST_P(StoreContract, ActivatingAScenarioVersionMakesItActiveEvenInTheSameMillisecond) {
  auto activate = [&](const app::ScenarioVersion& v) {
    return Tx([&](app::StoreTx& tx) { return tx.ActivateScenarioVersion(v); });
  };
  auto active_id = [&](const std::string& key) {
    auto v = Tx([&](app::StoreTx& tx) { return tx.ActiveScenarioVersion(key); });
    return v ? v->version_id : std::string("<none>");
  };
  // Several activations in one millisecond (a fixed clock), then a clock that went back (another
  // node's): each activation makes its version the active one.
  const app::ScenarioVersion v1 = MakeVersion("intake", "1", kT0);
  const app::ScenarioVersion v2 = MakeVersion("intake", "2", kT0);
  EXPECT_TRUE(activate(v1));
  EXPECT_TRUE(activate(v2));
  EXPECT_EQ(active_id("intake"), v2.version_id);
  EXPECT_FALSE(activate(v1));
  EXPECT_EQ(active_id("intake"), v1.version_id);
  EXPECT_FALSE(activate(v2));
  EXPECT_EQ(active_id("intake"), v2.version_id);
  const app::ScenarioVersion v3 = MakeVersion("intake", "3", kT0 - 60'000);
  EXPECT_TRUE(activate(v3));
  EXPECT_EQ(active_id("intake"), v3.version_id);
  app::ScenarioVersion back = v1;
  back.activated_at_ms = kT0 - 120'000;
  EXPECT_FALSE(activate(back));
  EXPECT_EQ(active_id("intake"), v1.version_id);
  // Activating the active one again keeps it active.
  EXPECT_FALSE(activate(back));
  EXPECT_EQ(active_id("intake"), v1.version_id);
}

TEST_P(StoreContract, AScenarioVersionIdBelongsToOneKey) {
  const app::ScenarioVersion v1 = MakeVersion("intake", "1", kT0);
  EXPECT_TRUE(Tx([&](app::StoreTx& tx) { return tx.ActivateScenarioVersion(v1); }));
  app::ScenarioVersion stolen = MakeVersion("night", "1", kT0 + 10);
  stolen.version_id = v1.version_id;
  core::Error error = TxError([&](app::StoreTx& tx) { return tx.ActivateScenarioVersion(stolen); });
  EXPECT_EQ(error.code, ErrorCode::kConflict) << Describe(error);
  EXPECT_FALSE(Tx([&](app::StoreTx& tx) { return tx.ActiveScenarioVersion("night"); }));
  auto still = Tx([&](app::StoreTx& tx) { return tx.ActiveScenarioVersion("intake"); });
  ASSERT_TRUE(still.has_value());
  ExpectSameVersion(v1, *still);
}

}  // namespace
}  // namespace tsunagu::contract
