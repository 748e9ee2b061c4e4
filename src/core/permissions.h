// Who may do what. One table, checked on the server by every API and by the live stream.
#pragma once

#include "core/conversation.h"
#include "core/staff.h"

namespace tsunagu::core {

enum class Permission {
  kViewWaitingConversations,  // see conversations nobody has taken yet
  kViewAllConversations,      // see everyone's conversations (supervision)
  kTakeConversation,
  kReplyToAnyConversation,  // reply where another staff member is assigned (step in)
  kCloseAnyConversation,
  kManageStaff,
  kReceiveRiskAlerts,  // risk alerts and debrief flags of every conversation, and their acks
  kApproveEmergency,   // the supervisor-approval step of the level-3 checklist
  kRecordDisclosure,   // record a disclosure to police or a child guidance center
  kManageScenarios,    // reload the chatbot scenarios (docs/scenarios.md)
  kManageTemplates,    // edit the templates (docs/templates.md)
  kViewDashboard,      // the supervisor dashboard and the center's counts
  kViewAudit,          // search and export the audit log (auditors and admins)
};

bool RoleHas(Role role, Permission permission);

// Whether the role works with conversations at all (the queue or all of them). The auditor does
// not: every conversation list answers it 403, and no conversation is visible to it.
bool SeesConversations(Role role);

// The assigned staff member sees their conversation; a waiting one is visible to those who may
// take it; supervisors and admins see all.
bool CanView(const Staff& staff, const Conversation& conversation);
bool CanReply(const Staff& staff, const Conversation& conversation);
bool CanTake(const Staff& staff, const Conversation& conversation);
// Whether someone who already holds `held` open conversations may take one more: counselors up
// to concurrent_max, supervisors without a limit (they step in).
bool HasCapacity(const Staff& staff, int held, int concurrent_max);
bool CanClose(const Staff& staff, const Conversation& conversation);
// Transfers: the assignee, or those who may step in anywhere (supervisors).
bool CanTransfer(const Staff& staff, const Conversation& conversation);
// The risk alert of a conversation reaches those who receive every alert, and the counselor
// assigned to it.
bool CanSeeRiskAlert(const Staff& staff, const Conversation& conversation);
// Checklist steps: whoever may reply may record them; the approval step needs kApproveEmergency.
bool CanRecordEmergencyStep(const Staff& staff, const Conversation& conversation,
                            bool approval_step);

}  // namespace tsunagu::core
