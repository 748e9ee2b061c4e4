#include "app/ports/field_cipher.h"

#include <algorithm>
#include <iterator>

namespace tsunagu::app {

const SealedColumn* FindSealedColumn(std::string_view name) {
  auto it = std::find_if(std::begin(kSealedColumns), std::end(kSealedColumns),
                         [&](const SealedColumn& c) { return c.name == name; });
  return it == std::end(kSealedColumns) ? nullptr : &*it;
}

std::string SealField(const FieldCipher* cipher, std::string_view column,
                      std::string_view plaintext) {
  if (cipher == nullptr) return std::string(plaintext);
  return cipher->Seal(column, plaintext);
}

core::Status OpenField(const FieldCipher* cipher, std::string_view column, std::string& value) {
  if (cipher == nullptr) return core::Ok();
  core::Result<std::string> opened = cipher->Open(column, value);
  if (!opened) return std::unexpected(opened.error());
  value = std::move(*opened);
  return core::Ok();
}

}  // namespace tsunagu::app
