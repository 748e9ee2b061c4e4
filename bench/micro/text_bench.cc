// core::Utf8Length (src/core/utf8.h; it was app::Utf8Length in src/app/text_rules.h) runs on
// every inbound and outbound text: the limits count code points.
#include <benchmark/benchmark.h>

#include <string>

#include "bodies.h"
#include "core/utf8.h"

namespace tsunagu::bench {
namespace {

std::string Repeat(std::string_view unit, std::size_t chars_wanted, std::size_t chars_per_unit) {
  std::string s;
  while (s.size() / unit.size() * chars_per_unit < chars_wanted) s += unit;
  return s;
}

// Japanese text (3 bytes per code point): range(0) code points.
void BM_Utf8LengthJapanese(benchmark::State& state) {
  const std::string text =
      Repeat("相談したいことがあります。", static_cast<std::size_t>(state.range(0)), 13);
  for (auto _ : state) {
    auto n = core::Utf8Length(text);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_Utf8LengthJapanese)->Arg(50)->Arg(5000);

void BM_Utf8LengthAscii(benchmark::State& state) {
  const std::string text(static_cast<std::size_t>(state.range(0)), 'a');
  for (auto _ : state) {
    auto n = core::Utf8Length(text);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Utf8LengthAscii)->Arg(150)->Arg(5000);

// Mixed text with emoji (4-byte sequences), as children write it.
void BM_Utf8LengthMixed(benchmark::State& state) {
  const std::string text = Repeat("きょうは学校で😢 test ", 500, 15);
  for (auto _ : state) {
    auto n = core::Utf8Length(text);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Utf8LengthMixed);

}  // namespace
}  // namespace tsunagu::bench
