#include "adapters/text/japanese_normalizer.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>

namespace tsunagu::adapters::text {
namespace {

// One code point with the original bytes [begin, end) it came from.
struct MappedChar {
  UChar32 cp;
  std::uint32_t begin;
  std::uint32_t end;
  bool newline = false;  // a space that stands for a line break
};

constexpr UChar32 kLongVowelMark = 0x30FC;  // ー

bool IsLongVowelMark(UChar32 cp) {
  return cp == 0x30FC || cp == 0x301C || cp == 0x007E || cp == 0x2015 || cp == 0xFF70;
}

bool IsNewline(UChar32 cp) {
  return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85;
}

bool IsSpaceOrControl(UChar32 cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || u_isUWhiteSpace(cp);
}

bool IsHiragana(UChar32 cp) { return cp >= 0x3041 && cp <= 0x3096; }

// The vowel of each hiragana from U+3041 ぁ to U+3096 ゖ ('-' for っ and ん).
constexpr std::string_view kHiraganaVowels =
    "aaiiuueeooaaiiuueeooaaiiuueeooaaii-uueeooaiueoaaaiiiuuueeeoooaiueoaauuooaiueoaaieo-uae";

char VowelOf(UChar32 cp) { return IsHiragana(cp) ? kHiraganaVowels[cp - 0x3041] : '\0'; }

bool IsSmallVowel(UChar32 cp) {
  return cp == 0x3041 || cp == 0x3043 || cp == 0x3045 || cp == 0x3047 || cp == 0x3049;
}

void AppendUtf8(std::string& out, UChar32 cp) {
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, cp);
  out.append(buffer, static_cast<std::size_t>(length));
}

// What the key makes of one character of the tokenizer text.
enum class KeyAction { kEmit, kDrop, kMerge };  // kMerge: dropped, part of the previous one
struct KeyChar {
  KeyAction action;
  UChar32 cp;
};

KeyChar ToKey(UChar32 cp, UChar32 previous) {
  if (cp == ' ') return {KeyAction::kDrop, 0};
  if (IsLongVowelMark(cp)) return {KeyAction::kMerge, 0};
  if ((cp >= 0x30A1 && cp <= 0x30F6) || cp == 0x30FD || cp == 0x30FE) cp -= 0x60;  // カ → か
  if (IsSmallVowel(cp)) {
    if (VowelOf(previous) == VowelOf(cp)) return {KeyAction::kMerge, 0};  // たぁ → た
    cp += 1;                                                              // たぃ → たい
  }
  if (IsHiragana(cp) && cp == previous) return {KeyAction::kMerge, 0};
  return {KeyAction::kEmit, cp};
}

}  // namespace

core::Result<JapaneseNormalizer> JapaneseNormalizer::Create() {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
  if (U_FAILURE(status) || nfkc_cf == nullptr) {
    return core::Fail(core::ErrorCode::kInternal,
                      std::string("ICU NFKC_Casefold: ") + u_errorName(status));
  }
  return JapaneseNormalizer(nfkc_cf);
}

