#include "adapters/channel/line/signature.h"

#include <cstddef>
#include <limits>
#include <optional>

#include "platform/crypto.h"

namespace tsunagu::adapters::line {
namespace {

constexpr std::size_t kDigestBytes = 32;  // SHA-256
// Base64 of 32 bytes is 44 characters; a header much longer is not a signature, and refusing it
// early keeps the work per request bounded.
constexpr std::size_t kSignatureHeaderBytesMax = 256;

std::string_view TrimWhitespace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

// platform::Base64Decode sits on libsodium 1.0.18, which decodes every byte 0x80-0xFF as '/'
// (found by line_signature_fuzz). Checking the alphabet here keeps one accepted spelling per
// signature whatever the library does.
bool OnlyBase64Chars(std::string_view text) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  return text.find_first_not_of(kAlphabet) == std::string_view::npos;
}

// OpenSSL takes the key length as an int.
bool KeyFits(std::string_view key) {
  return key.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max());
}

}  // namespace

bool VerifySignature(std::string_view channel_secret, std::string_view raw_body,
                     std::string_view signature_header) {
  // An empty secret is a configuration mistake; anyone could sign with it.
  if (channel_secret.empty() || !KeyFits(channel_secret)) return false;
  if (signature_header.size() > kSignatureHeaderBytesMax) return false;
  const std::string_view encoded = TrimWhitespace(signature_header);
  if (!OnlyBase64Chars(encoded)) return false;
  // Strict Base64: exact padding, zero pad bits.
  const std::optional<std::string> received = platform::Base64Decode(encoded);
  if (!received || received->size() != kDigestBytes) return false;
  const std::string expected = platform::HmacSha256(channel_secret, raw_body);
  if (expected.size() != kDigestBytes) return false;  // OpenSSL failed
  return platform::ConstantTimeEqual(*received, expected);
}

std::string ComputeSignature(std::string_view channel_secret, std::string_view raw_body) {
  if (!KeyFits(channel_secret)) return {};
  const std::string digest = platform::HmacSha256(channel_secret, raw_body);
  if (digest.size() != kDigestBytes) return {};
  return platform::Base64Encode(digest);
}

}  // namespace tsunagu::adapters::line
