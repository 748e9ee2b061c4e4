#pragma once

#include <memory>
#include <string>

#include "adapters/http/api_routes.h"
#include "adapters/http/stream_hub.h"
#include "core/result.h"

namespace tsunagu::adapters::http {

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int blocking_threads = 4;  // database and password hashing
};

// The HTTP and WebSocket server (Boost.Beast). The only place that includes Beast on the
// serving side.
class Server {
 public:
  Server(ServerSettings settings, StreamHub& hub);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Runs blocking work on the server's pool; routes take it as RouteDeps::run_blocking.
  void RunBlocking(std::function<void()> fn);

  // Binds and starts serving with routes; returns the bound port.
  core::Result<int> Start(ApiRoutes& routes);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsunagu::adapters::http
