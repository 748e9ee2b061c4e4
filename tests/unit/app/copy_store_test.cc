// CopyStore from a real SQLite file into a real PostgreSQL schema (`tsunagu store copy`).
#include "app/copy_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "adapters/storage/postgres/postgres_store.h"
#include "adapters/storage/sqlite/sqlite_copy_source.h"
#include "adapters/storage/sqlite/sqlite_store.h"
#include "app/conversation_actions.h"
#include "app/process_inbound.h"
#include "unit/adapters/storage/postgres/pg_test_schema.h"
#include "unit/support/app_env.h"

namespace tsunagu::app {
namespace {

namespace fs = std::filesystem;
using testing::Read;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

std::string Describe(const core::Error& e) {
  return std::string(core::ErrorCodeName(e.code)) + ": " + e.message;
}

// A SQLite deployment with a bit of everything: staff, clients, conversations, messages,
// outbox rows, a session, audit records, journal records and a timer.
class CopyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tsunagu-copy-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = adapters::sqlite::SqliteStore::Open((dir_ / "old.db").string());
    ASSERT_TRUE(opened) << Describe(opened.error());
    sqlite_ = std::move(*opened);
    ASSERT_TRUE(sqlite_->Migrate());
    auto schema = testing_pg::PgTestSchema::Create();
    ASSERT_TRUE(schema) << Describe(schema.error());
    schema_ = std::move(*schema);
    auto pg = adapters::postgres::PostgresStore::Open(schema_->url(), 2);
    ASSERT_TRUE(pg) << Describe(pg.error());
    pg_ = std::move(*pg);
    ASSERT_TRUE(pg_->Migrate());
  }

  void TearDown() override {
    sqlite_.reset();
    fs::remove_all(dir_);
  }

