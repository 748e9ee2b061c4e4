// `tsunagu store copy` carries wrap-ups and their topics from SQLite to PostgreSQL: the rows are
// there on the other side, read back the same through the port, and new wrap-ups continue after
// the copied ids.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "adapters/storage/postgres/postgres_store.h"
#include "adapters/storage/sqlite/sqlite_copy_source.h"
#include "adapters/storage/sqlite/sqlite_store.h"
#include "app/copy_store.h"
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

TEST(WrapUpCopyTest, WrapUpsAndTheirTopicsAreCopied) {
  const fs::path dir =
      fs::temp_directory_path() / ("tsunagu-wrapup-copy-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto sqlite = adapters::sqlite::SqliteStore::Open((dir / "old.db").string());
  ASSERT_TRUE(sqlite) << Describe(sqlite.error());
  ASSERT_TRUE((*sqlite)->Migrate());
  auto schema = testing_pg::PgTestSchema::Create();
  ASSERT_TRUE(schema) << Describe(schema.error());
  auto pg = adapters::postgres::PostgresStore::Open((*schema)->url(), 2);
  ASSERT_TRUE(pg) << Describe(pg.error());
  ASSERT_TRUE((*pg)->Migrate());

  // Two closed conversations with a wrap-up each, and one open without.
  std::vector<core::WrapUp> written;
  core::ConversationId open_id = 0;
  ASSERT_TRUE((*sqlite)->Transact([&](StoreTx& tx) -> core::Status {
    auto program = tx.UpsertProgram("center", "相談センター");
    if (!program) return std::unexpected(program.error());
    auto staff = tx.InsertStaff({0, "sato", "相談員 佐藤", core::Role::kCounselor, true, "h", kT0});
    if (!staff) return std::unexpected(staff.error());
    for (int i = 0; i < 3; ++i) {
      const std::string n = std::to_string(i);
      auto client = tx.InsertClient({0, "相談者-C" + n, false, kT0}, {"main", "U-c-" + n, 0});
      if (!client) return std::unexpected(client.error());
      core::Conversation c;
      c.program_id = program->id;
      c.client_id = client->id;
      c.channel_key = "main";
      c.status = i < 2 ? core::ConversationStatus::kClosed : core::ConversationStatus::kWaiting;
      c.opened_at_ms = kT0;
      c.last_message_at_ms = kT0;
      if (i < 2) c.closed_at_ms = kT0 + 5;
      auto id = tx.InsertConversation(c);
      if (!id) return std::unexpected(id.error());
      if (i == 2) {
        open_id = *id;
        continue;
      }
      core::WrapUp w;
      w.conversation_id = *id;
      w.topic_codes = i == 0 ? std::vector<std::string>{"family", "suicide"}
                             : std::vector<std::string>{"other"};
      w.risk_level = i == 0 ? 2 : 0;
      w.outcome = i == 0 ? core::WrapUpOutcome::kPhone : core::WrapUpOutcome::kContinue;
      w.summary = i == 0 ? "電話へ 'つないだ'\n" : "";
      w.by_staff_id = *staff;
      w.at_ms = kT0 + 5;
      if (auto s = tx.InsertWrapUp(w); !s) return s;
      written.push_back(w);
    }
    return core::Ok();
  }));

  auto source = adapters::sqlite::SqliteCopySource::Open((dir / "old.db").string());
  ASSERT_TRUE(source) << Describe(source.error());
  auto copied = CopyStore(**source, **pg, 1, {});
  ASSERT_TRUE(copied) << Describe(copied.error());
  std::map<std::string, std::int64_t> rows;
  for (const TableCopied& t : *copied) {
    EXPECT_TRUE(t.verified()) << t.table;
    rows[t.table] = t.target_rows;
  }
  EXPECT_EQ(rows["wrap_ups"], 2);
  EXPECT_EQ(rows["wrap_up_topics"], 3);

  for (const core::WrapUp& w : written) {
    EXPECT_EQ(Read<std::optional<core::WrapUp>>(
                  **pg, [&](StoreTx& tx) { return tx.GetWrapUp(w.conversation_id); }),
              std::optional<core::WrapUp>(w));
  }
  // The open one gets its wrap-up on the new store, after the copied rows.
  core::WrapUp later = written[1];
  later.conversation_id = open_id;
  ASSERT_TRUE((*pg)->Transact([&](StoreTx& tx) { return tx.InsertWrapUp(later); }));
  EXPECT_EQ(
      Read<std::optional<core::WrapUp>>(**pg, [&](StoreTx& tx) { return tx.GetWrapUp(open_id); }),
      std::optional<core::WrapUp>(later));
  sqlite->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tsunagu::app
