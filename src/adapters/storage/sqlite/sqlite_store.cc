#include "adapters/storage/sqlite/sqlite_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "adapters/storage/sqlite/migrations.h"
#include "adapters/storage/sqlite/sqlite_tx.h"
#include "core/check.h"

namespace tsunagu::adapters::sqlite {
namespace {

using core::ErrorCode;

// STRICT tables arrived in 3.37.0 (RETURNING in 3.35.0).
constexpr int kSqliteVersionMin = 3037000;

// The bookkeeping table is created outside the numbered migrations: it must exist before we can
// ask which of them have run.
constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT";

bool IsFilePath(const std::string& path) {
  return !path.empty() && path != ":memory:" && !path.starts_with("file:");
}

core::Status MakeParentDirectories(const std::string& path) {
  if (!IsFilePath(path)) return core::Ok();
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return core::Ok();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    return core::Fail(ErrorCode::kUnavailable,
                      "sqlite: cannot create directory " + parent.string() + ": " + ec.message());
  }
  return core::Ok();
}

// Marks the calling thread as the one inside the store, for the nested-call check.
class OwnerScope {
 public:
  explicit OwnerScope(std::atomic<std::thread::id>& owner) : owner_(owner) {
    owner_.store(std::this_thread::get_id());
  }
  ~OwnerScope() { owner_.store(std::thread::id()); }
  OwnerScope(const OwnerScope&) = delete;
  OwnerScope& operator=(const OwnerScope&) = delete;

 private:
  std::atomic<std::thread::id>& owner_;
};

// Rolls back on every way out that did not commit, including an exception thrown through fn, so
// the shared connection is never left inside a transaction.
class RollbackGuard {
 public:
  explicit RollbackGuard(Connection& conn) : conn_(conn) {}
  ~RollbackGuard() {
    conn_.set_transaction_required(false);
    if (!conn_.InTransaction()) return;
    // A destructor cannot report; if this fails, the next RunTransaction tries again first.
    core::Status rolled_back = conn_.Run("ROLLBACK");
    static_cast<void>(rolled_back);
  }
  RollbackGuard(const RollbackGuard&) = delete;
  RollbackGuard& operator=(const RollbackGuard&) = delete;

 private:
  Connection& conn_;
};

}  // namespace

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                             const SqliteOptions& options) {
  if (sqlite3_libversion_number() < kSqliteVersionMin) {
    return core::Fail(
        ErrorCode::kInternal,
        std::string("sqlite: 3.37.0 or newer is needed, found ") + sqlite3_libversion());
  }
  core::Status made = MakeParentDirectories(path);
  if (!made) return std::unexpected(made.error());
  core::Result<std::unique_ptr<Connection>> conn = Connection::Open(path);
  if (!conn) return std::unexpected(conn.error());
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(*conn), options.cipher));
  core::Status configured = store->Configure(path, options);
  if (!configured) return std::unexpected(configured.error());
  return store;
}

core::Status SqliteStore::Configure(const std::string& path, const SqliteOptions& options) {
  int rc = sqlite3_busy_timeout(conn_->db(), options.busy_timeout_ms);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(conn_->db(), rc, "busy_timeout"));
  // Pragma values cannot be bound; these texts are constants.
  core::Status set = conn_->ExecScript(
      options.synchronous_full ? "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"
                               : "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
  if (!set) return set;
  // WAL lets readers (a backup, the sqlite3 shell) run beside the writer, and makes a commit one
  // sequential append. journal_mode answers with the mode it actually chose.
  core::Result<Statement> wal = conn_->Prepare("PRAGMA journal_mode = WAL");
  if (!wal) return std::unexpected(wal.error());
  core::Result<bool> row = wal->Step();
  if (!row) return std::unexpected(row.error());
  std::string mode = *row ? wal->Text(0) : "";
  bool on_disk = IsFilePath(path) && sqlite3_db_filename(conn_->db(), "main")[0] != '\0';
  if (on_disk && mode != "wal") {
    return core::Fail(ErrorCode::kUnavailable,
                      "sqlite: cannot use WAL for " + path + " (journal_mode is '" + mode + "')");
  }
  return core::Ok();
}

core::Status SqliteStore::Transact(const std::function<core::Status(app::StoreTx&)>& fn) {
  // A nested call would deadlock on mu_: the caller has a bug, not a runtime condition.
  TSUNAGU_CHECK(owner_.load() != std::this_thread::get_id());
  std::lock_guard<std::mutex> lock(mu_);
  OwnerScope owner(owner_);
  return RunTransaction(fn);
}

