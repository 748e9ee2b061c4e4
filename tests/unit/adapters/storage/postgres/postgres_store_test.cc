// What only PostgresStore promises: its migration files, migrating from several nodes at once,
// claims that hold across connections, deadlock retries, lost connections, store copy and the
// job locks. The port's behaviour is in tests/contract/. These tests need a server: ctest runs
// unit_tests through scripts/with-postgres.
#include "adapters/storage/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/storage/postgres/migrations.h"
#include "adapters/storage/postgres/postgres_tx.h"
#include "adapters/system/platform_secrets.h"
#include "app/audit_chain.h"
#include "core/audit_chain.h"
#include "core/limits.h"
#include "unit/adapters/storage/postgres/pg_test_schema.h"

namespace tsunagu::adapters::postgres {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using testing_pg::PgTestSchema;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

std::string Describe(const core::Error& error) {
  return std::string(core::ErrorCodeName(error.code)) + ": " + error.message;
}

// The repository root, found from this file's absolute path (CMake passes absolute paths).
fs::path RepoRoot() {
  for (fs::path dir = fs::path(__FILE__).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "migrations" / "postgres")) return dir;
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

TEST(PostgresMigrationsTest, EmbeddedMigrationsEqualTheFilesByteForByte) {
  fs::path dir = RepoRoot() / "migrations" / "postgres";
  ASSERT_TRUE(fs::is_directory(dir)) << "cannot find migrations/postgres from " << __FILE__;
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
        << name << " differs from its copy in src/adapters/storage/postgres/migrations.cc";
  }
  EXPECT_EQ(files, embedded) << "every file in migrations/postgres must be embedded";
  EXPECT_FALSE(embedded.empty());
}

TEST(PostgresMigrationsTest, BothStoresHaveTheSameMigrationNumbersAndNames) {
  std::set<std::string> sqlite;
  std::set<std::string> postgres;
  for (const auto& entry : fs::directory_iterator(RepoRoot() / "migrations" / "sqlite")) {
    sqlite.insert(entry.path().filename().string());
  }
  for (const auto& entry : fs::directory_iterator(RepoRoot() / "migrations" / "postgres")) {
    postgres.insert(entry.path().filename().string());
  }
  EXPECT_EQ(sqlite, postgres);
}

TEST(PostgresJobLockTest, KeysAreFnv1aAndStable) {
  // Published FNV-1a 64 test vectors: the keys must not change between builds or nodes.
  EXPECT_EQ(static_cast<std::uint64_t>(JobLockKey("")), 0xcbf29ce484222325ULL);
  EXPECT_EQ(static_cast<std::uint64_t>(JobLockKey("a")), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(static_cast<std::uint64_t>(JobLockKey("foobar")), 0x85944171f73967e8ULL);
  EXPECT_NE(JobLockKey("purge.sessions"), JobLockKey("purge.stream"));
}

core::Staff MakeStaff(const std::string& login) {
  core::Staff staff;
  staff.login = login;
  staff.display_name = login;
  staff.role = core::Role::kCounselor;
  staff.password_hash = "hash";
  staff.created_at_ms = kT0;
  return staff;
}

core::InboundEvent MakeEvent(const std::string& event_id, const std::string& sender) {
  core::InboundEvent e;
  e.event_id = event_id;
  e.channel_key = "main";
  e.kind = core::InboundKind::kMessage;
  e.type_name = "message";
  e.sender_id = sender;
  e.source_type = "user";
  e.occurred_at_ms = kT0;
  e.received_at_ms = kT0;
  e.message_type = "text";
  e.text = "hello";
  e.raw_json = "{}";
  return e;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto schema = PgTestSchema::Create();
    ASSERT_TRUE(schema) << Describe(schema.error());
    schema_ = std::move(*schema);
  }

  // A store on this test's schema; application_name (when given) lets a test find its sessions.
  std::unique_ptr<PostgresStore> Open(int pool_size = kPoolSizeDefault,
                                      const std::string& application_name = "") {
    std::string url = application_name.empty()
                          ? schema_->url()
                          : schema_->UrlWith("application_name", application_name);
    auto store = PostgresStore::Open(url, pool_size);
    EXPECT_TRUE(store) << Describe(store.error());
    return store ? std::move(*store) : nullptr;
  }

  std::unique_ptr<PostgresStore> OpenMigrated(int pool_size = kPoolSizeDefault) {
    auto store = Open(pool_size);
    if (store == nullptr) return nullptr;
    core::Status migrated = store->Migrate();
    EXPECT_TRUE(migrated) << Describe(migrated.error());
    return migrated ? std::move(store) : nullptr;
  }

  std::vector<std::string> Rows(const std::string& sql) {
    auto rows = schema_->Query(sql);
    EXPECT_TRUE(rows) << Describe(rows.error());
    return rows ? *rows : std::vector<std::string>{};
  }

  // Ends every session opened with application_name, as an administrator or a crash would.
  void TerminateSessions(const std::string& application_name) {
    Rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
         application_name + "'");
  }

  std::unique_ptr<PgTestSchema> schema_;
};

