// The text analysis port (app/ports/text_analysis.h) with ICU and MeCab + ipadic.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "adapters/text/japanese_normalizer.h"
#include "adapters/text/mecab_tokenizer.h"
#include "app/ports/text_analysis.h"

namespace tsunagu::adapters::text {

struct TextAnalysisOptions {
  // The MeCab dictionary directory (Debian: mecab-ipadic-utf8).
  std::string mecab_dicdir = std::string(kIpadicUtf8DicDir);
};

class MecabIcuTextAnalysis final : public app::TextAnalysis {
 public:
  // The dictionary is loaded once per process: while an instance for the same dicdir is alive,
  // Open returns it. kUnavailable if the dictionary cannot be loaded, kInternal if ICU fails.
  static core::Result<std::shared_ptr<const MecabIcuTextAnalysis>> Open(
      const TextAnalysisOptions& options = {});

  core::Result<core::risk::AnalyzedText> Analyze(std::string_view text,
                                                 std::size_t max_bytes) const override;

 private:
  MecabIcuTextAnalysis(JapaneseNormalizer normalizer, std::unique_ptr<MecabTokenizer> tokenizer)
      : normalizer_(normalizer), tokenizer_(std::move(tokenizer)) {}

  JapaneseNormalizer normalizer_;
  std::unique_ptr<MecabTokenizer> tokenizer_;
};

}  // namespace tsunagu::adapters::text
