// The Store contract for the audit log's hash chain and its search: appends link each record to
// the one before (also from many threads at once, which on PostgreSQL means many connections),
// `audit verify` finds a record changed, removed or cut off behind the store's back, and the
// search filters and pages newest first. Runs on every backend and knows none of them; the raw
// SQL that tampers tries PostgreSQL's spelling, then SQLite's.
#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/system/platform_secrets.h"
#include "app/audit_chain.h"
#include "contract/store_contract.h"
#include "core/audit_chain.h"
#include "core/limits.h"

namespace tsunagu::contract {
namespace {

constexpr core::TimeMs kT0 = 1'700'000'000'000;

adapters::system::PlatformSecrets& Secrets() {
  static adapters::system::PlatformSecrets secrets;
  return secrets;
}

core::Status AddStaffTo(app::StoreTx& tx, const std::string& login, core::StaffId& id) {
  core::Staff staff;
  staff.login = login;
  staff.display_name = login;
  staff.password_hash = "hash";
  staff.created_at_ms = kT0;
  auto inserted = tx.InsertStaff(staff);
  if (!inserted) return std::unexpected(inserted.error());
  id = *inserted;
  return core::Ok();
}

core::StaffId AddStaff(app::Store& store, const std::string& login) {
  core::StaffId id = 0;
  core::Status s = store.Transact([&](app::StoreTx& tx) { return AddStaffTo(tx, login, id); });
  EXPECT_TRUE(s) << Describe(s.error());
  return id;
}

void Append(app::Store& store, const app::AuditRecord& r) {
  core::Status s = store.Transact([&](app::StoreTx& tx) { return tx.AppendAudit(r); });
  EXPECT_TRUE(s) << Describe(s.error());
}

// Appends n records, alternating between a staff actor and none, with commas, colons and
// multi-byte text in the detail (the canonical form must not be fooled by them).
void AppendSome(app::Store& store, int n, std::optional<core::StaffId> actor) {
  for (int i = 0; i < n; ++i) {
    app::AuditRecord r{0,
                       kT0 + i,
                       i % 2 == 0 ? actor : std::nullopt,
                       i % 3 == 0 ? "login" : "conversation.view",
                       i % 3 == 0 ? "staff" : "conversation",
                       std::to_string(i),
                       "detail ," + std::to_string(i) + ":相談"};
    Append(store, r);
  }
}

app::AuditVerification Verify(app::Store& store, std::size_t batch = 3) {
  std::vector<std::int64_t> progress;
  auto verified = app::VerifyAuditChain(store, Secrets(), batch,
                                        [&](std::int64_t checked) { progress.push_back(checked); });
  EXPECT_TRUE(verified) << Describe(verified.error());
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  return verified ? *verified : app::AuditVerification{};
}

// Runs sql with the append-only triggers out of the way, as someone with the database's
// password could. SQLite's spelling first (it fails on PostgreSQL at its first statement, so
// nothing runs there); on SQLite the triggers are gone for good (the test's own database).
void Tamper(ContractStore& store, const std::string& sql) {
  if (store.ExecRawSql("DROP TRIGGER IF EXISTS audit_log_no_update; "
                       "DROP TRIGGER IF EXISTS audit_log_no_delete; " +
                       sql)) {
    return;
  }
  core::Status pg = store.ExecRawSql("BEGIN; ALTER TABLE audit_log DISABLE TRIGGER USER; " + sql +
                                     "; ALTER TABLE audit_log ENABLE TRIGGER USER; COMMIT");
  ASSERT_TRUE(pg) << Describe(pg.error());
}

TEST_P(StoreContract, AuditChainAnEmptyLogIsIntact) {
  app::AuditVerification v = Verify(store());
  EXPECT_EQ(v.problem, core::AuditBreak::kNone);
  EXPECT_EQ(v.checked, 0);
  EXPECT_FALSE(Tx([](app::StoreTx& tx) { return tx.GetAuditChainHead(); }).has_value());
}

TEST_P(StoreContract, AuditChainAppendsLinkEachRecordToTheOneBefore) {
  core::StaffId sato = AddStaff(store(), "sato");
  AppendSome(store(), 7, sato);
  auto chain = Tx([](app::StoreTx& tx) { return tx.ListAuditChain(0, 100); });
  ASSERT_EQ(chain.size(), 7u);
  std::string prev(core::kAuditGenesisHash);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const app::ChainedAuditRecord& c = chain[i];
    EXPECT_EQ(c.record.id, static_cast<std::int64_t>(i) + 1) << "ids are dense from 1";
    EXPECT_EQ(c.prev_hash, prev);
    EXPECT_EQ(c.hash, Secrets().Sha256Hex(
                          core::AuditHashInput(prev, app::AuditFieldsOf(c.record.id, c.record))));
    EXPECT_EQ(c.hash.size(), 64u);
    prev = c.hash;
  }
  auto head = Tx([](app::StoreTx& tx) { return tx.GetAuditChainHead(); });
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->last_id, 7);
  EXPECT_EQ(head->last_hash, prev);
  EXPECT_EQ(head->legacy_last_id, 0);
  // Paging by after_id.
  auto tail = Tx([](app::StoreTx& tx) { return tx.ListAuditChain(5, 100); });
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].record.id, 6);

  app::AuditVerification v = Verify(store(), 3);
  EXPECT_EQ(v.problem, core::AuditBreak::kNone) << v.explanation;
  EXPECT_EQ(v.checked, 7);
  EXPECT_EQ(v.last_id, 7);
  EXPECT_EQ(v.last_hash, prev);
}

