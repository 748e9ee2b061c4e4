#pragma once

#include <string>
#include <string_view>

namespace tsunagu::app {

// Password hashing, random tokens and digests, so that app code needs no crypto library.
class Secrets {
 public:
  virtual ~Secrets() = default;
  virtual std::string HashPassword(std::string_view password) = 0;  // argon2id
  virtual bool VerifyPassword(std::string_view hash, std::string_view password) = 0;
  virtual std::string RandomToken(std::size_t bytes) = 0;  // URL-safe text
  virtual std::string Sha256Hex(std::string_view data) = 0;
  virtual std::string NewUuid() = 0;  // random (v4), lowercase hex with dashes
};

}  // namespace tsunagu::app
