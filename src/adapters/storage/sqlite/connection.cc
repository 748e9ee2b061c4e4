#include "adapters/storage/sqlite/connection.h"

#include <utility>

#include "core/check.h"
#include "platform/crypto.h"

namespace tsunagu::adapters::sqlite {
namespace {

core::ErrorCode CodeFor(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::ErrorCode::kConflict;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return core::ErrorCode::kNotFound;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
      return core::ErrorCode::kInvalidArgument;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:  // the disk may have room again later
      return core::ErrorCode::kUnavailable;
    default:
      return core::ErrorCode::kInternal;
  }
}

// tsunagu_sha256_hex(text): lowercase hex SHA-256 of the text's UTF-8 bytes. SQLite has no
// SHA-256 of its own; migration 0007 needs one to chain the audit records written before it.
void Sha256HexFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  int size = sqlite3_value_bytes(argv[0]);
  std::string digest = platform::Sha256Hex(std::string_view(
      text == nullptr ? "" : reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)));
  sqlite3_result_text(ctx, digest.c_str(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
}

}  // namespace

core::Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message = "sqlite: ";
  message += what;
  message += ": ";
  // For constraint failures SQLite names the table and column, never the values.
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return core::Error{CodeFor(rc), std::move(message)};
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

core::Status Statement::Check(int rc) {
  if (rc == SQLITE_OK) return core::Ok();
  return std::unexpected(SqliteError(sqlite3_db_handle(stmt_), rc, "bind"));
}

core::Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(sqlite3_db_handle(stmt_), rc, sqlite3_sql(stmt_)));
}

core::Result<std::int64_t> Statement::Execute() {
  for (;;) {
    core::Result<bool> row = Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
  }
  return sqlite3_changes64(sqlite3_db_handle(stmt_));
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::ColumnName(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name == nullptr ? std::string() : std::string(name);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  // Size after the text call: the text call may convert the value first.
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  // NOMUTEX: SqliteStore already serialises every use of the connection.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Error error = SqliteError(db, rc, "open");
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  // Extended codes tell a uniqueness violation from a foreign key violation.
  sqlite3_extended_result_codes(db, 1);
  rc = sqlite3_create_function_v2(db, "tsunagu_sha256_hex", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                  Sha256HexFunction, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    core::Error error = SqliteError(db, rc, "create function");
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

core::Result<Statement> Connection::Prepare(std::string_view sql) {
  if (transaction_required_ && !InTransaction()) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      "sqlite: the transaction was rolled back after an earlier error");
  }
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    // A busy statement is still being read by a caller: handing it out again would reset the
    // caller's rows. That is a bug in the store, not a runtime condition.
    TSUNAGU_CHECK(sqlite3_stmt_busy(it->second) == 0);
    return Statement(it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, "prepare"));
  if (stmt == nullptr) return core::Fail(core::ErrorCode::kInternal, "sqlite: empty statement");
  cache_.emplace(std::move(key), stmt);
  return Statement(stmt);
}

core::Status Connection::Run(std::string_view sql) {
  core::Result<Statement> stmt = Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  core::Result<std::int64_t> done = stmt->Execute();
  if (!done) return std::unexpected(done.error());
  return core::Ok();
}

core::Status Connection::ExecScript(const std::string& sql) {
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, "exec"));
  return core::Ok();
}

}  // namespace tsunagu::adapters::sqlite
