#include "platform/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace tsunagu::platform {
namespace {

// OpenSSL may treat a null pointer as "no key" even with length 0, and an empty string_view
// may carry a null data(); point at a real byte instead.
const unsigned char* Bytes(std::string_view s) {
  static constexpr unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

// sodium_init is itself idempotent, but a function-local static makes the "once" explicit and
// thread-safe for every caller, and failing here means the process has no entropy source.
void EnsureSodium() {
  static const bool kReady = [] {
    if (sodium_init() < 0) {
      std::fputs("tsunagu: sodium_init failed (no entropy source?)\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)kReady;
}

std::string Encode(std::string_view bytes, int variant) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL that libsodium writes
  return out;
}

std::optional<std::string> Decode(std::string_view text, int variant) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t out_len = 0;
  // b64_end == nullptr: libsodium fails unless the whole input is consumed. ignore == nullptr:
  // no whitespace is skipped. libsodium also rejects non-zero pad bits.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &out_len, nullptr, variant) != 0) {
    return std::nullopt;
  }
  out.resize(out_len);
  return out;
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), Bytes(key), static_cast<int>(key.size()), Bytes(data), data.size(),
           mac.data(), &mac_len) == nullptr) {
    // Only an allocation failure inside OpenSSL gets here; an empty MAC never verifies.
    return {};
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_len);
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  if (EVP_Digest(Bytes(data), data.size(), digest.data(), &digest_len, EVP_sha256(), nullptr) !=
      1) {
    return {};
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest_len));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  return Encode(bytes, sodium_base64_VARIANT_ORIGINAL);
}

namespace {

// libsodium 1.0.18 decodes every byte 0x80-0xFF as '/', so a text must be checked against the
// alphabet first: each encoding has exactly one accepted spelling.
bool InAlphabet(std::string_view text, bool url_safe) {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    (url_safe ? (c == '-' || c == '_') : (c == '+' || c == '/' || c == '='));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> Base64Decode(std::string_view text) {
  if (!InAlphabet(text, false)) return std::nullopt;
  return Decode(text, sodium_base64_VARIANT_ORIGINAL);
}

std::string Base64UrlEncode(std::string_view bytes) {
  return Encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (!InAlphabet(text, true)) return std::nullopt;
  return Decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(Bytes(a), Bytes(b), a.size()) == 0;
}

std::string HashPassword(std::string_view password) {
  EnsureSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return {};
  }
  return std::string(out.data());
}

namespace {

// libsodium wants a NUL-terminated hash shorter than crypto_pwhash_STRBYTES; anything longer
// cannot be one of ours. A NUL inside the input truncates it, which then fails to verify.
std::optional<std::array<char, crypto_pwhash_STRBYTES>> HashCString(std::string_view hash) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return std::nullopt;
  std::array<char, crypto_pwhash_STRBYTES> buf{};
  hash.copy(buf.data(), hash.size());
  return buf;
}

}  // namespace

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  auto buf = HashCString(hash);
  if (!buf) return false;
  return crypto_pwhash_str_verify(buf->data(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash) {
  EnsureSodium();
  // An argon2i hash with today's limits would pass libsodium's check; we want argon2id.
  if (!hash.starts_with(crypto_pwhash_argon2id_STRPREFIX)) return true;
  auto buf = HashCString(hash);
  if (!buf) return true;
  // 0: current parameters; 1: other parameters; -1: not an argon2id hash at all.
  return crypto_pwhash_str_needs_rehash(buf->data(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

std::string RandomBytes(std::size_t count) {
  EnsureSodium();
  std::string out(count, '\0');
  if (count > 0) randombytes_buf(out.data(), count);
  return out;
}

std::string RandomTokenUrlSafe(std::size_t bytes) { return Base64UrlEncode(RandomBytes(bytes)); }

std::string NewUuidV4() {
  std::string raw = RandomBytes(16);
  raw[6] = static_cast<char>((raw[6] & 0x0f) | 0x40);  // version 4
  raw[8] = static_cast<char>((raw[8] & 0x3f) | 0x80);  // variant 10xx (RFC 4122)
  std::string hex = HexEncode(raw);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

static_assert(kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

std::string AeadSeal(std::string_view key, std::string_view plaintext,
                     std::string_view additional_data) {
  if (key.size() != kAeadKeyBytes) {
    std::fputs("tsunagu: AeadSeal with a key of the wrong size\n", stderr);
    std::abort();
  }
  std::string out = RandomBytes(kAeadNonceBytes);
  out.resize(kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(out.data() + kAeadNonceBytes), &written, Bytes(plaintext),
      plaintext.size(), Bytes(additional_data), additional_data.size(), nullptr,
      reinterpret_cast<const unsigned char*>(out.data()), Bytes(key));
  out.resize(kAeadNonceBytes + static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> AeadOpen(std::string_view key, std::string_view sealed,
                                    std::string_view additional_data) {
  if (key.size() != kAeadKeyBytes || sealed.size() < kAeadNonceBytes + kAeadTagBytes) {
    return std::nullopt;
  }
  EnsureSodium();
  const std::string_view nonce = sealed.substr(0, kAeadNonceBytes);
  const std::string_view box = sealed.substr(kAeadNonceBytes);
  std::string out(box.size() - kAeadTagBytes, '\0');
  unsigned long long written = 0;
  unsigned char empty_out = 0;  // libsodium needs a real pointer even for 0 bytes
  unsigned char* out_bytes =
      out.empty() ? &empty_out : reinterpret_cast<unsigned char*>(out.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out_bytes, &written, nullptr, Bytes(box), box.size(), Bytes(additional_data),
          additional_data.size(), Bytes(nonce), Bytes(key)) != 0) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace tsunagu::platform
