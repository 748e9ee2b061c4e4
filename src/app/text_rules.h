#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tsunagu::app {

// The number of Unicode code points in text, or nullopt when it is not valid UTF-8.
std::optional<std::size_t> Utf8Length(std::string_view text);

// True when text holds nothing but Unicode White_Space (line breaks, tabs, U+00A0, U+3000, ...).
// Expects valid UTF-8; check with Utf8Length first.
bool IsBlank(std::string_view text);

}  // namespace tsunagu::app
