#include "adapters/storage/postgres/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <utility>
#include <variant>

#include "adapters/storage/postgres/migrations.h"
#include "adapters/storage/postgres/postgres_tx.h"
#include "core/check.h"

namespace tsunagu::adapters::postgres {
namespace {

using core::ErrorCode;

// Serialization failures and deadlocks: how often fn runs in all, and the pause before a rerun
// (times the attempt number), so that the transaction that won can finish.
constexpr int kTransactAttemptsMax = 4;
constexpr std::chrono::milliseconds kRetryPause{5};

// PostgreSQL accepts at most 65535 parameters in one statement.
constexpr std::size_t kStatementParamsMax = 65535;

// The bookkeeping table is created outside the numbered migrations: it must exist before we can
// ask which of them have run.
constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)";

// The store whose Transact or Migrate this thread is inside, to catch a nested call (it would
// wait for a second connection while holding the first, and its locks).
thread_local const PostgresStore* tls_inside = nullptr;

class InsideScope {
 public:
  explicit InsideScope(const PostgresStore* store) : previous_(tls_inside) {
    TSUNAGU_CHECK(tls_inside != store);
    tls_inside = store;
  }
  ~InsideScope() { tls_inside = previous_; }
  InsideScope(const InsideScope&) = delete;
  InsideScope& operator=(const InsideScope&) = delete;

 private:
  const PostgresStore* previous_;
};

// Rolls back on every way out that did not commit, including an exception thrown through fn, so
// a pooled connection never goes back to the pool inside a transaction.
class RollbackGuard {
 public:
  explicit RollbackGuard(PgConnection& conn) : conn_(conn) {}
  ~RollbackGuard() { Rollback(conn_); }
  RollbackGuard(const RollbackGuard&) = delete;
  RollbackGuard& operator=(const RollbackGuard&) = delete;

  static void Rollback(PgConnection& conn) {
    if (conn.Broken()) return;  // the server ended the transaction with the session
    PGTransactionStatusType status = conn.TransactionStatus();
    if (status != PQTRANS_INTRANS && status != PQTRANS_INERROR) return;
    // A destructor cannot report; a failed ROLLBACK leaves the connection broken or inside a
    // transaction, and the next Borrow replaces it.
    static_cast<void>(conn.ExecScript("ROLLBACK"));
  }

 private:
  PgConnection& conn_;
};

std::unexpected<core::Error> Failed(const PgFailure& failure) {
  return std::unexpected(failure.error);
}

// Table and column names are identifiers, not values, so they cannot be bound; they are only
// accepted from kCopyTables and the catalog's own column list, and quoted all the same.
std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Param CopyParam(const app::CopyValue& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return std::nullopt;
}

}  // namespace

PostgresStore::Lease::~Lease() {
  if (conn_) store_->Return(std::move(conn_));
}

PostgresStore::PostgresStore(std::string url, int pool_size, std::unique_ptr<PgConnection> first,
                             std::shared_ptr<const app::FieldCipher> cipher)
    : url_(std::move(url)), cipher_(std::move(cipher)), unopened_(pool_size - 1) {
  idle_.push_back(std::move(first));
}

PostgresStore::~PostgresStore() = default;

core::Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(
    const std::string& url, int pool_size, std::shared_ptr<const app::FieldCipher> cipher) {
  if (pool_size < 1) {
    return core::Fail(ErrorCode::kInvalidArgument, "postgres: the pool needs a connection");
  }
  auto first = PgConnection::Connect(url);
  if (!first) return std::unexpected(first.error());
  return std::unique_ptr<PostgresStore>(
      new PostgresStore(url, pool_size, std::move(*first), std::move(cipher)));
}

core::Result<PostgresStore::Lease> PostgresStore::Borrow() {
  std::unique_ptr<PgConnection> conn;
  {
    std::unique_lock lock(mu_);
    returned_.wait(lock, [this] { return !idle_.empty() || unopened_ > 0; });
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      --unopened_;
    }
  }
  // Connecting happens outside the lock: other borrowers need not wait for it.
  if (!conn) {
    auto opened = PgConnection::Connect(url_);
    if (!opened) {
      std::lock_guard lock(mu_);
      ++unopened_;
      returned_.notify_one();
      return std::unexpected(opened.error());
    }
    conn = std::move(*opened);
  } else if (conn->Broken() || conn->TransactionStatus() != PQTRANS_IDLE) {
    // Lost since its last use (a server restart, a terminated session), or left inside a
    // transaction by a failed ROLLBACK: start a new session.
    core::Status reconnected = conn->Reconnect();
    if (!reconnected) {
      Return(std::move(conn));
      return std::unexpected(reconnected.error());
    }
  }
  return Lease(*this, std::move(conn));
}

void PostgresStore::Return(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(conn));
  returned_.notify_one();
}

core::Status PostgresStore::Transact(const std::function<core::Status(app::StoreTx&)>& fn) {
  InsideScope inside(this);
  auto lease = Borrow();
  if (!lease) return std::unexpected(lease.error());
  return RunTransaction(lease->conn(), fn);
}

