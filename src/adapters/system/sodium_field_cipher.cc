#include "adapters/system/sodium_field_cipher.h"

#include <algorithm>
#include <utility>

#include "platform/crypto.h"

namespace tsunagu::adapters::system {
namespace {

// The additional data: the column (so a value cannot move to another column) under a version
// tag (so a later format cannot be confused with this one).
std::string AdditionalData(std::string_view column) {
  return std::string(kSealedPrefix) + std::string(column);
}

std::unexpected<core::Error> CannotOpen(std::string_view column, std::string_view why) {
  return core::Fail(core::ErrorCode::kInternal,
                    "cannot decrypt a value of " + std::string(column) + ": " + std::string(why));
}

}  // namespace

bool IsValidKeyId(std::string_view id) {
  return !id.empty() && id.size() <= kKeyIdCharsMax &&
         std::all_of(id.begin(), id.end(), [](char ch) {
           return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
         });
}

core::Result<std::unique_ptr<SodiumFieldCipher>> SodiumFieldCipher::Create(
    std::vector<DataKey> keys) {
  if (keys.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "no data key");
  }
  std::map<std::string, std::string, std::less<>> ring;
  for (DataKey& key : keys) {
    if (!IsValidKeyId(key.id)) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "data key id \"" + key.id + "\" must match [a-z0-9_-]{1,32}");
    }
    if (key.bytes.size() != platform::kAeadKeyBytes) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "data key " + key.id + " must be 32 bytes");
    }
    if (!ring.emplace(key.id, std::move(key.bytes)).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "data key id " + key.id + " repeats");
    }
  }
  return std::unique_ptr<SodiumFieldCipher>(
      new SodiumFieldCipher(keys.front().id, std::move(ring)));
}

std::string SodiumFieldCipher::Seal(std::string_view column, std::string_view plaintext) const {
  // Emptiness is not hidden: an empty summary or a conversation without answers says nothing.
  if (plaintext.empty()) return {};
  const std::string& key = keys_.find(current_id_)->second;
  return std::string(kSealedPrefix) + current_id_ + ":" +
         platform::Base64Encode(platform::AeadSeal(key, plaintext, AdditionalData(column)));
}

core::Result<std::string> SodiumFieldCipher::Open(std::string_view column,
                                                  std::string_view stored) const {
  // Values from before encryption are read as they are, until `keys rotate` seals them.
  if (!stored.starts_with(kSealedPrefix)) return std::string(stored);
  std::string_view rest = stored.substr(kSealedPrefix.size());
  const std::size_t colon = rest.find(':');
  if (colon == rest.npos) return CannotOpen(column, "malformed");
  const std::string_view id = rest.substr(0, colon);
  auto key = keys_.find(id);
  if (key == keys_.end()) {
    // Key ids are not secret, and naming it tells the operator which key file is missing.
    if (!IsValidKeyId(id)) return CannotOpen(column, "malformed key id");
    return CannotOpen(column, "unknown key id " + std::string(id));
  }
  std::optional<std::string> sealed = platform::Base64Decode(rest.substr(colon + 1));
  if (!sealed) return CannotOpen(column, "malformed");
  std::optional<std::string> plain =
      platform::AeadOpen(key->second, *sealed, AdditionalData(column));
  if (!plain) {
    return CannotOpen(column, "wrong key or damaged (key id " + std::string(id) + ")");
  }
  return std::move(*plain);
}

bool SodiumFieldCipher::NeedsRotation(std::string_view stored) const {
  if (stored.empty()) return false;
  if (!stored.starts_with(kSealedPrefix)) return true;
  std::string_view rest = stored.substr(kSealedPrefix.size());
  return !(rest.starts_with(current_id_) && rest.size() > current_id_.size() &&
           rest[current_id_.size()] == ':');
}

}  // namespace tsunagu::adapters::system
