// UTF-8 text: validity, lengths in code points (LINE and our limits count characters, not
// bytes), safe truncation, and blank checks. Pure; never reads past the input, even when it is
// not valid UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::core {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Code points in text. Every byte that does not continue a sequence starts one, so invalid
// input still gets a count that is at least the number of code points.
std::size_t CountCodePoints(std::string_view text);

// The number of code points, or nullopt when text is not valid UTF-8.
std::optional<std::size_t> Utf8Length(std::string_view text);

// The longest prefix of text with at most max_code_points code points.
std::string_view TruncateCodePoints(std::string_view text, std::size_t max_code_points);

// The longest prefix of text of at most max_bytes bytes that does not end inside a code point.
std::string_view TruncateBytes(std::string_view text, std::size_t max_bytes);

// A copy safe for one log line: control characters become spaces.
std::string ReplaceControlChars(std::string_view text);

// True when text holds nothing but Unicode White_Space (line breaks, tabs, U+00A0, U+3000, ...).
// Expects valid UTF-8; check with IsValidUtf8 first.
bool IsBlank(std::string_view text);

// Text safe to quote in an error message: "..." around it, valid UTF-8 (else "(not UTF-8)"), no
// control characters, at most max_bytes of it (cut at a code point, "..." after a cut).
std::string QuoteForError(std::string_view text, std::size_t max_bytes);

// ASCII letters lowered; every other byte as it is (Japanese text passes unchanged).
std::string AsciiLower(std::string_view text);

// The lines of a text stored one item per line ("\n"); a trailing empty line is not an item.
std::vector<std::string_view> SplitLines(std::string_view text);

}  // namespace tsunagu::core
