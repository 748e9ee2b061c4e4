// libFuzzer target: ParseSpansText, the stored form of a message's risk spans. Whatever it
// accepts must be increasing, non-empty spans that print back to the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto spans = tsunagu::core::ParseSpansText(text);
  if (!spans) return 0;
  std::size_t previous_end = 0;
  for (const tsunagu::core::TextSpan& span : *spans) {
    if (span.begin >= span.end || span.begin < previous_end) __builtin_trap();
    previous_end = span.end;
  }
  // Canonical text round-trips exactly; other accepted spellings (leading zeros) re-parse equal.
  auto again = tsunagu::core::ParseSpansText(tsunagu::core::SpansText(*spans));
  if (!again || *again != *spans) __builtin_trap();
  return 0;
}
