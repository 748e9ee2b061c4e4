#include "adapters/http/route_helpers.h"

#include <fmt/format.h>

#include <charconv>

#include "adapters/http/json_views.h"

namespace tsunagu::adapters::http {
namespace json = boost::json;

Response Json(int status, const json::value& body) {
  return Response{status, "application/json; charset=utf-8", {}, json::serialize(body)};
}

Response Error(int status, std::string_view code, std::string_view message) {
  return Response{status, "application/json; charset=utf-8", {}, ErrorBody(code, message)};
}

Response ErrorOf(const core::Error& e) {
  return Error(HttpStatusOf(e.code), core::ErrorCodeName(e.code), e.message);
}

Response NotFound() { return Error(404, "not_found", "見つかりません / not found"); }

std::optional<json::object> ParseObject(const std::string& body, Response* error) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    *error = Error(400, "invalid_argument",
                   "JSONオブジェクトを送ってください / the body must be a JSON object");
    return std::nullopt;
  }
  return std::move(v.as_object());
}

std::string StringField(const json::object& o, std::string_view key) {
  if (const json::value* v = o.if_contains(key); v && v->is_string()) {
    return std::string(v->as_string());
  }
  return {};
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

std::optional<std::int64_t> QueryInt(const std::map<std::string, std::string>& q,
                                     std::string_view key, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max, Response* error) {
  auto it = q.find(std::string(key));
  if (it == q.end()) return fallback;
  std::int64_t v = 0;
  const std::string& text = it->second;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < min || v > max) {
    *error = Error(400, "invalid_argument",
                   fmt::format("{} は {}〜{} の整数です / {} must be an integer {}..{}", key, min,
                               max, key, min, max));
    return std::nullopt;
  }
  return v;
}

}  // namespace tsunagu::adapters::http