// ---- Migrations.

TEST_F(PostgresStoreTest, MigrateRecordsEachVersionOnce) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion().value_or(-1), 0);
  ASSERT_TRUE(store->Migrate());
  ASSERT_TRUE(store->Migrate());
  EXPECT_EQ(store->SchemaVersion().value_or(-1), EmbeddedMigrations().back().version);
  EXPECT_EQ(Rows("SELECT version, name FROM schema_migrations ORDER BY version"),
            (std::vector<std::string>{"1|initial", "2|cluster", "3|risk", "4|bot", "5|wrapup",
                                      "6|center_ops", "7|audit_chain"}));
}

TEST_F(PostgresStoreTest, MigrateRefusesASchemaNewerThanTheBinary) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  Rows("INSERT INTO schema_migrations VALUES (9999, 'future', 0)");
  core::Status migrated = store->Migrate();
  ASSERT_FALSE(migrated);
  EXPECT_EQ(migrated.error().code, ErrorCode::kConflict) << Describe(migrated.error());
}

TEST_F(PostgresStoreTest, MigrateFromTwoNodesAtOnceAppliesEachVersionOnce) {
  auto first = Open(1);
  auto second = Open(1);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  std::atomic<int> ready{0};
  auto migrate = [&](PostgresStore* store) {
    ready.fetch_add(1);
    while (ready.load() < 2) std::this_thread::yield();
    return store->Migrate();
  };
  auto a = std::async(std::launch::async, migrate, first.get());
  auto b = std::async(std::launch::async, migrate, second.get());
  core::Status status_a = a.get();
  core::Status status_b = b.get();
  EXPECT_TRUE(status_a) << Describe(status_a.error());
  EXPECT_TRUE(status_b) << Describe(status_b.error());
  EXPECT_EQ(Rows("SELECT version FROM schema_migrations ORDER BY version"),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
  auto id = app::TransactFor<core::StaffId>(
      *second, [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  EXPECT_TRUE(id) << Describe(id.error());
}

TEST_F(PostgresStoreTest, MigrationSevenChainsTheEarlierAuditRecordsInSql) {
  // A schema at version 6 with audit records (and a gap in their ids, as a rollback leaves).
  Rows(
      "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at_ms BIGINT NOT NULL)");
  for (const Migration& m : EmbeddedMigrations()) {
    if (m.version > 6) break;
    Rows(std::string(m.sql));
    Rows("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" +
         std::string(m.name) + "', 0)");
  }
  Rows(
      "INSERT INTO staff (login, display_name, role, active, password_hash, created_at_ms) "
      "VALUES ('sato', 'sato', 'admin', true, 'h', 0);"
      "INSERT INTO audit_log (id, at_ms, actor_staff_id, action, target_type, target_id, "
      "detail) VALUES (1, 10, 1, 'login', 'staff', '1', ''), "
      "(2, 20, NULL, 'login_failed', 'staff', '誰か', 'ip=10.0.0.1'), "
      "(5, 30, 1, 'disclosure', 'conversation', '7', '理由: a,b')");
  auto opened = OpenMigrated();
  ASSERT_NE(opened, nullptr);
  PostgresStore* store = opened.get();

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

TEST_F(PostgresStoreTest, MigrationFourPutsEarlierConversationsInTheQueueWhenTheyOpened) {
  // A schema at version 3, as a deployment before the chatbot left it.
  Rows(
      "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at_ms BIGINT NOT NULL)");
  for (const Migration& m : EmbeddedMigrations()) {
    if (m.version > 3) break;
    Rows(std::string(m.sql));
    Rows("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" +
         std::string(m.name) + "', 0)");
  }
  Rows(
      "INSERT INTO programs (id, key, name) VALUES (1, 'center', 'c');"
      "INSERT INTO clients (id, pseudonym, blocked, created_at_ms) VALUES (1, 'p1', false, 0), "
      "(2, 'p2', false, 0);"
      "INSERT INTO conversations (id, program_id, client_id, channel_key, status, opened_at_ms, "
      "last_message_at_ms, closed_at_ms, reply_token, reply_token_expires_at_ms) "
      "VALUES (1, 1, 1, 'main', 'waiting', 111, 222, NULL, '', 0), "
      "(2, 1, 2, 'main', 'closed', 333, 444, 555, '', 0);"
      "INSERT INTO messages (id, conversation_id, direction, sender_kind, sender_name, "
      "content_kind, content_type, text, external_id, created_at_ms, delivery_state, "
      "delivery_error) VALUES (1, 1, 'inbound', 'client', 'p1', 'text', 'text', 'hi', '', 1, "
      "'received', '')");
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion().value_or(-1), EmbeddedMigrations().back().version);
  for (auto [id, opened_at] : {std::pair<core::ConversationId, core::TimeMs>{1, 111}, {2, 333}}) {
    auto c = app::TransactFor<std::optional<core::Conversation>>(
        *store, [&](app::StoreTx& tx) { return tx.GetConversation(id); });
    ASSERT_TRUE(c && c->has_value()) << id;
    EXPECT_EQ((*c)->queued_at_ms, std::optional<core::TimeMs>(opened_at));
    EXPECT_EQ((*c)->bot_status, core::BotStatus::kNone);
    EXPECT_EQ((*c)->bot_scenario, "");
    EXPECT_EQ((*c)->bot_node, "");
    EXPECT_EQ((*c)->bot_variables, "");
  }
  auto m = app::TransactFor<std::optional<core::Message>>(
      *store, [](app::StoreTx& tx) { return tx.GetMessage(1); });
  ASSERT_TRUE(m && m->has_value());
  EXPECT_TRUE((*m)->quick_replies.empty());
  EXPECT_EQ((*m)->media_url, "");
  EXPECT_EQ(Rows("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                 "current_schema() AND table_name = 'consents' AND column_name = 'agreed'"),
            std::vector<std::string>{"boolean"});
}

TEST_F(PostgresStoreTest, BooleansAreBooleanColumnsAndTheAuditLogRefusesTruncate) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Rows("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                 "current_schema() AND table_name = 'staff' AND column_name = 'active'"),
            std::vector<std::string>{"boolean"});
  EXPECT_FALSE(schema_->Query("TRUNCATE audit_log"));
}

// ---- Claims across connections and nodes.

TEST_F(PostgresStoreTest, TwoNodesClaimingInboundEventsProcessEachOnceInOrderPerSender) {
  auto node_a = OpenMigrated(2);
  auto node_b = Open(2);
  ASSERT_NE(node_a, nullptr);
  ASSERT_NE(node_b, nullptr);
  constexpr int kSenders = 5;
  constexpr int kEvents = 200;
  core::Status inserted = node_a->Transact([&](app::StoreTx& tx) -> core::Status {
    for (int i = 0; i < kEvents; ++i) {
      auto ok =
          tx.InsertInboundEvent(MakeEvent(std::to_string(i), "S" + std::to_string(i % kSenders)));
      if (!ok) return std::unexpected(ok.error());
    }
    return core::Ok();
  });
  ASSERT_TRUE(inserted) << Describe(inserted.error());

  std::mutex mu;
  std::vector<std::pair<std::string, int>> log;  // (sender, event number), in claim order
  std::atomic<int> failures{0};
  auto work = [&](PostgresStore* store) {
    for (int round = 0; round < 10'000; ++round) {
      auto pending = app::TransactFor<std::vector<core::InboundEvent>>(
          *store, [](app::StoreTx& tx) { return tx.ListPendingInboundEvents(20); });
      if (!pending) {
        failures.fetch_add(1);
        return;
      }
      if (pending->empty()) return;
      for (const core::InboundEvent& candidate : *pending) {
        core::Status status = store->Transact([&](app::StoreTx& tx) -> core::Status {
          auto claimed = tx.ClaimInboundEvent(candidate.id);
          if (!claimed) return std::unexpected(claimed.error());
          if (!*claimed) return core::Ok();  // another worker has it, or it waits its turn
          {
            std::lock_guard lock(mu);
            log.emplace_back((*claimed)->sender_id, std::stoi((*claimed)->event_id));
          }
          return tx.SetInboundEventState(candidate.id, core::InboundState::kProcessed, kT0);
        });
        if (!status) failures.fetch_add(1);
      }
    }
  };
  std::vector<std::thread> workers;
  for (PostgresStore* store : {node_a.get(), node_a.get(), node_b.get(), node_b.get()}) {
    workers.emplace_back(work, store);
  }
  for (std::thread& worker : workers) worker.join();

  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(log.size(), static_cast<std::size_t>(kEvents)) << "each event exactly once";
  std::set<int> seen;
  std::map<std::string, int> last_of_sender;
  for (const auto& [sender, number] : log) {
    EXPECT_TRUE(seen.insert(number).second) << "event " << number << " processed twice";
    auto [it, first] = last_of_sender.emplace(sender, number);
    if (!first) {
      EXPECT_LT(it->second, number) << "sender " << sender << " out of order";
      it->second = number;
    }
  }
}

TEST_F(PostgresStoreTest, TwoNodesClaimingTheOutboxNeverTakeTheSameItem) {
  auto node_a = OpenMigrated(2);
  auto node_b = Open(2);
  ASSERT_NE(node_a, nullptr);
  ASSERT_NE(node_b, nullptr);
  constexpr int kItems = 120;
  core::Status made = node_a->Transact([&](app::StoreTx& tx) -> core::Status {
    auto program = tx.UpsertProgram("center", "center");
    if (!program) return std::unexpected(program.error());
    auto client = tx.InsertClient({0, "p", false, kT0}, {"main", "U", 0});
    if (!client) return std::unexpected(client.error());
    core::Conversation c;
    c.program_id = program->id;
    c.client_id = client->id;
    c.channel_key = "main";
    auto conversation = tx.InsertConversation(c);
    if (!conversation) return std::unexpected(conversation.error());
    for (int i = 0; i < kItems; ++i) {
      core::Message m;
      m.conversation_id = *conversation;
      m.direction = core::Direction::kOutbound;
      m.text = "text " + std::to_string(i);
      auto message = tx.InsertMessage(m);
      if (!message) return std::unexpected(message.error());
      app::OutboxItem item;
      item.message_id = *message;
      item.channel_key = "main";
      // Half to people of their own, half queued to four people.
      item.recipient_id = "U" + std::to_string(i < kItems / 2 ? i : i % 4);
      item.retry_key = "k" + std::to_string(i);
      item.next_attempt_at_ms = kT0;
      auto id = tx.InsertOutbox(item);
      if (!id) return std::unexpected(id.error());
    }
    return core::Ok();
  });
  ASSERT_TRUE(made) << Describe(made.error());

  std::mutex mu;
  std::vector<std::pair<std::string, core::OutboxId>> log;  // in claim order
  std::atomic<int> failures{0};
  auto work = [&](PostgresStore* store) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mu);
        if (log.size() >= static_cast<std::size_t>(kItems)) return;
      }
      // Claim and send in one transaction, so the next item of a person becomes the head only
      // after this one is done.
      core::Status status = store->Transact([&](app::StoreTx& tx) -> core::Status {
        auto claimed = tx.ClaimDueOutbox(kT0, core::kOutboxLeaseMs, 5);
        if (!claimed) return std::unexpected(claimed.error());
        for (app::OutboxItem item : *claimed) {
          {
            std::lock_guard lock(mu);
            log.emplace_back(item.recipient_id, item.id);
          }
          item.state = app::OutboxState::kDone;
          core::Status updated = tx.UpdateOutbox(item);
          if (!updated) return updated;
        }
        return core::Ok();
      });
      if (!status) failures.fetch_add(1);
    }
  };
  std::vector<std::thread> workers;
  for (PostgresStore* store : {node_a.get(), node_a.get(), node_b.get(), node_b.get()}) {
    workers.emplace_back(work, store);
  }
  for (std::thread& worker : workers) worker.join();

  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(log.size(), static_cast<std::size_t>(kItems));
  std::set<core::OutboxId> seen;
  std::map<std::string, core::OutboxId> last_to;
  for (const auto& [recipient, id] : log) {
    EXPECT_TRUE(seen.insert(id).second) << "outbox item " << id << " claimed twice";
    auto [it, first] = last_to.emplace(recipient, id);
    if (!first) {
      EXPECT_LT(it->second, id) << "messages to " << recipient << " out of order";
      it->second = id;
    }
  }
}

