#include "app/housekeeping.h"

#include "core/limits.h"

namespace tsunagu::app {

void AddHousekeepingJobs(TimerRunner& runner) {
  runner.Every(kPurgeSessionsJob, core::kPurgeIntervalMs,
               [](StoreTx& tx, core::TimeMs now) -> core::Status {
                 auto deleted = tx.DeleteExpiredSessions(now, core::kPurgeBatchMax);
                 if (!deleted) return std::unexpected(deleted.error());
                 return core::Ok();
               });
  runner.Every(kPurgeStreamRecordsJob, core::kPurgeIntervalMs,
               [](StoreTx& tx, core::TimeMs now) -> core::Status {
                 auto deleted = tx.DeleteStreamRecordsBefore(now - core::kStreamRecordKeepMs,
                                                             core::kPurgeBatchMax);
                 if (!deleted) return std::unexpected(deleted.error());
                 return core::Ok();
               });
}

}  // namespace tsunagu::app
