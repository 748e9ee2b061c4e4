// What only SqliteStore promises: its pragmas, its migration files, reopening a file, busy
// handling and the nested-call check. The port's behaviour is in tests/contract/.
#include "adapters/storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/storage/sqlite/migrations.h"
#include "adapters/system/platform_secrets.h"
#include "app/audit_chain.h"
#include "core/audit_chain.h"

namespace tsunagu::adapters::sqlite {
namespace {

namespace fs = std::filesystem;

std::string Describe(const core::Error& error) {
  return std::string(core::ErrorCodeName(error.code)) + ": " + error.message;
}

core::Staff MakeStaff(const std::string& login) {
  core::Staff staff;
  staff.login = login;
  staff.display_name = login;
  staff.password_hash = "hash";
  staff.created_at_ms = 1;
  return staff;
}

// The repository root, found from this file's absolute path (CMake passes absolute paths).
fs::path RepoRoot() {
  for (fs::path dir = fs::path(__FILE__).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "migrations" / "sqlite")) return dir;
    if (dir == dir.parent_path()) break;
  }
  return {};
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string FileName(const Migration& m) {
  char prefix[8];
  std::snprintf(prefix, sizeof prefix, "%04d_", m.version);
  return prefix + std::string(m.name) + ".sql";
}

// A raw connection beside the store, to look at what the port does not show.
class RawDb {
 public:
  explicit RawDb(const fs::path& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  bool Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  // Every row of sql, columns joined with '|'; texts are bound to ?1, ?2, ... first.
  std::vector<std::string> Rows(const std::string& sql,
                                const std::vector<std::string>& texts = {}) {
    std::vector<std::string> rows;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_);
      return rows;
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), texts[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (i > 0) row += "|";
        const unsigned char* text = sqlite3_column_text(stmt, i);
        row += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tsunagu-sqlite-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path DbPath() const { return dir_ / "store.db"; }

  std::unique_ptr<SqliteStore> OpenMigrated(const SqliteOptions& options = {}) {
    auto store = SqliteStore::Open(DbPath().string(), options);
    if (!store) {
      ADD_FAILURE() << Describe(store.error());
      return nullptr;
    }
    core::Status migrated = (*store)->Migrate();
    if (!migrated) ADD_FAILURE() << Describe(migrated.error());
    return std::move(*store);
  }

  fs::path dir_;
};

TEST_F(SqliteStoreTest, OpenCreatesMissingParentDirectories) {
  fs::path nested = dir_ / "a" / "b" / "tsunagu.db";
  auto store = SqliteStore::Open(nested.string());
  ASSERT_TRUE(store) << Describe(store.error());
  EXPECT_TRUE(fs::exists(nested));
}

TEST_F(SqliteStoreTest, OpenFailsWhenTheParentIsAFile) {
  { std::ofstream(dir_ / "file") << "x"; }
  auto store = SqliteStore::Open((dir_ / "file" / "tsunagu.db").string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable) << Describe(store.error());
}

TEST_F(SqliteStoreTest, DefaultsAreWalNormalForeignKeysAndBusyTimeout) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  auto settings = store->Settings();
  ASSERT_TRUE(settings) << Describe(settings.error());
  EXPECT_EQ(settings->journal_mode, "wal");
  EXPECT_EQ(settings->synchronous, 1);  // NORMAL
  EXPECT_TRUE(settings->foreign_keys);
  EXPECT_EQ(settings->busy_timeout_ms, 5000);
}

TEST_F(SqliteStoreTest, OptionsSelectFullSyncAndTheBusyTimeout) {
  auto store = OpenMigrated(SqliteOptions{.synchronous_full = true, .busy_timeout_ms = 1234});
  ASSERT_NE(store, nullptr);
  auto settings = store->Settings();
  ASSERT_TRUE(settings) << Describe(settings.error());
  EXPECT_EQ(settings->synchronous, 2);  // FULL
  EXPECT_EQ(settings->busy_timeout_ms, 1234);
}

TEST_F(SqliteStoreTest, InMemoryDatabaseWorks) {
  auto store = SqliteStore::Open(":memory:");
  ASSERT_TRUE(store) << Describe(store.error());
  ASSERT_TRUE((*store)->Migrate());
  auto id = app::TransactFor<core::StaffId>(
      **store, [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  ASSERT_TRUE(id) << Describe(id.error());
  EXPECT_GT(*id, 0);
  EXPECT_FALSE(fs::exists(":memory:"));
}

TEST_F(SqliteStoreTest, EmbeddedMigrationsEqualTheFilesByteForByte) {
  fs::path dir = RepoRoot() / "migrations" / "sqlite";
  ASSERT_TRUE(fs::is_directory(dir)) << "cannot find migrations/sqlite from " << __FILE__;
  std::set<std::string> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") files.insert(entry.path().filename().string());
  }
  std::set<std::string> embedded;
  int expected_version = 1;
  for (const Migration& m : EmbeddedMigrations()) {
    EXPECT_EQ(m.version, expected_version++) << "versions must run 1, 2, ... without gaps";
    std::string name = FileName(m);
    embedded.insert(name);
    ASSERT_TRUE(fs::exists(dir / name)) << name << " is embedded but has no file";
    EXPECT_EQ(ReadFile(dir / name), std::string(m.sql))
        << name << " differs from its copy in src/adapters/storage/sqlite/migrations.cc";
  }
  EXPECT_EQ(files, embedded) << "every file in migrations/sqlite must be embedded";
  EXPECT_FALSE(embedded.empty());
}

TEST_F(SqliteStoreTest, MigrateRecordsEachVersionOnce) {
  auto store = SqliteStore::Open(DbPath().string());
  ASSERT_TRUE(store) << Describe(store.error());
  EXPECT_EQ((*store)->SchemaVersion().value_or(-1), 0);
  ASSERT_TRUE((*store)->Migrate());
  ASSERT_TRUE((*store)->Migrate());
  const int latest = EmbeddedMigrations().back().version;
  EXPECT_EQ((*store)->SchemaVersion().value_or(-1), latest);
  RawDb raw(DbPath());
  std::vector<std::string> want;
  for (const Migration& m : EmbeddedMigrations()) {
    want.push_back(std::to_string(m.version) + "|" + std::string(m.name));
  }
  EXPECT_EQ(raw.Rows("SELECT version, name FROM schema_migrations ORDER BY version"), want);
  EXPECT_EQ(want.front(), "1|initial");
}

TEST_F(SqliteStoreTest, MigrateRefusesASchemaNewerThanTheBinary) {
  { ASSERT_NE(OpenMigrated(), nullptr); }
  {
    RawDb raw(DbPath());
    ASSERT_TRUE(raw.Exec("INSERT INTO schema_migrations VALUES (9999, 'future', 0)"));
  }
  auto store = SqliteStore::Open(DbPath().string());
  ASSERT_TRUE(store) << Describe(store.error());
  core::Status migrated = (*store)->Migrate();
  ASSERT_FALSE(migrated);
  EXPECT_EQ(migrated.error().code, core::ErrorCode::kConflict) << Describe(migrated.error());
}

TEST_F(SqliteStoreTest, MigrationFourPutsEarlierConversationsInTheQueueWhenTheyOpened) {
  auto store = SqliteStore::Open(DbPath().string());
  ASSERT_TRUE(store) << Describe(store.error());
  {
    // A database at version 3, as a deployment before the chatbot left it.
    RawDb raw(DbPath());
    ASSERT_TRUE(
        raw.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT"));
    for (const Migration& m : EmbeddedMigrations()) {
      if (m.version > 3) break;
      ASSERT_TRUE(raw.Exec(std::string(m.sql))) << m.name;
      ASSERT_TRUE(raw.Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                           ", '" + std::string(m.name) + "', 0)"));
    }
    ASSERT_TRUE(raw.Exec(
        "INSERT INTO programs (id, key, name) VALUES (1, 'center', 'c');"
        "INSERT INTO clients (id, pseudonym, blocked, created_at_ms) VALUES (1, 'p1', 0, 0), "
        "(2, 'p2', 0, 0);"
        "INSERT INTO conversations (id, program_id, client_id, channel_key, status, "
        "opened_at_ms, last_message_at_ms, closed_at_ms, reply_token, reply_token_expires_at_ms) "
        "VALUES (1, 1, 1, 'main', 'waiting', 111, 222, NULL, '', 0), "
        "(2, 1, 2, 'main', 'closed', 333, 444, 555, '', 0);"
        "INSERT INTO messages (id, conversation_id, direction, sender_kind, sender_name, "
        "content_kind, content_type, text, external_id, created_at_ms, delivery_state, "
        "delivery_error) VALUES (1, 1, 'inbound', 'client', 'p1', 'text', 'text', 'hi', '', 1, "
        "'received', '')"));
  }
  ASSERT_TRUE((*store)->Migrate());
  EXPECT_EQ((*store)->SchemaVersion().value_or(-1), EmbeddedMigrations().back().version);
  for (auto [id, opened_at] : {std::pair<core::ConversationId, core::TimeMs>{1, 111}, {2, 333}}) {
    auto c = app::TransactFor<std::optional<core::Conversation>>(
        **store, [&](app::StoreTx& tx) { return tx.GetConversation(id); });
    ASSERT_TRUE(c && c->has_value()) << id;
    EXPECT_EQ((*c)->queued_at_ms, std::optional<core::TimeMs>(opened_at));
    EXPECT_EQ((*c)->bot_status, core::BotStatus::kNone);
    EXPECT_EQ((*c)->bot_scenario, "");
    EXPECT_EQ((*c)->bot_node, "");
    EXPECT_EQ((*c)->bot_variables, "");
  }
  auto m = app::TransactFor<std::optional<core::Message>>(
      **store, [](app::StoreTx& tx) { return tx.GetMessage(1); });
  ASSERT_TRUE(m && m->has_value());
  EXPECT_TRUE((*m)->quick_replies.empty());
  EXPECT_EQ((*m)->media_url, "");
}

TEST_F(SqliteStoreTest, MigrationSevenChainsTheEarlierAuditRecords) {
  auto opened = SqliteStore::Open(DbPath().string());
  ASSERT_TRUE(opened) << Describe(opened.error());
  {
    // A database at version 6 with audit records (and a gap in their ids).
    RawDb raw(DbPath());
    ASSERT_TRUE(
        raw.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT"));
    for (const Migration& m : EmbeddedMigrations()) {
      if (m.version > 6) break;
      ASSERT_TRUE(raw.Exec(std::string(m.sql))) << m.name;
      ASSERT_TRUE(raw.Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) +
                           ", '" + std::string(m.name) + "', 0)"));
    }
    ASSERT_TRUE(raw.Exec(
        "INSERT INTO staff (id, login, display_name, role, active, password_hash, created_at_ms) "
        "VALUES (1, 'sato', 'sato', 'admin', 1, 'h', 0);"
        "INSERT INTO audit_log (id, at_ms, actor_staff_id, action, target_type, target_id, "
        "detail) VALUES (1, 10, 1, 'login', 'staff', '1', ''), "
        "(2, 20, NULL, 'login_failed', 'staff', '誰か', 'ip=10.0.0.1'), "
        "(5, 30, 1, 'disclosure', 'conversation', '7', '理由: a,b')"));
  }
  ASSERT_TRUE((*opened)->Migrate());
  SqliteStore* store = opened->get();

  // The chain the migration computed in SQL is the one core::AuditCanonicalBytes describes.
  adapters::system::PlatformSecrets secrets;
  auto chain = app::TransactFor<std::vector<app::ChainedAuditRecord>>(
      *store, [](app::StoreTx& tx) { return tx.ListAuditChain(0, 100); });
  ASSERT_TRUE(chain) << Describe(chain.error());
  ASSERT_EQ(chain->size(), 3u);
  std::string prev(core::kAuditGenesisHash);
  for (const app::ChainedAuditRecord& c : *chain) {
    EXPECT_EQ(c.prev_hash, prev) << c.record.id;
    EXPECT_EQ(c.hash, secrets.Sha256Hex(
                          core::AuditHashInput(prev, app::AuditFieldsOf(c.record.id, c.record))))
        << c.record.id;
    prev = c.hash;
  }
  EXPECT_EQ((*chain)[2].record.detail, "理由: a,b");
  auto head = app::TransactFor<std::optional<app::AuditChainHead>>(
      *store, [](app::StoreTx& tx) { return tx.GetAuditChainHead(); });
  ASSERT_TRUE(head && head->has_value());
  EXPECT_EQ((*head)->last_id, 5);
  EXPECT_EQ((*head)->last_hash, prev);
  EXPECT_EQ((*head)->legacy_last_id, 5);
  // New records follow the legacy ones without a gap; the legacy gap (3, 4) is allowed.
  core::Status appended = store->Transact([](app::StoreTx& tx) {
    return tx.AppendAudit({0, 99, std::nullopt, "login_failed", "staff", "x", ""});
  });
  ASSERT_TRUE(appended) << Describe(appended.error());
  auto verified = app::VerifyAuditChain(*store, secrets, 2, nullptr);
  ASSERT_TRUE(verified) << Describe(verified.error());
  EXPECT_EQ(verified->problem, core::AuditBreak::kNone) << verified->explanation;
  EXPECT_EQ(verified->checked, 4);
  EXPECT_EQ(verified->last_id, 6);
  // The auditor role is allowed now.
  core::Staff auditor = MakeStaff("kansa");
  auditor.role = core::Role::kAuditor;
  auto added = app::TransactFor<core::StaffId>(
      *store, [&](app::StoreTx& tx) { return tx.InsertStaff(auditor); });
  ASSERT_TRUE(added) << Describe(added.error());
  auto read = app::TransactFor<std::optional<core::Staff>>(
      *store, [&](app::StoreTx& tx) { return tx.GetStaff(*added); });
  ASSERT_TRUE(read && read->has_value());
  EXPECT_EQ((*read)->role, core::Role::kAuditor);
}

TEST_F(SqliteStoreTest, TheWaitingQueueIsReadFromItsIndex) {
  { ASSERT_NE(OpenMigrated(), nullptr); }
  RawDb raw(DbPath());
  // The shape of the queue listing (ConversationListSql with one bound status, queued only,
  // the queue order): conversations_queue gives the order, so there is no sort step.
  std::vector<std::string> plan = raw.Rows(
      "EXPLAIN QUERY PLAN SELECT c.id FROM conversations c WHERE 1 = 1 AND c.status IN (?) "
      "AND c.queued_at_ms IS NOT NULL ORDER BY c.risk_level DESC, "
      "COALESCE(c.queued_at_ms, c.opened_at_ms), c.id LIMIT 50",
      {"waiting"});
  std::string joined;
  for (const std::string& row : plan) joined += row + "\n";
  EXPECT_NE(joined.find("conversations_queue"), std::string::npos) << joined;
  EXPECT_EQ(joined.find("TEMP B-TREE"), std::string::npos) << joined;
}

TEST_F(SqliteStoreTest, EveryTableIsStrict) {
  { ASSERT_NE(OpenMigrated(), nullptr); }
  RawDb raw(DbPath());
  std::vector<std::string> loose = raw.Rows(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
      "AND strict = 0 AND name NOT LIKE 'sqlite_%'");
  EXPECT_TRUE(loose.empty()) << "not STRICT: " << loose.front();
  // A loose table would store the text in the INTEGER column.
  EXPECT_FALSE(raw.Exec(
      "INSERT INTO clients (pseudonym, blocked, created_at_ms) VALUES ('p', 0, 'yesterday')"));
}

TEST_F(SqliteStoreTest, DataSurvivesClosingAndReopening) {
  {
    auto store = OpenMigrated();
    ASSERT_NE(store, nullptr);
    auto id = app::TransactFor<core::StaffId>(
        *store, [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
    ASSERT_TRUE(id) << Describe(id.error());
  }
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  auto found = app::TransactFor<std::optional<core::Staff>>(
      *store, [](app::StoreTx& tx) { return tx.FindStaffByLogin("sato"); });
  ASSERT_TRUE(found) << Describe(found.error());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->login, "sato");
}

TEST_F(SqliteStoreTest, ABusyDatabaseIsUnavailableAfterTheTimeout) {
  auto store = OpenMigrated(SqliteOptions{.busy_timeout_ms = 50});
  ASSERT_NE(store, nullptr);
  RawDb other(DbPath());
  ASSERT_TRUE(other.Exec("BEGIN IMMEDIATE"));  // another process holds the write lock
  bool ran = false;
  core::Status status = store->Transact([&](app::StoreTx&) {
    ran = true;
    return core::Ok();
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::ErrorCode::kUnavailable) << Describe(status.error());
  EXPECT_FALSE(ran);
  ASSERT_TRUE(other.Exec("COMMIT"));
  EXPECT_TRUE(store->Transact([](app::StoreTx&) { return core::Ok(); }));
}

TEST_F(SqliteStoreTest, AnExceptionThroughFnRollsBackAndLeavesTheStoreUsable) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  EXPECT_THROW(store->Transact([](app::StoreTx& tx) -> core::Status {
    if (!tx.InsertStaff(MakeStaff("ghost"))) return core::Ok();
    throw std::runtime_error("from a library inside fn");
  }),
               std::runtime_error);
  auto found = app::TransactFor<std::optional<core::Staff>>(
      *store, [](app::StoreTx& tx) { return tx.FindStaffByLogin("ghost"); });
  ASSERT_TRUE(found) << Describe(found.error());
  EXPECT_FALSE(found->has_value());
}

TEST_F(SqliteStoreTest, ParticipantsFollowInsertAndAssignment) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  core::Status status = store->Transact([](app::StoreTx& tx) -> core::Status {
    auto program = tx.UpsertProgram("center", "center");
    auto client = tx.InsertClient({0, "p", false, 1}, {"main", "U1", 0});
    auto a = tx.InsertStaff(MakeStaff("a"));
    auto b = tx.InsertStaff(MakeStaff("b"));
    if (!program || !client || !a || !b) return core::Fail(core::ErrorCode::kInternal, "seed");
    core::Conversation c;
    c.program_id = program->id;
    c.client_id = client->id;
    c.channel_key = "main";
    c.opened_at_ms = 100;
    auto id = tx.InsertConversation(c);
    if (!id) return std::unexpected(id.error());
    c.id = *id;
    for (std::optional<core::StaffId> staff : {std::optional(*a), std::optional(*a),
                                               std::optional(*b), std::optional<core::StaffId>()}) {
      c.assigned_staff_id = staff;
      if (auto updated = tx.UpdateConversation(c); !updated) return updated;
    }
    return core::Ok();
  });
  ASSERT_TRUE(status) << Describe(status.error());
  RawDb raw(DbPath());
  // The client joins at opening; a joins once (the repeated assignment adds nothing) and leaves
  // for b; b leaves when the conversation is unassigned.
  EXPECT_EQ(raw.Rows("SELECT kind, COALESCE(client_id, staff_id), joined_at_ms = 100, "
                     "left_at_ms IS NOT NULL FROM conversation_participants ORDER BY id"),
            (std::vector<std::string>{"client|1|1|0", "staff|1|0|1", "staff|2|0|1"}));
}

TEST_F(SqliteStoreTest, StatementCacheReusesStatementsAndStaysBounded) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  auto round = [&](int i, const app::ConversationFilter& filter) {
    core::Status status = store->Transact([&](app::StoreTx& tx) -> core::Status {
      auto id = tx.InsertStaff(MakeStaff("s" + std::to_string(i)));
      if (!id) return std::unexpected(id.error());
      auto found = tx.GetStaff(*id);
      if (!found) return std::unexpected(found.error());
      auto listed = tx.ListConversations(filter);
      if (!listed) return std::unexpected(listed.error());
      return core::Ok();
    });
    ASSERT_TRUE(status) << Describe(status.error());
  };
  round(0, {});
  const std::size_t after_first = store->CachedStatementCount();
  EXPECT_GT(after_first, 0u);
  for (int i = 1; i < 50; ++i) round(i, {});
  EXPECT_EQ(store->CachedStatementCount(), after_first);

