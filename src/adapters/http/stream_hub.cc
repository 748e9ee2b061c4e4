#include "adapters/http/stream_hub.h"

#include <boost/json.hpp>

#include "adapters/http/json_views.h"

namespace tsunagu::adapters::http {

void StreamHub::Add(const std::shared_ptr<StreamClient>& client) {
  std::lock_guard lock(mutex_);
  clients_.push_back(client);
}

void StreamHub::Remove(const StreamClient* client) {
  std::lock_guard lock(mutex_);
  std::erase_if(clients_, [client](const std::weak_ptr<StreamClient>& w) {
    auto c = w.lock();
    return !c || c.get() == client;
  });
}

std::size_t StreamHub::ClientCount() {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

void StreamHub::Publish(const app::StreamEvent& event) {
  std::vector<std::shared_ptr<StreamClient>> targets;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(clients_, [](const std::weak_ptr<StreamClient>& w) { return w.expired(); });
    for (const auto& w : clients_) {
      auto c = w.lock();
      if (!c) continue;
      if (app::StreamEventVisibleTo(c->staff(), event)) targets.push_back(std::move(c));
    }
  }
  if (targets.empty()) return;
  auto frame = std::make_shared<const std::string>(boost::json::serialize(StreamEventJson(event)));
  for (const auto& c : targets) c->Send(frame);
}

void StreamHub::CloseStaff(core::StaffId staff_id, int code) {
  std::lock_guard lock(mutex_);
  for (const auto& w : clients_) {
    if (auto c = w.lock(); c && c->staff().id == staff_id) c->Close(code);
  }
}

void StreamHub::CloseAll(int code) {
  std::lock_guard lock(mutex_);
  for (const auto& w : clients_) {
    if (auto c = w.lock()) c->Close(code);
  }
}

}  // namespace tsunagu::adapters::http