  void Populate() {
    clock_.Set(kT0);
    AppContext ctx{*sqlite_, clock_, secrets_, notifier_, log_, {}, 50'000};
    auto program = Read<core::Program>(
        *sqlite_, [](StoreTx& tx) { return tx.UpsertProgram("center", "相談センター"); });
    ChannelRoute& route = ctx.channels["test"];
    route.channel_key = "test";
    route.program_id = program.id;
    route.replies = {"ようこそ", "お待ちください"};
    core::Staff staff{0, "sato", "相談員 佐藤", core::Role::kCounselor, true, "hash", kT0};
    staff.id = Read<core::StaffId>(*sqlite_, [&](StoreTx& tx) { return tx.InsertStaff(staff); });
    for (int i = 0; i < 3; ++i) {
      const std::string n = std::to_string(i);
      ASSERT_TRUE(Read<bool>(*sqlite_, [&](StoreTx& tx) {
        return tx.InsertInboundEvent(
            testing::TextEvent("ev-" + n, "U" + n, "こんにちは " + n, "rt-" + n, kT0 + i));
      }));
    }
    InboundProcessor processor(ctx, [] {});
    ASSERT_TRUE(processor.RunOnce());
    ConversationActions actions(ctx, [] {});
    auto list = Read<std::vector<core::Conversation>>(
        *sqlite_, [](StoreTx& tx) { return tx.ListConversations({}); });
    ASSERT_EQ(list.size(), 3u);
    auto taken = actions.Take(staff, list[0].id);
    ASSERT_TRUE(taken) << Describe(taken.error());
    auto replied = actions.Reply(staff, list[0].id, "お返事です 'quoted'");
    ASSERT_TRUE(replied) << Describe(replied.error());
    ASSERT_TRUE(sqlite_->Transact([&](StoreTx& tx) -> core::Status {
      if (auto s = tx.InsertSession({"h1", staff.id, "csrf", kT0, kT0 + 1000}); !s) return s;
      StreamRecord r;
      r.at_ms = kT0;
      r.node_id = "n1";
      r.conversation_id = list[0].id;
      if (auto id = tx.AppendStreamRecord(r); !id) return std::unexpected(id.error());
      return tx.ScheduleTimer("idle", std::to_string(list[0].id), kT0 + 60'000);
    }));
    // The chatbot's rows: a conversation in the middle of a scenario, a bot message with
    // buttons and an image, a consent, and two versions of a scenario (the older one active).
    ASSERT_TRUE(sqlite_->Transact([&](StoreTx& tx) -> core::Status {
      auto bot = tx.GetConversationForUpdate(list[1].id);
      if (!bot) return std::unexpected(bot.error());
      core::Conversation c = **bot;
      c.bot_status = core::BotStatus::kRunning;
      c.queued_at_ms.reset();
      c.bot_scenario = "intake-1@0123456789ab";
      c.bot_node = "ask_feeling";
      c.bot_variables = core::BotVariablesText({{"feeling", "つらい\n\t'x'"}, {"grade", "2"}});
      if (auto s = tx.UpdateConversation(c); !s) return s;
      core::Message m;
      m.conversation_id = c.id;
      m.direction = core::Direction::kOutbound;
      m.sender_kind = core::SenderKind::kBot;
      m.content_type = "image";
      m.text = "ご案内";
      m.created_at_ms = kT0 + 5;
      m.delivery_state = core::DeliveryState::kQueued;
      m.quick_replies = {{"はい", "consent=yes", "同意します"}, {"いいえ", "consent=no", ""}};
      m.media_url = "https://example.com/a.png";
      if (auto id = tx.InsertMessage(m); !id) return std::unexpected(id.error());
      if (auto id = tx.InsertConsent({0, c.client_id, c.id, "2024-04", true, kT0 + 6}); !id) {
        return std::unexpected(id.error());
      }
      for (const ScenarioVersion& v :
           {ScenarioVersion{"intake", "1@a", "key: intake\n", kT0, "startup"},
            ScenarioVersion{"intake", "2@b", "key: intake # 2\n", kT0 + 1, "admin"},
            ScenarioVersion{"intake", "1@a", "key: intake\n", kT0 + 2, "supervisor"}}) {
        if (auto r = tx.ActivateScenarioVersion(v); !r) return std::unexpected(r.error());
      }
      return core::Ok();
    }));
  }

  fs::path dir_;
  std::unique_ptr<adapters::sqlite::SqliteStore> sqlite_;
  std::unique_ptr<testing_pg::PgTestSchema> schema_;
  std::unique_ptr<adapters::postgres::PostgresStore> pg_;
  testing::FakeClock clock_;
  adapters::system::PlatformSecrets secrets_;
  testing::RecordingNotifier notifier_;
  testing::RecordingEventLog log_;
};

TEST_F(CopyStoreTest, CopiesEveryRowKeepsIdsAndVerifiesTheCounts) {
  ASSERT_NO_FATAL_FAILURE(Populate());
  auto source = adapters::sqlite::SqliteCopySource::Open((dir_ / "old.db").string());
  ASSERT_TRUE(source) << Describe(source.error());
  std::map<std::string, std::int64_t> progress;
  auto copied =
      CopyStore(**source, *pg_, 2,
                [&](const std::string& t, std::int64_t n, std::int64_t) { progress[t] = n; });
  ASSERT_TRUE(copied) << Describe(copied.error());
  ASSERT_EQ(copied->size(), kCopyTables.size());
  std::map<std::string, std::int64_t> rows;
  for (const TableCopied& t : *copied) {
    EXPECT_TRUE(t.verified()) << t.table;
    rows[t.table] = t.target_rows;
  }
  EXPECT_EQ(rows["conversations"], 3);
  EXPECT_EQ(rows["inbound_events"], 3);
  EXPECT_EQ(rows["sessions"], 1);
  EXPECT_EQ(rows["timers"], 2);    // one scheduled directly, one idle check after the staff reply
  EXPECT_GE(rows["messages"], 7);  // 3 from clients, 3 bot replies, 1 staff reply
  EXPECT_GE(rows["audit_log"], 1);
  EXPECT_EQ(progress["messages"], rows["messages"]);
  EXPECT_EQ(rows["consents"], 1);
  EXPECT_EQ(rows["scenario_versions"], 2);

  // The same facts through the port on both sides, ids included.
  auto old_list = Read<std::vector<core::Conversation>>(
      *sqlite_, [](StoreTx& tx) { return tx.ListConversations({}); });
  for (const core::Conversation& c : old_list) {
    auto moved = Read<std::optional<core::Conversation>>(
        *pg_, [&](StoreTx& tx) { return tx.GetConversation(c.id); });
    ASSERT_TRUE(moved.has_value()) << c.id;
    EXPECT_EQ(moved->client_pseudonym, c.client_pseudonym);
    EXPECT_EQ(moved->status, c.status);
    EXPECT_EQ(moved->assigned_staff_name, c.assigned_staff_name);
    EXPECT_EQ(moved->queued_at_ms, c.queued_at_ms);
    EXPECT_EQ(moved->bot_status, c.bot_status);
    EXPECT_EQ(moved->bot_scenario, c.bot_scenario);
    EXPECT_EQ(moved->bot_node, c.bot_node);
    EXPECT_EQ(moved->bot_variables, c.bot_variables);
    EXPECT_EQ(Read<std::vector<core::Consent>>(
                  *pg_, [&](StoreTx& tx) { return tx.ListConsentsOfClient(c.client_id); }),
              Read<std::vector<core::Consent>>(
                  *sqlite_, [&](StoreTx& tx) { return tx.ListConsentsOfClient(c.client_id); }));
    auto old_messages = Read<std::vector<core::Message>>(
        *sqlite_, [&](StoreTx& tx) { return tx.ListMessages(c.id, 0, 100); });
    auto new_messages = Read<std::vector<core::Message>>(
        *pg_, [&](StoreTx& tx) { return tx.ListMessages(c.id, 0, 100); });
    ASSERT_EQ(new_messages.size(), old_messages.size());
    for (std::size_t i = 0; i < old_messages.size(); ++i) {
      EXPECT_EQ(new_messages[i].id, old_messages[i].id);
      EXPECT_EQ(new_messages[i].text, old_messages[i].text);
      EXPECT_EQ(new_messages[i].delivery_state, old_messages[i].delivery_state);
      EXPECT_EQ(new_messages[i].content_type, old_messages[i].content_type);
      EXPECT_EQ(new_messages[i].quick_replies, old_messages[i].quick_replies);
      EXPECT_EQ(new_messages[i].media_url, old_messages[i].media_url);
    }
  }
  EXPECT_TRUE(Read<std::optional<Session>>(*pg_, [](StoreTx& tx) {
                return tx.FindSession("h1");
              }).has_value());

  // New rows continue after the copied ids.
  auto next = Read<core::ConversationId>(*pg_, [&](StoreTx& tx) {
    core::Conversation c = old_list[0];
    c.status = core::ConversationStatus::kClosed;
    c.closed_at_ms = kT0;
    return tx.InsertConversation(c);
  });
  for (const core::Conversation& c : old_list) EXPECT_GT(next, c.id);

  // The bot's state came along: the conversation in a scenario, and the scenarios themselves.
  EXPECT_EQ(std::count_if(old_list.begin(), old_list.end(),
                          [](const core::Conversation& c) {
                            return c.bot_status == core::BotStatus::kRunning &&
                                   !c.queued_at_ms.has_value();
                          }),
            1);
  auto active = Read<std::optional<ScenarioVersion>>(
      *pg_, [](StoreTx& tx) { return tx.ActiveScenarioVersion("intake"); });
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->version_id, "1@a");
  EXPECT_EQ(active->activated_by, "supervisor");
  EXPECT_EQ(active->activated_at_ms, kT0 + 2);
  auto older = Read<std::optional<ScenarioVersion>>(
      *pg_, [](StoreTx& tx) { return tx.FindScenarioVersion("2@b"); });
  ASSERT_TRUE(older.has_value());
  EXPECT_EQ(older->source, "key: intake # 2\n");
  // New consents and versions continue after the copied ids.
  EXPECT_TRUE(Read<bool>(*pg_, [](StoreTx& tx) {
    return tx.ActivateScenarioVersion({"intake", "3@c", "key: intake # 3", kT0 + 3, "admin"});
  }));
  EXPECT_GT(
      Read<std::int64_t>(
          *pg_,
          [&](StoreTx& tx) {
            return tx.InsertConsent({0, old_list[0].client_id, old_list[0].id, "2025", false, kT0});
          }),
      1);
}

TEST_F(CopyStoreTest, RefusesATargetThatHoldsData) {
  ASSERT_NO_FATAL_FAILURE(Populate());
  ASSERT_TRUE(pg_->Transact([](StoreTx& tx) -> core::Status {
    auto p = tx.UpsertProgram("live", "稼働中");
    if (!p) return std::unexpected(p.error());
    return core::Ok();
  }));
  auto source = adapters::sqlite::SqliteCopySource::Open((dir_ / "old.db").string());
  ASSERT_TRUE(source);
  auto copied = CopyStore(**source, *pg_, 100, {});
  ASSERT_FALSE(copied);
  EXPECT_EQ(Read<std::vector<core::Staff>>(*pg_, [](StoreTx& tx) { return tx.ListStaff(); }).size(),
            0u);
}

// Writes to the live database once the snapshot is taken: the copy must not see them, so its
// counts stay consistent while the old node keeps serving.
class WritesAfterSnapshot final : public CopySource {
 public:
  WritesAfterSnapshot(CopySource& inner, Store& live) : inner_(inner), live_(live) {}
  core::Status BeginSnapshot() override {
    if (auto s = inner_.BeginSnapshot(); !s) return s;
    return live_.Transact([](StoreTx& tx) -> core::Status {
      auto p = tx.UpsertProgram("late", "スナップショット後 / after the snapshot");
      if (!p) return std::unexpected(p.error());
      return core::Ok();
    });
  }
  core::Status ReadTable(std::string_view table, std::size_t batch_rows,
                         const std::function<core::Status(const CopyBatch&)>& fn) override {
    return inner_.ReadTable(table, batch_rows, fn);
  }
  core::Result<std::int64_t> CountRows(std::string_view table) override {
    return inner_.CountRows(table);
  }
  core::Status EndSnapshot() override { return inner_.EndSnapshot(); }

