#include "core/staffing.h"

namespace tsunagu::core {

const char* StaffingAlertCodeName(StaffingAlertCode code) {
  return code == StaffingAlertCode::kNoSupervisor ? "no_supervisor" : "ratio_exceeded";
}

std::vector<StaffingAlert> StaffingAlerts(int counselors, int supervisors,
                                          int counselors_per_supervisor_max) {
  std::vector<StaffingAlert> alerts;
  if (counselors <= 0) return alerts;
  if (supervisors <= 0) {
    alerts.push_back({StaffingAlertCode::kNoSupervisor,
                      "スーパーバイザーが在席していません（相談員 " + std::to_string(counselors) +
                          " 人） / no supervisor is on duty (" + std::to_string(counselors) +
                          " counselors)"});
    return alerts;
  }
  if (counselors_per_supervisor_max > 0 &&
      counselors > supervisors * counselors_per_supervisor_max) {
    const std::string ratio = std::to_string(counselors) + ":" + std::to_string(supervisors);
    const std::string max = std::to_string(counselors_per_supervisor_max) + ":1";
    alerts.push_back({StaffingAlertCode::kRatioExceeded,
                      "相談員とスーパーバイザーの比率が " + ratio + " で、上限 " + max +
                          " を超えています / counselors per supervisor are " + ratio +
                          ", above the limit of " + max});
  }
  return alerts;
}

}  // namespace tsunagu::core
