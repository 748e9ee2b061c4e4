#include "adapters/storage/sqlite/connection.h"

#include <gtest/gtest.h>

namespace tsunagu::adapters::sqlite {
namespace {

std::unique_ptr<Connection> OpenMemory() {
  auto conn = Connection::Open(":memory:");
  if (!conn) {
    ADD_FAILURE() << conn.error().message;
    return nullptr;
  }
  return std::move(*conn);
}

TEST(ConnectionTest, StatementsAreRefusedOnceTheRequiredTransactionHasEnded) {
  auto conn = OpenMemory();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Run("BEGIN IMMEDIATE"));
  conn->set_transaction_required(true);
  EXPECT_TRUE(conn->Run("SELECT 1"));
  // As SQLite does by itself after some errors (a full disk, an I/O error).
  ASSERT_TRUE(conn->Run("ROLLBACK"));
  core::Status after = conn->Run("SELECT 1");
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, core::ErrorCode::kUnavailable);
  conn->set_transaction_required(false);
  EXPECT_TRUE(conn->Run("SELECT 1"));
}

TEST(ConnectionTest, ConstraintFailuresMapToPortErrors) {
  auto conn = OpenMemory();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->ExecScript(
      "PRAGMA foreign_keys = ON;"
      "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (name <> 'bad'));"
      "CREATE TABLE c (p_id INTEGER NOT NULL REFERENCES p (id)) STRICT;"
      "INSERT INTO p (id, name) VALUES (1, 'a');"));
  auto code = [&](std::string_view sql, auto... args) {
    auto changed = conn->Change(sql, args...);
    return changed ? std::optional<core::ErrorCode>() : changed.error().code;
  };
  EXPECT_EQ(code("INSERT INTO p (name) VALUES (?)", "a"), core::ErrorCode::kConflict);
  EXPECT_EQ(code("INSERT INTO p (name) VALUES (?)", "bad"), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code("INSERT INTO p (name) VALUES (?)", std::nullopt),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code("INSERT INTO c (p_id) VALUES (?)", 2), core::ErrorCode::kNotFound);
  EXPECT_EQ(code("INSERT INTO c (p_id) VALUES (?)", "x"), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(code("INSERT INTO c (p_id) VALUES (?)", 1), std::nullopt);
  // The message names the column, never the value.
  auto dup = conn->Change("INSERT INTO p (name) VALUES (?)", "a");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("p.name"), std::string::npos) << dup.error().message;
}

TEST(ConnectionTest, TextWithQuotesAndNulBytesIsBoundNotParsed) {
  auto conn = OpenMemory();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->ExecScript("CREATE TABLE t (v TEXT NOT NULL) STRICT"));
  const std::string value("a'); DROP TABLE t; --\0z", 23);
  ASSERT_TRUE(conn->Change("INSERT INTO t (v) VALUES (?)", value));
  auto stmt = conn->Bound("SELECT v FROM t");
  ASSERT_TRUE(stmt);
  ASSERT_TRUE(stmt->Step().value_or(false));
  EXPECT_EQ(stmt->Text(0), value);
}

}  // namespace
}  // namespace tsunagu::adapters::sqlite
