// UTF-8 helpers for LINE's limits, which count characters rather than bytes. They never read
// past the input, even when it is not valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tsunagu::adapters::line {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Code points in text. Every byte that does not continue a sequence starts one, so invalid
// input still gets a count that is at least the number of code points.
std::size_t CountCodePoints(std::string_view text);

// The longest prefix of text with at most max_code_points code points.
std::string_view TruncateCodePoints(std::string_view text, std::size_t max_code_points);

// The longest prefix of text of at most max_bytes bytes that does not end inside a code point.
std::string_view TruncateBytes(std::string_view text, std::size_t max_bytes);

// A copy safe for one log line: control characters become spaces.
std::string ReplaceControlChars(std::string_view text);

}  // namespace tsunagu::adapters::line
