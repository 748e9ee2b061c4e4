#include "app/timer_runner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/housekeeping.h"
#include "unit/support/app_env.h"

namespace tsunagu::app {
namespace {

using testing::Read;
using testing::TestEnv;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

class TimerRunnerTest : public ::testing::Test {
 protected:
  TimerRunnerTest() : runner_(env_.ctx) { env_.clock.Set(kT0); }

  void Schedule(const std::string& kind, const std::string& subject, core::TimeMs due) {
    ASSERT_TRUE(
        env_.store.Transact([&](StoreTx& tx) { return tx.ScheduleTimer(kind, subject, due); }));
  }

  // What is scheduled, claimed far in the future so that nothing is left out (and then freed).
  std::vector<Timer> Scheduled() {
    auto all = Read<std::vector<Timer>>(
        env_.store, [](StoreTx& tx) { return tx.ClaimDueTimers(kT0 + 1'000'000'000, 0, 1000); });
    return all;
  }

  TestEnv env_;
  TimerRunner runner_;
};

TEST_F(TimerRunnerTest, ATimerRunsOnceWhenDueAndIsThenGone) {
  std::vector<std::string> ran;
  runner_.On("idle", [&](const Timer& t) {
    ran.push_back(t.subject);
    return core::Ok();
  });
  Schedule("idle", "c1", kT0 + 1000);
  EXPECT_FALSE(runner_.RunOnce());
  env_.clock.Set(kT0 + 1000);
  EXPECT_TRUE(runner_.RunOnce());
  EXPECT_EQ(ran, std::vector<std::string>{"c1"});
  env_.clock.Set(kT0 + 1'000'000);
  EXPECT_FALSE(runner_.RunOnce());
  EXPECT_EQ(ran.size(), 1u);
  EXPECT_TRUE(Scheduled().empty());
}

TEST_F(TimerRunnerTest, AFailedTimerIsRetriedWithBackoff) {
  int runs = 0;
  runner_.On("idle", [&](const Timer& t) -> core::Status {
    ++runs;
    if (t.attempts < 2) return core::Fail(core::ErrorCode::kUnavailable, "channel down");
    return core::Ok();
  });
  Schedule("idle", "c1", kT0);
  EXPECT_TRUE(runner_.RunOnce());  // fails; retried after 1 s
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(runner_.RunOnce());
  env_.clock.Set(kT0 + TimerRunner::RetryDelayMs(1));
  EXPECT_TRUE(runner_.RunOnce());  // fails again; retried after 2 s more
  EXPECT_EQ(runs, 2);
  env_.clock.Set(kT0 + TimerRunner::RetryDelayMs(1) + TimerRunner::RetryDelayMs(2) - 1);
  EXPECT_FALSE(runner_.RunOnce());
  env_.clock.Set(kT0 + TimerRunner::RetryDelayMs(1) + TimerRunner::RetryDelayMs(2));
  EXPECT_TRUE(runner_.RunOnce());
  EXPECT_EQ(runs, 3);
  EXPECT_TRUE(Scheduled().empty());
  EXPECT_EQ(env_.log.lines().size(), 2u);
  EXPECT_EQ(TimerRunner::RetryDelayMs(1), 1000);
  EXPECT_EQ(TimerRunner::RetryDelayMs(30), core::kOutboxBackoffMsMax);
}

TEST_F(TimerRunnerTest, ATimerWithoutAHandlerIsKeptForANodeThatKnowsIt) {
  Schedule("from.a.newer.version", "x", kT0);
  EXPECT_TRUE(runner_.RunOnce());
  auto kept = Scheduled();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].attempts, 1);
  EXPECT_NE(kept[0].last_error.find("no handler"), std::string::npos);
}

TEST_F(TimerRunnerTest, APeriodicJobRunsAtStartAndThenEveryInterval) {
  std::vector<core::TimeMs> runs;
  runner_.Every("count", 60'000, [&](StoreTx&, core::TimeMs now) {
    runs.push_back(now);
    return core::Ok();
  });
  ASSERT_TRUE(runner_.SchedulePeriodicJobs());
  EXPECT_TRUE(runner_.RunOnce());
  EXPECT_FALSE(runner_.RunOnce());
  env_.clock.Set(kT0 + 59'999);
  EXPECT_FALSE(runner_.RunOnce());
  env_.clock.Set(kT0 + 60'000);
  EXPECT_TRUE(runner_.RunOnce());
  EXPECT_EQ(runs, (std::vector<core::TimeMs>{kT0, kT0 + 60'000}));
  auto next = Scheduled();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].due_at_ms, kT0 + 120'000);
}

TEST_F(TimerRunnerTest, AFailedPeriodicRunWritesNothingAndRunsAgain) {
  int runs = 0;
  runner_.Every("purge", 60'000, [&](StoreTx& tx, core::TimeMs) -> core::Status {
    ++runs;
    // Its writes are undone with the failed run.
    if (auto s = tx.ScheduleTimer("written.by.the.job", "", kT0); !s) return s;
    return core::Fail(core::ErrorCode::kUnavailable, "disk full");
  });
  ASSERT_TRUE(runner_.SchedulePeriodicJobs());
  EXPECT_TRUE(runner_.RunOnce());
  auto left = Scheduled();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].kind, "purge");
  EXPECT_EQ(left[0].attempts, 1);
  EXPECT_EQ(left[0].due_at_ms, kT0 + TimerRunner::RetryDelayMs(1));
  EXPECT_EQ(runs, 1);
}

TEST_F(TimerRunnerTest, HousekeepingDeletesExpiredSessionsAndOldJournalRecords) {
  core::StaffId staff = env_.AddStaff("sato", core::Role::kCounselor);
  ASSERT_TRUE(env_.store.Transact([&](StoreTx& tx) -> core::Status {
    if (auto s = tx.InsertSession({"old", staff, "c", kT0 - 10, kT0 - 1}); !s) return s;
    if (auto s = tx.InsertSession({"live", staff, "c", kT0 - 10, kT0 + 3'600'000}); !s) return s;
    StreamRecord old_record;
    old_record.at_ms = kT0 - core::kStreamRecordKeepMs - 1;
    old_record.node_id = "n";
    old_record.conversation_id = 1;
    if (auto id = tx.AppendStreamRecord(old_record); !id) return std::unexpected(id.error());
    StreamRecord recent = old_record;
    recent.at_ms = kT0 - 1;
    if (auto id = tx.AppendStreamRecord(recent); !id) return std::unexpected(id.error());
    return core::Ok();
  }));
  AddHousekeepingJobs(runner_);
  ASSERT_TRUE(runner_.SchedulePeriodicJobs());
  EXPECT_TRUE(runner_.RunOnce());
  EXPECT_FALSE(Read<std::optional<Session>>(env_.store, [](StoreTx& tx) {
                 return tx.FindSession("old");
               }).has_value());
  EXPECT_TRUE(Read<std::optional<Session>>(env_.store, [](StoreTx& tx) {
                return tx.FindSession("live");
              }).has_value());
  auto records = Read<std::vector<StreamRecord>>(
      env_.store, [](StoreTx& tx) { return tx.ListStreamRecordsAfter(0, 10); });
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at_ms, kT0 - 1);
}

}  // namespace
}  // namespace tsunagu::app
