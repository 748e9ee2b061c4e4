#pragma once

#include <string>

#include "core/result.h"
#include "core/risk/lexicon.h"

namespace tsunagu::adapters::text {

// Reads and parses a lexicon file (data/risk/lexicon.tsv). Errors: kNotFound (cannot be read),
// kLimitExceeded (larger than core::kRiskLexiconBytesMax), kInvalidArgument with
// "<path>:<line>: <reason>".
core::Result<core::risk::Lexicon> LoadLexiconFile(const std::string& path);

}  // namespace tsunagu::adapters::text
