// A schema of its own for one test, on the server named by TSUNAGU_TEST_PG_URL (set by
// scripts/with-postgres), dropped with the object. Shared by the PostgreSQL unit tests and the
// contract backend (tests/contract/postgres_store_contract.cc).
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/result.h"

namespace tsunagu::testing_pg {

inline constexpr const char* kUrlVariable = "TSUNAGU_TEST_PG_URL";

// Runs sql on a new connection to url with the simple query protocol; every row of the last
// statement, columns joined with '|'.
inline core::Result<std::vector<std::string>> RawQuery(const std::string& url,
                                                       const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return core::Fail(core::ErrorCode::kUnavailable, "connect: " + message);
  }
  // "drop cascades to ..." and the like would go to stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(conn, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    return core::Fail(core::ErrorCode::kInternal, "raw sql: " + message);
  }
  std::vector<std::string> rows;
  for (int r = 0; r < PQntuples(result); ++r) {
    std::string row;
    for (int c = 0; c < PQnfields(result); ++c) {
      if (c > 0) row += '|';
      row += PQgetvalue(result, r, c);
    }
    rows.push_back(std::move(row));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

class PgTestSchema {
 public:
  // Fails with a message that says how to get a server when TSUNAGU_TEST_PG_URL is not set.
  static core::Result<std::unique_ptr<PgTestSchema>> Create() {
    const char* base = std::getenv(kUrlVariable);
    if (base == nullptr || *base == '\0') {
      return core::Fail(core::ErrorCode::kUnavailable,
                        std::string(kUrlVariable) +
                            " is not set: the PostgreSQL tests need a server; run them through "
                            "scripts/with-postgres or make test");
    }
    static std::atomic<int> counter{0};
    std::random_device random;
    std::string name = "tsunagu_test_" + std::to_string(getpid()) + "_" +
                       std::to_string(counter.fetch_add(1)) + "_" +
                       std::to_string(random() % 100000);
    auto created = RawQuery(base, "CREATE SCHEMA " + name);
    if (!created) return std::unexpected(created.error());
    return std::unique_ptr<PgTestSchema>(new PgTestSchema(base, name));
  }

  ~PgTestSchema() {
    auto dropped = RawQuery(base_url_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
    static_cast<void>(dropped);  // a leftover schema only costs space in a throwaway cluster
  }
  PgTestSchema(const PgTestSchema&) = delete;
  PgTestSchema& operator=(const PgTestSchema&) = delete;

  const std::string& name() const { return name_; }
  const std::string& base_url() const { return base_url_; }
  // The server's url with search_path set to this schema, for the store and raw connections.
  const std::string& url() const { return url_; }

  // url() with one more connection parameter (value: letters, digits and '_' only).
  std::string UrlWith(const std::string& key, const std::string& value) const {
    return IsUri(url_) ? url_ + "&" + key + "=" + value : url_ + " " + key + "=" + value;
  }

  core::Result<std::vector<std::string>> Query(const std::string& sql) const {
    return RawQuery(url_, sql);
  }

 private:
  PgTestSchema(std::string base, std::string name)
      : base_url_(std::move(base)), name_(std::move(name)) {
    // A URI takes options as a query parameter ('=' percent-encoded); a key=value string takes
    // one more pair.
    if (IsUri(base_url_)) {
      url_ = base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + name_;
    } else {
      url_ = base_url_ + " options='-csearch_path=" + name_ + "'";
    }
  }

  static bool IsUri(const std::string& url) {
    return url.starts_with("postgresql://") || url.starts_with("postgres://");
  }

  std::string base_url_;
  std::string name_;
  std::string url_;
};

}  // namespace tsunagu::testing_pg
