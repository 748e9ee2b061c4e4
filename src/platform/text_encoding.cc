#include "platform/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace tsunagu::platform {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF). platform may not
// include core, so this repeats core::IsValidUtf8.
bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t min = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (text.size() - i < static_cast<std::size_t>(length)) return false;
    for (int k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if ((byte & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    if (code_point < min || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    i += static_cast<std::size_t>(length);
  }
  return true;
}

std::string Hex(std::string_view bytes) {
  std::string out;
  for (unsigned char byte : bytes) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%s0x%02X", out.empty() ? "" : " ", byte);
    out += buffer;
  }
  return out;
}

// "3 行目 (先頭から 57 バイト目) に<ja>: <hex> / line 3 (byte 57 of the file): <en>: <hex>"
std::string Where(std::string_view bytes, std::size_t offset, std::string_view ja,
                  std::string_view en, std::string_view shown) {
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(
                                   bytes.begin(), bytes.begin() + static_cast<long>(offset), '\n'));
  const std::string l = std::to_string(line);
  const std::string b = std::to_string(offset + 1);
  const std::string hex = Hex(shown);
  return l + " 行目 (先頭から " + b + " バイト目) に" + std::string(ja) + ": " + hex + " / line " +
         l + " (byte " + b + " of the file): " + std::string(en) + ": " + hex;
}

// Closes the iconv descriptor on every path.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

}  // namespace

std::string_view SourceEncodingName(SourceEncoding encoding) {
  switch (encoding) {
    case SourceEncoding::kUtf8:
      return "UTF-8";
    case SourceEncoding::kUtf8Bom:
      return "UTF-8 (BOM)";
    case SourceEncoding::kShiftJis:
      return "Shift_JIS (CP932)";
  }
  return "UTF-8";
}

DecodedText ShiftJisToUtf8(std::string_view bytes) {
  DecodedText out;
  out.source = SourceEncoding::kShiftJis;
  Iconv cd("UTF-8", "CP932");
  if (!cd.ok()) {
    out.error = "iconv が CP932 を扱えません / iconv cannot convert from CP932";
    return out;
  }
  std::string utf8;
  // A Shift_JIS byte becomes at most 3 UTF-8 bytes (half-width katakana: 1 -> 3).
  utf8.resize(bytes.size() * 3 + 16);
  // iconv's interface is not const-correct; it never writes through the input pointer.
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* out_ptr = utf8.data();
  std::size_t out_left = utf8.size();
  while (in_left > 0) {
    const std::size_t result = iconv(cd.get(), &in, &in_left, &out_ptr, &out_left);
    if (result != static_cast<std::size_t>(-1)) break;
    const std::size_t offset = static_cast<std::size_t>(in - bytes.data());
    if (errno == E2BIG) {  // cannot happen with the size above; grow anyway
      const std::size_t used = static_cast<std::size_t>(out_ptr - utf8.data());
      utf8.resize(utf8.size() * 2);
      out_ptr = utf8.data() + used;
      out_left = utf8.size() - used;
      continue;
    }
    if (errno == EINVAL) {
      out.error = Where(bytes, offset, "途中で終わった Shift_JIS の文字があります",
                        "truncated Shift_JIS character at the end", bytes.substr(offset));
    } else {
      out.error = Where(bytes, offset, " Shift_JIS として読めないバイトがあります",
                        "not valid Shift_JIS", bytes.substr(offset, 2));
    }
    return out;
  }
  utf8.resize(static_cast<std::size_t>(out_ptr - utf8.data()));
  out.utf8 = std::move(utf8);
  return out;
}

DecodedText DecodeUtf8OrShiftJis(std::string_view bytes) {
  DecodedText out;
  if (bytes.starts_with(kUtf8Bom)) {
    out.source = SourceEncoding::kUtf8Bom;
    bytes.remove_prefix(kUtf8Bom.size());
    if (!IsValidUtf8(bytes)) {
      out.error = "UTF-8 の BOM の後が UTF-8 ではありません / not valid UTF-8 after a UTF-8 BOM";
      return out;
    }
    out.utf8 = std::string(bytes);
    return out;
  }
  if (IsValidUtf8(bytes)) {
    out.source = SourceEncoding::kUtf8;
    out.utf8 = std::string(bytes);
    return out;
  }
  return ShiftJisToUtf8(bytes);
}

DecodedText ReadTextFileAsUtf8(const std::string& path, std::size_t bytes_max) {
  DecodedText out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = path + ": 開けません / cannot open";
    return out;
  }
  std::string bytes;
  char chunk[64 * 1024];
  while (in && bytes.size() <= bytes_max) {
    in.read(chunk, sizeof chunk);
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    out.error = path + ": 読めません / read error";
    return out;
  }
  if (bytes.size() > bytes_max) {
    out.error = path + ": 大きすぎます（" + std::to_string(bytes_max) +
                " バイトまで）/ too large (at most " + std::to_string(bytes_max) + " bytes)";
    return out;
  }
  out = DecodeUtf8OrShiftJis(bytes);
  if (!out.utf8) out.error = path + ": " + out.error;
  return out;
}

}  // namespace tsunagu::platform
