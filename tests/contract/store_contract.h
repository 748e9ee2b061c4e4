// The Store contract: one suite, written only against app::Store and app::StoreTx, run on every
// backend. A backend joins by instantiating StoreContract with a StoreBackend (see
// sqlite_store_contract.cc); the PostgreSQL adapter adds one more instantiation.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "app/ports/field_cipher.h"
#include "app/ports/store.h"
#include "core/result.h"

namespace tsunagu::contract {

// A fresh, empty store (not yet migrated) that can also run raw SQL on its own database, so the
// suite can check guarantees the port does not expose, such as the append-only audit log.
class ContractStore : public app::Store {
 public:
  // Runs sql on a separate connection, outside any Transact.
  virtual core::Status ExecRawSql(const std::string& sql) = 0;
  // The rows of a query on a separate connection, columns joined with '|': what is really
  // stored, e.g. that a sealed column holds no plaintext.
  virtual core::Result<std::vector<std::string>> RawRows(const std::string& sql) = 0;
};

// The cipher every contract store runs with, so that the whole suite goes through encryption
// at rest (key id "contract"; the key is fixed, it protects nothing).
std::shared_ptr<const app::FieldCipher> ContractCipher();

// Returns nullptr (after reporting why) when the backend cannot make a store.
using StoreFactory = std::function<std::unique_ptr<ContractStore>()>;

struct StoreBackend {
  std::string name;  // becomes part of the test name: StoreContract/<name>
  StoreFactory make;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

inline std::string Describe(const core::Error& error) {
  return std::string(core::ErrorCodeName(error.code)) + ": " + error.message;
}

class StoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr) << "the backend could not make a store";
    core::Status migrated = store_->Migrate();
    ASSERT_TRUE(migrated) << Describe(migrated.error());
  }

  ContractStore& store() { return *store_; }

  // Runs fn in its own transaction and returns what it produced. A failed transaction fails the
  // test (at the caller's line) and yields a default value.
  template <typename Fn>
  auto Tx(Fn&& fn, std::source_location at = std::source_location::current()) {
    using R = std::invoke_result_t<Fn&, app::StoreTx&>;
    using T = typename R::value_type;
    if constexpr (std::is_void_v<T>) {
      core::Status status = store_->Transact([&](app::StoreTx& tx) { return fn(tx); });
      if (!status) ADD_FAILURE_AT(at.file_name(), at.line()) << Describe(status.error());
    } else {
      core::Result<T> result = app::TransactFor<T>(*store_, fn);
      if (!result) {
        ADD_FAILURE_AT(at.file_name(), at.line()) << Describe(result.error());
        return T{};
      }
      return std::move(*result);
    }
  }

  // Runs fn in its own transaction (rolled back, as fn fails) and returns fn's error; success
  // fails the test.
  template <typename Fn>
  core::Error TxError(Fn&& fn, std::source_location at = std::source_location::current()) {
    core::Status status = store_->Transact([&](app::StoreTx& tx) -> core::Status {
      auto result = fn(tx);
      if (result) return core::Ok();
      return std::unexpected(result.error());
    });
    if (!status) return status.error();
    ADD_FAILURE_AT(at.file_name(), at.line()) << "expected an error, got success";
    return core::Error{core::ErrorCode::kInternal, "<no error>"};
  }

 private:
  std::unique_ptr<ContractStore> store_;
};

}  // namespace tsunagu::contract
