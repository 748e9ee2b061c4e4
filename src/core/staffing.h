// Who is on duty, and when the supervisor dashboard warns (docs/dashboard.md): a center needs a
// supervisor on duty whenever counselors are, and at most a set number of counselors per
// supervisor (5 by default, as the MHLW guideline's practice).
#pragma once

#include <string>
#include <vector>

namespace tsunagu::core {

enum class StaffingAlertCode { kNoSupervisor, kRatioExceeded };

struct StaffingAlert {
  StaffingAlertCode code = StaffingAlertCode::kNoSupervisor;
  std::string message;  // 日本語 / English
  friend bool operator==(const StaffingAlert&, const StaffingAlert&) = default;
};

const char* StaffingAlertCodeName(StaffingAlertCode code);

// counselors and supervisors count those on duty (online or away at a console).
// - no supervisor while at least one counselor is on duty: kNoSupervisor;
// - more than counselors_per_supervisor_max counselors per supervisor: kRatioExceeded.
// counselors_per_supervisor_max <= 0 turns the ratio check off.
std::vector<StaffingAlert> StaffingAlerts(int counselors, int supervisors,
                                          int counselors_per_supervisor_max);

}  // namespace tsunagu::core
