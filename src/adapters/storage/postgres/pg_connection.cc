#include "adapters/storage/postgres/pg_connection.h"

#include <array>
#include <charconv>

namespace tsunagu::adapters::postgres {
namespace {

using core::ErrorCode;

constexpr const char* kSavepoint = "SAVEPOINT store_op";
constexpr const char* kRelease = "RELEASE SAVEPOINT store_op";
constexpr const char* kRollbackTo = "ROLLBACK TO SAVEPOINT store_op; RELEASE SAVEPOINT store_op";

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

std::string_view Field(const PGresult* result, int field) {
  if (result == nullptr) return {};
  const char* value = PQresultErrorField(result, field);
  return value == nullptr ? std::string_view() : std::string_view(value);
}

std::string TrimmedConnectionError(PGconn* conn) {
  std::string message = conn == nullptr ? "out of memory" : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return message.empty() ? "connection failed" : message;
}

ErrorCode CodeFor(std::string_view sqlstate, bool connection_lost) {
  if (sqlstate == "23505") return ErrorCode::kConflict;
  if (sqlstate == "23503") return ErrorCode::kNotFound;
  if (sqlstate == "23514" || sqlstate == "23502") return ErrorCode::kInvalidArgument;
  if (sqlstate.starts_with("22")) return ErrorCode::kInvalidArgument;  // data exception
  if (IsRetryableSqlState(sqlstate)) return ErrorCode::kUnavailable;
  if (sqlstate == "55P03"                // lock_not_available (lock_timeout)
      || sqlstate == "57014"             // query_canceled (statement_timeout)
      || sqlstate.starts_with("08")      // connection exception
      || sqlstate.starts_with("53")      // insufficient resources: the disk may have room later
      || sqlstate.starts_with("57P")) {  // shutdown, crash, cannot connect now
    return ErrorCode::kUnavailable;
  }
  if (connection_lost) return ErrorCode::kUnavailable;
  return ErrorCode::kInternal;
}

}  // namespace

bool IsRetryableSqlState(std::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

PgFailure PgError(PGconn* conn, const PGresult* result, std::string_view what) {
  PgFailure failure;
  failure.sqlstate = std::string(Field(result, PG_DIAG_SQLSTATE));
  failure.connection_lost = conn == nullptr || PQstatus(conn) != CONNECTION_OK;
  failure.error.code = CodeFor(failure.sqlstate, failure.connection_lost);
  std::string message = "postgres: ";
  message += what;
  message += ": ";
  if (failure.sqlstate.starts_with("22")) {
    // The primary message of a data exception can quote the value ("invalid input syntax for
    // type bigint: ..."); name the column instead.
    message += "invalid value";
    std::string_view column = Field(result, PG_DIAG_COLUMN_NAME);
    if (!column.empty()) message += " in " + std::string(column);
  } else if (std::string_view primary = Field(result, PG_DIAG_MESSAGE_PRIMARY); !primary.empty()) {
    // Constraint messages name the table and the constraint, never the values (those are in
    // DETAIL, which is left out).
    message += primary;
  } else {
    message += TrimmedConnectionError(conn);
  }
  if (!failure.sqlstate.empty()) message += " (SQLSTATE " + failure.sqlstate + ")";
  failure.error.message = std::move(message);
  return failure;
}

std::int64_t PgResult::Int(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  std::int64_t value = 0;
  // Every integer column is BIGINT, so the text always parses; NULL reads as 0.
  std::from_chars(text, text + PQgetlength(result_.get(), row, column), value);
  return value;
}

std::optional<std::int64_t> PgResult::OptionalInt(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Int(row, column);
}

bool PgResult::Bool(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  return text != nullptr && text[0] == 't';
}

std::string PgResult::Text(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  if (text == nullptr) return {};
  return std::string(text, static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t PgResult::Affected() const {
  const char* text = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  if (text != nullptr) std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

std::string_view PgResult::CommandTag() const {
  const char* tag = result_ ? PQcmdStatus(result_.get()) : nullptr;
  return tag == nullptr ? std::string_view() : std::string_view(tag);
}

core::Result<PGconn*> OpenPgConn(const std::string& url) {
  // Entries before dbname are defaults that the expanded url may override.
  const std::array<const char*, 5> keywords = {"connect_timeout", "application_name",
                                               "client_encoding", "dbname", nullptr};
  const std::array<const char*, 5> values = {"10", "tsunagu", "UTF8", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string message = "postgres: connect: " + TrimmedConnectionError(conn);
    PQfinish(conn);
    return core::Fail(ErrorCode::kUnavailable, std::move(message));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return conn;
}

core::Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& url) {
  core::Result<PGconn*> conn = OpenPgConn(url);
  if (!conn) return std::unexpected(conn.error());
  return std::unique_ptr<PgConnection>(new PgConnection(url, *conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

core::Status PgConnection::Reconnect() {
  core::Result<PGconn*> fresh = OpenPgConn(url_);
  if (!fresh) return std::unexpected(fresh.error());
  PQfinish(conn_);
  conn_ = *fresh;
  prepared_.clear();  // prepared statements belong to the old session
  return core::Ok();
}

PgOutcome PgConnection::Collect(PGresult* result, std::string_view what) {
  ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(result);
  PgFailure failure = PgError(conn_, result, what);
  PQclear(result);
  return std::unexpected(std::move(failure));
}

std::expected<const std::string*, PgFailure> PgConnection::Prepared(std::string_view sql) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return &it->second;
  std::string name = "tsunagu_" + std::to_string(prepared_.size() + 1);
  PgOutcome prepared =
      Collect(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr), "prepare: " + key);
  if (!prepared) return std::unexpected(std::move(prepared.error()));
  auto [inserted, ok] = prepared_.emplace(std::move(key), std::move(name));
  return &inserted->second;
}

namespace {

std::vector<const char*> Values(const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

}  // namespace

PgOutcome PgConnection::Exec(std::string_view sql, const std::vector<Param>& params) {
  auto name = Prepared(sql);
  if (!name) return std::unexpected(std::move(name.error()));
  std::vector<const char*> values = Values(params);
  PGresult* result = PQexecPrepared(conn_, (*name)->c_str(), static_cast<int>(values.size()),
                                    values.data(), nullptr, nullptr, 0);
  return Collect(result, sql);
}

PgOutcome PgConnection::ExecOnce(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values = Values(params);
  PGresult* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0);
  return Collect(result, sql);
}

PgOutcome PgConnection::ExecScript(const std::string& sql) {
  return Collect(PQexec(conn_, sql.c_str()), sql.size() <= 80 ? sql : "script");
}

PgOutcome PgConnection::ExecGuarded(std::string_view sql, const std::vector<Param>& params) {
  auto name = Prepared(sql);
  if (!name) return std::unexpected(std::move(name.error()));
  std::vector<const char*> values = Values(params);
  // SAVEPOINT, the statement and RELEASE travel together: one round trip instead of three. If
  // the statement fails, the server skips the rest up to the sync and the transaction is
  // aborted until the rollback to the savepoint below.
  bool sent = PQenterPipelineMode(conn_) == 1 &&
              PQsendQueryParams(conn_, kSavepoint, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
              PQsendQueryPrepared(conn_, (*name)->c_str(), static_cast<int>(values.size()),
                                  values.data(), nullptr, nullptr, 0) == 1 &&
              PQsendQueryParams(conn_, kRelease, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
              PQpipelineSync(conn_) == 1;
  // One result per query (savepoint, statement, release); null until it arrives.
  std::array<PGresult*, 3> results = {nullptr, nullptr, nullptr};
  std::size_t index = 0;
  while (sent) {
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {
      // The end of one query's results; a broken connection also ends here.
      if (Broken() || ++index > results.size()) break;
      continue;
    }
    if (PQresultStatus(result) == PGRES_PIPELINE_SYNC) {
      PQclear(result);
      break;
    }
    if (index < results.size() && results[index] == nullptr) {
      results[index] = result;
    } else {
      PQclear(result);
    }
  }
  if (!Broken()) PQexitPipelineMode(conn_);

  auto ok = [](const PGresult* r) {
    return r != nullptr &&
           (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
  };
  PgOutcome outcome;
  if (!sent) {
    outcome = std::unexpected(PgError(conn_, nullptr, sql));
  } else if (!ok(results[0])) {
    outcome = std::unexpected(PgError(conn_, results[0], "savepoint"));
  } else if (!ok(results[1])) {
    outcome = std::unexpected(PgError(conn_, results[1], sql));
    // Undo the statement alone. If this fails too, the transaction stays aborted, which the
    // caller sees in TransactionStatus().
    if (!Broken()) PQclear(PQexec(conn_, kRollbackTo));
  } else if (!ok(results[2])) {
    outcome = std::unexpected(PgError(conn_, results[2], "release savepoint"));
  } else {
    outcome = PgResult(results[1]);
    results[1] = nullptr;  // now owned by outcome
  }
  for (PGresult* r : results) PQclear(r);
  return outcome;
}

}  // namespace tsunagu::adapters::postgres
