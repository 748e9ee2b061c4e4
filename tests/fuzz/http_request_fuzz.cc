// Fuzz target: the pieces of an HTTP request that the server parses itself (query strings,
// percent escapes, cookies) and the UTF-8 checks on API text. Input: query \0 cookie \0 text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/http/http_types.h"
#include "core/utf8.h"

namespace http = tsunagu::adapters::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t a = input.find('\0');
  const std::string_view query = input.substr(0, a);
  const std::string_view rest = a == std::string_view::npos ? "" : input.substr(a + 1);
  const std::size_t b = rest.find('\0');
  const std::string_view cookie = rest.substr(0, b);
  const std::string_view text = b == std::string_view::npos ? "" : rest.substr(b + 1);

  for (const auto& [k, v] : http::ParseQuery(query)) {
    if (k.size() > query.size() || v.size() > query.size()) __builtin_trap();
  }
  if (http::PercentDecode(query).size() > query.size()) __builtin_trap();

  http::Request req;
  req.headers.emplace_back("Cookie", std::string(cookie));
  if (req.Cookie("tsunagu_session").size() > cookie.size()) __builtin_trap();

  auto length = tsunagu::core::Utf8Length(text);
  if (length && *length > text.size()) __builtin_trap();
  (void)tsunagu::core::IsBlank(text);
  return 0;
}
