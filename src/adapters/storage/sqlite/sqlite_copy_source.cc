#include "adapters/storage/sqlite/sqlite_copy_source.h"

#include <filesystem>
#include <utility>

namespace tsunagu::adapters::sqlite {
namespace {

// Table names reach SQL as text, so only the fixed list is accepted.
core::Status CheckTable(std::string_view table) {
  if (!app::IsCopyTable(table)) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "not a copied table: " + std::string(table));
  }
  return core::Ok();
}

}  // namespace

core::Result<std::unique_ptr<SqliteCopySource>> SqliteCopySource::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "SQLite のファイルがありません / no SQLite database at " + path);
  }
  auto conn = Connection::Open(path);
  if (!conn) return std::unexpected(conn.error());
  return std::unique_ptr<SqliteCopySource>(new SqliteCopySource(std::move(*conn)));
}

core::Status SqliteCopySource::BeginSnapshot() {
  if (auto s = conn_->Run("BEGIN"); !s) return s;
  // A WAL read transaction takes its snapshot at its first read.
  auto first = conn_->Prepare("SELECT count(*) FROM sqlite_schema");
  if (!first) return std::unexpected(first.error());
  auto stepped = first->Step();
  if (!stepped) return std::unexpected(stepped.error());
  return core::Ok();
}

core::Status SqliteCopySource::EndSnapshot() { return conn_->Run("COMMIT"); }

core::Status SqliteCopySource::ReadTable(
    std::string_view table, std::size_t batch_rows,
    const std::function<core::Status(const app::CopyBatch&)>& fn) {
  if (auto s = CheckTable(table); !s) return s;
  auto stmt = conn_->Prepare("SELECT * FROM " + std::string(table) + " ORDER BY rowid");
  if (!stmt) return std::unexpected(stmt.error());
  app::CopyBatch batch;
  batch.table = std::string(table);
  for (int c = 0; c < stmt->ColumnCount(); ++c) batch.columns.push_back(stmt->ColumnName(c));
  for (;;) {
    auto has_row = stmt->Step();
    if (!has_row) return std::unexpected(has_row.error());
    if (!*has_row) break;
    std::vector<app::CopyValue> row;
    row.reserve(batch.columns.size());
    for (int c = 0; c < stmt->ColumnCount(); ++c) {
      if (stmt->IsNull(c)) {
        row.emplace_back(std::monostate{});
      } else if (stmt->IsInteger(c)) {
        row.emplace_back(stmt->Int(c));
      } else {
        row.emplace_back(stmt->Text(c));
      }
    }
    batch.rows.push_back(std::move(row));
    if (batch.rows.size() >= std::max<std::size_t>(batch_rows, 1)) {
      if (auto s = fn(batch); !s) return s;
      batch.rows.clear();
    }
  }
  if (!batch.rows.empty()) return fn(batch);
  return core::Ok();
}

core::Result<std::int64_t> SqliteCopySource::CountRows(std::string_view table) {
  if (auto s = CheckTable(table); !s) return std::unexpected(s.error());
  auto stmt = conn_->Prepare("SELECT count(*) FROM " + std::string(table));
  if (!stmt) return std::unexpected(stmt.error());
  auto has_row = stmt->Step();
  if (!has_row) return std::unexpected(has_row.error());
  return stmt->Int(0);
}

}  // namespace tsunagu::adapters::sqlite
