// Which fields of each stored row type are sealed (app::kSealedColumns), for the store adapters:
// they seal these fields on write and open them right after a row is read, so app and core only
// ever see plaintext. One place, so that both stores seal exactly the same fields.
#pragma once

#include <string_view>

#include "app/ports/field_cipher.h"
#include "app/ports/store.h"

namespace tsunagu::app {

core::Status OpenSealedFields(const FieldCipher* cipher, core::InboundEvent& event);
core::Status OpenSealedFields(const FieldCipher* cipher, core::Conversation& conversation);
core::Status OpenSealedFields(const FieldCipher* cipher, core::Message& message);
core::Status OpenSealedFields(const FieldCipher* cipher, OutboxItem& item);
core::Status OpenSealedFields(const FieldCipher* cipher, core::WrapUp& wrap_up);

// The sealed column of that name; kInvalidArgument for any other name, so that only fixed names
// ever reach the SQL text of the rotation queries.
core::Result<const SealedColumn*> SealedColumnNamed(std::string_view name);

}  // namespace tsunagu::app
