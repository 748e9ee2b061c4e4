#include "adapters/storage/postgres/pg_change_feed.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "adapters/storage/postgres/pg_connection.h"
#include "adapters/storage/postgres/postgres_tx.h"

namespace tsunagu::adapters::postgres {
namespace {

using Clock = std::chrono::steady_clock;

int PollTimeoutMs(Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<std::int64_t>(left, 0, std::numeric_limits<int>::max()));
}

}  // namespace

core::Result<std::unique_ptr<PgChangeFeed>> PgChangeFeed::Open(const std::string& url) {
  int event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (event_fd < 0) {
    return core::Fail(core::ErrorCode::kInternal, "postgres: change feed: eventfd failed");
  }
  std::unique_ptr<PgChangeFeed> feed(new PgChangeFeed(url, event_fd));
  core::Status connected = feed->Connect();
  if (!connected) return std::unexpected(connected.error());
  return feed;
}

PgChangeFeed::~PgChangeFeed() {
  Disconnect();
  close(event_fd_);
}

core::Status PgChangeFeed::Connect() {
  core::Result<PGconn*> conn = OpenPgConn(url_);
  if (!conn) return std::unexpected(conn.error());
  PGresult* listened = PQexec(*conn, (std::string("LISTEN ") + kStreamChannel).c_str());
  bool ok = listened != nullptr && PQresultStatus(listened) == PGRES_COMMAND_OK;
  PgFailure failure;
  if (!ok) failure = PgError(*conn, listened, "LISTEN");
  PQclear(listened);
  if (!ok) {
    PQfinish(*conn);
    return std::unexpected(failure.error);
  }
  conn_ = *conn;
  backend_pid_.store(PQbackendPID(conn_));
  reconnect_pause_ = std::chrono::milliseconds(0);
  return core::Ok();
}

void PgChangeFeed::Disconnect() {
  if (conn_ == nullptr) return;
  PQfinish(conn_);
  conn_ = nullptr;
  backend_pid_.store(0);
}

bool PgChangeFeed::DrainNotifications() {
  bool any = false;
  while (PGnotify* notify = PQnotifies(conn_)) {
    any = true;
    PQfreemem(notify);
  }
  return any;
}

void PgChangeFeed::Interrupt() {
  std::uint64_t one = 1;
  ssize_t written = write(event_fd_, &one, sizeof one);
  static_cast<void>(written);  // the counter is already set when this fails (EAGAIN)
}

bool PgChangeFeed::ConsumeInterrupt() {
  std::uint64_t count = 0;
  return read(event_fd_, &count, sizeof count) == static_cast<ssize_t>(sizeof count);
}

bool PgChangeFeed::SleepUntilUnlessInterrupted(Clock::time_point until) {
  for (;;) {
    pollfd fd{event_fd_, POLLIN, 0};
    int ready = poll(&fd, 1, PollTimeoutMs(until));
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0 && ConsumeInterrupt()) return true;
    if (Clock::now() >= until) return false;
  }
}

bool PgChangeFeed::Wait(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    if (conn_ == nullptr) {
      // After a failed attempt, wait before the next one, so a server that is down or refusing
      // connections is not hammered; the first attempt after a loss is immediate.
      if (Clock::now() < next_connect_at_) {
        if (SleepUntilUnlessInterrupted(std::min(next_connect_at_, deadline))) return false;
        if (Clock::now() < next_connect_at_) return false;  // the timeout came first
      }
      // Notifications sent while the session was gone are lost: report a wake-up, so the
      // reader reads the journal again.
      if (Connect()) return true;
      reconnect_pause_ =
          std::clamp(reconnect_pause_ * 2, kFeedReconnectPauseMin, kFeedReconnectPauseMax);
      next_connect_at_ = Clock::now() + reconnect_pause_;
      if (Clock::now() >= deadline) return false;
      continue;
    }
    if (DrainNotifications()) return true;
    std::array<pollfd, 2> fds{{{PQsocket(conn_), POLLIN, 0}, {event_fd_, POLLIN, 0}}};
    int ready = poll(fds.data(), fds.size(), PollTimeoutMs(deadline));
    if (ready < 0) {
      if (errno == EINTR) continue;
      Disconnect();  // a socket poll cannot wait on is as good as lost
      continue;
    }
    if ((fds[1].revents & POLLIN) != 0 && ConsumeInterrupt()) return false;
    if (ready == 0) return false;
    if (fds[0].revents != 0) {
      // The server closed the session (terminated, restarted) or the network failed: the
      // notifications in flight are lost, so reconnect and report it.
      if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) Disconnect();
    }
  }
}

}  // namespace tsunagu::adapters::postgres
