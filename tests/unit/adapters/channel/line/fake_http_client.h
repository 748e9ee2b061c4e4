// A hand-written HttpClient for sender tests: it records every request and answers from a
// script, in order. An exhausted script answers status 0 ("no response").
#pragma once

#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "platform/http_client.h"

namespace tsunagu::adapters::line::testing {

class FakeHttpClient final : public platform::HttpClient {
 public:
  void Script(platform::HttpResponse response) {
    std::lock_guard lock(mutex_);
    responses_.push_back(std::move(response));
  }

  platform::HttpResponse Send(const platform::HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (responses_.empty()) {
      platform::HttpResponse none;
      none.error = "fake: no scripted response";
      return none;
    }
    platform::HttpResponse response = std::move(responses_.front());
    responses_.pop_front();
    return response;
  }

  std::vector<platform::HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<platform::HttpResponse> responses_;
  std::vector<platform::HttpRequest> requests_;
};

inline platform::HttpResponse Response(int status, std::string body = {},
                                       platform::HttpHeaders headers = {}) {
  platform::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

}  // namespace tsunagu::adapters::line::testing
