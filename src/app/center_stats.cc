#include "app/center_stats.h"

#include <algorithm>

#include "core/permissions.h"

namespace tsunagu::app {

void CountFact(const ConversationFact& fact, CenterCounts& counts,
               std::vector<core::TimeMs>& waits_ms) {
  ++counts.accesses;
  if (fact.taken_at_ms) {
    ++counts.handled;
    if (fact.queued_at_ms)
      waits_ms.push_back(std::max<core::TimeMs>(0, *fact.taken_at_ms - *fact.queued_at_ms));
    return;
  }
  switch (fact.end_reason) {
    case core::EndReason::kOutOfHours:
      ++counts.out_of_hours;
      return;
    case core::EndReason::kOverflow:
      ++counts.overflow;
      return;
    case core::EndReason::kAbandoned:
    case core::EndReason::kClosingTime:
    case core::EndReason::kIdle:
      ++counts.abandoned;
      return;
    case core::EndReason::kDeclined:
      ++counts.declined;
      return;
    case core::EndReason::kBotEnded:
    case core::EndReason::kStaff:
      ++counts.bot_ended;
      return;
    case core::EndReason::kNone:
      break;
  }
  if (fact.queued_at_ms) {
    ++counts.waiting;
  } else {
    ++counts.in_progress;
  }
}

std::optional<core::TimeMs> Percentile(std::vector<core::TimeMs> values, int p) {
  if (values.empty()) return std::nullopt;
  std::ranges::sort(values);
  const std::size_t n = values.size();
  std::size_t rank = (static_cast<std::size_t>(p) * n + 99) / 100;  // ceil(p/100 * n)
  rank = std::clamp<std::size_t>(rank, 1, n);
  return values[rank - 1];
}

CenterStats::CenterStats(AppContext& ctx) : ctx_(ctx) {}

core::Result<CenterCounts> CenterStats::Count(const core::Staff& staff,
                                              const std::string& program_key, core::TimeMs from_ms,
                                              core::TimeMs to_ms) {
  if (!core::RoleHas(staff.role, core::Permission::kViewDashboard)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "件数を見る権限がありません / you may not view the counts");
  }
  if (to_ms <= from_ms) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "to は from より後にしてください / to must be after from");
  }
  const ChannelRoute* route = RouteOfProgramKey(ctx_, program_key);
  if (route == nullptr) {
    return core::Fail(core::ErrorCode::kNotFound, "窓口がありません / no such program");
  }
  const core::ProgramId program = route->program_id;
  return TransactFor<CenterCounts>(ctx_.store, [&](StoreTx& tx) -> core::Result<CenterCounts> {
    CenterCounts counts;
    std::vector<core::TimeMs> waits;
    core::ConversationId after = 0;
    constexpr std::size_t kPage = 1000;
    while (true) {
      auto page = tx.ListConversationFacts(program, from_ms, to_ms, after, kPage);
      if (!page) return std::unexpected(page.error());
      for (const ConversationFact& f : *page) CountFact(f, counts, waits);
      if (page->size() < kPage) break;
      after = page->back().id;
    }
    counts.wait_ms_p50 = Percentile(waits, 50);
    counts.wait_ms_p90 = Percentile(std::move(waits), 90);
    auto survey = tx.CountSurveyAnswers(program, from_ms, to_ms);
    if (!survey) return std::unexpected(survey.error());
    counts.survey = std::move(*survey);
    AuditRecord r;
    r.at_ms = ctx_.clock.NowMs();
    r.actor_staff_id = staff.id;
    r.action = "stats.view";
    r.target_type = "program";
    r.target_id = program_key;
    r.detail = std::to_string(from_ms) + ".." + std::to_string(to_ms);
    if (auto s = tx.AppendAudit(r); !s) return std::unexpected(s.error());
    return counts;
  });
}

}  // namespace tsunagu::app
