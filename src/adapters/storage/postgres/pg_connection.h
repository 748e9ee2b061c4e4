// A thin layer over libpq: one connection, its cache of prepared statements, typed text
// parameters and result access. Values only ever reach SQL as bind parameters.
#pragma once

#include <libpq-fe.h>

#include <concepts>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tsunagu::adapters::postgres {

// One bind parameter in text format; nullopt is NULL.
using Param = std::optional<std::string>;

// Converts a value to a text parameter: an integer, a bool, text, or an optional of one of these.
template <typename T>
Param ToParam(const T& value) {
  if constexpr (std::same_as<T, std::nullopt_t>) {
    return std::nullopt;
  } else if constexpr (requires {
                         value.has_value();
                         *value;
                       }) {
    return value ? ToParam(*value) : std::nullopt;
  } else if constexpr (std::same_as<T, bool>) {
    return std::string(value ? "true" : "false");
  } else if constexpr (std::integral<T>) {
    return std::to_string(static_cast<std::int64_t>(value));
  } else {
    static_assert(std::is_convertible_v<const T&, std::string_view>, "unsupported param type");
    return std::string(std::string_view(value));
  }
}

template <typename... Args>
std::vector<Param> Params(const Args&... args) {
  std::vector<Param> params;
  params.reserve(sizeof...(args));
  (params.push_back(ToParam(args)), ...);
  return params;
}

// SQLSTATE classes the store treats specially.
bool IsRetryableSqlState(std::string_view sqlstate);  // serialization failure, deadlock

// A failed statement: the port's error plus what the transaction logic needs to know.
struct PgFailure {
  core::Error error;
  std::string sqlstate;          // "" when the server sent none (a lost connection)
  bool connection_lost = false;  // the connection is gone; reset it before the next use
};

// Maps a failed result (or, when result is null, the connection's state) to the port's codes:
// 23505 kConflict, 23503 kNotFound, 23514/23502 and data exceptions kInvalidArgument,
// serialization failures, deadlocks, lock and statement timeouts, resource exhaustion and lost
// connections kUnavailable, anything else kInternal. `what` names the operation; the message
// never contains bound values (they may be personal data), so DETAIL is never copied.
PgFailure PgError(PGconn* conn, const PGresult* result, std::string_view what);

// An owned PGresult, read in text format.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* result) : result_(result) {}

  int Rows() const { return result_ ? PQntuples(result_.get()) : 0; }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::int64_t Int(int row, int column) const;
  std::optional<std::int64_t> OptionalInt(int row, int column) const;
  bool Bool(int row, int column) const;
  std::string Text(int row, int column) const;
  // Rows changed by INSERT, UPDATE or DELETE.
  std::int64_t Affected() const;
  // The command tag, e.g. "COMMIT" (or "ROLLBACK" when COMMIT met an aborted transaction).
  std::string_view CommandTag() const;

 private:
  struct Clear {
    void operator()(PGresult* result) const { PQclear(result); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

using PgOutcome = std::expected<PgResult, PgFailure>;

// One open connection. Not thread-safe: the pool hands it to one transaction at a time.
class PgConnection {
 public:
  // url is a libpq connection string or URI. Notices (e.g. "already exists, skipping") are
  // dropped: they would go to stderr.
  static core::Result<std::unique_ptr<PgConnection>> Connect(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs sql through the per-connection cache of prepared statements. The store uses a fixed
  // set of SQL texts, so the cache stays bounded.
  PgOutcome Exec(std::string_view sql, const std::vector<Param>& params = {});
  // Like Exec, inside a savepoint sent in the same round trip (pipeline mode): when sql fails,
  // only its own effects are undone and the transaction stays usable.
  PgOutcome ExecGuarded(std::string_view sql, const std::vector<Param>& params);
  // Runs sql once without caching it (statements whose shape varies, such as store copy).
  PgOutcome ExecOnce(const std::string& sql, const std::vector<Param>& params);
  // Runs one or more statements separated by ';' with the simple query protocol (migrations,
  // transaction control). Takes no parameters.
  PgOutcome ExecScript(const std::string& sql);

  // Closes and opens the connection again (a new session: the statement cache is emptied).
  core::Status Reconnect();

  bool Broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  PGTransactionStatusType TransactionStatus() const { return PQtransactionStatus(conn_); }
  int BackendPid() const { return PQbackendPID(conn_); }
  std::size_t CachedStatements() const { return prepared_.size(); }
  PGconn* raw() const { return conn_; }

 private:
  PgConnection(std::string url, PGconn* conn) : url_(std::move(url)), conn_(conn) {}

  // The name of sql's prepared statement, preparing it on first use.
  std::expected<const std::string*, PgFailure> Prepared(std::string_view sql);
  PgOutcome Collect(PGresult* result, std::string_view what);

  std::string url_;
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// Opens a connection to url (a URI or key=value string), with a connect timeout and
// application_name unless url sets them.
core::Result<PGconn*> OpenPgConn(const std::string& url);

}  // namespace tsunagu::adapters::postgres
