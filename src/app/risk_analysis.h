// Risk analysis of one message (issue 6): the lexicon rules of core/risk over the text analysis
// port. It suggests categories, a level 0-3 and the matched spans; a human decides. It never
// blocks, sends or stores anything, and never logs the text.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "app/ports/text_analysis.h"
#include "core/limits.h"
#include "core/result.h"
#include "core/risk/lexicon.h"
#include "core/risk/risk_assessment.h"
#include "core/risk/risk_matcher.h"

namespace tsunagu::app {

struct RiskAnalyzerOptions {
  // Bytes of a message that are analysed; at most core::kRiskTextBytesMax.
  std::size_t text_bytes_max = core::kRiskTextBytesMaxDefault;
};

// Thread-safe and cheap to copy (it shares its immutable state): build one per process at start
// and call Analyze from any thread.
class RiskAnalyzer {
 public:
  // Compiles the lexicon's patterns with `text` (so patterns are normalised and tokenized like
  // messages). Errors name the lexicon line; kInvalidArgument for options out of range.
  static core::Result<RiskAnalyzer> Create(core::risk::Lexicon lexicon,
                                           std::shared_ptr<const TextAnalysis> text,
                                           RiskAnalyzerOptions options = {});

  // Any bytes are accepted. Spans in the result are byte offsets into `text` itself. Errors only
  // when the text analyser fails (kInternal); the message is then unassessed, not "no risk".
  core::Result<core::risk::RiskAssessment> Analyze(std::string_view text) const;

  const std::string& lexicon_version() const { return matcher_->lexicon().version; }

 private:
  RiskAnalyzer(std::shared_ptr<const TextAnalysis> text,
               std::shared_ptr<const core::risk::RiskMatcher> matcher, RiskAnalyzerOptions options)
      : text_(std::move(text)), matcher_(std::move(matcher)), options_(options) {}

  std::shared_ptr<const TextAnalysis> text_;
  std::shared_ptr<const core::risk::RiskMatcher> matcher_;
  RiskAnalyzerOptions options_;
};

}  // namespace tsunagu::app
