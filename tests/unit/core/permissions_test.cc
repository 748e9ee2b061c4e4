#include "core/permissions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tsunagu::core {
namespace {

constexpr StaffId kMe = 10;
constexpr StaffId kOther = 20;

TEST(RoleHasTest, TheWholeTable) {
  struct Row {
    Permission permission;
    bool counselor;
    bool supervisor;
    bool admin;
    bool auditor;
  };
  const std::vector<Row> table = {
      {Permission::kViewWaitingConversations, true, true, true, false},
      {Permission::kViewAllConversations, false, true, true, false},
      {Permission::kTakeConversation, true, true, false, false},
      {Permission::kReplyToAnyConversation, false, true, false, false},
      {Permission::kCloseAnyConversation, false, true, true, false},
      {Permission::kManageStaff, false, false, true, false},
      {Permission::kReceiveRiskAlerts, false, true, false, false},
      {Permission::kApproveEmergency, false, true, false, false},
      {Permission::kRecordDisclosure, false, true, false, false},
      {Permission::kManageScenarios, false, false, true, false},
      {Permission::kManageTemplates, false, false, true, false},
      {Permission::kViewDashboard, false, true, true, false},
      {Permission::kViewAudit, false, false, true, true},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(static_cast<int>(row.permission));
    EXPECT_EQ(RoleHas(Role::kCounselor, row.permission), row.counselor);
    EXPECT_EQ(RoleHas(Role::kSupervisor, row.permission), row.supervisor);
    EXPECT_EQ(RoleHas(Role::kAdmin, row.permission), row.admin);
    EXPECT_EQ(RoleHas(Role::kAuditor, row.permission), row.auditor);
  }
}

enum class Situation { kWaiting, kMine, kOthers, kClosedMine, kClosedOthers };

const char* SituationName(Situation s) {
  switch (s) {
    case Situation::kWaiting:
      return "waiting";
    case Situation::kMine:
      return "assigned to me";
    case Situation::kOthers:
      return "assigned to another";
    case Situation::kClosedMine:
      return "closed, was mine";
    case Situation::kClosedOthers:
      return "closed, was another's";
  }
  return "?";
}

Conversation ConversationIn(Situation s) {
  Conversation c;
  c.id = 1;
  switch (s) {
    case Situation::kWaiting:
      c.status = ConversationStatus::kWaiting;
      break;
    case Situation::kMine:
      c.status = ConversationStatus::kActive;
      c.assigned_staff_id = kMe;
      break;
    case Situation::kOthers:
      c.status = ConversationStatus::kActive;
      c.assigned_staff_id = kOther;
      break;
    case Situation::kClosedMine:
      c.status = ConversationStatus::kClosed;
      c.assigned_staff_id = kMe;
      c.closed_at_ms = 1;
      break;
    case Situation::kClosedOthers:
      c.status = ConversationStatus::kClosed;
      c.assigned_staff_id = kOther;
      c.closed_at_ms = 1;
      break;
  }
  return c;
}

Staff Me(Role role, bool active = true) {
  Staff s;
  s.id = kMe;
  s.login = "me";
  s.role = role;
  s.active = active;
  return s;
}

struct Expected {
  Role role;
  Situation situation;
  bool view;
  bool reply;
  bool take;
  bool close;
};

// What each role may do in each situation. Take and Close only say who may; whether the state
// allows it is core::Take / core::Close's job (they refuse closed ones and others' ones).
const std::vector<Expected> kTable = {
    // A counselor sees the queue and their own conversations, and must take before replying.
    {Role::kCounselor, Situation::kWaiting, true, false, true, false},
    {Role::kCounselor, Situation::kMine, true, true, true, true},
    {Role::kCounselor, Situation::kOthers, false, false, false, false},
    {Role::kCounselor, Situation::kClosedMine, true, false, true, true},
    {Role::kCounselor, Situation::kClosedOthers, false, false, false, false},
    // A supervisor sees everything and may step into others' conversations.
    {Role::kSupervisor, Situation::kWaiting, true, false, true, true},
    {Role::kSupervisor, Situation::kMine, true, true, true, true},
    {Role::kSupervisor, Situation::kOthers, true, true, true, true},
    {Role::kSupervisor, Situation::kClosedMine, true, false, true, true},
    {Role::kSupervisor, Situation::kClosedOthers, true, false, true, true},
    // An admin sees and closes everything but neither takes nor steps in.
    {Role::kAdmin, Situation::kWaiting, true, false, false, true},
    {Role::kAdmin, Situation::kMine, true, true, false, true},
    {Role::kAdmin, Situation::kOthers, true, false, false, true},
    {Role::kAdmin, Situation::kClosedMine, true, false, false, true},
    {Role::kAdmin, Situation::kClosedOthers, true, false, false, true},
    // An auditor reads the audit log only: no conversation in any situation, not even one that
    // names the auditor as its assignee.
    {Role::kAuditor, Situation::kWaiting, false, false, false, false},
    {Role::kAuditor, Situation::kMine, false, false, false, false},
    {Role::kAuditor, Situation::kOthers, false, false, false, false},
    {Role::kAuditor, Situation::kClosedMine, false, false, false, false},
    {Role::kAuditor, Situation::kClosedOthers, false, false, false, false},
};

TEST(PermissionsTest, EveryRoleInEverySituation) {
  for (const Expected& e : kTable) {
    SCOPED_TRACE(std::string(RoleName(e.role)) + " / " + SituationName(e.situation));
    const Staff staff = Me(e.role);
    const Conversation c = ConversationIn(e.situation);
    EXPECT_EQ(CanView(staff, c), e.view) << "CanView";
    EXPECT_EQ(CanReply(staff, c), e.reply) << "CanReply";
    EXPECT_EQ(CanTake(staff, c), e.take) << "CanTake";
    EXPECT_EQ(CanClose(staff, c), e.close) << "CanClose";
  }
}

TEST(PermissionsTest, InactiveStaffMayDoNothingAnywhere) {
  for (Role role : {Role::kCounselor, Role::kSupervisor, Role::kAdmin, Role::kAuditor}) {
    for (Situation s : {Situation::kWaiting, Situation::kMine, Situation::kOthers,
                        Situation::kClosedMine, Situation::kClosedOthers}) {
      SCOPED_TRACE(std::string(RoleName(role)) + " / " + SituationName(s));
      const Staff staff = Me(role, /*active=*/false);
      const Conversation c = ConversationIn(s);
      EXPECT_FALSE(CanView(staff, c));
      EXPECT_FALSE(CanReply(staff, c));
      EXPECT_FALSE(CanTake(staff, c));
      EXPECT_FALSE(CanClose(staff, c));
    }
  }
}

TEST(PermissionsTest, AWaitingConversationWithAnAssigneeIsNotInTheQueue) {
  // Assigned but still waiting (for example reassigned before the first answer): only the
  // assignee and the supervising roles see it.
  Conversation c;
  c.status = ConversationStatus::kWaiting;
  c.assigned_staff_id = kOther;
  EXPECT_FALSE(CanView(Me(Role::kCounselor), c));
  EXPECT_TRUE(CanView(Me(Role::kSupervisor), c));
  Staff other = Me(Role::kCounselor);
  other.id = kOther;
  EXPECT_TRUE(CanView(other, c));
  EXPECT_TRUE(CanReply(other, c));
}

TEST(RiskPermissionsTest, AlertsReachSupervisorsAndTheAssignedCounselorOnly) {
  Staff counselor{kMe, "me", "me", Role::kCounselor, true, "", 0};
  Staff other{kOther, "other", "other", Role::kCounselor, true, "", 0};
  Staff supervisor{30, "sv", "sv", Role::kSupervisor, true, "", 0};
  Staff admin{40, "ad", "ad", Role::kAdmin, true, "", 0};
  Conversation mine = ConversationIn(Situation::kMine);
  Conversation waiting = ConversationIn(Situation::kWaiting);
  EXPECT_TRUE(CanSeeRiskAlert(counselor, mine));
  EXPECT_FALSE(CanSeeRiskAlert(other, mine));
  EXPECT_FALSE(CanSeeRiskAlert(counselor, waiting));
  EXPECT_TRUE(CanSeeRiskAlert(supervisor, waiting));
  EXPECT_FALSE(CanSeeRiskAlert(admin, waiting));
  supervisor.active = false;
  EXPECT_FALSE(CanSeeRiskAlert(supervisor, waiting));
}

TEST(PermissionsTest, AnAuditorNeitherTransfersNorSeesAlertsNorRecordsSteps) {
  const Staff auditor = Me(Role::kAuditor);
  for (Situation s : {Situation::kWaiting, Situation::kMine, Situation::kOthers,
                      Situation::kClosedMine, Situation::kClosedOthers}) {
    SCOPED_TRACE(SituationName(s));
    const Conversation c = ConversationIn(s);
    EXPECT_FALSE(CanTransfer(auditor, c));
    EXPECT_FALSE(CanSeeRiskAlert(auditor, c));
    EXPECT_FALSE(CanRecordEmergencyStep(auditor, c, false));
    EXPECT_FALSE(CanRecordEmergencyStep(auditor, c, true));
  }
  EXPECT_TRUE(RoleHas(Role::kAuditor, Permission::kViewAudit));
  EXPECT_TRUE(HasCapacity(auditor, 0, 1)) << "capacity is not what keeps an auditor out";
}

TEST(RiskPermissionsTest, ChecklistStepsAndTheApprovalStep) {
  Staff counselor{kMe, "me", "me", Role::kCounselor, true, "", 0};
  Staff other{kOther, "other", "other", Role::kCounselor, true, "", 0};
  Staff supervisor{30, "sv", "sv", Role::kSupervisor, true, "", 0};
  Conversation mine = ConversationIn(Situation::kMine);
  EXPECT_TRUE(CanRecordEmergencyStep(counselor, mine, false));
  EXPECT_FALSE(CanRecordEmergencyStep(counselor, mine, true));
  EXPECT_FALSE(CanRecordEmergencyStep(other, mine, false));
  EXPECT_TRUE(CanRecordEmergencyStep(supervisor, mine, false));
  EXPECT_TRUE(CanRecordEmergencyStep(supervisor, mine, true));
}

}  // namespace
}  // namespace tsunagu::core

