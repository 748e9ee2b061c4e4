// The supervisor dashboard (docs/dashboard.md): who is at a console and each counselor's load,
// each program's queue and longest wait, and the staffing alerts of core/staffing.h. Presence is
// kept in the store (staff_presence), so every node sees the same.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/staffing.h"

namespace tsunagu::app {

enum class Presence { kOnline, kAway, kOffline };
const char* PresenceName(Presence presence);

struct DashboardStaff {
  core::Staff staff;  // without the password hash
  Presence presence = Presence::kOffline;
  std::optional<core::TimeMs> last_seen_ms;
  int open_conversations = 0;
  std::optional<int> capacity;  // none: no limit
};

struct DashboardProgram {
  std::string key;
  std::string name;
  std::optional<bool> open;  // none: no hours configured
  int queue_length = 0;
  core::TimeMs longest_wait_ms = 0;
  int active = 0;
};

struct DashboardView {
  core::TimeMs at_ms = 0;
  std::vector<DashboardProgram> programs;
  std::vector<DashboardStaff> staff;  // online, then away, then offline; by name within
  std::vector<core::StaffingAlert> alerts;
  int counselors_per_supervisor_max = 0;
};

class Dashboard {
 public:
  explicit Dashboard(AppContext& ctx);

  // The console's heartbeat: "online" or "away" (kInvalidArgument otherwise).
  core::Status ReportPresence(const core::Staff& staff, std::string_view status);
  // At logout: offline at once.
  core::Status ClearPresence(core::StaffId staff_id);
  // Supervisors and admins (kPermissionDenied otherwise).
  core::Result<DashboardView> View(const core::Staff& staff);

 private:
  AppContext& ctx_;
};

}  // namespace tsunagu::app
