// Outbound HTTP, as a small interface, so that channel adapters (LINE, LINE WORKS) can call
// their platforms without including Beast. adapters/http implements it; main wires it in.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace tsunagu::platform {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: http:// or https://
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};
};

struct HttpResponse {
  int status = 0;  // 0: no response (connect failure, timeout, TLS error)
  HttpHeaders headers;
  std::string body;
  std::string error;  // set when status == 0

  // Header lookup, case-insensitive. Empty when absent.
  std::string Header(std::string_view name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Blocking; safe to call from several threads at once.
  virtual HttpResponse Send(const HttpRequest& request) = 0;
};

}  // namespace tsunagu::platform
