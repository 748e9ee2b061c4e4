#include "core/permissions.h"

#include <array>

namespace tsunagu::core {
namespace {

struct Grant {
  Role role;
  Permission permission;
};

// The table. Anything not listed is denied.
constexpr std::array kGrants{
    Grant{Role::kCounselor, Permission::kViewWaitingConversations},
    Grant{Role::kCounselor, Permission::kTakeConversation},
    Grant{Role::kSupervisor, Permission::kViewWaitingConversations},
    Grant{Role::kSupervisor, Permission::kViewAllConversations},
    Grant{Role::kSupervisor, Permission::kTakeConversation},
    Grant{Role::kSupervisor, Permission::kReplyToAnyConversation},
    Grant{Role::kSupervisor, Permission::kCloseAnyConversation},
    Grant{Role::kSupervisor, Permission::kReceiveRiskAlerts},
    Grant{Role::kSupervisor, Permission::kApproveEmergency},
    Grant{Role::kSupervisor, Permission::kRecordDisclosure},
    Grant{Role::kSupervisor, Permission::kViewDashboard},
    Grant{Role::kAdmin, Permission::kViewWaitingConversations},
    Grant{Role::kAdmin, Permission::kViewAllConversations},
    Grant{Role::kAdmin, Permission::kCloseAnyConversation},
    Grant{Role::kAdmin, Permission::kManageStaff},
    Grant{Role::kAdmin, Permission::kManageScenarios},
    Grant{Role::kAdmin, Permission::kManageTemplates},
    Grant{Role::kAdmin, Permission::kViewDashboard},
    Grant{Role::kAdmin, Permission::kViewAudit},
    // An auditor reads the audit log and nothing else: no conversation, so no stream event.
    Grant{Role::kAuditor, Permission::kViewAudit},
};

// A role without any conversation permission (the auditor) holds no conversation either, even
// one that names it as the assignee: being assigned grants nothing to such a role.
bool AssignedTo(const Staff& staff, const Conversation& conversation) {
  return conversation.assigned_staff_id && *conversation.assigned_staff_id == staff.id &&
         SeesConversations(staff.role);
}

}  // namespace

bool RoleHas(Role role, Permission permission) {
  for (const Grant& g : kGrants) {
    if (g.role == role && g.permission == permission) return true;
  }
  return false;
}

bool SeesConversations(Role role) {
  return RoleHas(role, Permission::kViewWaitingConversations) ||
         RoleHas(role, Permission::kViewAllConversations);
}

bool CanView(const Staff& staff, const Conversation& conversation) {
  if (!staff.active) return false;
  if (AssignedTo(staff, conversation)) return true;
  if (RoleHas(staff.role, Permission::kViewAllConversations)) return true;
  return conversation.status == ConversationStatus::kWaiting && !conversation.assigned_staff_id &&
         RoleHas(staff.role, Permission::kViewWaitingConversations);
}

bool CanReply(const Staff& staff, const Conversation& conversation) {
  if (!staff.active || conversation.status == ConversationStatus::kClosed) return false;
  if (AssignedTo(staff, conversation)) return true;
  return conversation.assigned_staff_id.has_value() &&
         RoleHas(staff.role, Permission::kReplyToAnyConversation);
}

bool CanTake(const Staff& staff, const Conversation& conversation) {
  return staff.active && CanView(staff, conversation) &&
         RoleHas(staff.role, Permission::kTakeConversation);
}

bool HasCapacity(const Staff& staff, int held, int concurrent_max) {
  if (staff.role != Role::kCounselor) return true;
  return held < concurrent_max;
}

bool CanTransfer(const Staff& staff, const Conversation& conversation) {
  if (!staff.active) return false;
  return AssignedTo(staff, conversation) ||
         RoleHas(staff.role, Permission::kReplyToAnyConversation);
}

bool CanClose(const Staff& staff, const Conversation& conversation) {
  if (!staff.active) return false;
  return AssignedTo(staff, conversation) || RoleHas(staff.role, Permission::kCloseAnyConversation);
}

bool CanSeeRiskAlert(const Staff& staff, const Conversation& conversation) {
  if (!staff.active) return false;
  return AssignedTo(staff, conversation) || RoleHas(staff.role, Permission::kReceiveRiskAlerts);
}

bool CanRecordEmergencyStep(const Staff& staff, const Conversation& conversation,
                            bool approval_step) {
  if (!staff.active || !CanView(staff, conversation)) return false;
  if (approval_step) return RoleHas(staff.role, Permission::kApproveEmergency);
  return AssignedTo(staff, conversation) ||
         RoleHas(staff.role, Permission::kReplyToAnyConversation);
}

}  // namespace tsunagu::core
