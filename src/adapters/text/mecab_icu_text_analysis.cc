#include "adapters/text/mecab_icu_text_analysis.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::adapters::text {
namespace {

// Field `index` of MeCab's comma-separated feature string ("" when it has fewer fields).
std::string_view FeatureField(std::string_view feature, std::size_t index) {
  for (std::size_t i = 0; i < index; ++i) {
    const std::size_t comma = feature.find(',');
    if (comma == std::string_view::npos) return {};
    feature.remove_prefix(comma + 1);
  }
  return feature.substr(0, feature.find(','));
}

}  // namespace

core::Result<std::shared_ptr<const MecabIcuTextAnalysis>> MecabIcuTextAnalysis::Open(
    const TextAnalysisOptions& options) {
  // Loading ipadic takes tens of milliseconds and ~50 MB of mappings: once per dictionary.
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const MecabIcuTextAnalysis>> open;
  std::lock_guard lock(mutex);
  if (auto existing = open[options.mecab_dicdir].lock()) return existing;
  auto normalizer = JapaneseNormalizer::Create();
  if (!normalizer) return std::unexpected(normalizer.error());
  auto tokenizer = MecabTokenizer::Open(options.mecab_dicdir);
  if (!tokenizer) return std::unexpected(tokenizer.error());
  std::shared_ptr<const MecabIcuTextAnalysis> analysis(
      new MecabIcuTextAnalysis(*normalizer, std::move(*tokenizer)));
  open[options.mecab_dicdir] = analysis;
  return analysis;
}

core::Result<core::risk::AnalyzedText> MecabIcuTextAnalysis::Analyze(std::string_view text,
                                                                     std::size_t max_bytes) const {
  const std::string_view prefix =
      core::TruncateBytes(text, std::min(max_bytes, core::kRiskTextBytesMax));
  NormalizedText normalized;
  if (auto status = normalizer_.Normalize(prefix, normalized); !status) {
    return std::unexpected(status.error());
  }
  core::risk::AnalyzedText out;
  out.bytes_analyzed = prefix.size();
  out.truncated = prefix.size() < text.size();
  out.repaired_utf8 = normalized.repaired_utf8;
  out.key = std::move(normalized.key);
  out.key_begin = std::move(normalized.key_begin);
  out.key_end = std::move(normalized.key_end);
  out.tokens.reserve(normalized.text.size() / 4);
  auto status = tokenizer_->Tokenize(normalized.text, [&](const MecabTokenizer::Morpheme& m) {
    const std::size_t from = m.offset;
    const std::size_t to = from + m.length;
    core::risk::Token token;
    token.key_begin = normalized.text_to_key[from];
    token.key_end = normalized.text_to_key[to];
    if (token.key_begin >= token.key_end) return;  // only marks the key drops (ー, spaces)
    token.begin = normalized.text_begin[from];
    token.end = normalized.text_end[to - 1];
    token.space_before = m.space_before;
    token.surface = out.key.substr(token.key_begin, token.key_end - token.key_begin);
    token.pos = std::string(FeatureField(m.feature, 0));
    token.pos_detail = std::string(FeatureField(m.feature, 1));
    const std::string_view base = FeatureField(m.feature, 6);
    token.base = base.empty() || base == "*" ? token.surface : JapaneseNormalizer::FoldKey(base);
    out.tokens.push_back(std::move(token));
  });
  if (!status) return std::unexpected(status.error());
  return out;
}

}  // namespace tsunagu::adapters::text
