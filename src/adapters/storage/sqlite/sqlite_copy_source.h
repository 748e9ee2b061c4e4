// Reads a SQLite database table by table for `tsunagu store copy`, from one snapshot: the copy of
// a running deployment is consistent as of the moment BeginSnapshot was called (WAL readers do
// not block the writer, and do not see its later commits).
#pragma once

#include <memory>
#include <string>

#include "adapters/storage/sqlite/connection.h"
#include "app/ports/store_copy.h"

namespace tsunagu::adapters::sqlite {

class SqliteCopySource final : public app::CopySource {
 public:
  // Opens its own connection to the database file at path; the file must exist.
  static core::Result<std::unique_ptr<SqliteCopySource>> Open(const std::string& path);

  core::Status BeginSnapshot() override;
  core::Status ReadTable(std::string_view table, std::size_t batch_rows,
                         const std::function<core::Status(const app::CopyBatch&)>& fn) override;
  core::Result<std::int64_t> CountRows(std::string_view table) override;
  core::Status EndSnapshot() override;

 private:
  explicit SqliteCopySource(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  std::unique_ptr<Connection> conn_;
};

}  // namespace tsunagu::adapters::sqlite
