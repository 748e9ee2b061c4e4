// The x-line-signature check: Base64(HMAC-SHA256(key = channel secret, msg = raw body)).
// It runs on the raw bytes before any parsing.
#pragma once

#include <string>
#include <string_view>

namespace tsunagu::adapters::line {

// True when signature_header (surrounding spaces, tabs, CR and LF ignored) is the canonical
// padded Base64 of HMAC-SHA256(channel_secret, raw_body) (platform/crypto.h). False for an empty
// secret, an empty or malformed header, or a mismatch. The digest comparison takes the same time
// wherever the first differing byte is.
bool VerifySignature(std::string_view channel_secret, std::string_view raw_body,
                     std::string_view signature_header);

// The header value LINE would send for raw_body; for tests, fuzzing and the emulator. Empty
// only if OpenSSL fails.
std::string ComputeSignature(std::string_view channel_secret, std::string_view raw_body);

}  // namespace tsunagu::adapters::line
