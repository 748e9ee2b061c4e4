#include "adapters/system/platform_secrets.h"

#include "platform/crypto.h"

namespace tsunagu::adapters::system {

std::string PlatformSecrets::HashPassword(std::string_view password) {
  return platform::HashPassword(password);
}

bool PlatformSecrets::VerifyPassword(std::string_view hash, std::string_view password) {
  return platform::VerifyPassword(hash, password);
}

std::string PlatformSecrets::RandomToken(std::size_t bytes) {
  return platform::RandomTokenUrlSafe(bytes);
}

std::string PlatformSecrets::Sha256Hex(std::string_view data) { return platform::Sha256Hex(data); }

std::string PlatformSecrets::NewUuid() { return platform::NewUuidV4(); }

}  // namespace tsunagu::adapters::system
