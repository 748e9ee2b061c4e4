// Requests and responses as plain structs, so that routes are written without Beast and compile
// quickly; server.cc converts to and from Beast.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "platform/http_client.h"

namespace tsunagu::adapters::http {

struct Request {
  std::string method;
  std::string path;  // decoded path without the query
  std::map<std::string, std::string> query;
  platform::HttpHeaders headers;
  std::string body;
  std::string remote_address;

  std::string Header(std::string_view name) const;  // case-insensitive; empty when absent
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  platform::HttpHeaders headers;
  std::string body;
};

using Respond = std::function<void(Response)>;

// Splits "a=1&b=%E3%81%82" into decoded pairs. Malformed escapes are kept as they are.
std::map<std::string, std::string> ParseQuery(std::string_view query);
std::string PercentDecode(std::string_view text);

}  // namespace tsunagu::adapters::http
