// Microbenchmarks of encryption at rest (docs/adr/0005-encryption-at-rest.md): sealing and opening
// one stored value with the keyring the store adapters use, at the sizes a message text and a
// stored webhook event have.
#include <benchmark/benchmark.h>

#include <string>

#include "adapters/system/sodium_field_cipher.h"
#include "platform/crypto.h"

namespace tsunagu::bench {
namespace {

using adapters::system::DataKey;
using adapters::system::SodiumFieldCipher;

std::unique_ptr<SodiumFieldCipher> Cipher() {
  auto cipher =
      SodiumFieldCipher::Create({DataKey{"bench", platform::RandomBytes(platform::kAeadKeyBytes)}});
  return cipher ? std::move(*cipher) : nullptr;
}

std::string TextOfSize(std::size_t bytes) {
  std::string text;
  while (text.size() < bytes) text += "今日は学校で友だちとけんかして、";
  text.resize(bytes - bytes % 3);  // whole UTF-8 characters
  return text;
}

void BM_SealField(benchmark::State& state) {
  auto cipher = Cipher();
  if (!cipher) return state.SkipWithError("no cipher");
  const std::string text = TextOfSize(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::string sealed = cipher->Seal("messages.text", text);
    benchmark::DoNotOptimize(sealed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SealField)->Arg(60)->Arg(618)->Arg(15000);

void BM_OpenField(benchmark::State& state) {
  auto cipher = Cipher();
  if (!cipher) return state.SkipWithError("no cipher");
  const std::string text = TextOfSize(static_cast<std::size_t>(state.range(0)));
  const std::string sealed = cipher->Seal("messages.text", text);
  for (auto _ : state) {
    auto opened = cipher->Open("messages.text", sealed);
    benchmark::DoNotOptimize(opened);
    if (!opened || *opened != text) state.SkipWithError("did not open");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_OpenField)->Arg(60)->Arg(618)->Arg(15000);

}  // namespace
}  // namespace tsunagu::bench