  // Conversation lists have one SQL shape per combination of filters (at most 4 x 2 x 2), however
  // many statuses the caller repeats.
  using core::ConversationStatus;
  int i = 100;
  for (std::size_t repeat : {1, 2, 50}) {
    for (bool by_staff : {false, true}) {
      for (bool unassigned : {false, true}) {
        app::ConversationFilter filter;
        for (std::size_t r = 0; r < repeat; ++r) {
          filter.statuses.push_back(ConversationStatus::kWaiting);
          filter.statuses.push_back(ConversationStatus::kClosed);
          filter.statuses.push_back(ConversationStatus::kActive);
        }
        if (by_staff) filter.assigned_staff_id = 1;
        filter.unassigned_only = unassigned;
        round(++i, filter);
      }
    }
  }
  EXPECT_LE(store->CachedStatementCount(), after_first + 16);
}

using SqliteStoreDeathTest = SqliteStoreTest;

TEST_F(SqliteStoreDeathTest, NestedTransactIsAProgrammerError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  EXPECT_DEATH(
      {
        core::Status ignored = store->Transact([&](app::StoreTx&) {
          return store->Transact([](app::StoreTx&) { return core::Ok(); });
        });
        static_cast<void>(ignored);
      },
      "TSUNAGU_CHECK failed");
}

}  // namespace
}  // namespace tsunagu::adapters::sqlite