TEST_F(PostgresStoreTest, ADeadlockIsRetriedInsideTransact) {
  auto store = OpenMigrated(2);
  ASSERT_NE(store, nullptr);
  auto clients = app::TransactFor<std::pair<core::ClientId, core::ClientId>>(
      *store, [](app::StoreTx& tx) -> core::Result<std::pair<core::ClientId, core::ClientId>> {
        auto a = tx.InsertClient({0, "a", false, kT0}, {"main", "Ua", 0});
        auto b = tx.InsertClient({0, "b", false, kT0}, {"main", "Ub", 0});
        if (!a || !b) return core::Fail(ErrorCode::kInternal, "clients");
        return std::make_pair(a->id, b->id);
      });
  ASSERT_TRUE(clients) << Describe(clients.error());
  // Each transaction locks one row, waits for the other to lock the other row, then asks for
  // it: PostgreSQL aborts one of them (40P01) after deadlock_timeout, and Transact runs it again.
  std::atomic<int> arrived{0};
  std::atomic<int> attempts{0};
  auto cross = [&](core::ClientId first, core::ClientId second) {
    bool waited = false;
    return store->Transact([&](app::StoreTx& tx) -> core::Status {
      attempts.fetch_add(1);
      core::Status locked = tx.SetClientBlocked(first, true);
      if (!locked) return locked;
      if (!waited) {
        waited = true;
        arrived.fetch_add(1);
        auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (arrived.load() < 2 && std::chrono::steady_clock::now() < give_up) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      }
      return tx.SetClientBlocked(second, true);
    });
  };
  auto one = std::async(std::launch::async, cross, clients->first, clients->second);
  auto two = std::async(std::launch::async, cross, clients->second, clients->first);
  core::Status status_one = one.get();
  core::Status status_two = two.get();
  EXPECT_TRUE(status_one) << Describe(status_one.error());
  EXPECT_TRUE(status_two) << Describe(status_two.error());
  EXPECT_EQ(attempts.load(), 3) << "one of the two should have run again";
}

