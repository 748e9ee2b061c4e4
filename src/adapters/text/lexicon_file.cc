#include "adapters/text/lexicon_file.h"

#include <fstream>

#include "core/limits.h"

namespace tsunagu::adapters::text {

core::Result<core::risk::Lexicon> LoadLexiconFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Fail(core::ErrorCode::kNotFound, path + ": cannot be read");
  std::string text;
  char buffer[16 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > core::kRiskLexiconBytesMax) {
      return core::Fail(
          core::ErrorCode::kLimitExceeded,
          path + ": larger than " + std::to_string(core::kRiskLexiconBytesMax) + " bytes");
    }
  }
  if (in.bad()) return core::Fail(core::ErrorCode::kNotFound, path + ": read error");
  return core::risk::ParseLexicon(text, path);
}

}  // namespace tsunagu::adapters::text
