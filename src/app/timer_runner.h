#pragma once

#include <functional>
#include <map>
#include <string>

#include "app/context.h"

namespace tsunagu::app {

// Runs work that is due at a time, kept in the store (StoreTx::ScheduleTimer) so that it
// survives the node that scheduled it: whichever node claims a due timer runs it, and a node that
// dies mid-run leaves a lease that runs out, after which another node runs it again.
//
// Two kinds of work:
// - Timers scheduled by use cases (an idle check for one conversation, say): On(kind, handler).
//   The handler runs outside a transaction; on success the timer is finished (unless it was
//   scheduled again meanwhile), on failure it is retried with backoff.
// - Periodic jobs (purges): Every(kind, interval, job). The job runs in one transaction that
//   holds the job lock named after it and schedules its next run, so that one node runs it at a
//   time and a failed run is simply run again.
class TimerRunner {
 public:
  using Handler = std::function<core::Status(const Timer&)>;
  using Job = std::function<core::Status(StoreTx&, core::TimeMs now_ms)>;

  explicit TimerRunner(AppContext& ctx);

  void On(std::string kind, Handler handler);
  void Every(std::string kind, core::TimeMs interval_ms, Job job);

  // Schedules every periodic job to run now (a node start runs them once).
  core::Status SchedulePeriodicJobs();

  // Runs one batch of due timers; true when it ran any.
  bool RunOnce();

  // The delay before retrying a timer that failed `attempts` times: 1 s, 2 s, ... up to 5 min.
  static core::TimeMs RetryDelayMs(int attempts);

 private:
  struct Periodic {
    core::TimeMs interval_ms = 0;
    Job job;
  };

  void RunTimer(const Timer& timer);
  void RunPeriodic(const Timer& timer, const Periodic& periodic);
  void Retry(const Timer& timer, const core::Error& error);

  AppContext& ctx_;
  std::map<std::string, Handler, std::less<>> handlers_;
  std::map<std::string, Periodic, std::less<>> periodic_;
};

}  // namespace tsunagu::app
