// Runs the Store contract on PostgresStore, with a fresh schema per test on the server named by
// TSUNAGU_TEST_PG_URL (ctest runs this binary through scripts/with-postgres, which starts one).
#include <memory>
#include <string>
#include <utility>

#include "adapters/storage/postgres/postgres_store.h"
#include "contract/store_contract.h"
#include "unit/adapters/storage/postgres/pg_test_schema.h"

namespace tsunagu::contract {
namespace {

using adapters::postgres::PostgresStore;
using testing_pg::PgTestSchema;

// Owns the test's schema and drops it after the store has closed its connections.
class TempPostgresStore final : public ContractStore {
 public:
  TempPostgresStore(std::unique_ptr<PgTestSchema> schema, std::unique_ptr<PostgresStore> store)
      : schema_(std::move(schema)), store_(std::move(store)) {}
  ~TempPostgresStore() override {
    store_.reset();  // close the pool before dropping the schema it uses
    schema_.reset();
  }

  core::Status Migrate() override { return store_->Migrate(); }
  core::Status Transact(const std::function<core::Status(app::StoreTx&)>& fn) override {
    return store_->Transact(fn);
  }

  core::Status ExecRawSql(const std::string& sql) override {
    auto rows = schema_->Query(sql);
    if (!rows) return std::unexpected(rows.error());
    return core::Ok();
  }

  core::Result<std::vector<std::string>> RawRows(const std::string& sql) override {
    return schema_->Query(sql);
  }

 private:
  std::unique_ptr<PgTestSchema> schema_;
  std::unique_ptr<PostgresStore> store_;
};

std::unique_ptr<ContractStore> MakePostgresStore() {
  auto schema = PgTestSchema::Create();
  if (!schema) {
    ADD_FAILURE() << Describe(schema.error());
    return nullptr;
  }
  auto store =
      PostgresStore::Open((*schema)->url(), adapters::postgres::kPoolSizeDefault, ContractCipher());
  if (!store) {
    ADD_FAILURE() << Describe(store.error());
    return nullptr;
  }
  return std::make_unique<TempPostgresStore>(std::move(*schema), std::move(*store));
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract,
                         ::testing::Values(StoreBackend{"postgres", MakePostgresStore}),
                         BackendName);

}  // namespace
}  // namespace tsunagu::contract
