#include "app/copy_store.h"

namespace tsunagu::app {

core::Result<std::vector<TableCopied>> CopyStore(CopySource& source, CopyTarget& target,
                                                 std::size_t batch_rows,
                                                 const CopyProgress& progress) {
  if (auto s = target.CheckEmpty(); !s) return std::unexpected(s.error());
  if (auto s = source.BeginSnapshot(); !s) return std::unexpected(s.error());
  std::vector<TableCopied> tables;
  core::Status copied = [&]() -> core::Status {
    for (std::string_view name : kCopyTables) {
      TableCopied t;
      t.table = std::string(name);
      auto total = source.CountRows(name);
      if (!total) return std::unexpected(total.error());
      t.source_rows = *total;
      core::Status s = source.ReadTable(name, batch_rows, [&](const CopyBatch& batch) {
        if (auto w = target.WriteBatch(batch); !w) return w;
        t.copied_rows += static_cast<std::int64_t>(batch.rows.size());
        if (progress) progress(t.table, t.copied_rows, t.source_rows);
        return core::Ok();
      });
      if (!s) return s;
      tables.push_back(std::move(t));
    }
    return core::Ok();
  }();
  (void)source.EndSnapshot();
  if (!copied) return std::unexpected(copied.error());
  if (auto s = target.Finish(); !s) return std::unexpected(s.error());
  for (TableCopied& t : tables) {
    auto counted = target.CountRows(t.table);
    if (!counted) return std::unexpected(counted.error());
    t.target_rows = *counted;
  }
  return tables;
}

}  // namespace tsunagu::app
