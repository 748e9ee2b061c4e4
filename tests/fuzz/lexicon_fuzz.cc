// libFuzzer target for the lexicon parser (core/risk/lexicon.h) and the matcher built from
// whatever it accepts. Input layout: the bytes before the first NUL are the lexicon file; the
// bytes after it are a message, given to the matcher as one token per code point (the matcher's
// rules are fuzzed without MeCab; risk_analyzer_fuzz covers the real tokenizer).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/risk/lexicon.h"
#include "core/risk/risk_matcher.h"

namespace {

using namespace tsunagu::core::risk;

// Byte length of the UTF-8 sequence that starts with `lead` (1 for invalid bytes).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0 && lead < 0xF0) return 3;
  if (lead >= 0xC0 && lead < 0xE0) return 2;
  return 1;
}

std::vector<std::string> CodePoints(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n =
        std::min(SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    out.emplace_back(text.substr(i, n));
    i += n;
  }
  return out;
}

// The message as tokens, one per code point; the parts of speech cycle through the ones the
// rules look at, so negation, particles and sentence ends all occur.
AnalyzedText Tokens(std::string_view message) {
  static const char* const kPos[][2] = {
      {"名詞", "一般"}, {"助詞", "格助詞"},   {"助動詞", "*"},    {"動詞", "自立"},
      {"記号", "句点"}, {"助詞", "接続助詞"}, {"形容詞", "自立"}, {"動詞", "接尾"}};
  AnalyzedText text;
  std::size_t k = 0;
  for (const std::string& cp : CodePoints(message)) {
    Token token;
    token.surface = cp;
    token.base = cp == "な" ? "ない" : cp;
    token.pos = kPos[k % 8][0];
    token.pos_detail = kPos[k % 8][1];
    token.space_before = cp == " ";
    token.key_begin = token.begin = static_cast<std::uint32_t>(text.key.size());
    for (std::size_t b = 0; b < cp.size(); ++b) {
      text.key_begin.push_back(static_cast<std::uint32_t>(text.key.size()));
      text.key_end.push_back(static_cast<std::uint32_t>(text.key.size() + cp.size()));
    }
    text.key += cp;
    token.key_end = token.end = static_cast<std::uint32_t>(text.key.size());
    text.tokens.push_back(std::move(token));
    ++k;
  }
  text.bytes_analyzed = text.key.size();
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view file = input.substr(0, nul);
  const std::string_view message =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  auto lexicon = ParseLexicon(file, "fuzz.tsv");
  if (!lexicon) {
    if (lexicon.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (lexicon->version.empty()) __builtin_trap();
  for (const auto& entry : lexicon->entries) {
    if (entry.pattern.text.empty() || entry.categories.Empty()) __builtin_trap();
    if (static_cast<int>(entry.level) > kRiskLevelMax) __builtin_trap();
  }

  PatternFolder folder;
  folder.surface_key = [](std::string_view s) -> tsunagu::core::Result<std::string> {
    return std::string(s);
  };
  folder.base_words = [](std::string_view s) -> tsunagu::core::Result<std::vector<std::string>> {
    return CodePoints(s);
  };
  auto matcher = RiskMatcher::Build(std::move(*lexicon), folder);
  if (!matcher) return 0;
  const AnalyzedText text = Tokens(message);
  const RiskAssessment a = matcher->Assess(text);
  for (const auto& match : a.matches) {
    if (match.begin >= match.end || match.end > text.key.size()) __builtin_trap();
  }
  if (a.categories.Intersects(a.signals)) __builtin_trap();
  return 0;
}
