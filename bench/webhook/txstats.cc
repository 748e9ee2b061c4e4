// An LD_PRELOAD probe for bench/webhook/run: it watches tsunagu's SQLite transactions from the
// outside, without changing src/. It wraps sqlite3_step (tsunagu runs BEGIN IMMEDIATE, its
// statements and COMMIT as cached prepared statements), fsync/fdatasync and pwrite, and on
// exit writes to $TSUNAGU_TXSTATS_FILE:
//   - group commits (transactions that insert into inbound_events): count, events per commit
//     as a histogram, and time from BEGIN to the end of COMMIT;
//   - other transactions (the inbound processor, the API): count and time;
//   - fsync/fdatasync calls and the time spent in them, and pwrite calls and bytes (WAL frames,
//     checkpoints), by kind of thread.
// It also names the threads it recognises ("tx-commit", "tx-other"), so /proc/PID/task/*/comm
// tells the committer from the I/O threads in the CPU accounting.
// The overhead is one clock read per BEGIN/COMMIT and one prefix compare per sqlite3_step.
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace {

using Clock = std::chrono::steady_clock;

// Power-of-two buckets: bucket b holds values in [2^(b-1)+1, 2^b] (bucket 0 holds 0 and 1).
constexpr int kBuckets = 24;
int BucketOf(std::uint64_t v) {
  int b = 0;
  while (b + 1 < kBuckets && (std::uint64_t{1} << b) < v) ++b;
  return b;
}

struct Histogram {
  std::array<std::uint64_t, kBuckets> counts{};
  std::uint64_t n = 0, sum = 0, max = 0;
  void Add(std::uint64_t v) {
    ++counts[BucketOf(v)];
    ++n;
    sum += v;
    if (v > max) max = v;
  }
  // Upper bound of the bucket holding the q-quantile.
  std::uint64_t Quantile(double q) const {
    if (n == 0) return 0;
    std::uint64_t seen = 0, want = static_cast<std::uint64_t>(q * static_cast<double>(n));
    if (want == 0) want = 1;
    for (int b = 0; b < kBuckets; ++b) {
      seen += counts[b];
      if (seen >= want) return std::uint64_t{1} << b;
    }
    return max;
  }
};

struct Stats {
  std::mutex mu;
  Histogram commit_events;   // events per group commit
  Histogram commit_us;       // BEGIN .. end of COMMIT, group commits
  Histogram commit_step_us;  // the COMMIT statement alone, group commits
  Histogram other_us;        // BEGIN .. end of COMMIT, other transactions
  std::uint64_t rollbacks = 0;
  std::uint64_t fsyncs_commit = 0, fsyncs_other = 0;
  std::uint64_t fsync_us_commit = 0, fsync_us_other = 0;
  std::uint64_t writes_commit = 0, writes_other = 0;
  std::uint64_t write_bytes_commit = 0, write_bytes_other = 0;
};

Stats& Global() {
  static Stats* stats = new Stats;  // never destroyed: threads may still run at exit
  return *stats;
}

enum class Kind { kUnknown, kCommitter, kOther };

struct ThreadState {
  bool in_tx = false;
  Clock::time_point begin;
  std::uint64_t inserts = 0;
  Kind kind = Kind::kUnknown;
  bool named = false;
};
thread_local ThreadState tls;

std::uint64_t Us(Clock::duration d) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

void NameThread(Kind kind) {
  if (tls.named || kind == Kind::kUnknown) return;
  tls.named = true;
  tls.kind = kind;
  if (gettid() == getpid()) return;  // the main thread (migrations) keeps the process's name
  pthread_setname_np(pthread_self(), kind == Kind::kCommitter ? "tx-commit" : "tx-other");
}

bool StartsWith(const char* s, const char* prefix) {
  return s != nullptr && std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

template <typename Fn>
Fn Real(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

void Report() {
  const char* path = std::getenv("TSUNAGU_TXSTATS_FILE");
  if (path == nullptr || *path == '\0') return;
  Stats& s = Global();
  std::lock_guard lock(s.mu);
  FILE* f = std::fopen(path, "w");
  if (f == nullptr) return;
  auto mean = [](const Histogram& h) { return h.n ? static_cast<double>(h.sum) / h.n : 0.0; };
  std::fprintf(f, "group_commits=%llu\n", static_cast<unsigned long long>(s.commit_events.n));
  std::fprintf(f, "group_commit_events=%llu\n",
               static_cast<unsigned long long>(s.commit_events.sum));
  std::fprintf(f, "events_per_commit_mean=%.2f\n", mean(s.commit_events));
  std::fprintf(f, "events_per_commit_p50=%llu\n",
               static_cast<unsigned long long>(s.commit_events.Quantile(0.5)));
  std::fprintf(f, "events_per_commit_p99=%llu\n",
               static_cast<unsigned long long>(s.commit_events.Quantile(0.99)));
  std::fprintf(f, "events_per_commit_max=%llu\n",
               static_cast<unsigned long long>(s.commit_events.max));
  std::fprintf(f, "commit_tx_us_mean=%.1f\n", mean(s.commit_us));
  std::fprintf(f, "commit_tx_us_p50=%llu\n",
               static_cast<unsigned long long>(s.commit_us.Quantile(0.5)));
  std::fprintf(f, "commit_tx_us_p99=%llu\n",
               static_cast<unsigned long long>(s.commit_us.Quantile(0.99)));
  std::fprintf(f, "commit_tx_us_max=%llu\n", static_cast<unsigned long long>(s.commit_us.max));
  std::fprintf(f, "commit_stmt_us_mean=%.1f\n", mean(s.commit_step_us));
  std::fprintf(f, "other_tx=%llu\n", static_cast<unsigned long long>(s.other_us.n));
  std::fprintf(f, "other_tx_us_mean=%.1f\n", mean(s.other_us));
  std::fprintf(f, "other_tx_us_p99=%llu\n",
               static_cast<unsigned long long>(s.other_us.Quantile(0.99)));
  std::fprintf(f, "rollbacks=%llu\n", static_cast<unsigned long long>(s.rollbacks));
  std::fprintf(f, "fsyncs_committer=%llu\n", static_cast<unsigned long long>(s.fsyncs_commit));
  std::fprintf(f, "fsync_ms_committer=%.1f\n", s.fsync_us_commit / 1000.0);
  std::fprintf(f, "fsyncs_other=%llu\n", static_cast<unsigned long long>(s.fsyncs_other));
  std::fprintf(f, "fsync_ms_other=%.1f\n", s.fsync_us_other / 1000.0);
  std::fprintf(f, "pwrites_committer=%llu\n", static_cast<unsigned long long>(s.writes_commit));
  std::fprintf(f, "pwrite_mb_committer=%.1f\n", s.write_bytes_commit / 1e6);
  std::fprintf(f, "pwrites_other=%llu\n", static_cast<unsigned long long>(s.writes_other));
  std::fprintf(f, "pwrite_mb_other=%.1f\n", s.write_bytes_other / 1e6);
  // The histogram: "events_per_commit_hist=<=1:N <=2:N <=4:N ...".
  std::fprintf(f, "events_per_commit_hist=");
  for (int b = 0; b < kBuckets; ++b) {
    if (s.commit_events.counts[b] == 0) continue;
    std::fprintf(f, "<=%llu:%llu ", static_cast<unsigned long long>(std::uint64_t{1} << b),
                 static_cast<unsigned long long>(s.commit_events.counts[b]));
  }
  std::fprintf(f, "\n");
  std::fclose(f);
}

struct Reporter {
  ~Reporter() { Report(); }
} reporter;

void CountSync(Clock::duration took) {
  Stats& s = Global();
  std::lock_guard lock(s.mu);
  if (tls.kind == Kind::kCommitter) {
    ++s.fsyncs_commit;
    s.fsync_us_commit += Us(took);
  } else {
    ++s.fsyncs_other;
    s.fsync_us_other += Us(took);
  }
}

void CountWrite(ssize_t written) {
  if (written <= 0) return;
  Stats& s = Global();
  std::lock_guard lock(s.mu);
  if (tls.kind == Kind::kCommitter) {
    ++s.writes_commit;
    s.write_bytes_commit += static_cast<std::uint64_t>(written);
  } else {
    ++s.writes_other;
    s.write_bytes_other += static_cast<std::uint64_t>(written);
  }
}

}  // namespace

extern "C" {

int sqlite3_step(sqlite3_stmt* stmt) {
  static auto real = Real<int (*)(sqlite3_stmt*)>("sqlite3_step");
  const char* sql = sqlite3_sql(stmt);
  if (StartsWith(sql, "BEGIN")) {
    tls.in_tx = true;
    tls.inserts = 0;
    tls.begin = Clock::now();
    return real(stmt);
  }
  if (StartsWith(sql, "COMMIT") && tls.in_tx) {
    const auto before = Clock::now();
    int rc = real(stmt);
    const auto after = Clock::now();
    tls.in_tx = false;
    NameThread(tls.inserts > 0 ? Kind::kCommitter : Kind::kOther);
    Stats& s = Global();
    std::lock_guard lock(s.mu);
    if (tls.inserts > 0) {
      s.commit_events.Add(tls.inserts);
      s.commit_us.Add(Us(after - tls.begin));
      s.commit_step_us.Add(Us(after - before));
    } else {
      s.other_us.Add(Us(after - tls.begin));
    }
    return rc;
  }
  if (StartsWith(sql, "ROLLBACK")) {
    tls.in_tx = false;
    std::lock_guard lock(Global().mu);
    ++Global().rollbacks;
    return real(stmt);
  }
  if (tls.in_tx && StartsWith(sql, "INSERT INTO inbound_events")) ++tls.inserts;
  return real(stmt);
}

int fsync(int fd) {
  static auto real = Real<int (*)(int)>("fsync");
  const auto before = Clock::now();
  int rc = real(fd);
  CountSync(Clock::now() - before);
  return rc;
}

int fdatasync(int fd) {
  static auto real = Real<int (*)(int)>("fdatasync");
  const auto before = Clock::now();
  int rc = real(fd);
  CountSync(Clock::now() - before);
  return rc;
}

// SQLite writes WAL frames and checkpointed pages with pwrite64 (pwrite is the same function on
// x86-64 glibc; both names are wrapped). Sockets use write/sendmsg and are not counted.
ssize_t pwrite64(int fd, const void* buf, size_t count, off_t offset) {
  static auto real = Real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite64");
  ssize_t n = real(fd, buf, count, offset);
  CountWrite(n);
  return n;
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static auto real = Real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  ssize_t n = real(fd, buf, count, offset);
  CountWrite(n);
  return n;
}

}  // extern "C"
