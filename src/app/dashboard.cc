#include "app/dashboard.h"

#include <algorithm>
#include <map>

#include "core/permissions.h"

namespace tsunagu::app {

const char* PresenceName(Presence presence) {
  switch (presence) {
    case Presence::kOnline:
      return "online";
    case Presence::kAway:
      return "away";
    case Presence::kOffline:
      return "offline";
  }
  return "offline";
}

Dashboard::Dashboard(AppContext& ctx) : ctx_(ctx) {}

core::Status Dashboard::ReportPresence(const core::Staff& staff, std::string_view status) {
  if (status != "online" && status != "away") {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "status は online か away です / status must be online or away");
  }
  return ctx_.store.Transact([&](StoreTx& tx) {
    return tx.UpsertPresence({staff.id, std::string(status), ctx_.clock.NowMs()});
  });
}

core::Status Dashboard::ClearPresence(core::StaffId staff_id) {
  return ctx_.store.Transact([&](StoreTx& tx) { return tx.DeletePresence(staff_id); });
}

core::Result<DashboardView> Dashboard::View(const core::Staff& staff) {
  if (!core::RoleHas(staff.role, core::Permission::kViewDashboard)) {
    return core::Fail(core::ErrorCode::kPermissionDenied,
                      "ダッシュボードを見る権限がありません / you may not view the dashboard");
  }
  return TransactFor<DashboardView>(ctx_.store, [&](StoreTx& tx) -> core::Result<DashboardView> {
    DashboardView view;
    view.at_ms = ctx_.clock.NowMs();
    view.counselors_per_supervisor_max = ctx_.dashboard.counselors_per_supervisor_max;
    std::vector<core::ProgramId> seen;
    for (const auto& [channel, route] : ctx_.channels) {
      if (std::ranges::find(seen, route.program_id) != seen.end()) continue;
      seen.push_back(route.program_id);
      auto queue = tx.SummarizeQueue(route.program_id);
      if (!queue) return std::unexpected(queue.error());
      DashboardProgram p;
      p.key = route.program_key;
      p.name = route.program_name;
      if (route.hours) p.open = route.hours->StatusAt(view.at_ms).open;
      p.queue_length = queue->queued;
      p.longest_wait_ms = queue->oldest_queued_at_ms
                              ? std::max<core::TimeMs>(0, view.at_ms - *queue->oldest_queued_at_ms)
                              : 0;
      p.active = queue->active;
      view.programs.push_back(std::move(p));
    }

    auto everyone = tx.ListStaff();
    if (!everyone) return std::unexpected(everyone.error());
    auto presence = tx.ListPresence();
    if (!presence) return std::unexpected(presence.error());
    auto loads = tx.CountOpenByStaff();
    if (!loads) return std::unexpected(loads.error());
    std::map<core::StaffId, StaffPresence> by_staff;
    for (const StaffPresence& p : *presence) by_staff[p.staff_id] = p;
    std::map<core::StaffId, int> load;
    for (const auto& [id, n] : *loads) load[id] = n;
    const core::TimeMs timeout_ms =
        static_cast<core::TimeMs>(ctx_.dashboard.presence_timeout_seconds) * 1000;
    int counselors = 0;
    int supervisors = 0;
    for (core::Staff& s : *everyone) {
      if (!s.active) continue;
      s.password_hash.clear();
      DashboardStaff row;
      if (auto p = by_staff.find(s.id); p != by_staff.end()) {
        row.last_seen_ms = p->second.last_seen_ms;
        if (view.at_ms - p->second.last_seen_ms <= timeout_ms) {
          row.presence = p->second.status == "away" ? Presence::kAway : Presence::kOnline;
        }
      }
      row.open_conversations = load.contains(s.id) ? load[s.id] : 0;
      if (core::RoleHas(s.role, core::Permission::kTakeConversation) &&
          !core::HasCapacity(s, ctx_.concurrent_per_counselor, ctx_.concurrent_per_counselor)) {
        row.capacity = ctx_.concurrent_per_counselor;
      }
      if (row.presence != Presence::kOffline) {
        if (s.role == core::Role::kCounselor) ++counselors;
        if (s.role == core::Role::kSupervisor) ++supervisors;
      }
      row.staff = std::move(s);
      view.staff.push_back(std::move(row));
    }
    std::ranges::stable_sort(view.staff, [](const DashboardStaff& a, const DashboardStaff& b) {
      if (a.presence != b.presence) return a.presence < b.presence;
      return a.staff.display_name < b.staff.display_name;
    });
    view.alerts =
        core::StaffingAlerts(counselors, supervisors, ctx_.dashboard.counselors_per_supervisor_max);
    return view;
  });
}

}  // namespace tsunagu::app
