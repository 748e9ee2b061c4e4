// The Store port on SQLite: the embedded default for one process on one machine.
// See docs/adr/0002-sqlite-store.md for the decisions behind it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "adapters/storage/sqlite/connection.h"
#include "app/ports/field_cipher.h"
#include "app/ports/store.h"

namespace tsunagu::adapters::sqlite {

struct SqliteOptions {
  // With WAL, synchronous=NORMAL loses nothing when the process crashes, but a power loss or an
  // OS crash can lose the last transactions before a checkpoint (never corrupting the file).
  // FULL syncs the WAL on every commit and closes that window at the cost of one fsync each.
  bool synchronous_full = false;
  // How long a writer waits for another connection's lock before the store reports
  // kUnavailable.
  int busy_timeout_ms = 5000;
  // Seals and opens the columns of app::kSealedColumns (docs/adr/0005). Null keeps them as they
  // are: tests only; the binary always passes one.
  std::shared_ptr<const app::FieldCipher> cipher = nullptr;
};

// What the connection actually runs with, read back from SQLite (for the startup log and tests).
struct SqliteSettings {
  std::string journal_mode;  // "wal" for a file, "memory" for ":memory:"
  int synchronous = 0;       // 1 NORMAL, 2 FULL
  bool foreign_keys = false;
  int busy_timeout_ms = 0;
};

// One connection serves every transaction, one at a time, behind a mutex: SQLite admits one
// writer anyway, and every port call runs inside Transact. Thread-safe.
class SqliteStore final : public app::Store {
 public:
  // Opens (or creates) the database at path, creating parent directories. ":memory:" gives a
  // private in-memory database (tests). Call Migrate before the first Transact.
  static core::Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                         const SqliteOptions& options = {});

  core::Status Migrate() override;
  // Calling Transact from inside fn on the same store is a programmer error and aborts.
  core::Status Transact(const std::function<core::Status(app::StoreTx&)>& fn) override;

  core::Result<SqliteSettings> Settings();
  // The highest applied migration version; 0 before the first Migrate.
  core::Result<int> SchemaVersion();
  // Prepared statements kept by the connection (tests and metrics: it must stay bounded).
  std::size_t CachedStatementCount();

 private:
  SqliteStore(std::unique_ptr<Connection> conn, std::shared_ptr<const app::FieldCipher> cipher)
      : conn_(std::move(conn)), cipher_(std::move(cipher)) {}

  core::Status Configure(const std::string& path, const SqliteOptions& options);
  core::Status ApplyMigration(int version, std::string_view name, std::string_view sql);
  core::Status RunTransaction(const std::function<core::Status(app::StoreTx&)>& fn);
  core::Result<std::int64_t> QueryInt(std::string_view sql);

  std::mutex mu_;
  std::unique_ptr<Connection> conn_;  // guarded by mu_
  const std::shared_ptr<const app::FieldCipher> cipher_;
  // The thread inside Transact or Migrate, to catch a nested call before it deadlocks on mu_.
  std::atomic<std::thread::id> owner_;
};

}  // namespace tsunagu::adapters::sqlite