TEST_F(PostgresStoreTest, TryLockJobExcludesOtherTransactionsUntilItsOwnEnds) {
  auto node_a = OpenMigrated(1);
  auto node_b = Open(1);
  ASSERT_NE(node_a, nullptr);
  ASSERT_NE(node_b, nullptr);
  std::promise<void> locked;
  std::promise<void> release;
  auto holder = std::async(std::launch::async, [&] {
    return node_a->Transact([&](app::StoreTx& tx) -> core::Status {
      auto got = tx.TryLockJob("purge.sessions");
      if (!got || !*got) return core::Fail(ErrorCode::kInternal, "first lock not taken");
      locked.set_value();
      release.get_future().wait();
      return core::Ok();
    });
  });
  locked.get_future().wait();
  auto try_lock = [&](const std::string& name) {
    return app::TransactFor<bool>(*node_b, [&](app::StoreTx& tx) { return tx.TryLockJob(name); });
  };
  EXPECT_EQ(try_lock("purge.sessions").value_or(true), false);
  EXPECT_EQ(try_lock("purge.stream").value_or(false), true);
  release.set_value();
  core::Status held = holder.get();
  EXPECT_TRUE(held) << Describe(held.error());
  EXPECT_EQ(try_lock("purge.sessions").value_or(false), true);
}

