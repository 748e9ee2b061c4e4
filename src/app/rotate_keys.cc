#include "app/rotate_keys.h"

#include <algorithm>
#include <string>

#include "core/limits.h"

namespace tsunagu::app {
namespace {

// One batch: the rows after row.scanned's last id, each sealed again if needed, in one
// transaction. Returns the last id read (after_id when the column is done).
core::Result<std::int64_t> RotateBatch(Store& store, const FieldCipher& cipher, std::size_t batch,
                                       std::int64_t after_id, ColumnRotation& row, bool& done) {
  ColumnRotation counts;
  std::int64_t last_id = after_id;
  core::Status status = store.Transact([&](StoreTx& tx) -> core::Status {
    // A retried transaction starts again from scratch.
    counts = ColumnRotation{};
    last_id = after_id;
    auto values = tx.ListStoredValues(row.column, after_id, batch);
    if (!values) return std::unexpected(values.error());
    done = values->size() < batch;
    for (const StoredValue& value : *values) {
      last_id = value.id;
      ++counts.scanned;
      if (!cipher.NeedsRotation(value.stored)) continue;
      core::Result<std::string> plain = cipher.Open(row.column, value.stored);
      if (!plain) {
        return core::Fail(plain.error().code,
                          plain.error().message + " (row id " + std::to_string(value.id) + ")");
      }
      auto replaced = tx.ReplaceStoredValue(row.column, value.id, value.stored,
                                            cipher.Seal(row.column, *plain));
      if (!replaced) return std::unexpected(replaced.error());
      ++(*replaced ? counts.rotated : counts.changed_meanwhile);
    }
    return core::Ok();
  });
  if (!status) return std::unexpected(status.error());
  row.scanned += counts.scanned;
  row.rotated += counts.rotated;
  row.changed_meanwhile += counts.changed_meanwhile;
  return last_id;
}

}  // namespace

core::Result<std::vector<ColumnRotation>> RotateKeys(
    Store& store, const FieldCipher& cipher, std::size_t batch,
    const std::function<void(const ColumnRotation&)>& progress) {
  batch = std::clamp<std::size_t>(batch, 1, core::kStoredValuesPageMax);
  std::vector<ColumnRotation> out;
  for (const SealedColumn& column : kSealedColumns) {
    ColumnRotation row;
    row.column = column.name;
    auto total = TransactFor<std::int64_t>(
        store, [&](StoreTx& tx) { return tx.CountStoredValues(column.name); });
    if (!total) return std::unexpected(total.error());
    row.total = *total;
    std::int64_t after_id = 0;
    for (bool done = false; !done;) {
      auto last = RotateBatch(store, cipher, batch, after_id, row, done);
      if (!last) return std::unexpected(last.error());
      after_id = *last;
      // Rows added while rotating count too, so the total never shows less than was read.
      row.total = std::max(row.total, row.scanned);
      if (progress) progress(row);
    }
    out.push_back(row);
  }
  return out;
}

}  // namespace tsunagu::app
