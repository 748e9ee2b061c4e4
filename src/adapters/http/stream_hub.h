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
  // Sends a close frame with code after the frames already queued.
  virtual void Close(int code) = 0;
};

// WebSocket close codes of the stream (api/openapi.yaml).
inline constexpr int kStreamCloseGoingAway = 1001;     // the server is stopping
inline constexpr int kStreamCloseSessionEnded = 4001;  // logout

// Step 4, fan-out: sends each change to the connected consoles whose staff may see it. The
// permission check is the same function the REST API uses (core::CanView).
class StreamHub : public app::Notifier {
 public:
  void Add(const std::shared_ptr<StreamClient>& client);
  void Remove(const StreamClient* client);
  std::size_t ClientCount();

  void Publish(const app::StreamEvent& event) override;

  // Closes every stream of one staff member (after logout), or every stream (shutdown).
  void CloseStaff(core::StaffId staff_id, int code);
  void CloseAll(int code);

 private:
  std::mutex mutex_;
  std::vector<std::weak_ptr<StreamClient>> clients_;
};

}  // namespace tsunagu::adapters::http
