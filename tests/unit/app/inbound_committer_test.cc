#include "app/inbound_committer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "unit/support/app_env.h"
#include "unit/support/fakes.h"

namespace tsunagu::app {
namespace {

using testing::FailingStore;
using testing::Read;
using testing::TestEnv;

// Counts done callbacks and lets the test wait for them.
class DoneLatch {
 public:
  void Record(core::Status status, bool visible) {
    std::lock_guard lock(mutex_);
    ++count_;
    if (!status) ++errors_;
    if (!visible) ++invisible_;
    cv_.notify_all();
  }

  bool WaitFor(int count) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return count_ >= count; });
  }

  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }
  int errors() {
    std::lock_guard lock(mutex_);
    return errors_;
  }
  int invisible() {
    std::lock_guard lock(mutex_);
    return invisible_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_ = 0;
  int errors_ = 0;
  int invisible_ = 0;
};

core::InboundEvent Event(const std::string& event_id) {
  return testing::TextEvent(event_id, "U-" + event_id, "text " + event_id, "",
                            testing::FakeClock::kStartMs);
}

class InboundCommitterTest : public ::testing::Test {
 protected:
  bool Stored(const std::string& event_id) { return env_.Event(event_id).has_value(); }

  TestEnv env_;
};

TEST_F(InboundCommitterTest, EventsFromManyConcurrentSubmitsAreAllStoredBeforeDone) {
  std::atomic<int> committed{0};
  InboundCommitter committer(env_.store, [&] { ++committed; });
  committer.Start();

  constexpr int kThreads = 8;
  constexpr int kSubmitsPerThread = 25;
  DoneLatch latch;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSubmitsPerThread; ++i) {
        const std::string a = "e-" + std::to_string(t) + "-" + std::to_string(i) + "-a";
        const std::string b = "e-" + std::to_string(t) + "-" + std::to_string(i) + "-b";
        committer.Submit({Event(a), Event(b)}, [&, a, b](core::Status status) {
          // The webhook is answered from here, so both events must already be readable.
          latch.Record(status, Stored(a) && Stored(b));
        });
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(latch.WaitFor(kThreads * kSubmitsPerThread));
  committer.Stop();

  EXPECT_EQ(latch.count(), kThreads * kSubmitsPerThread);
  EXPECT_EQ(latch.errors(), 0);
  EXPECT_EQ(latch.invisible(), 0);
  // Every event is stored, and each request's events keep their order in the store.
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kSubmitsPerThread; ++i) {
      const std::string prefix = "e-" + std::to_string(t) + "-" + std::to_string(i);
      auto a = env_.Event(prefix + "-a");
      auto b = env_.Event(prefix + "-b");
      ASSERT_TRUE(a && b) << prefix;
      EXPECT_EQ(b->id, a->id + 1) << prefix;
    }
  }
  EXPECT_GE(committed.load(), 1);
  EXPECT_LE(committed.load(), kThreads * kSubmitsPerThread);
}

TEST_F(InboundCommitterTest, DuplicatesAreStoredOnceAndStillAnsweredOk) {
  InboundCommitter committer(env_.store, nullptr);
  committer.Start();
  DoneLatch latch;
  auto done = [&](core::Status status) { latch.Record(status, Stored("dup")); };
  committer.Submit({Event("dup")}, done);
  ASSERT_TRUE(latch.WaitFor(1));
  // A redelivery of the same event, and the same event twice in one request.
  committer.Submit({Event("dup")}, done);
  committer.Submit({Event("dup"), Event("dup")}, done);
  ASSERT_TRUE(latch.WaitFor(3));
  committer.Stop();

  EXPECT_EQ(latch.errors(), 0);
  EXPECT_EQ(latch.invisible(), 0);
  EXPECT_EQ(env_.PendingEvents().size(), 1u);
}

