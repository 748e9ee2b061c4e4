#pragma once

#include "app/ports/secrets.h"

namespace tsunagu::adapters::system {

// app::Secrets over platform/crypto (libsodium argon2id, OpenSSL digests, the OS's randomness).
class PlatformSecrets : public app::Secrets {
 public:
  std::string HashPassword(std::string_view password) override;
  bool VerifyPassword(std::string_view hash, std::string_view password) override;
  std::string RandomToken(std::size_t bytes) override;
  std::string Sha256Hex(std::string_view data) override;
  std::string NewUuid() override;
};

}  // namespace tsunagu::adapters::system
