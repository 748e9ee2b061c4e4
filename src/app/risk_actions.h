#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/risk_signals.h"
#include "core/staff.h"

namespace tsunagu::app {

struct AlertView {
  core::RiskAlert alert;
  core::Conversation conversation;
};

struct Disclosure {
  std::int64_t audit_id = 0;
  core::TimeMs at_ms = 0;
  core::StaffId approved_by = 0;
  core::DisclosureBasis basis = core::DisclosureBasis::kConsent;
  std::string recipient;            // e.g. 名古屋市中央児童相談所, 中警察署
  std::vector<std::string> fields;  // what was disclosed: "name", "address", "school", ...
  std::string note;
};

// What staff do with risk signals (docs/risk.md): supervisors see and acknowledge alerts, work
// through the level-3 emergency checklist with the counselor, record disclosures, and clear
// debrief flags. Every action is checked against core/permissions.h and written to the audit log.
class RiskActions {
 public:
  explicit RiskActions(AppContext& ctx);

  // Open alerts the staff member may see (supervisors: all; counselors: their conversations).
  core::Result<std::vector<AlertView>> OpenAlerts(const core::Staff& staff);
  core::Result<AlertView> Acknowledge(const core::Staff& staff, std::int64_t alert_id);

  // The checklist of a level-3 conversation, in the order the steps were done.
  core::Result<std::vector<core::EmergencyStepRecord>> Checklist(const core::Staff& staff,
                                                                 core::ConversationId id);
  // kConflict below level 3 or when the step is done already (the first record stands).
  core::Result<std::vector<core::EmergencyStepRecord>> RecordStep(const core::Staff& staff,
                                                                  core::ConversationId id,
                                                                  core::EmergencyStep step,
                                                                  const std::string& note);

  core::Result<Disclosure> RecordDisclosure(const core::Staff& staff, core::ConversationId id,
                                            Disclosure disclosure);
  core::Result<std::vector<Disclosure>> Disclosures(const core::Staff& staff,
                                                    core::ConversationId id);

  core::Result<std::vector<core::DebriefFlag>> OpenDebriefFlags(const core::Staff& staff);
  core::Status ClearDebriefFlag(const core::Staff& staff, std::int64_t flag_id);

 private:
  core::Status Audit(StoreTx& tx, const core::Staff& staff, const std::string& action,
                     const std::string& target_type, const std::string& target_id,
                     std::string detail);

  AppContext& ctx_;
};

}  // namespace tsunagu::app
