// `tsunagu keys rotate`: seals every stored value of app::kSealedColumns again under the
// cipher's current key, in batches of their own transactions (docs/operations.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "app/ports/field_cipher.h"
#include "app/ports/store.h"
#include "core/result.h"

namespace tsunagu::app {

struct ColumnRotation {
  std::string_view column;   // a name from kSealedColumns
  std::int64_t total = 0;    // rows of the table when the column started
  std::int64_t scanned = 0;  // rows read so far
  std::int64_t rotated = 0;  // values sealed again (older key, or plaintext from before)
  // Values that changed between reading and writing (a writer sealed them anew meanwhile).
  std::int64_t changed_meanwhile = 0;
};

// Goes through every sealed column by id, batch rows per transaction; after each batch calls
// progress. Values already under the current key (and empty ones) are left alone, so a run
// that stopped halfway is simply run again. Works while servers write: a value written after
// it was read is never overwritten. A value that does not open (unknown key, damaged) stops the
// rotation with an error naming the column and row id, never the value.
core::Result<std::vector<ColumnRotation>> RotateKeys(
    Store& store, const FieldCipher& cipher, std::size_t batch,
    const std::function<void(const ColumnRotation&)>& progress);

}  // namespace tsunagu::app
