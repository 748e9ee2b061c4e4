#pragma once

#include "platform/http_client.h"

namespace tsunagu::adapters::http {

// platform::HttpClient over Beast: HTTP/1.1, TLS with certificate and host-name checks for
// https URLs, one connection per request. Blocking; safe from several threads.
class BeastHttpClient : public platform::HttpClient {
 public:
  platform::HttpResponse Send(const platform::HttpRequest& request) override;
};

}  // namespace tsunagu::adapters::http
