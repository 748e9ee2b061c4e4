#include "app/timer_runner.h"

#include <utility>

#include "core/backoff.h"
#include "core/limits.h"

namespace tsunagu::app {

TimerRunner::TimerRunner(AppContext& ctx) : ctx_(ctx) {}

void TimerRunner::On(std::string kind, Handler handler) {
  handlers_[std::move(kind)] = std::move(handler);
}

void TimerRunner::Every(std::string kind, core::TimeMs interval_ms, Job job) {
  periodic_[std::move(kind)] = Periodic{interval_ms, std::move(job)};
}

core::TimeMs TimerRunner::RetryDelayMs(int attempts) { return core::RetryBackoffMs(attempts); }

core::Status TimerRunner::SchedulePeriodicJobs() {
  const core::TimeMs now = ctx_.clock.NowMs();
  return ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    for (const auto& [kind, periodic] : periodic_) {
      if (auto s = tx.ScheduleTimer(kind, "", now); !s) return s;
    }
    return core::Ok();
  });
}

bool TimerRunner::RunOnce() {
  auto due = TransactFor<std::vector<Timer>>(ctx_.store, [&](StoreTx& tx) {
    return tx.ClaimDueTimers(ctx_.clock.NowMs(), core::kTimerLeaseMs, core::kTimerClaimBatchMax);
  });
  if (!due) {
    ctx_.log.Warn("timers: not claimed", due.error());
    return false;
  }
  for (const Timer& timer : *due) RunTimer(timer);
  return !due->empty();
}

void TimerRunner::RunTimer(const Timer& timer) {
  if (auto p = periodic_.find(timer.kind); p != periodic_.end()) {
    RunPeriodic(timer, p->second);
    return;
  }
  auto h = handlers_.find(timer.kind);
  if (h == handlers_.end()) {
    // A newer node may know it (during a rolling upgrade): keep it, and look again later.
    Retry(timer, {core::ErrorCode::kNotFound, "no handler for timer kind " + timer.kind});
    return;
  }
  if (core::Status s = h->second(timer); !s) {
    Retry(timer, s.error());
    return;
  }
  core::Status finished = ctx_.store.Transact([&](StoreTx& tx) { return tx.FinishTimer(timer); });
  // If this fails, the lease runs out and the timer runs again: handlers must be idempotent.
  if (!finished) ctx_.log.Warn("timer " + timer.kind + ": not finished", finished.error());
}

void TimerRunner::RunPeriodic(const Timer& timer, const Periodic& periodic) {
  const core::TimeMs now = ctx_.clock.NowMs();
  core::Status s = ctx_.store.Transact([&](StoreTx& tx) -> core::Status {
    auto locked = tx.TryLockJob(timer.kind);
    if (!locked) return std::unexpected(locked.error());
    if (!*locked) return core::Ok();  // another node runs it right now and schedules the next
    if (auto run = periodic.job(tx, now); !run) return run;
    return tx.ScheduleTimer(timer.kind, timer.subject, now + periodic.interval_ms);
  });
  if (!s) Retry(timer, s.error());
}

void TimerRunner::Retry(const Timer& timer, const core::Error& error) {
  ctx_.log.Warn("timer " + timer.kind + " failed; retrying", error);
  const core::TimeMs next = ctx_.clock.NowMs() + RetryDelayMs(timer.attempts + 1);
  core::Status s =
      ctx_.store.Transact([&](StoreTx& tx) { return tx.RetryTimer(timer, next, error.message); });
  if (!s) ctx_.log.Warn("timer " + timer.kind + ": retry not recorded", s.error());
}

}  // namespace tsunagu::app