TEST_F(InboundCommitterTest, TheSameEventIdOnAnotherChannelIsADifferentEvent) {
  InboundCommitter committer(env_.store, nullptr);
  committer.Start();
  DoneLatch latch;
  core::InboundEvent other = Event("same");
  other.channel_key = "other";
  committer.Submit({Event("same"), other}, [&](core::Status s) { latch.Record(s, true); });
  ASSERT_TRUE(latch.WaitFor(1));
  committer.Stop();
  EXPECT_EQ(latch.errors(), 0);
  EXPECT_EQ(env_.PendingEvents().size(), 2u);
}

TEST_F(InboundCommitterTest, AnEmptyListCompletesAtOnceWithoutTheThread) {
  std::atomic<int> committed{0};
  InboundCommitter committer(env_.store, [&] { ++committed; });  // not started
  bool called = false;
  core::Status result = core::Fail(core::ErrorCode::kInternal, "not called");
  committer.Submit({}, [&](core::Status s) {
    called = true;
    result = s;
  });
  EXPECT_TRUE(called);
  EXPECT_TRUE(result.has_value());
  EXPECT_EQ(committed.load(), 0);
  EXPECT_TRUE(env_.PendingEvents().empty());
}

TEST_F(InboundCommitterTest, OnCommittedRunsAfterTheEventsAreVisible) {
  std::mutex mutex;
  std::vector<bool> visible_at_wakeup;
  InboundCommitter committer(env_.store, [&] {
    std::lock_guard lock(mutex);
    visible_at_wakeup.push_back(Stored("wake"));
  });
  committer.Start();
  DoneLatch latch;
  committer.Submit({Event("wake")}, [&](core::Status s) { latch.Record(s, true); });
  ASSERT_TRUE(latch.WaitFor(1));
  committer.Stop();
  std::lock_guard lock(mutex);
  ASSERT_EQ(visible_at_wakeup.size(), 1u);
  EXPECT_TRUE(visible_at_wakeup[0]);
}

TEST_F(InboundCommitterTest, StopCommitsWhatIsQueued) {
  InboundCommitter committer(env_.store, nullptr);
  DoneLatch latch;
  // Queued before the thread runs; Stop must still commit them.
  committer.Submit({Event("q1")}, [&](core::Status s) { latch.Record(s, true); });
  committer.Submit({Event("q2")}, [&](core::Status s) { latch.Record(s, true); });
  committer.Start();
  committer.Stop();
  EXPECT_EQ(latch.count(), 2);
  EXPECT_EQ(latch.errors(), 0);
  EXPECT_TRUE(Stored("q1"));
  EXPECT_TRUE(Stored("q2"));
}

TEST_F(InboundCommitterTest, SubmitAfterStopIsRefusedAndStoresNothing) {
  InboundCommitter committer(env_.store, nullptr);
  committer.Start();
  committer.Stop();
  bool called = false;
  committer.Submit({Event("late")}, [&](core::Status s) {
    called = true;
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, core::ErrorCode::kUnavailable);
  });
  EXPECT_TRUE(called);
  EXPECT_FALSE(Stored("late"));
}

TEST_F(InboundCommitterTest, AFailedCommitFailsTheRequestAndStoresNothing) {
  FailingStore failing(env_.store);
  failing.FailNthCall(1);
  std::atomic<int> committed{0};
  InboundCommitter committer(failing, [&] { ++committed; });
  committer.Start();
  DoneLatch latch;
  committer.Submit({Event("f1"), Event("f2")}, [&](core::Status s) { latch.Record(s, true); });
  ASSERT_TRUE(latch.WaitFor(1));
  EXPECT_EQ(latch.errors(), 1);
  EXPECT_FALSE(Stored("f1"));
  EXPECT_FALSE(Stored("f2"));
  EXPECT_EQ(committed.load(), 0);

  // LINE redelivers; this time it commits.
  committer.Submit({Event("f1"), Event("f2")}, [&](core::Status s) { latch.Record(s, true); });
  ASSERT_TRUE(latch.WaitFor(2));
  committer.Stop();
  EXPECT_EQ(latch.errors(), 1);
  EXPECT_TRUE(Stored("f1"));
  EXPECT_TRUE(Stored("f2"));
  EXPECT_EQ(committed.load(), 1);
}

}  // namespace
}  // namespace tsunagu::app
