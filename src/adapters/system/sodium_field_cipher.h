// app::FieldCipher over platform's AEAD (XChaCha20-Poly1305-IETF, libsodium): a keyring of named
// 32-byte keys, the first of which seals. docs/adr/0005-encryption-at-rest.md.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/field_cipher.h"
#include "core/result.h"

namespace tsunagu::adapters::system {

// The prefix of every sealed value: "enc1:<key id>:<base64(nonce | ciphertext | tag)>".
inline constexpr std::string_view kSealedPrefix = "enc1:";
inline constexpr std::size_t kKeyIdCharsMax = 32;

struct DataKey {
  std::string id;     // [a-z0-9_-]{1,32}, stored with every value it seals
  std::string bytes;  // platform::kAeadKeyBytes raw bytes
};

class SodiumFieldCipher final : public app::FieldCipher {
 public:
  // keys[0] seals; every key opens. kInvalidArgument for no key, a malformed or repeated id, or
  // a key of the wrong size (the message names the id, never the key).
  static core::Result<std::unique_ptr<SodiumFieldCipher>> Create(std::vector<DataKey> keys);

  std::string Seal(std::string_view column, std::string_view plaintext) const override;
  core::Result<std::string> Open(std::string_view column, std::string_view stored) const override;
  bool NeedsRotation(std::string_view stored) const override;

  const std::string& current_key_id() const { return current_id_; }

 private:
  SodiumFieldCipher(std::string current_id, std::map<std::string, std::string, std::less<>> keys)
      : current_id_(std::move(current_id)), keys_(std::move(keys)) {}

  std::string current_id_;
  std::map<std::string, std::string, std::less<>> keys_;  // id -> key bytes
};

// True when id can name a key: [a-z0-9_-]{1,kKeyIdCharsMax}.
bool IsValidKeyId(std::string_view id);

}  // namespace tsunagu::adapters::system
