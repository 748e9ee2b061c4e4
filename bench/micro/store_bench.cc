// What one group commit costs on SQLite in WAL mode: a transaction inserting `batch` parsed
// webhook events into inbound_events, on a temporary file. full=0 is synchronous=NORMAL, as
// tsunagu serve runs it (no fsync per commit; only checkpoints sync); full=1 is
// synchronous=FULL (one fsync of the WAL per commit), the price of power-loss durability.
// sec_per_event is the time per iteration / batch; the fixed cost per transaction is what
// grouping saves. Not a pure function: the numbers depend on the disk.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "adapters/channel/line/webhook_parser.h"
#include "adapters/storage/sqlite/sqlite_store.h"
#include "bodies.h"

namespace tsunagu::bench {
namespace {

class TempDb {
 public:
  TempDb() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tsunagu-bench-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    dir_ = made != nullptr ? made : "";
  }
  ~TempDb() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  std::string path() const { return dir_ + "/bench.db"; }
  bool ok() const { return !dir_.empty(); }

 private:
  std::string dir_;
};

void BM_CommitInboundEvents(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  adapters::sqlite::SqliteOptions options;
  options.synchronous_full = state.range(1) != 0;
  TempDb tmp;
  auto store = adapters::sqlite::SqliteStore::Open(tmp.path(), options);
  if (!tmp.ok() || !store || !(*store)->Migrate()) {
    state.SkipWithError("cannot open the store");
    return;
  }
  auto parsed = adapters::line::ParseWebhook(BodyOfSize(618), "bench", 1768070449000);
  if (!parsed) {
    state.SkipWithError("parse failed");
    return;
  }
  core::InboundEvent event = parsed->events[0];
  std::int64_t next = 0;
  for (auto _ : state) {
    core::Status s = (*store)->Transact([&](app::StoreTx& tx) -> core::Status {
      for (int i = 0; i < batch; ++i) {
        event.event_id = "01JBENCH" + std::to_string(1'000'000'000 + next++);
        auto inserted = tx.InsertInboundEvent(event);
        if (!inserted) return std::unexpected(inserted.error());
      }
      return core::Ok();
    });
    if (!s) {
      state.SkipWithError(s.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["sec_per_event"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::OneK::kIs1000);
}
BENCHMARK(BM_CommitInboundEvents)
    ->ArgNames({"batch", "full"})
    ->ArgsProduct({{1, 4, 16, 64, 256}, {0}})
    ->ArgsProduct({{1, 16, 64}, {1}})
    ->UseRealTime();

}  // namespace
}  // namespace tsunagu::bench