// ---- Errors and connections.

TEST_F(PostgresStoreTest, ErrorsNameNoValuesAndLeaveTheTransactionUsable) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(app::TransactFor<core::StaffId>(
      *store, [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("secret-login")); }));
  core::Status status = store->Transact([&](app::StoreTx& tx) -> core::Status {
    auto duplicate = tx.InsertStaff(MakeStaff("secret-login"));
    EXPECT_FALSE(duplicate);
    if (!duplicate) {
      EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
      EXPECT_EQ(duplicate.error().message.find("secret-login"), std::string::npos)
          << duplicate.error().message;
    }
    // Not UTF-8: a data exception, which must not quote the value either.
    core::Staff bad = MakeStaff("bad\xff-secret");
    auto invalid = tx.InsertStaff(bad);
    EXPECT_FALSE(invalid);
    if (!invalid) {
      EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument) << Describe(invalid.error());
      EXPECT_EQ(invalid.error().message.find("secret"), std::string::npos)
          << invalid.error().message;
    }
    auto other = tx.InsertStaff(MakeStaff("tanaka"));
    if (!other) return std::unexpected(other.error());
    return core::Ok();
  });
  EXPECT_TRUE(status) << Describe(status.error());
  EXPECT_EQ(Rows("SELECT login FROM staff ORDER BY id"),
            (std::vector<std::string>{"secret-login", "tanaka"}));
}

