#include "app/risk_analysis.h"

#include <utility>
#include <vector>

namespace tsunagu::app {

core::Result<RiskAnalyzer> RiskAnalyzer::Create(core::risk::Lexicon lexicon,
                                                std::shared_ptr<const TextAnalysis> text,
                                                RiskAnalyzerOptions options) {
  if (text == nullptr) return core::Fail(core::ErrorCode::kInvalidArgument, "no text analysis");
  if (options.text_bytes_max == 0 || options.text_bytes_max > core::kRiskTextBytesMax) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "text_bytes_max must be 1.." + std::to_string(core::kRiskTextBytesMax));
  }
  core::risk::PatternFolder folder;
  folder.surface_key = [&](std::string_view pattern) -> core::Result<std::string> {
    auto analyzed = text->Analyze(pattern, core::kRiskPatternBytesMax);
    if (!analyzed) return std::unexpected(analyzed.error());
    if (analyzed->repaired_utf8) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "the pattern is not valid UTF-8");
    }
    return std::move(analyzed->key);
  };
  folder.base_words = [&](std::string_view phrase) -> core::Result<std::vector<std::string>> {
    auto analyzed = text->Analyze(phrase, core::kRiskPatternBytesMax);
    if (!analyzed) return std::unexpected(analyzed.error());
    std::vector<std::string> words;
    for (auto& token : analyzed->tokens) {
      if (!token.base.empty()) words.push_back(std::move(token.base));
    }
    return words;
  };
  auto matcher = core::risk::RiskMatcher::Build(std::move(lexicon), folder);
  if (!matcher) return std::unexpected(matcher.error());
  return RiskAnalyzer(std::move(text),
                      std::make_shared<const core::risk::RiskMatcher>(std::move(*matcher)),
                      options);
}

core::Result<core::risk::RiskAssessment> RiskAnalyzer::Analyze(std::string_view text) const {
  auto analyzed = text_->Analyze(text, options_.text_bytes_max);
  if (!analyzed) return std::unexpected(analyzed.error());
  return matcher_->Assess(*analyzed);
}

}  // namespace tsunagu::app
