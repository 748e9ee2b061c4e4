// Normalisation of Japanese text for risk analysis, with ICU's C API (so that the clang + libc++
// fuzz build can link it): NFKC with case folding, then our own folding of spelling variants.
// Every normalised byte keeps the original bytes it came from, so matches can be highlighted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct UNormalizer2;

namespace tsunagu::adapters::text {

// The two normalised forms of one text (docs/risk.md, "正規化 / Normalisation").
struct NormalizedText {
  // MeCab's input: NFKC + case folding (ｼﾆﾀｲ → シニタイ, ＯＤ → od); each run of white space
  // or control characters as one space; each run of long vowel marks (ー〜~) as one ー; three
  // or more of the same character (not a digit) as one (しにたいいいい → しにたい).
  std::string text;
  std::vector<std::uint32_t> text_begin;  // per byte of text: the original bytes [begin, end)
  std::vector<std::uint32_t> text_end;
  std::vector<std::uint32_t> text_to_key;  // per byte offset of text, 0..size(): offset in key
  // The matching form, from text: katakana as hiragana, long vowel marks and spaces dropped
  // (line breaks kept), a small vowel that lengthens the one before dropped (したぁい → したい)
  // and any other enlarged (しにたぃ → しにたい), repeated kana squashed to one.
  std::string key;
  std::vector<std::uint32_t> key_begin;  // per byte of key: the original bytes [begin, end)
  std::vector<std::uint32_t> key_end;
  bool repaired_utf8 = false;  // invalid UTF-8 was replaced with U+FFFD
};

class JapaneseNormalizer {
 public:
  // kInternal if ICU's normalisation data cannot be loaded.
  static core::Result<JapaneseNormalizer> Create();

  // Any bytes. input must be shorter than 4 GiB (callers bound it far below that).
  core::Status Normalize(std::string_view input, NormalizedText& out) const;

  // The matching form of text that is already in NFKC (MeCab's base forms): the key rules only.
  static std::string FoldKey(std::string_view nfkc_utf8);

 private:
  explicit JapaneseNormalizer(const UNormalizer2* nfkc_cf) : nfkc_cf_(nfkc_cf) {}
  const UNormalizer2* nfkc_cf_;  // owned by ICU, shared and thread-safe
};

}  // namespace tsunagu::adapters::text