TEST_F(PostgresStoreTest, AFailedUnguardedStatementRollsBackEvenIfFnReportsSuccess) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  core::Status status = store->Transact([&](app::StoreTx& tx) -> core::Status {
    if (!tx.InsertStaff(MakeStaff("sato"))) return core::Fail(ErrorCode::kInternal, "staff");
    // No constraint can refuse an inbound event, so it runs without a savepoint; bytes that are
    // not UTF-8 still fail it, and that ends the transaction.
    auto inserted = tx.InsertInboundEvent(MakeEvent("e1", "S\xff"));
    EXPECT_FALSE(inserted);
    return core::Ok();  // ignores the error
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << Describe(status.error());
  EXPECT_TRUE(Rows("SELECT login FROM staff").empty());
}

TEST_F(PostgresStoreTest, ALostConnectionIsReportedThenReplaced) {
  const std::string app_name = schema_->name();
  auto store = Open(1, app_name);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Migrate());
  // Lost between transactions (a restart, an administrator): the next BEGIN finds out, and the
  // transaction runs on a new session.
  TerminateSessions(app_name);
  auto first = app::TransactFor<core::StaffId>(
      *store, [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("sato")); });
  EXPECT_TRUE(first) << Describe(first.error());
  // Lost in the middle of a transaction: reported as kUnavailable, nothing of it commits.
  core::Status status = store->Transact([&](app::StoreTx& tx) -> core::Status {
    if (!tx.InsertStaff(MakeStaff("tanaka"))) return core::Fail(ErrorCode::kInternal, "staff");
    TerminateSessions(app_name);
    auto listed = tx.ListStaff();
    if (!listed) return std::unexpected(listed.error());
    return core::Ok();
  });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable) << Describe(status.error());
  // The pool's only connection was replaced.
  auto staff = app::TransactFor<std::vector<core::Staff>>(
      *store, [](app::StoreTx& tx) { return tx.ListStaff(); });
  ASSERT_TRUE(staff) << Describe(staff.error());
  ASSERT_EQ(staff->size(), 1u);
  EXPECT_EQ((*staff)[0].login, "sato");
}

