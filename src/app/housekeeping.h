#pragma once

#include "app/timer_runner.h"

namespace tsunagu::app {

// The periodic jobs every deployment runs: expired sessions and old stream journal records are
// deleted in bounded batches. Each runs on one node at a time (TimerRunner::Every).
inline constexpr const char* kPurgeSessionsJob = "purge.sessions";
inline constexpr const char* kPurgeStreamRecordsJob = "purge.stream_records";

void AddHousekeepingJobs(TimerRunner& runner);

}  // namespace tsunagu::app