core::Status SqliteStore::RunTransaction(const std::function<core::Status(app::StoreTx&)>& fn) {
  if (conn_->InTransaction()) {
    // Left over only when an earlier ROLLBACK failed; BEGIN would fail until it is gone.
    core::Status leftover = conn_->Run("ROLLBACK");
    if (!leftover) return leftover;
  }
  // IMMEDIATE takes the write lock up front: waiting happens here, under the busy timeout,
  // instead of failing halfway through fn when a read would have to become a write.
  core::Status status = conn_->Run("BEGIN IMMEDIATE");
  if (!status) return status;
  RollbackGuard guard(*conn_);
  SqliteTx tx(*conn_, cipher_.get());
  conn_->set_transaction_required(true);
  status = fn(tx);
  if (status && tx.broken()) {
    status = core::Fail(ErrorCode::kInternal,
                        "sqlite: an operation could not undo its partial writes; rolled back");
  }
  if (status) status = conn_->Run("COMMIT");
  return status;
}

core::Status SqliteStore::Migrate() {
  TSUNAGU_CHECK(owner_.load() != std::this_thread::get_id());
  std::lock_guard<std::mutex> lock(mu_);
  OwnerScope owner(owner_);
  core::Status created = conn_->Run(kCreateSchemaMigrations);
  if (!created) return created;
  core::Result<std::int64_t> current =
      QueryInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!current) return std::unexpected(current.error());
  std::span<const Migration> migrations = EmbeddedMigrations();
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (*current > latest) {
    // An older binary must not write to a schema it does not know.
    return core::Fail(ErrorCode::kConflict,
                      "sqlite: the database has schema version " + std::to_string(*current) +
                          ", newer than this tsunagu knows (" + std::to_string(latest) + ")");
  }
  for (const Migration& m : migrations) {
    core::Status applied = ApplyMigration(m.version, m.name, m.sql);
    if (!applied) return applied;
  }
  return core::Ok();
}

core::Status SqliteStore::ApplyMigration(int version, std::string_view name, std::string_view sql) {
  core::Status status = RunTransaction([&](app::StoreTx&) -> core::Status {
    // Checked inside the write transaction, so two processes starting together apply each
    // migration once: the second waits for the first and then finds it recorded.
    {
      // Scoped: the statement is reset before the script runs, because SQLite refuses to drop
      // a table while any statement of the connection is still active.
      core::Result<Statement> done =
          conn_->Bound("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", version);
      if (!done) return std::unexpected(done.error());
      core::Result<bool> row = done->Step();
      if (!row) return std::unexpected(row.error());
      if (*row && done->Int(0) > 0) return core::Ok();
    }
    core::Status ran = conn_->ExecScript(std::string(sql));
    if (!ran) return ran;
    auto recorded = conn_->Change(
        "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)", version,
        name, WallClockMs());
    if (!recorded) return std::unexpected(recorded.error());
    return core::Ok();
  });
  if (status) return status;
  core::Error error = status.error();
  error.message =
      "migration " + std::to_string(version) + " (" + std::string(name) + "): " + error.message;
  return std::unexpected(std::move(error));
}

core::Result<std::int64_t> SqliteStore::QueryInt(std::string_view sql) {
  core::Result<Statement> stmt = conn_->Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  core::Result<bool> row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return core::Fail(ErrorCode::kInternal, "sqlite: query returned no row");
  return stmt->Int(0);
}

core::Result<SqliteSettings> SqliteStore::Settings() {
  TSUNAGU_CHECK(owner_.load() != std::this_thread::get_id());
  std::lock_guard<std::mutex> lock(mu_);
  SqliteSettings settings;
  core::Result<Statement> mode = conn_->Prepare("PRAGMA journal_mode");
  if (!mode) return std::unexpected(mode.error());
  core::Result<bool> row = mode->Step();
  if (!row) return std::unexpected(row.error());
  if (*row) settings.journal_mode = mode->Text(0);
  auto synchronous = QueryInt("PRAGMA synchronous");
  auto foreign_keys = QueryInt("PRAGMA foreign_keys");
  auto busy_timeout = QueryInt("PRAGMA busy_timeout");
  if (!synchronous) return std::unexpected(synchronous.error());
  if (!foreign_keys) return std::unexpected(foreign_keys.error());
  if (!busy_timeout) return std::unexpected(busy_timeout.error());
  settings.synchronous = static_cast<int>(*synchronous);
  settings.foreign_keys = *foreign_keys != 0;
  settings.busy_timeout_ms = static_cast<int>(*busy_timeout);
  return settings;
}

std::size_t SqliteStore::CachedStatementCount() {
  TSUNAGU_CHECK(owner_.load() != std::this_thread::get_id());
  std::lock_guard<std::mutex> lock(mu_);
  return conn_->CachedStatements();
}

core::Result<int> SqliteStore::SchemaVersion() {
  TSUNAGU_CHECK(owner_.load() != std::this_thread::get_id());
  std::lock_guard<std::mutex> lock(mu_);
  auto exists = QueryInt(
      "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return std::unexpected(exists.error());
  if (*exists == 0) return 0;
  auto version = QueryInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version) return std::unexpected(version.error());
  return static_cast<int>(*version);
}

}  // namespace tsunagu::adapters::sqlite
