// A message as the matcher sees it: the normalised matching text with a map back to the original
// bytes, and its tokens. The text adapter (src/adapters/text) builds it with ICU and MeCab; the
// rules in core read it and never see the original text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tsunagu::core::risk {

struct Token {
  std::string surface;  // in the matching form (as in AnalyzedText::key)
  std::string base;     // the dictionary form (辞書形) in the matching form; the surface when
                        // the dictionary has none (unknown words)
  std::string pos;  // part of speech as ipadic names it: 名詞, 動詞, 形容詞, 助動詞, 助詞,
                    // 副詞, 記号, ...
  std::string pos_detail;  // ipadic's first subdivision: 自立, 非自立, 接尾, 格助詞, 係助詞,
                           // 接続助詞, 終助詞, 句点, 読点, ...
  std::uint32_t key_begin = 0;  // [key_begin, key_end): bytes of AnalyzedText::key
  std::uint32_t key_end = 0;
  std::uint32_t begin = 0;  // [begin, end): bytes of the original text
  std::uint32_t end = 0;
  bool space_before = false;  // white space separated it from the previous token
};

struct AnalyzedText {
  // The matching form: NFKC with case folding, katakana as hiragana, long vowel marks and white
  // space dropped, repeated characters squashed (docs/risk.md, "正規化 / Normalisation").
  std::string key;
  // For each byte of key, the original bytes [key_begin[i], key_end[i]) it came from.
  std::vector<std::uint32_t> key_begin;
  std::vector<std::uint32_t> key_end;
  std::vector<Token> tokens;
  std::size_t bytes_analyzed = 0;  // a prefix of the original text, cut at a code point
  bool truncated = false;          // the original was longer than the limit
  bool repaired_utf8 = false;      // invalid UTF-8 was replaced with U+FFFD
};

}  // namespace tsunagu::core::risk
