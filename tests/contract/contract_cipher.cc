#include <memory>
#include <string>

#include "adapters/system/sodium_field_cipher.h"
#include "contract/store_contract.h"
#include "core/check.h"

namespace tsunagu::contract {

std::shared_ptr<const app::FieldCipher> ContractCipher() {
  static const std::shared_ptr<const app::FieldCipher> kCipher = [] {
    auto cipher = adapters::system::SodiumFieldCipher::Create({{"contract", std::string(32, 'c')}});
    TSUNAGU_CHECK(cipher.has_value());
    return std::shared_ptr<const app::FieldCipher>(std::move(*cipher));
  }();
  return kCipher;
}

}  // namespace tsunagu::contract
