// PgChangeFeed against a real server: it wakes on a journal append from another store, times
// out when nothing happens, stops waiting on Interrupt, and reports a re-established connection
// as a wake-up. Needs a server: ctest runs unit_tests through scripts/with-postgres.
#include "adapters/storage/postgres/pg_change_feed.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "adapters/storage/postgres/postgres_store.h"
#include "unit/adapters/storage/postgres/pg_test_schema.h"

namespace tsunagu::adapters::postgres {
namespace {

using std::chrono::milliseconds;
using testing_pg::PgTestSchema;

std::string Describe(const core::Error& error) {
  return std::string(core::ErrorCodeName(error.code)) + ": " + error.message;
}

app::StreamRecord Record() {
  app::StreamRecord record;
  record.at_ms = 1;
  record.node_id = "other-node";
  record.conversation_id = 1;
  return record;
}

class PgChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto schema = PgTestSchema::Create();
    ASSERT_TRUE(schema) << Describe(schema.error());
    schema_ = std::move(*schema);
    auto store = PostgresStore::Open(schema_->url(), 1);
    ASSERT_TRUE(store) << Describe(store.error());
    store_ = std::move(*store);
    core::Status migrated = store_->Migrate();
    ASSERT_TRUE(migrated) << Describe(migrated.error());
    auto feed = PgChangeFeed::Open(schema_->url());
    ASSERT_TRUE(feed) << Describe(feed.error());
    feed_ = std::move(*feed);
  }

  void Append() {
    auto id = app::TransactFor<std::int64_t>(
        *store_, [](app::StoreTx& tx) { return tx.AppendStreamRecord(Record()); });
    ASSERT_TRUE(id) << Describe(id.error());
  }

  std::unique_ptr<PgTestSchema> schema_;
  std::unique_ptr<PostgresStore> store_;
  std::unique_ptr<PgChangeFeed> feed_;
};

TEST_F(PgChangeFeedTest, WakesOnACommittedAppendAndTimesOutOtherwise) {
  EXPECT_FALSE(feed_->Wait(milliseconds(50)));
  Append();
  EXPECT_TRUE(feed_->Wait(milliseconds(5000)));
  // The notification was consumed: nothing more to wake for.
  EXPECT_FALSE(feed_->Wait(milliseconds(50)));
  // A rolled-back append notifies nobody.
  core::Status rolled_back = store_->Transact([](app::StoreTx& tx) -> core::Status {
    auto id = tx.AppendStreamRecord(Record());
    if (!id) return std::unexpected(id.error());
    return core::Fail(core::ErrorCode::kInternal, "changed my mind");
  });
  ASSERT_FALSE(rolled_back);
  EXPECT_FALSE(feed_->Wait(milliseconds(100)));
}

TEST_F(PgChangeFeedTest, WakesWhileWaitingInAnotherThread) {
  auto woke = std::async(std::launch::async, [&] { return feed_->Wait(milliseconds(10'000)); });
  std::this_thread::sleep_for(milliseconds(50));
  Append();
  EXPECT_TRUE(woke.get());
}

TEST_F(PgChangeFeedTest, InterruptEndsAWaitAtOnce) {
  auto started = std::chrono::steady_clock::now();
  auto woke = std::async(std::launch::async, [&] { return feed_->Wait(milliseconds(30'000)); });
  std::this_thread::sleep_for(milliseconds(50));
  feed_->Interrupt();
  EXPECT_FALSE(woke.get());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST_F(PgChangeFeedTest, ALostConnectionIsReestablishedAndReportedAsAWakeUp) {
  int pid = feed_->BackendPid();
  ASSERT_NE(pid, 0);
  auto killed = schema_->Query("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  ASSERT_TRUE(killed) << Describe(killed.error());
  // Appends made while it was away would be lost, so the reconnect itself wakes the reader.
  EXPECT_TRUE(feed_->Wait(milliseconds(10'000)));
  EXPECT_NE(feed_->BackendPid(), 0);
  EXPECT_NE(feed_->BackendPid(), pid);
  // And it listens again on the new session.
  EXPECT_FALSE(feed_->Wait(milliseconds(50)));
  Append();
  EXPECT_TRUE(feed_->Wait(milliseconds(5000)));
}

}  // namespace
}  // namespace tsunagu::adapters::postgres
