// The center model's counts (docs/scenarios.md, "Counts"), made from the stored facts of each
// conversation (ConversationFact), in the categories Nagano's interim report used: accesses,
// handled, auto-replied out of hours or in overflow, abandoned while waiting. Every conversation
// opened in the range lands in exactly one of handled, out_of_hours, overflow, abandoned,
// declined, bot_ended, waiting, in_progress, so the parts add up to accesses.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"

namespace tsunagu::app {

struct CenterCounts {
  int accesses = 0;
  int handled = 0;  // a staff member took it (whatever happened after)
  int out_of_hours = 0;
  int overflow = 0;
  int abandoned = 0;
  int declined = 0;
  int bot_ended = 0;                        // ended with the bot for another reason
  int waiting = 0;                          // still in the queue
  int in_progress = 0;                      // still with the bot
  std::optional<core::TimeMs> wait_ms_p50;  // queued -> taken, of those handled
  std::optional<core::TimeMs> wait_ms_p90;
  std::vector<SurveyAnswerCount> survey;
};

// Adds one conversation to the counts (the rule above; waits are collected in waits_ms).
void CountFact(const ConversationFact& fact, CenterCounts& counts,
               std::vector<core::TimeMs>& waits_ms);
// The nearest-rank percentile (p in 1..100) of values; nullopt when empty.
std::optional<core::TimeMs> Percentile(std::vector<core::TimeMs> values, int p);

class CenterStats {
 public:
  explicit CenterStats(AppContext& ctx);

  // Supervisors and admins; audited "stats.view". kNotFound for an unknown program,
  // kInvalidArgument for an empty or reversed range.
  core::Result<CenterCounts> Count(const core::Staff& staff, const std::string& program_key,
                                   core::TimeMs from_ms, core::TimeMs to_ms);

 private:
  AppContext& ctx_;
};

}  // namespace tsunagu::app
