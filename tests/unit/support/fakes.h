// Small hand-written fakes for the app ports, shared by the unit tests. Header-only, and they
// depend on app/ports only, so that any layer's tests can use them. Prefer these (and the real
// SQLite store) over mocks: they record what happened and answer from a script.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "app/ports/channel_sender.h"
#include "app/ports/clock.h"
#include "app/ports/event_log.h"
#include "app/ports/notifier.h"
#include "app/ports/store.h"
#include "core/ids.h"
#include "core/result.h"

namespace tsunagu::testing {

// A clock that only moves when the test moves it. Thread-safe.
class FakeClock final : public app::Clock {
 public:
  // 2023-11-14T22:13:20Z: far enough from 0 that "now - window" never goes negative.
  static constexpr core::TimeMs kStartMs = 1'700'000'000'000;

  explicit FakeClock(core::TimeMs now_ms = kStartMs) : now_ms_(now_ms) {}

  core::TimeMs NowMs() override { return now_ms_.load(); }
  void Set(core::TimeMs now_ms) { now_ms_.store(now_ms); }
  void Advance(core::TimeMs delta_ms) { now_ms_.fetch_add(delta_ms); }

 private:
  std::atomic<core::TimeMs> now_ms_;
};

// One call to FakeChannelSender::Send, as it was made.
struct SendCall {
  app::OutboxItem item;
  bool use_reply_token = false;
};

// Records every send and answers from a script, in order. An exhausted script delivers.
class FakeChannelSender final : public app::ChannelSender {
 public:
  void Script(app::SendOutcome outcome, std::string detail = {}) {
    std::lock_guard lock(mutex_);
    script_.push_back(app::SendResult{outcome, std::move(detail)});
  }

  app::SendResult Send(const app::OutboxItem& item, bool use_reply_token) override {
    std::lock_guard lock(mutex_);
    calls_.push_back(SendCall{item, use_reply_token});
    if (script_.empty()) return app::SendResult{app::SendOutcome::kDelivered, ""};
    app::SendResult result = std::move(script_.front());
    script_.pop_front();
    return result;
  }

  std::vector<SendCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<app::SendResult> script_;
  std::vector<SendCall> calls_;
};

// Keeps what use cases reported, so tests can check that a failure was told to operators.
class RecordingEventLog final : public app::EventLog {
 public:
  void Warn(std::string_view what, const core::Error& error) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::string(what) + ": " + error.message);
  }

  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Keeps every published event. Thread-safe.
class RecordingNotifier final : public app::Notifier {
 public:
  void Publish(const app::StreamEvent& event) override {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
  }

  std::vector<app::StreamEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

  void Clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<app::StreamEvent> events_;
};

// Wraps a real store and makes chosen Transact calls fail. A failing call still runs fn inside a
// real transaction and then forces a rollback, so it behaves like a commit that did not happen
// (a busy database, a full disk): fn's writes are undone and the caller sees kUnavailable.
class FailingStore final : public app::Store {
 public:
  explicit FailingStore(app::Store& inner) : inner_(inner) {}

  // Makes the n-th Transact call from now on (1 = the next one) fail.
  void FailNthCall(int n) {
    std::lock_guard lock(mutex_);
    fail_at_ = calls_ + n;
  }

  int calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  core::Status Migrate() override { return inner_.Migrate(); }

  core::Status Transact(const std::function<core::Status(app::StoreTx&)>& fn) override {
    bool fail = false;
    {
      std::lock_guard lock(mutex_);
      ++calls_;
      fail = calls_ == fail_at_;
    }
    if (!fail) return inner_.Transact(fn);
    core::Status ran = inner_.Transact([&](app::StoreTx& tx) -> core::Status {
      if (auto s = fn(tx); !s) return s;
      return core::Fail(core::ErrorCode::kUnavailable, "injected failure");
    });
    if (ran) return core::Fail(core::ErrorCode::kInternal, "the injected failure committed");
    return core::Fail(core::ErrorCode::kUnavailable, "injected failure");
  }

 private:
  app::Store& inner_;
  mutable std::mutex mutex_;
  int calls_ = 0;
  int fail_at_ = -1;
};

}  // namespace tsunagu::testing