core::Status PostgresStore::RunTransaction(PgConnection& conn,
                                           const std::function<core::Status(app::StoreTx&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    PgOutcome begun = conn.ExecScript("BEGIN");
    if (!begun) {
      // An idle connection can be found dead only now; nothing has happened yet, so one new
      // session may try again.
      if (begun.error().connection_lost && attempt == 1 && conn.Reconnect()) continue;
      return Failed(begun.error());
    }
    core::Status status = core::Ok();
    bool retryable = false;
    {
      RollbackGuard guard(conn);
      PostgresTx tx(conn, cipher_.get());
      status = fn(tx);
      if (status && tx.doomed()) status = Failed(*tx.doomed());
      if (status) {
        PgOutcome committed = conn.ExecScript("COMMIT");
        // COMMIT of an aborted transaction answers ROLLBACK; doomed() should have caught it.
        if (committed && committed->CommandTag() == "COMMIT") return core::Ok();
        status = committed ? core::Fail(ErrorCode::kInternal, "postgres: COMMIT rolled back")
                           : Failed(committed.error());
        if (!committed) retryable = IsRetryableSqlState(committed.error().sqlstate);
      }
      retryable = retryable || tx.retryable();
    }
    if (!retryable || attempt >= kTransactAttemptsMax || conn.Broken()) return status;
    std::this_thread::sleep_for(kRetryPause * attempt);
  }
}

core::Status PostgresStore::RunPlain(const std::function<core::Status(PgConnection&)>& fn) {
  InsideScope inside(this);
  auto lease = Borrow();
  if (!lease) return std::unexpected(lease.error());
  PgConnection& conn = lease->conn();
  PgOutcome begun = conn.ExecScript("BEGIN");
  if (!begun) return Failed(begun.error());
  RollbackGuard guard(conn);
  core::Status status = fn(conn);
  if (!status) return status;
  PgOutcome committed = conn.ExecScript("COMMIT");
  if (!committed) return Failed(committed.error());
  if (committed->CommandTag() != "COMMIT") {
    return core::Fail(ErrorCode::kInternal, "postgres: COMMIT rolled back");
  }
  return core::Ok();
}

// ---- Migrations.

core::Status PostgresStore::Migrate() {
  InsideScope inside(this);
  auto lease = Borrow();
  if (!lease) return std::unexpected(lease.error());
  PgConnection& conn = lease->conn();
  // A session lock, held across the per-migration transactions: a second node starting at the
  // same time waits here, then finds everything applied. It ends with the session if the
  // connection is lost.
  std::string lock_args = "(" + std::to_string(kLockClass) + ", " + std::to_string(kLockMigrate);
  PgOutcome locked = conn.ExecScript("SELECT pg_advisory_lock" + lock_args + ")");
  if (!locked) return Failed(locked.error());
  core::Status status = MigrateLocked(conn);
  if (!conn.Broken()) {
    PgOutcome unlocked = conn.ExecScript("SELECT pg_advisory_unlock" + lock_args + ")");
    if (!unlocked && status) return Failed(unlocked.error());
  }
  return status;
}

core::Status PostgresStore::MigrateLocked(PgConnection& conn) {
  PgOutcome created = conn.ExecScript(kCreateSchemaMigrations);
  if (!created) return Failed(created.error());
  PgOutcome current = conn.Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!current) return Failed(current.error());
  std::int64_t version = current->Int(0, 0);
  std::span<const Migration> migrations = EmbeddedMigrations();
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (version > latest) {
    // An older binary must not write to a schema it does not know.
    return core::Fail(ErrorCode::kConflict,
                      "postgres: the database has schema version " + std::to_string(version) +
                          ", newer than this tsunagu knows (" + std::to_string(latest) + ")");
  }
  for (const Migration& m : migrations) {
    core::Status applied = ApplyMigration(conn, m.version, m.name, m.sql);
    if (!applied) return applied;
  }
  return core::Ok();
}

core::Status PostgresStore::ApplyMigration(PgConnection& conn, int version, std::string_view name,
                                           std::string_view sql) {
  auto apply = [&]() -> core::Status {
    PgOutcome begun = conn.ExecScript("BEGIN");
    if (!begun) return Failed(begun.error());
    RollbackGuard guard(conn);
    PgOutcome done =
        conn.Exec("SELECT COUNT(*) FROM schema_migrations WHERE version = $1", Params(version));
    if (!done) return Failed(done.error());
    if (done->Int(0, 0) > 0) return core::Ok();  // the guard rolls back the empty transaction
    PgOutcome ran = conn.ExecScript(std::string(sql));
    if (!ran) return Failed(ran.error());
    PgOutcome recorded = conn.Exec(
        "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)",
        Params(version, name, WallClockMs()));
    if (!recorded) return Failed(recorded.error());
    PgOutcome committed = conn.ExecScript("COMMIT");
    if (!committed) return Failed(committed.error());
    return core::Ok();
  };
  core::Status status = apply();
  if (status) return status;
  core::Error error = status.error();
  error.message =
      "migration " + std::to_string(version) + " (" + std::string(name) + "): " + error.message;
  return std::unexpected(std::move(error));
}