namespace tsunagu::core {
namespace {

TEST(HasCapacityTest, CounselorsUpToTheLimitSupervisorsWithout) {
  Staff counselor{1, "c", "相談員", Role::kCounselor, true, "h", 0};
  Staff supervisor{2, "s", "SV", Role::kSupervisor, true, "h", 0};
  EXPECT_TRUE(HasCapacity(counselor, 1, 2));
  EXPECT_FALSE(HasCapacity(counselor, 2, 2));
  EXPECT_FALSE(HasCapacity(counselor, 3, 2));
  EXPECT_TRUE(HasCapacity(supervisor, 2, 2));
  EXPECT_TRUE(HasCapacity(supervisor, 50, 2));
}

}  // namespace
}  // namespace tsunagu::core

namespace tsunagu::core {
namespace {

TEST(CanTransferTest, TheAssigneeOrASupervisor) {
  Staff counselor{1, "c", "相談員", Role::kCounselor, true, "h", 0};
  Staff other{3, "o", "相談員2", Role::kCounselor, true, "h", 0};
  Staff supervisor{2, "s", "SV", Role::kSupervisor, true, "h", 0};
  Staff admin{4, "a", "管理者", Role::kAdmin, true, "h", 0};
  Conversation c;
  c.status = ConversationStatus::kActive;
  c.assigned_staff_id = 1;
  EXPECT_TRUE(CanTransfer(counselor, c));
  EXPECT_FALSE(CanTransfer(other, c));
  EXPECT_TRUE(CanTransfer(supervisor, c));
  EXPECT_FALSE(CanTransfer(admin, c));
  counselor.active = false;
  EXPECT_FALSE(CanTransfer(counselor, c));
}

}  // namespace
}  // namespace tsunagu::core
