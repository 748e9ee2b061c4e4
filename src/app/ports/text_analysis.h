#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "core/risk/analyzed_text.h"

namespace tsunagu::app {

// Japanese text analysis for the risk analyzer: normalisation with a map back to the original
// bytes, and morphological analysis (surface, base form, part of speech). Implemented by
// adapters/text/MecabIcuTextAnalysis (ICU + MeCab with ipadic).
//
// Implementations are thread-safe: Analyze may be called from any number of threads at once.
class TextAnalysis {
 public:
  virtual ~TextAnalysis() = default;

  // Analyses at most max_bytes bytes of text (cut at a code point; AnalyzedText::truncated says
  // so). Any bytes are accepted: invalid UTF-8 is replaced with U+FFFD and reported in
  // AnalyzedText::repaired_utf8. Errors are for failures of the analyser itself (kInternal).
  virtual core::Result<core::risk::AnalyzedText> Analyze(std::string_view text,
                                                         std::size_t max_bytes) const = 0;
};

}  // namespace tsunagu::app
