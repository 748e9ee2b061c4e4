// Crypto helpers over OpenSSL and libsodium, so that no other code includes either library.
// app::Secrets is implemented (outside platform) by calling these functions.
// All functions are thread-safe and never throw.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::platform {

// HMAC-SHA256 of data under key: 32 raw bytes (LINE and LINE WORKS webhook signatures).
std::string HmacSha256(std::string_view key, std::string_view data);

// SHA-256 of data as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

// Lowercase hex of raw bytes.
std::string HexEncode(std::string_view bytes);

// Standard base64 (RFC 4648 section 4) with '=' padding.
std::string Base64Encode(std::string_view bytes);
// Strict: rejects characters outside the alphabet, whitespace, missing or extra padding and
// non-zero pad bits, so that one signature has exactly one accepted spelling.
std::optional<std::string> Base64Decode(std::string_view text);

// base64url (RFC 4648 section 5) without padding, as used in JWTs and URL tokens.
std::string Base64UrlEncode(std::string_view bytes);
// Strict like Base64Decode; padding is rejected.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Compares in time that depends only on the lengths, never on the content. Different lengths
// return false at once: the length of a MAC or token is public anyway.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// argon2id (crypto_pwhash_str, OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE): a self-describing
// "$argon2id$..." string with its own random salt. Returns an empty string only when libsodium
// cannot get the memory argon2id needs; VerifyPassword rejects an empty hash, so storing it by
// mistake locks the account rather than opening it. Callers should report kUnavailable.
std::string HashPassword(std::string_view password);
// True when password matches hash. A malformed, truncated or empty hash gives false.
bool VerifyPassword(std::string_view hash, std::string_view password);
// True when hash was made with other parameters than HashPassword uses today (or is malformed),
// so the caller should store a fresh hash after a successful login.
bool PasswordNeedsRehash(std::string_view hash);

// Cryptographically secure random bytes (libsodium randombytes_buf).
std::string RandomBytes(std::size_t count);
// count random bytes as base64url without padding: safe in URLs, cookies and headers.
std::string RandomTokenUrlSafe(std::size_t bytes);
// A random (version 4) UUID: 36 characters, lowercase hex with dashes.
std::string NewUuidV4();

// Authenticated encryption for data at rest: XChaCha20-Poly1305-IETF (libsodium). The 24-byte
// nonce is random for every call, which is safe at any volume with this cipher (unlike the
// 12-byte nonce of ChaCha20-Poly1305-IETF or AES-GCM).
inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 24;
inline constexpr std::size_t kAeadTagBytes = 16;
// nonce | ciphertext | tag, with additional_data authenticated but not stored. key must be
// kAeadKeyBytes long (a programmer error otherwise: aborts).
std::string AeadSeal(std::string_view key, std::string_view plaintext,
                     std::string_view additional_data);
// The plaintext, or nullopt when sealed was not made by AeadSeal with this key and
// additional_data (wrong key, wrong additional data, truncated or tampered bytes).
std::optional<std::string> AeadOpen(std::string_view key, std::string_view sealed,
                                    std::string_view additional_data);

}  // namespace tsunagu::platform
