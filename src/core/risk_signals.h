// What a risk signal does once the analyzer has suggested a level (docs/risk.md, "What a signal
// does"): the conversation's level only rises; supervisors get one grouped alert per
// conversation; level 3 opens the emergency checklist; a disclosure names its legal basis; a
// counselor with several level-2+ conversations in one shift is flagged for a debrief. Pure rules
// only: the use cases in app/risk_actions.* store and publish what these decide.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/ids.h"
#include "core/message.h"

namespace tsunagu::core {

// Raises the conversation's suggestion with one message's: the level never falls, categories
// accumulate. True when anything changed; risk_raised_at_ms is set when the level rose.
bool RaiseConversationRisk(Conversation& conversation, const MessageRisk& risk, TimeMs now_ms);

// The items of a comma-separated list as stored (category codes, disclosure fields), without
// empty ones.
std::vector<std::string_view> SplitCodes(std::string_view codes);

// Comma-separated category codes: the union of two lists, sorted, without duplicates.
std::string MergeCategoryCodes(std::string_view a, std::string_view b);

// One open alert per conversation; supervisors acknowledge it.
struct RiskAlert {
  std::int64_t id = 0;
  ConversationId conversation_id = 0;
  int level = 0;
  std::string categories;
  TimeMs first_at_ms = 0;
  TimeMs last_at_ms = 0;
  int message_count = 0;  // risky messages grouped into it
  std::optional<StaffId> acknowledged_by;
  std::optional<TimeMs> acknowledged_at_ms;
  bool open() const { return !acknowledged_at_ms.has_value(); }
};

// What a risky message does to the alerts of its conversation.
enum class AlertAction {
  kNone,      // level 0: no alert
  kOpen,      // no open alert: open one, and sound it
  kEscalate,  // the open alert's level rose: update it, and sound it again
  kGroup,     // the same or a lower level: count it in the open alert, quietly
};
struct AlertDecision {
  AlertAction action = AlertAction::kNone;
  RiskAlert alert;  // the alert to store (for kOpen, without an id)
  bool sound() const { return action == AlertAction::kOpen || action == AlertAction::kEscalate; }
};
AlertDecision DecideRiskAlert(const std::optional<RiskAlert>& open, ConversationId conversation,
                              const MessageRisk& risk, TimeMs now_ms);

// The level-3 emergency checklist (R21): each step is timestamped and attributed once.
enum class EmergencyStep { kKeepChatting, kAskLocation, kCallEmergency, kSupervisorApproval };
inline constexpr std::array<EmergencyStep, 4> kEmergencySteps = {
    EmergencyStep::kKeepChatting, EmergencyStep::kAskLocation, EmergencyStep::kCallEmergency,
    EmergencyStep::kSupervisorApproval};
const char* EmergencyStepName(EmergencyStep step);  // "keep_chatting", ...
std::optional<EmergencyStep> ParseEmergencyStep(std::string_view name);
const char* EmergencyStepLabelJa(EmergencyStep step);

struct EmergencyStepRecord {
  EmergencyStep step = EmergencyStep::kKeepChatting;
  StaffId done_by = 0;
  std::string done_by_name;  // read-only view, filled by the store
  TimeMs done_at_ms = 0;
  std::string note;
};

// The legal basis of a disclosure to police or a child guidance center (個人情報保護法).
enum class DisclosureBasis { kConsent, kArt27_1_2, kArt27_1_3 };
const char* DisclosureBasisName(DisclosureBasis basis);  // "consent", "art27_1_ii", "art27_1_iii"
std::optional<DisclosureBasis> ParseDisclosureBasis(std::string_view name);
const char* DisclosureBasisLabelJa(DisclosureBasis basis);

// The debrief rule: a counselor with at least kDebriefConversationsMin conversations at level 2
// or more within one shift (the window before now) is flagged to their supervisors.
inline constexpr int kDebriefConversationsMin = 3;
inline constexpr int kDebriefLevelMin = 2;

struct DebriefFlag {
  std::int64_t id = 0;
  StaffId staff_id = 0;
  std::string staff_name;  // read-only view, filled by the store
  TimeMs flagged_at_ms = 0;
  int conversation_count = 0;
  std::optional<StaffId> cleared_by;
  std::optional<TimeMs> cleared_at_ms;
};

}  // namespace tsunagu::core