TEST_F(PostgresStoreTest, OpenFailsWithUnavailableWhenTheServerCannotBeReached) {
  auto store = PostgresStore::Open("postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable) << Describe(store.error());
}

// ---- Store copy.

TEST_F(PostgresStoreTest, CopyTargetKeepsIdsAndMovesTheSequencesPastThem) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  core::Status empty = store->CheckEmpty();
  ASSERT_TRUE(empty) << Describe(empty.error());

  using app::CopyBatch;
  using app::CopyValue;
  std::vector<CopyBatch> batches = {
      {"programs", {"id", "key", "name"}, {{CopyValue(5), CopyValue("center"), CopyValue("c")}}},
      {"staff",
       {"id", "login", "display_name", "role", "active", "password_hash", "created_at_ms"},
       {{CopyValue(7), CopyValue("sato"), CopyValue("佐藤"), CopyValue("counselor"), CopyValue(1),
         CopyValue("h"), CopyValue(kT0)}}},
      {"clients",
       {"id", "pseudonym", "blocked", "created_at_ms"},
       {{CopyValue(3), CopyValue("相談者-1"), CopyValue(0), CopyValue(kT0)},
        {CopyValue(4), CopyValue("相談者-2"), CopyValue(1), CopyValue(kT0)}}},
      {"audit_log",
       {"id", "at_ms", "actor_staff_id", "action", "target_type", "target_id", "detail"},
       {{CopyValue(9), CopyValue(kT0), CopyValue(), CopyValue("login_failed"), CopyValue("staff"),
         CopyValue("x"), CopyValue("")}}},
  };
  // More rows than one statement takes parameters (65535), to cross a statement boundary.
  CopyBatch stream{"stream_records",
                   {"id", "at_ms", "node_id", "kind", "conversation_id", "message_id", "has_before",
                    "before_status", "before_assigned_staff_id", "subject_id", "sound"},
                   {}};
  for (int i = 1; i <= 8000; ++i) {
    stream.rows.push_back({CopyValue(i), CopyValue(kT0), CopyValue("n1"),
                           CopyValue("message.created"), CopyValue(1), CopyValue(i), CopyValue(0),
                           CopyValue("waiting"), CopyValue(), CopyValue(0), CopyValue(0)});
  }
  batches.push_back(std::move(stream));
  batches.push_back(
      {"scenario_versions",
       {"id", "scenario_key", "version_id", "source", "activated_at_ms", "activated_by"},
       {{CopyValue(12), CopyValue("intake"), CopyValue("1@a"), CopyValue("key: a"), CopyValue(kT0),
         CopyValue("startup")}}});
  for (const CopyBatch& batch : batches) {
    core::Status written = store->WriteBatch(batch);
    ASSERT_TRUE(written) << batch.table << ": " << Describe(written.error());
  }
  core::Status finished = store->Finish();
  ASSERT_TRUE(finished) << Describe(finished.error());

  EXPECT_EQ(store->CountRows("clients").value_or(-1), 2);
  EXPECT_EQ(store->CountRows("stream_records").value_or(-1), 8000);
  EXPECT_EQ(store->CountRows("messages").value_or(-1), 0);
  auto copied = app::TransactFor<std::optional<core::Staff>>(
      *store, [](app::StoreTx& tx) { return tx.GetStaff(7); });
  ASSERT_TRUE(copied && copied->has_value());
  EXPECT_TRUE((*copied)->active);
  EXPECT_EQ((*copied)->display_name, "佐藤");
  auto blocked = app::TransactFor<std::optional<core::Client>>(
      *store, [](app::StoreTx& tx) { return tx.GetClient(4); });
  ASSERT_TRUE(blocked && blocked->has_value());
  EXPECT_TRUE((*blocked)->blocked);

  // New rows through the port get ids above the copied ones.
  auto staff = app::TransactFor<core::StaffId>(
      *store, [](app::StoreTx& tx) { return tx.InsertStaff(MakeStaff("tanaka")); });
  ASSERT_TRUE(staff) << Describe(staff.error());
  EXPECT_EQ(*staff, 8);
  auto program = app::TransactFor<core::Program>(
      *store, [](app::StoreTx& tx) { return tx.UpsertProgram("visit", "v"); });
  ASSERT_TRUE(program) << Describe(program.error());
  EXPECT_EQ(program->id, 6);
  auto record = app::TransactFor<std::int64_t>(*store, [](app::StoreTx& tx) {
    app::StreamRecord r;
    r.at_ms = kT0;
    r.node_id = "n2";
    return tx.AppendStreamRecord(r);
  });
  ASSERT_TRUE(record) << Describe(record.error());
  EXPECT_EQ(*record, 8001);
  auto activated = app::TransactFor<bool>(*store, [](app::StoreTx& tx) {
    return tx.ActivateScenarioVersion({"intake", "2@b", "key: b", kT0 + 1, "admin"});
  });
  ASSERT_TRUE(activated) << Describe(activated.error());
  EXPECT_TRUE(*activated);
  EXPECT_EQ(Rows("SELECT id || ':' || version_id FROM scenario_versions ORDER BY id"),
            (std::vector<std::string>{"12:1@a", "13:2@b"}));

  core::Status not_empty = store->CheckEmpty();
  ASSERT_FALSE(not_empty);
  EXPECT_EQ(not_empty.error().code, ErrorCode::kConflict);
}

TEST_F(PostgresStoreTest, CopyTargetRefusesUnknownTablesColumnsAndRaggedRows) {
  auto store = OpenMigrated();
  ASSERT_NE(store, nullptr);
  using app::CopyValue;
  for (const app::CopyBatch& batch : std::vector<app::CopyBatch>{
           {"schema_migrations", {"version"}, {{CopyValue(1)}}},
           {"programs", {"id", "key; DROP TABLE staff"}, {{CopyValue(1), CopyValue("x")}}},
           {"programs", {"id", "id"}, {{CopyValue(1), CopyValue(2)}}},
           {"programs", {"id", "key", "name"}, {{CopyValue(1), CopyValue("x")}}},
       }) {
    core::Status written = store->WriteBatch(batch);
    ASSERT_FALSE(written) << batch.table;
    EXPECT_EQ(written.error().code, ErrorCode::kInvalidArgument) << Describe(written.error());
  }
  EXPECT_FALSE(store->CountRows("schema_migrations"));
  EXPECT_EQ(store->CountRows("staff").value_or(-1), 0);
}

}  // namespace
}  // namespace tsunagu::adapters::postgres
