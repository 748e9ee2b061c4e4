// Microbenchmarks of the per-request work on the webhook path before the commit: the signature
// check, the JSON parse, and the two together as the decoder runs them.
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include "adapters/channel/line/line_webhook_decoder.h"
#include "adapters/channel/line/signature.h"
#include "adapters/channel/line/webhook_parser.h"
#include "bodies.h"

namespace tsunagu::bench {
namespace {

using adapters::line::ComputeSignature;
using adapters::line::LineWebhookDecoder;
using adapters::line::ParseWebhook;
using adapters::line::VerifySignature;

constexpr core::TimeMs kNow = 1768070449000;

void BM_VerifySignature(benchmark::State& state) {
  const std::string body = BodyOfSize(static_cast<std::size_t>(state.range(0)));
  const std::string signature = ComputeSignature(kSecret, body);
  for (auto _ : state) {
    bool ok = VerifySignature(kSecret, body, signature);
    benchmark::DoNotOptimize(ok);
    if (!ok) state.SkipWithError("signature did not verify");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_VerifySignature)->Arg(618)->Arg(4096);

// A wrong signature costs the same HMAC: the comparison is constant time.
void BM_VerifySignatureWrong(benchmark::State& state) {
  const std::string body = BodyOfSize(618);
  const std::string signature = ComputeSignature("another-secret", body);
  for (auto _ : state) {
    bool ok = VerifySignature(kSecret, body, signature);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_VerifySignatureWrong);

void BM_ParseWebhook(benchmark::State& state) {
  const int events = static_cast<int>(state.range(0));
  const std::string body = events == 1 ? BodyOfSize(618) : Body(events, kText);
  const std::string channel = "bench";
  for (auto _ : state) {
    auto parsed = ParseWebhook(body, channel, kNow);
    if (!parsed || parsed->events.size() != static_cast<std::size_t>(events)) {
      state.SkipWithError("parse failed");
      break;
    }
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations() * events);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_ParseWebhook)->Arg(1)->Arg(5);

// What ReceiveWebhook calls per request: size check, signature, parse.
void BM_DecodeWebhook(benchmark::State& state) {
  const std::string body = BodyOfSize(618);
  const std::string signature = ComputeSignature(kSecret, body);
  LineWebhookDecoder decoder({{"bench", std::string(kSecret)}});
  const std::string channel = "bench";
  for (auto _ : state) {
    auto events = decoder.Decode(channel, signature, body, kNow);
    if (!events) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(events);
  }
}
BENCHMARK(BM_DecodeWebhook);

}  // namespace
}  // namespace tsunagu::bench
