// A thin layer over the SQLite C API: one connection, its cache of prepared statements, and
// typed binding. Values only ever reach SQL through bind parameters.
#pragma once

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "core/result.h"

namespace tsunagu::adapters::sqlite {

// Maps an SQLite result code to the port's error codes: busy or locked is kUnavailable, a
// uniqueness violation kConflict, a missing referenced row kNotFound. `what` names the operation;
// the message never contains bound values (they may be personal data).
core::Error SqliteError(sqlite3* db, int rc, std::string_view what);

// A statement borrowed from the connection's cache. The destructor resets it and clears its
// bindings, so the next borrower finds it fresh and no read transaction stays open.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // Binds args to parameters 1..n in order.
  template <typename... Args>
  core::Status Bind(const Args&... args) {
    int index = 0;
    core::Status status = core::Ok();
    // Stops at the first failure.
    (void)(((status = BindAt(++index, args)).has_value()) && ...);
    return status;
  }

  // Binds one value to parameter index (1-based): an integer, a bool, text, or an optional of
  // one of these (nullopt binds NULL).
  template <typename T>
  core::Status BindAt(int index, const T& value) {
    if constexpr (std::same_as<T, std::nullopt_t>) {
      return Check(sqlite3_bind_null(stmt_, index));
    } else if constexpr (requires {
                           value.has_value();
                           *value;
                         }) {
      return value ? BindAt(index, *value) : Check(sqlite3_bind_null(stmt_, index));
    } else if constexpr (std::same_as<T, bool>) {
      return Check(sqlite3_bind_int64(stmt_, index, value ? 1 : 0));
    } else if constexpr (std::integral<T>) {
      return Check(sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value)));
    } else {
      static_assert(std::is_convertible_v<const T&, std::string_view>, "unsupported bind type");
      std::string_view text = value;
      // SQLITE_TRANSIENT: SQLite copies the text, so a temporary argument cannot dangle.
      return Check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                       SQLITE_UTF8));
    }
  }

  // True when a row is ready, false when the statement is done.
  core::Result<bool> Step();
  // Runs the statement to the end and returns how many rows it changed.
  core::Result<std::int64_t> Execute();

  std::int64_t Int(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  std::string Text(int column) const;
  // Untyped access, for copying whole rows: the row's width, a column's name, and whether a
  // value is NULL or INTEGER (anything else is read as Text).
  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  std::string ColumnName(int column) const;
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  bool IsInteger(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_INTEGER; }

 private:
  core::Status Check(int rc);

  sqlite3_stmt* stmt_;
};

// One open database connection. Not thread-safe: SqliteStore serialises every use.
class Connection {
 public:
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement for sql. Statements are kept for the connection's lifetime: the
  // store issues a small fixed set of SQL texts, and preparing is a large part of a short query.
  core::Result<Statement> Prepare(std::string_view sql);
  // A cached statement with args bound to parameters 1..n.
  template <typename... Args>
  core::Result<Statement> Bound(std::string_view sql, const Args&... args) {
    core::Result<Statement> stmt = Prepare(sql);
    if (!stmt) return stmt;
    core::Status bound = stmt->Bind(args...);
    if (!bound) return std::unexpected(bound.error());
    return stmt;
  }
  // Runs a statement that returns no rows and reports how many rows it changed.
  template <typename... Args>
  core::Result<std::int64_t> Change(std::string_view sql, const Args&... args) {
    core::Result<Statement> stmt = Bound(sql, args...);
    if (!stmt) return std::unexpected(stmt.error());
    return stmt->Execute();
  }
  // Runs a statement that returns no rows, through the cache.
  core::Status Run(std::string_view sql);
  // Runs several statements separated by ';' without caching (migrations).
  core::Status ExecScript(const std::string& sql);

  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // While set, Prepare fails unless a transaction is open. SQLite may roll back the whole
  // transaction by itself after a full disk or an I/O error; without this, the statements that
  // follow would each commit on their own, and fn's work would be half applied.
  void set_transaction_required(bool required) { transaction_required_ = required; }
  std::size_t CachedStatements() const { return cache_.size(); }
  sqlite3* db() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  bool transaction_required_ = false;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace tsunagu::adapters::sqlite
