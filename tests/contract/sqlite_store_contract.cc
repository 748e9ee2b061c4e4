// Runs the Store contract on SqliteStore, with a fresh database file per test.
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include "adapters/storage/sqlite/sqlite_store.h"
#include "contract/store_contract.h"

namespace tsunagu::contract {
namespace {

using adapters::sqlite::SqliteStore;

// Owns the temporary directory of one test's database and removes it with the store.
class TempSqliteStore final : public ContractStore {
 public:
  TempSqliteStore(std::filesystem::path dir, std::unique_ptr<SqliteStore> store)
      : dir_(std::move(dir)), store_(std::move(store)) {}
  ~TempSqliteStore() override {
    store_.reset();  // close before deleting the files
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  static std::filesystem::path DbPath(const std::filesystem::path& dir) { return dir / "store.db"; }

  core::Status Migrate() override { return store_->Migrate(); }
  core::Status Transact(const std::function<core::Status(app::StoreTx&)>& fn) override {
    return store_->Transact(fn);
  }

  core::Status ExecRawSql(const std::string& sql) override {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(DbPath(dir_).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(db, 5000);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    std::string message = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    if (rc != SQLITE_OK) return core::Fail(core::ErrorCode::kInternal, "raw sql: " + message);
    return core::Ok();
  }

  core::Result<std::vector<std::string>> RawRows(const std::string& sql) override {
    sqlite3* db = nullptr;
    std::vector<std::string> rows;
    int rc = sqlite3_open_v2(DbPath(dir_).c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(db, 5000);
    if (rc == SQLITE_OK) {
      rc = sqlite3_exec(
          db, sql.c_str(),
          [](void* out, int n, char** values, char**) {
            std::string row;
            for (int i = 0; i < n; ++i)
              row += (i > 0 ? "|" : "") + std::string(values[i] ? values[i] : "");
            static_cast<std::vector<std::string>*>(out)->push_back(std::move(row));
            return 0;
          },
          &rows, nullptr);
    }
    std::string message = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    if (rc != SQLITE_OK) return core::Fail(core::ErrorCode::kInternal, "raw sql: " + message);
    return rows;
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
};

std::unique_ptr<ContractStore> MakeSqliteStore() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "tsunagu-contract-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern;
    return nullptr;
  }
  std::filesystem::path dir = pattern;
  adapters::sqlite::SqliteOptions options;
  options.cipher = ContractCipher();
  auto store = SqliteStore::Open(TempSqliteStore::DbPath(dir).string(), options);
  if (!store) {
    ADD_FAILURE() << Describe(store.error());
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return nullptr;
  }
  return std::make_unique<TempSqliteStore>(std::move(dir), std::move(*store));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
                         ::testing::Values(StoreBackend{"sqlite", MakeSqliteStore}), BackendName);

}  // namespace
}  // namespace tsunagu::contract
