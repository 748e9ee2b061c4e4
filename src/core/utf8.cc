#include "core/utf8.h"

#include <cstdint>

namespace tsunagu::core {
namespace {

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

struct SequenceShape {
  int length;                    // 0: this byte cannot start a sequence
  std::uint32_t min_code_point;  // smaller values would be overlong encodings
};

SequenceShape ShapeOf(unsigned char lead) {
  if (lead < 0x80) return {1, 0};
  if ((lead & 0xE0) == 0xC0) return {2, 0x80};
  if ((lead & 0xF0) == 0xE0) return {3, 0x800};
  if ((lead & 0xF8) == 0xF0) return {4, 0x10000};
  return {0, 0};
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const auto [length, min_code_point] = ShapeOf(lead);
    if (length == 0 || text.size() - i < static_cast<std::size_t>(length)) return false;
    std::uint32_t code_point = length == 1 ? lead : (lead & (0x7F >> length));
    for (int k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (!IsContinuation(byte)) return false;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    i += static_cast<std::size_t>(length);
  }
  return true;
}

std::size_t CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if (!IsContinuation(static_cast<unsigned char>(c))) ++count;
  }
  return count;
}

std::string_view TruncateCodePoints(std::string_view text, std::size_t max_code_points) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(static_cast<unsigned char>(text[i]))) continue;
    if (seen == max_code_points) return text.substr(0, i);
    ++seen;
  }
  return text;
}

std::string_view TruncateBytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Step back over continuation bytes so that the cut falls before a lead byte.
  while (end > 0 && IsContinuation(static_cast<unsigned char>(text[end]))) --end;
  return text.substr(0, end);
}

std::string ReplaceControlChars(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = ' ';
  }
  return out;
}

std::optional<std::size_t> Utf8Length(std::string_view text) {
  if (!IsValidUtf8(text)) return std::nullopt;
  return CountCodePoints(text);
}

namespace {

// Unicode's White_Space property (PropList.txt).
bool IsWhiteSpace(std::uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

}  // namespace

bool IsBlank(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<std::uint8_t>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + len > text.size()) return false;
    std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<std::uint8_t>(text[i + k]) & 0x3F);
    }
    if (!IsWhiteSpace(cp)) return false;
    i += len;
  }
  return true;
}

std::string QuoteForError(std::string_view text, std::size_t max_bytes) {
  if (!IsValidUtf8(text)) return "\"(not UTF-8)\"";
  const std::string_view cut = TruncateBytes(text, max_bytes);
  std::string out = "\"" + ReplaceControlChars(cut);
  if (cut.size() < text.size()) out += "...";
  return out + "\"";
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace tsunagu::core
