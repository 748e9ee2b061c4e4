// The risk analyzer (app/risk_analysis.h) on one thread: messages analysed per second for
// messages under 200 characters, with the per-message p50/p99 as counters. The messages are the
// labeled corpus (tests/data/risk/dev.tsv), so the mix of lengths and matches is realistic.
// Target (issue 6): more than 20,000 messages per second on one core.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adapters/text/lexicon_file.h"
#include "adapters/text/mecab_icu_text_analysis.h"
#include "app/risk_analysis.h"
#include "core/utf8.h"

namespace tsunagu::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMessageCharsMax = 200;

fs::path Root() { return fs::path(__FILE__).parent_path() / "../.."; }

// The text column of the corpus, messages under kMessageCharsMax characters.
std::vector<std::string> Messages() {
  std::vector<std::string> messages;
  std::ifstream in(Root() / "tests/data/risk/dev.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.rfind('\t');
    if (tab == std::string::npos) continue;
    std::string text = line.substr(tab + 1);
    if (core::CountCodePoints(text) < kMessageCharsMax) messages.push_back(std::move(text));
  }
  return messages;
}

const app::RiskAnalyzer& Analyzer() {
  static const app::RiskAnalyzer analyzer = [] {
    auto lexicon = adapters::text::LoadLexiconFile((Root() / "data/risk/lexicon.tsv").string());
    auto text = adapters::text::MecabIcuTextAnalysis::Open();
    if (!lexicon || !text) std::abort();
    auto created = app::RiskAnalyzer::Create(std::move(*lexicon), std::move(*text));
    if (!created) std::abort();
    return std::move(*created);
  }();
  return analyzer;
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

// Each iteration analyses one message (the corpus, round robin).
void BM_RiskAnalyzeMessage(benchmark::State& state) {
  const std::vector<std::string> messages = Messages();
  const app::RiskAnalyzer& analyzer = Analyzer();
  if (messages.empty()) {
    state.SkipWithError("no corpus messages");
    return;
  }
  std::vector<double> micros;
  micros.reserve(1 << 20);
  std::size_t i = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string& message = messages[i++ % messages.size()];
    const auto start = std::chrono::steady_clock::now();
    auto assessment = analyzer.Analyze(message);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(assessment);
    if (micros.size() < micros.capacity()) {
      micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    }
    bytes += message.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["messages"] = static_cast<double>(messages.size());
  state.counters["p50_us"] = Percentile(micros, 0.50);
  state.counters["p99_us"] = Percentile(micros, 0.99);
  state.counters["max_us"] = Percentile(micros, 1.0);
}
BENCHMARK(BM_RiskAnalyzeMessage);

// The share of the text adapter alone (ICU normalisation + MeCab), without the rules.
void BM_RiskTextAnalysisOnly(benchmark::State& state) {
  const std::vector<std::string> messages = Messages();
  auto text = adapters::text::MecabIcuTextAnalysis::Open();
  if (messages.empty() || !text) {
    state.SkipWithError("no corpus or no MeCab");
    return;
  }
  std::size_t i = 0;
  for (auto _ : state) {
    auto analyzed = (*text)->Analyze(messages[i++ % messages.size()], 8192);
    benchmark::DoNotOptimize(analyzed);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RiskTextAnalysisOnly);

// One long message at the default limit (8 KiB of Japanese, cut there).
void BM_RiskAnalyzeLongMessage(benchmark::State& state) {
  std::string text;
  while (text.size() < 16 * 1024)
    text += "今日も学校で嫌なことがあって、帰ってからもずっと考えてた。";
  const app::RiskAnalyzer& analyzer = Analyzer();
  for (auto _ : state) {
    auto assessment = analyzer.Analyze(text);
    benchmark::DoNotOptimize(assessment);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RiskAnalyzeLongMessage);

}  // namespace
}  // namespace tsunagu::bench
