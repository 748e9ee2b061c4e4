// app::ChangeFeed on PostgreSQL: LISTEN tsunagu_stream on a connection of its own. A
// notification is only a wake-up; the reader then reads the journal after the last id it saw,
// so a notification lost with a dropped connection only delays, and a reconnect counts as one.
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "app/ports/change_feed.h"
#include "core/result.h"

namespace tsunagu::adapters::postgres {

// The pause before the first reconnect after a failed one, doubled up to the max.
inline constexpr std::chrono::milliseconds kFeedReconnectPauseMin{100};
inline constexpr std::chrono::milliseconds kFeedReconnectPauseMax{5000};

// Wait is called by one thread at a time; Interrupt from any thread.
class PgChangeFeed final : public app::ChangeFeed {
 public:
  // Connects and listens; fails when the server cannot be reached.
  static core::Result<std::unique_ptr<PgChangeFeed>> Open(const std::string& url);
  ~PgChangeFeed() override;
  PgChangeFeed(const PgChangeFeed&) = delete;
  PgChangeFeed& operator=(const PgChangeFeed&) = delete;

  bool Wait(std::chrono::milliseconds timeout) override;
  void Interrupt() override;

  // The server process of the listening session (0 while disconnected), for tests and logs.
  int BackendPid() const { return backend_pid_.load(); }

 private:
  PgChangeFeed(std::string url, int event_fd) : url_(std::move(url)), event_fd_(event_fd) {}

  // Opens a new session and listens on it.
  core::Status Connect();
  void Disconnect();
  // Frees the queued notifications; true when there was at least one.
  bool DrainNotifications();
  // Waits until `until` for the interrupt alone; true when interrupted.
  bool SleepUntilUnlessInterrupted(std::chrono::steady_clock::time_point until);
  bool ConsumeInterrupt();

  const std::string url_;
  const int event_fd_;                            // eventfd written by Interrupt
  PGconn* conn_ = nullptr;                        // null while disconnected
  std::chrono::milliseconds reconnect_pause_{0};  // 0 while connected
  std::chrono::steady_clock::time_point next_connect_at_;
  std::atomic<int> backend_pid_{0};
};

}  // namespace tsunagu::adapters::postgres