 private:
  CopySource& inner_;
  Store& live_;
};

TEST_F(CopyStoreTest, CopiesOneSnapshotWhileTheOldNodeKeepsWriting) {
  ASSERT_NO_FATAL_FAILURE(Populate());
  auto source = adapters::sqlite::SqliteCopySource::Open((dir_ / "old.db").string());
  ASSERT_TRUE(source);
  WritesAfterSnapshot racing(**source, *sqlite_);
  auto copied = CopyStore(racing, *pg_, 100, {});
  ASSERT_TRUE(copied) << Describe(copied.error());
  for (const TableCopied& t : *copied) {
    EXPECT_TRUE(t.verified()) << t.table;
    if (t.table == "programs") {
      EXPECT_EQ(t.target_rows, 1);
    }
  }
  EXPECT_FALSE(Read<std::optional<core::Program>>(*pg_, [](StoreTx& tx) {
                 return tx.FindProgramByKey("late");
               }).has_value());
  EXPECT_TRUE(Read<std::optional<core::Program>>(*sqlite_, [](StoreTx& tx) {
                return tx.FindProgramByKey("late");
              }).has_value());
}

TEST_F(CopyStoreTest, AMissingSourceFileIsAClearError) {
  auto source = adapters::sqlite::SqliteCopySource::Open((dir_ / "nope.db").string());
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(source.error().message.find("nope.db"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::app
