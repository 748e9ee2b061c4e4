#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/ports/store_copy.h"

namespace tsunagu::app {

struct TableCopied {
  std::string table;
  std::int64_t source_rows = 0;  // in the snapshot
  std::int64_t copied_rows = 0;  // written
  std::int64_t target_rows = 0;  // counted in the target afterwards
  bool verified() const { return source_rows == copied_rows && copied_rows == target_rows; }
};

// Called after each batch: the table and how many of its rows are written so far.
using CopyProgress =
    std::function<void(const std::string& table, std::int64_t written, std::int64_t total)>;

// Copies every table (kCopyTables) from one snapshot of source into an empty target, keeping ids,
// then counts the rows on both sides. Fails before writing anything if the target holds data. The
// caller checks TableCopied::verified for each table (the counts are the verification).
core::Result<std::vector<TableCopied>> CopyStore(CopySource& source, CopyTarget& target,
                                                 std::size_t batch_rows,
                                                 const CopyProgress& progress);

}  // namespace tsunagu::app
