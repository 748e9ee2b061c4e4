#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/ports/store.h"
#include "core/inbound_event.h"

namespace tsunagu::app {

// Makes webhook events durable before the webhook is answered, grouping concurrent requests
// into one transaction ("group commit"): while one commit runs, new requests queue up and all
// of them go into the next one. One fsync then serves many requests.
class InboundCommitter {
 public:
  using Done = std::function<void(core::Status)>;

  // on_committed runs after every successful commit (it wakes the processor).
  InboundCommitter(Store& store, std::function<void()> on_committed);
  ~InboundCommitter();

  void Start();
  void Stop();  // commits what is queued, then stops

  // Queues events; done runs on the committer's thread once they are stored (duplicates of
  // earlier events count as stored) or the commit failed. An empty list completes at once.
  void Submit(std::vector<core::InboundEvent> events, Done done);

 private:
  struct Pending {
    std::vector<core::InboundEvent> events;
    Done done;
  };
  void Run();
  void CommitBatch(std::vector<Pending>& batch);

  Store& store_;
  std::function<void()> on_committed_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tsunagu::app
