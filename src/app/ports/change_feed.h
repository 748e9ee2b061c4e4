// How a node learns that another node appended to the stream journal (Store::AppendStreamRecord).
// PostgreSQL implements it with LISTEN/NOTIFY on a connection of its own. A wake-up carries no
// data: the reader always reads the journal after the last id it saw, so a lost notification (a
// dropped connection, say) only delays, and Wait reports a reconnect as a wake-up.
#pragma once

#include <chrono>

namespace tsunagu::app {

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // Blocks until a notification arrives (true), the connection was re-established (true), or the
  // timeout passes (false). Interrupt makes a waiting call return at once.
  virtual bool Wait(std::chrono::milliseconds timeout) = 0;
  virtual void Interrupt() = 0;
};

}  // namespace tsunagu::app
