// Small pieces every route uses: JSON and error responses, the JSON body, ids and query
// integers. Bad input always becomes a 400 with a "日本語 / English" message.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/http_types.h"
#include "core/result.h"

namespace tsunagu::adapters::http {

Response Json(int status, const boost::json::value& body);
Response Error(int status, std::string_view code, std::string_view message);
Response ErrorOf(const core::Error& e);
Response NotFound();

// Parses a JSON object body; nullopt (and a 400 in *error) for anything else.
std::optional<boost::json::object> ParseObject(const std::string& body, Response* error);
std::string StringField(const boost::json::object& o, std::string_view key);
// A positive integer id, all of text.
std::optional<std::int64_t> ParseId(std::string_view text);
// An integer query parameter within [min, max], or fallback when absent; nullopt (with a 400 in
// *error) when present but not such an integer.
std::optional<std::int64_t> QueryInt(const std::map<std::string, std::string>& q,
                                     std::string_view key, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max, Response* error);

}  // namespace tsunagu::adapters::http
