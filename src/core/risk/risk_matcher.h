// The rules of risk analysis, as pure code over an AnalyzedText: lexicon matching on the
// normalised surface text and on base-form sequences, then negation, hyperbole and reported
// speech, then categories and the suggested level with reasons. docs/risk.md describes them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "core/risk/analyzed_text.h"
#include "core/risk/lexicon.h"
#include "core/risk/risk_assessment.h"

namespace tsunagu::core::risk {

// Turns pattern text into the forms messages are matched in. The app provides it from the same
// normaliser and tokenizer that analyse messages, so patterns and messages agree.
struct PatternFolder {
  // The matching form of a surface pattern (what AnalyzedText::key would be for it).
  std::function<Result<std::string>(std::string_view)> surface_key;
  // The base forms (Token::base) of one phrase of a base pattern.
  std::function<Result<std::vector<std::string>>(std::string_view)> base_words;
};

// Immutable after Build, so one matcher serves any number of threads.
class RiskMatcher {
 public:
  // Errors name the lexicon line: a pattern that normalises to nothing, a phrase without tokens.
  static Result<RiskMatcher> Build(Lexicon lexicon, const PatternFolder& folder);

  RiskAssessment Assess(const AnalyzedText& text) const;

  const Lexicon& lexicon() const { return lexicon_; }

 private:
  enum class Role : std::uint8_t { kEntry, kCue, kExcept };
  struct Compiled {
    Role role = Role::kEntry;
    std::uint32_t index = 0;  // into lexicon_.entries, .cues or .exceptions
    MatchOn match_on = MatchOn::kSurface;
    std::string key;                 // surface patterns
    std::vector<std::string> words;  // base patterns; "*" is a gap
    bool boundary_left = false;      // an ASCII letter or digit at the start: needs a word edge
    bool boundary_right = false;
  };
  struct Hit;
  class Context;

  RiskMatcher() = default;
  Status Add(Role role, std::uint32_t index, const LexiconPattern& pattern,
             const PatternFolder& folder);
  void FindSurfaceHits(const AnalyzedText& text, std::vector<Hit>& hits) const;
  void FindBaseHits(const AnalyzedText& text, const std::vector<std::uint16_t>& sentence,
                    std::vector<Hit>& hits) const;
  std::string Describe(RiskCategorySet categories, const LexiconEntry& entry) const;

  Lexicon lexicon_;
  std::vector<Compiled> patterns_;
  // Surface patterns by their first code point, longest first; base patterns by their first word.
  std::unordered_map<char32_t, std::vector<std::uint32_t>> surface_index_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> base_index_;
};

}  // namespace tsunagu::core::risk
