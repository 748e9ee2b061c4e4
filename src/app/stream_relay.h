#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports/change_feed.h"
#include "app/ports/clock.h"
#include "app/ports/event_log.h"
#include "app/ports/notifier.h"
#include "app/ports/store.h"

namespace tsunagu::app {

// Carries console events between nodes that share one database. Publish hands an event to this
// node's own consoles at once and queues a journal record (ids only, never text); Flush appends
// the queued records in one transaction. Follow reads the journal after the last id it saw and
// republishes other nodes' records to this node's consoles, loading the conversation and message
// as they are now. A lost wake-up (ChangeFeed) only delays: the next read catches up.
//
// Each of Flush and Follow is meant for one thread (see Services in src/main/runtime.cc).
class StreamRelay final : public Notifier {
 public:
  // on_queued is called after Publish queued a record (to wake whoever calls Flush).
  StreamRelay(Store& store, Notifier& local, Clock& clock, EventLog& log, std::string node_id,
              std::function<void()> on_queued = {});

  void Publish(const StreamEvent& event) override;

  // Appends what Publish queued; true when it appended anything. On failure the records are
  // kept and tried again (up to a bound: consoles on other nodes then miss them until they
  // reload, which they do on reconnect).
  bool Flush();

  // Starts following at the journal's current end (nothing older is replayed).
  core::Status StartFollowing();
  // Republishes other nodes' records after the last one seen; true when it read any.
  bool Follow();

  const std::string& node_id() const { return node_id_; }
  std::int64_t last_seen_id() const { return last_seen_.load(); }

 private:
  Store& store_;
  Notifier& local_;
  Clock& clock_;
  EventLog& log_;
  const std::string node_id_;
  std::function<void()> on_queued_;
  std::mutex mutex_;
  std::vector<StreamRecord> queued_;
  std::atomic<std::int64_t> last_seen_{0};
};

}  // namespace tsunagu::app