core::Status JapaneseNormalizer::Normalize(std::string_view input, NormalizedText& out) const {
  if (input.size() >= std::numeric_limits<std::int32_t>::max()) {
    return core::Fail(core::ErrorCode::kLimitExceeded, "text too large to normalise");
  }
  out = NormalizedText{};

  // 1. UTF-8 to UTF-16, each unit with its original bytes; ill-formed bytes become U+FFFD.
  std::vector<UChar> u16;
  std::vector<std::uint32_t> u16_begin, u16_end;
  u16.reserve(input.size());
  u16_begin.reserve(input.size());
  u16_end.reserve(input.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.data());
  const auto length = static_cast<std::int32_t>(input.size());
  for (std::int32_t i = 0; i < length;) {
    const std::int32_t start = i;
    UChar32 cp = 0;
    U8_NEXT(bytes, i, length, cp);
    if (cp < 0) {
      cp = 0xFFFD;
      out.repaired_utf8 = true;
    }
    UChar units[2];
    int32_t n = 0;
    U16_APPEND_UNSAFE(units, n, cp);
    for (int32_t k = 0; k < n; ++k) {
      u16.push_back(units[k]);
      u16_begin.push_back(static_cast<std::uint32_t>(start));
      u16_end.push_back(static_cast<std::uint32_t>(i));
    }
  }

  // 2. NFKC with case folding. Text that already passes the quick check is copied; the rest is
  // normalised one segment (boundary to boundary) at a time, and every code point that comes
  // out of a segment maps to the whole segment's original bytes.
  std::vector<MappedChar> chars;
  chars.reserve(u16.size());
  std::vector<UChar> normalized(64);
  const auto units = static_cast<std::int32_t>(u16.size());
  auto copy = [&](std::int32_t from, std::int32_t to) {
    for (std::int32_t i = from; i < to;) {
      const std::int32_t start = i;
      UChar32 cp = 0;
      U16_NEXT(u16.data(), i, to, cp);
      chars.push_back({cp, u16_begin[static_cast<std::size_t>(start)],
                       u16_end[static_cast<std::size_t>(i - 1)]});
    }
  };
  for (std::int32_t pos = 0; pos < units;) {
    UErrorCode status = U_ZERO_ERROR;
    const std::int32_t span =
        unorm2_spanQuickCheckYes(nfkc_cf_, u16.data() + pos, units - pos, &status);
    if (U_FAILURE(status)) {
      return core::Fail(core::ErrorCode::kInternal,
                        std::string("ICU quick check: ") + u_errorName(status));
    }
    copy(pos, pos + span);
    pos += span;
    if (pos >= units) break;
    std::int32_t end = pos;
    UChar32 cp = 0;
    U16_NEXT(u16.data(), end, units, cp);
    while (end < units) {
      std::int32_t next = end;
      U16_NEXT(u16.data(), next, units, cp);
      if (unorm2_hasBoundaryBefore(nfkc_cf_, cp)) break;
      end = next;
    }
    std::int32_t produced = 0;
    while (true) {
      status = U_ZERO_ERROR;
      produced = unorm2_normalize(nfkc_cf_, u16.data() + pos, end - pos, normalized.data(),
                                  static_cast<std::int32_t>(normalized.size()), &status);
      if (status == U_BUFFER_OVERFLOW_ERROR) {
        normalized.resize(static_cast<std::size_t>(produced) + 16);
        continue;
      }
      if (U_FAILURE(status)) {
        return core::Fail(core::ErrorCode::kInternal,
                          std::string("ICU normalize: ") + u_errorName(status));
      }
      break;
    }
    const std::uint32_t begin = u16_begin[static_cast<std::size_t>(pos)];
    const std::uint32_t stop = u16_end[static_cast<std::size_t>(end - 1)];
    for (std::int32_t i = 0; i < produced;) {
      U16_NEXT(normalized.data(), i, produced, cp);
      chars.push_back({cp, begin, stop});
    }
    pos = end;
  }

  // 3. The tokenizer text: squash white space, long vowel marks and repeated characters.
  std::vector<MappedChar> squashed;
  squashed.reserve(chars.size());
  for (std::size_t i = 0; i < chars.size();) {
    const MappedChar& c = chars[i];
    std::size_t run = i + 1;
    if (IsSpaceOrControl(c.cp)) {
      bool newline = IsNewline(c.cp);
      while (run < chars.size() && IsSpaceOrControl(chars[run].cp)) {
        newline = newline || IsNewline(chars[run].cp);
        ++run;
      }
      squashed.push_back({' ', c.begin, chars[run - 1].end, newline});
    } else if (IsLongVowelMark(c.cp)) {
      while (run < chars.size() && IsLongVowelMark(chars[run].cp)) ++run;
      squashed.push_back({kLongVowelMark, c.begin, chars[run - 1].end});
    } else {
      while (run < chars.size() && chars[run].cp == c.cp) ++run;
      if (run - i >= 3 && !(c.cp >= '0' && c.cp <= '9')) {
        squashed.push_back({c.cp, c.begin, chars[run - 1].end});
      } else {
        squashed.insert(squashed.end(), chars.begin() + static_cast<std::ptrdiff_t>(i),
                        chars.begin() + static_cast<std::ptrdiff_t>(run));
      }
    }
    i = run;
  }

  // 4. Both strings, with their maps.
  out.text.reserve(squashed.size() * 3);
  out.key.reserve(squashed.size() * 3);
  UChar32 previous = 0;
  for (const MappedChar& c : squashed) {
    const std::size_t text_at = out.text.size();
    AppendUtf8(out.text, c.cp);
    const std::size_t added = out.text.size() - text_at;
    out.text_begin.insert(out.text_begin.end(), added, c.begin);
    out.text_end.insert(out.text_end.end(), added, c.end);
    out.text_to_key.insert(out.text_to_key.end(), added,
                           static_cast<std::uint32_t>(out.key.size()));
    KeyChar k = c.newline ? KeyChar{KeyAction::kEmit, '\n'} : ToKey(c.cp, previous);
    if (k.action == KeyAction::kMerge && !out.key.empty()) {
      // Dropped as a lengthening of the previous character: highlight it with that one.
      std::size_t last = out.key.size() - 1;
      while (last > 0 && (static_cast<unsigned char>(out.key[last]) & 0xC0) == 0x80) --last;
      for (std::size_t b = last; b < out.key.size(); ++b) {
        out.key_end[b] = std::max(out.key_end[b], c.end);
      }
      continue;
    }
    if (k.action != KeyAction::kEmit) {
      if (c.cp == ' ') previous = 0;
      continue;
    }
    const std::size_t key_at = out.key.size();
    AppendUtf8(out.key, k.cp);
    const std::size_t key_added = out.key.size() - key_at;
    out.key_begin.insert(out.key_begin.end(), key_added, c.begin);
    out.key_end.insert(out.key_end.end(), key_added, c.end);
    previous = k.cp == '\n' ? 0 : k.cp;
  }
  out.text_to_key.push_back(static_cast<std::uint32_t>(out.key.size()));
  return core::Ok();
}

std::string JapaneseNormalizer::FoldKey(std::string_view nfkc_utf8) {
  std::string key;
  key.reserve(nfkc_utf8.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(nfkc_utf8.data());
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(nfkc_utf8.size(), 1u << 20));
  UChar32 previous = 0;
  for (std::int32_t i = 0; i < length;) {
    UChar32 cp = 0;
    U8_NEXT(bytes, i, length, cp);
    if (cp < 0) cp = 0xFFFD;
    if (IsSpaceOrControl(cp)) cp = ' ';
    const KeyChar k = ToKey(cp, previous);
    if (k.action == KeyAction::kEmit) {
      AppendUtf8(key, k.cp);
      previous = k.cp;
    } else if (cp == ' ') {
      previous = 0;
    }
  }
  return key;
}

}  // namespace tsunagu::adapters::text
