#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports/notifier.h"
#include "core/staff.h"

namespace tsunagu::adapters::http {

// One connected console. server.cc implements it over a WebSocket.
class StreamClient {
 public:
  virtual ~StreamClient() = default;
  virtual const core::Staff& staff() const = 0;
  // Queues one text frame; never blocks. A client that falls too far behind is disconnected
  // (it catches up by refetching when it reconnects).
  virtual void Send(std::shared_ptr<const std::string> frame) = 0;
};

// Step 4, fan-out: sends each change to the connected consoles whose staff may see it. The
// permission check is the same function the REST API uses (core::CanView).
class StreamHub : public app::Notifier {
 public:
  void Add(const std::shared_ptr<StreamClient>& client);
  void Remove(const StreamClient* client);
  std::size_t ClientCount();

  void Publish(const app::StreamEvent& event) override;

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<StreamClient>> clients_;
};

}  // namespace tsunagu::adapters::http
