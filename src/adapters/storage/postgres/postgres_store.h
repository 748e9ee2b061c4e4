// The Store port on PostgreSQL, for several nodes sharing one database.
// See docs/adr/0004-postgresql-store.md for the decisions behind it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/storage/postgres/pg_connection.h"
#include "app/ports/field_cipher.h"
#include "app/ports/store.h"
#include "app/ports/store_copy.h"

namespace tsunagu::adapters::postgres {

inline constexpr int kPoolSizeDefault = 4;

// A small pool of connections; each Transact borrows one for the length of its transaction.
// It is also the target of `tsunagu store copy`. Thread-safe.
class PostgresStore final : public app::Store, public app::CopyTarget {
 public:
  // url: a libpq URI or key=value string. One connection is opened at once (so a wrong url or
  // an unreachable server fails here); the others when first needed. Call Migrate before the
  // first Transact.
  // cipher seals and opens the columns of app::kSealedColumns (docs/adr/0005); null keeps them
  // as they are (tests, and `store copy`, which moves stored values unchanged).
  static core::Result<std::unique_ptr<PostgresStore>> Open(
      const std::string& url, int pool_size = kPoolSizeDefault,
      std::shared_ptr<const app::FieldCipher> cipher = nullptr);
  ~PostgresStore() override;

  // Applies the missing migrations under a session advisory lock, so that nodes starting
  // together apply each one once. A schema newer than this binary is refused (kConflict).
  core::Status Migrate() override;
  // BEGIN, fn, COMMIT on a pooled connection; ROLLBACK when fn fails. A serialization failure
  // or deadlock runs fn again (a few times), so fn must build its outputs from scratch. A lost
  // connection is reported as kUnavailable and replaced before its next use. Calling Transact
  // from inside fn on the same store is a programmer error and aborts.
  core::Status Transact(const std::function<core::Status(app::StoreTx&)>& fn) override;

  // The highest applied migration version; 0 before the first Migrate.
  core::Result<int> SchemaVersion();

  // app::CopyTarget.
  core::Status CheckEmpty() override;
  core::Status WriteBatch(const app::CopyBatch& batch) override;
  core::Status Finish() override;
  core::Result<std::int64_t> CountRows(std::string_view table) override;

 private:
  // A borrowed connection, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(PostgresStore& store, std::unique_ptr<PgConnection> conn)
        : store_(&store), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    PgConnection& conn() { return *conn_; }

   private:
    PostgresStore* store_;
    std::unique_ptr<PgConnection> conn_;
  };

  PostgresStore(std::string url, int pool_size, std::unique_ptr<PgConnection> first,
                std::shared_ptr<const app::FieldCipher> cipher);

  core::Result<Lease> Borrow();
  void Return(std::unique_ptr<PgConnection> conn);
  core::Status RunTransaction(PgConnection& conn,
                              const std::function<core::Status(app::StoreTx&)>& fn);
  // One transaction on a borrowed connection without retries (migrations, store copy).
  core::Status RunPlain(const std::function<core::Status(PgConnection&)>& fn);
  core::Status MigrateLocked(PgConnection& conn);
  core::Status ApplyMigration(PgConnection& conn, int version, std::string_view name,
                              std::string_view sql);

  const std::string url_;
  const std::shared_ptr<const app::FieldCipher> cipher_;
  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int unopened_ = 0;                                 // guarded by mu_: slots not connected yet
};

}  // namespace tsunagu::adapters::postgres