TEST_P(StoreContract, AuditChainARolledBackAppendLeavesNoGap) {
  AppendSome(store(), 2, AddStaff(store(), "sato"));
  core::Status rolled_back = store().Transact([](app::StoreTx& tx) -> core::Status {
    if (auto s = tx.AppendAudit({0, kT0, std::nullopt, "ghost", "x", "y", ""}); !s) return s;
    return core::Fail(core::ErrorCode::kLimitExceeded, "changed my mind");
  });
  ASSERT_FALSE(rolled_back);
  AppendSome(store(), 1, std::nullopt);
  app::AuditVerification v = Verify(store());
  EXPECT_EQ(v.problem, core::AuditBreak::kNone) << v.explanation;
  EXPECT_EQ(v.last_id, 3);
}

TEST_P(StoreContract, AuditChainConcurrentAppendsNeverShareAPredecessor) {
  core::StaffId sato = AddStaff(store(), "sato");
  constexpr int kThreads = 6;
  constexpr int kEach = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        core::Status s = store().Transact([&](app::StoreTx& tx) {
          return tx.AppendAudit({0, kT0 + i, sato, "conversation.view", "conversation",
                                 std::to_string(t), std::to_string(i)});
        });
        if (!s) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  app::AuditVerification v = Verify(store(), 16);
  EXPECT_EQ(v.problem, core::AuditBreak::kNone) << v.bad_id << ": " << v.explanation;
  EXPECT_EQ(v.checked, kThreads * kEach);
}

TEST_P(StoreContract, AuditChainVerifyNamesTheRecordWhoseDetailWasChanged) {
  AppendSome(store(), 6, AddStaff(store(), "sato"));
  Tamper(store(), "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 4");
  app::AuditVerification v = Verify(store());
  EXPECT_EQ(v.problem, core::AuditBreak::kHashMismatch);
  EXPECT_EQ(v.bad_id, 4);
  EXPECT_EQ(v.checked, 3);
  EXPECT_NE(v.explanation.find("changed"), std::string::npos) << v.explanation;
}

