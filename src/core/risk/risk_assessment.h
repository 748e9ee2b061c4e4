// What the analyzer suggests for one message. A human decides: the analyzer never blocks, sends
// or changes anything.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/risk/risk_category.h"

namespace tsunagu::core::risk {

// One lexicon entry found in the message.
struct RiskMatch {
  RiskCategorySet categories;          // after by_agent resolution
  RiskLevel level = RiskLevel::kNone;  // the entry's level, before modifiers
  RiskModifier modifier = RiskModifier::kNone;
  // [begin, end): bytes of the ORIGINAL message, for the console to highlight.
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string pattern;           // the lexicon pattern (lexicon text, never message text)
  std::size_t lexicon_line = 0;  // where the entry is in the lexicon file
};

struct RiskAssessment {
  RiskLevel level = RiskLevel::kNone;  // suggested; 0 none .. 3 imminent
  RiskCategorySet categories;          // from matches without a modifier (and escalations)
  RiskCategorySet signals;             // categories seen only with a modifier
  std::vector<RiskMatch> matches;      // in message order
  // Why: one line per rule that fired, Japanese first, then English. They quote lexicon
  // patterns, never the message, so they may be logged and stored.
  std::vector<std::string> reasons;
  std::size_t bytes_analyzed = 0;
  bool truncated = false;      // only the first bytes_analyzed bytes were read
  bool repaired_utf8 = false;  // invalid UTF-8 was replaced before analysis
  std::string lexicon_version;
};

}  // namespace tsunagu::core::risk