core::Result<int> PostgresStore::SchemaVersion() {
  int version = 0;
  core::Status status = RunPlain([&](PgConnection& conn) -> core::Status {
    PgOutcome exists = conn.Exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists) return Failed(exists.error());
    if (!exists->Bool(0, 0)) return core::Ok();
    PgOutcome max = conn.Exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!max) return Failed(max.error());
    version = static_cast<int>(max->Int(0, 0));
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  return version;
}

// ---- Store copy.

core::Status PostgresStore::CheckEmpty() {
  return RunPlain([&](PgConnection& conn) -> core::Status {
    for (std::string_view table : app::kCopyTables) {
      PgOutcome any =
          conn.ExecOnce("SELECT EXISTS (SELECT 1 FROM " + QuoteIdentifier(table) + ")", {});
      if (!any) return Failed(any.error());
      if (any->Bool(0, 0)) {
        return core::Fail(ErrorCode::kConflict, "postgres: table " + std::string(table) +
                                                    " is not empty; a copy needs an empty store");
      }
    }
    return core::Ok();
  });
}

core::Status PostgresStore::WriteBatch(const app::CopyBatch& batch) {
  if (!app::IsCopyTable(batch.table)) {
    return core::Fail(ErrorCode::kInvalidArgument, "postgres: not a copied table: " + batch.table);
  }
  if (batch.columns.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "postgres: a copy batch needs columns");
  }
  if (batch.rows.empty()) return core::Ok();
  for (const auto& row : batch.rows) {
    if (row.size() != batch.columns.size()) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "postgres: a row of " + batch.table + " has the wrong number of values");
    }
  }
  return RunPlain([&](PgConnection& conn) -> core::Status {
    PgOutcome known = conn.Exec(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = $1",
        Params(batch.table));
    if (!known) return Failed(known.error());
    std::set<std::string> columns;
    for (int i = 0; i < known->Rows(); ++i) columns.insert(known->Text(i, 0));
    std::set<std::string_view> seen;
    std::string insert = "INSERT INTO " + QuoteIdentifier(batch.table) + " (";
    for (std::size_t i = 0; i < batch.columns.size(); ++i) {
      const std::string& column = batch.columns[i];
      if (!columns.contains(column) || !seen.insert(column).second) {
        return core::Fail(ErrorCode::kInvalidArgument,
                          "postgres: unknown or repeated column " + batch.table + "." + column);
      }
      insert += (i == 0 ? "" : ", ") + QuoteIdentifier(column);
    }
    insert += ") VALUES ";
    // Many rows per statement, within the parameter limit. The parameters are untyped text, so
    // the server reads each as its column's type: 0/1 become BOOLEAN false/true.
    const std::size_t width = batch.columns.size();
    const std::size_t rows_per_statement = std::max<std::size_t>(1, kStatementParamsMax / width);
    for (std::size_t first = 0; first < batch.rows.size(); first += rows_per_statement) {
      std::size_t last = std::min(batch.rows.size(), first + rows_per_statement);
      std::string sql = insert;
      std::vector<Param> params;
      params.reserve((last - first) * width);
      for (std::size_t r = first; r < last; ++r) {
        sql += r == first ? "(" : ", (";
        for (std::size_t c = 0; c < width; ++c) {
          params.push_back(CopyParam(batch.rows[r][c]));
          sql += (c == 0 ? "$" : ", $") + std::to_string(params.size());
        }
        sql += ")";
      }
      PgOutcome written = conn.ExecOnce(sql, params);
      if (!written) return Failed(written.error());
    }
    return core::Ok();
  });
}

core::Status PostgresStore::Finish() {
  return RunPlain([&](PgConnection& conn) -> core::Status {
    // Every table with an id column has an identity sequence (sessions has neither).
    PgOutcome sequences = conn.Exec(
        "SELECT table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') "
        "FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = 'id'");
    if (!sequences) return Failed(sequences.error());
    for (int i = 0; i < sequences->Rows(); ++i) {
      std::string table = sequences->Text(i, 0);
      if (!app::IsCopyTable(table) || sequences->IsNull(i, 1)) continue;
      // The next id is one past the highest copied one (1 for an empty table).
      PgOutcome moved = conn.ExecOnce("SELECT setval($1::regclass, COALESCE((SELECT MAX(id) FROM " +
                                          QuoteIdentifier(table) + "), 0) + 1, false)",
                                      Params(sequences->Text(i, 1)));
      if (!moved) return Failed(moved.error());
    }
    return core::Ok();
  });
}

core::Result<std::int64_t> PostgresStore::CountRows(std::string_view table) {
  if (!app::IsCopyTable(table)) {
    return core::Fail(ErrorCode::kInvalidArgument,
                      "postgres: not a copied table: " + std::string(table));
  }
  std::int64_t count = 0;
  core::Status status = RunPlain([&](PgConnection& conn) -> core::Status {
    PgOutcome counted = conn.ExecOnce("SELECT COUNT(*) FROM " + QuoteIdentifier(table), {});
    if (!counted) return Failed(counted.error());
    count = counted->Int(0, 0);
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  return count;
}

}  // namespace tsunagu::adapters::postgres