TEST_P(StoreContract, AuditChainRehashingAChangedRecordBreaksTheLinkOfTheNext) {
  AppendSome(store(), 5, AddStaff(store(), "sato"));
  // A careful forger recomputes the changed record's hash but cannot fix its successor's
  // prev_hash without rewriting everything after it.
  auto chain = Tx([](app::StoreTx& tx) { return tx.ListAuditChain(0, 100); });
  ASSERT_EQ(chain.size(), 5u);
  app::AuditRecord forged = chain[1].record;
  forged.detail = "forged";
  const std::string hash = Secrets().Sha256Hex(
      core::AuditHashInput(chain[1].prev_hash, app::AuditFieldsOf(forged.id, forged)));
  Tamper(store(), "UPDATE audit_log SET detail = 'forged', hash = '" + hash + "' WHERE id = 2");
  app::AuditVerification v = Verify(store());
  EXPECT_EQ(v.problem, core::AuditBreak::kBrokenLink);
  EXPECT_EQ(v.bad_id, 3);
}

TEST_P(StoreContract, AuditChainVerifyFindsARemovedRecordAndACutOffEnd) {
  AppendSome(store(), 6, AddStaff(store(), "sato"));
  Tamper(store(), "DELETE FROM audit_log WHERE id = 3");
  app::AuditVerification gap = Verify(store());
  EXPECT_EQ(gap.problem, core::AuditBreak::kGap);
  EXPECT_EQ(gap.bad_id, 4);

  Tamper(store(), "DELETE FROM audit_log WHERE id >= 3");
  app::AuditVerification cut = Verify(store());
  EXPECT_EQ(cut.problem, core::AuditBreak::kHeadMismatch);
  EXPECT_EQ(cut.bad_id, 6);
  EXPECT_EQ(cut.last_id, 2);
}

TEST_P(StoreContract, AuditChainSearchFiltersAndPagesNewestFirst) {
  core::StaffId sato = AddStaff(store(), "sato");
  core::StaffId suzuki = AddStaff(store(), "suzuki");
  Append(store(), {0, kT0, sato, "login", "staff", std::to_string(sato), ""});
  Append(store(), {0, kT0 + 10, sato, "conversation.view", "conversation", "7", ""});
  Append(store(), {0, kT0 + 20, suzuki, "conversation.view", "conversation", "8", ""});
  Append(store(), {0, kT0 + 30, std::nullopt, "login_failed", "staff", "nobody", ""});
  Append(store(), {0, kT0 + 40, suzuki, "conversation.view", "conversation", "7", "again"});

  auto ids = [&](const app::AuditFilter& f) {
    std::vector<std::int64_t> out;
    for (const auto& c : Tx([&](app::StoreTx& tx) { return tx.SearchAudit(f); })) {
      EXPECT_EQ(c.hash.size(), 64u);
      out.push_back(c.record.id);
    }
    return out;
  };
  using Ids = std::vector<std::int64_t>;
  auto With = [](auto set) {
    app::AuditFilter f;
    set(f);
    return f;
  };
  EXPECT_EQ(ids({}), (Ids{5, 4, 3, 2, 1}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) { f.action = "conversation.view"; })),
            (Ids{5, 3, 2}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) { f.actor_staff_id = suzuki; })), (Ids{5, 3}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) {
              f.target_type = "conversation";
              f.target_id = "7";
            })),
            (Ids{5, 2}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) { f.target_id = "nobody"; })), (Ids{4}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) {
              f.from_ms = kT0 + 10;
              f.to_ms = kT0 + 40;
            })),
            (Ids{4, 3, 2}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) {
              f.action = "conversation.view";
              f.limit = 2;
            })),
            (Ids{5, 3}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) {
              f.action = "conversation.view";
              f.before_id = 3;
              f.limit = 2;
            })),
            (Ids{2}));
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) { f.action = "nothing"; })), Ids{});
  EXPECT_EQ(ids(With([&](app::AuditFilter& f) { f.limit = 0; })), Ids{});
  auto first = Tx([&](app::StoreTx& tx) {
    return tx.SearchAudit(With([&](app::AuditFilter& f) { f.before_id = 2; }));
  });
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].record.action, "login");
  EXPECT_EQ(first[0].record.actor_staff_id, sato);
  EXPECT_EQ(first[0].prev_hash, core::kAuditGenesisHash);
}

}  // namespace

}  // namespace tsunagu::contract
