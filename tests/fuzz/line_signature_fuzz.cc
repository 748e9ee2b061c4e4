// libFuzzer target: VerifySignature on arbitrary header/body pairs. The first byte says how many
// of the following bytes form the signature header; the rest is the body. The correct signature
// for any body must verify, and a random header must (with overwhelming probability) not.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/channel/line/signature.h"

namespace line = tsunagu::adapters::line;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t header_size = std::min<std::size_t>(data[0], rest.size());
  const std::string_view header = rest.substr(0, header_size);
  const std::string_view body = rest.substr(header_size);

  const bool accepted = line::VerifySignature(kSecret, body, header);
  const std::string expected = line::ComputeSignature(kSecret, body);
  if (!line::VerifySignature(kSecret, body, expected)) __builtin_trap();
  // Only the exact canonical spelling, maybe with surrounding whitespace, may pass.
  if (accepted && header.find(expected) == std::string_view::npos) __builtin_trap();
  // Never with an empty secret.
  if (line::VerifySignature("", body, header)) __builtin_trap();
  return 0;
}
