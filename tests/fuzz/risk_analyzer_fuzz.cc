// libFuzzer target for the risk analyzer: arbitrary bytes, invalid UTF-8 included, through ICU
// normalisation, MeCab (ipadic) and the rules of data/risk/lexicon.tsv. Every input must give an
// assessment that satisfies the documented invariants, never a crash, hang or sanitizer report.
//
// Two analyzers read each input: one with the default text limit and one with a tiny limit, so
// that cutting at the limit (never inside a code point) is fuzzed as well. The lexicon is found
// from this file's path, or from TSUNAGU_RISK_LEXICON.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/text/lexicon_file.h"
#include "adapters/text/mecab_icu_text_analysis.h"
#include "app/risk_analysis.h"

namespace {

using tsunagu::app::RiskAnalyzer;

std::string LexiconPath() {
  if (const char* path = std::getenv("TSUNAGU_RISK_LEXICON")) return path;
  return (std::filesystem::path(__FILE__).parent_path() / "../../data/risk/lexicon.tsv")
      .lexically_normal()
      .string();
}

std::unique_ptr<RiskAnalyzer> Make(std::size_t text_bytes_max) {
  auto lexicon = tsunagu::adapters::text::LoadLexiconFile(LexiconPath());
  auto text = tsunagu::adapters::text::MecabIcuTextAnalysis::Open();
  if (!lexicon || !text) {
    std::fprintf(stderr, "risk_analyzer_fuzz: %s\n",
                 (!lexicon ? lexicon.error() : text.error()).message.c_str());
    std::abort();
  }
  auto analyzer = RiskAnalyzer::Create(std::move(*lexicon), std::move(*text),
                                       {.text_bytes_max = text_bytes_max});
  if (!analyzer) {
    std::fprintf(stderr, "risk_analyzer_fuzz: %s\n", analyzer.error().message.c_str());
    std::abort();
  }
  return std::make_unique<RiskAnalyzer>(std::move(*analyzer));
}

void Check(const RiskAnalyzer& analyzer, std::string_view input, std::size_t limit) {
  auto assessment = analyzer.Analyze(input);
  if (!assessment) __builtin_trap();  // the analyser itself must not fail on any input
  const auto& a = *assessment;
  if (a.bytes_analyzed > input.size() || a.bytes_analyzed > limit) __builtin_trap();
  if (a.truncated != (a.bytes_analyzed < input.size())) __builtin_trap();
  if (static_cast<int>(a.level) > tsunagu::core::risk::kRiskLevelMax) __builtin_trap();
  // A level above 0 always comes with a category, and a category with a reason.
  if (a.level != tsunagu::core::risk::RiskLevel::kNone && a.categories.Empty()) __builtin_trap();
  if ((!a.categories.Empty() || !a.signals.Empty()) && a.reasons.empty()) __builtin_trap();
  if (a.categories.Intersects(a.signals)) __builtin_trap();
  for (const auto& match : a.matches) {
    if (match.begin >= match.end || match.end > a.bytes_analyzed) __builtin_trap();
    if (match.categories.Empty() || match.pattern.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<RiskAnalyzer> analyzer =
      Make(tsunagu::core::kRiskTextBytesMaxDefault);
  constexpr std::size_t kTinyLimit = 16;
  static const std::unique_ptr<RiskAnalyzer> tiny = Make(kTinyLimit);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(*analyzer, input, tsunagu::core::kRiskTextBytesMaxDefault);
  Check(*tiny, input, kTinyLimit);
  return 0;
}
