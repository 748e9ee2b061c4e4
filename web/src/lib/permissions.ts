// What the console offers, mirroring src/core/permissions.cc. The server decides; these only keep
// buttons from being offered when they would be refused.
import type { Conversation, Staff } from '../api/types';
import type { MessageKey } from '../i18n';

export function canTake(staff: Staff, c: Conversation): boolean {
  if (staff.role === 'admin') return false;
  return c.status === 'waiting' && (c.assigned_staff_id === null || c.assigned_staff_id === staff.id);
}

export function canReply(staff: Staff, c: Conversation): boolean {
  if (c.status === 'closed') return false;
  if (c.assigned_staff_id === staff.id) return true;
  return c.assigned_staff_id !== null && staff.role === 'supervisor';
}

// A supervisor replying where someone else is assigned.
export function isSteppingIn(staff: Staff, c: Conversation): boolean {
  return canReply(staff, c) && c.assigned_staff_id !== staff.id;
}

export function canClose(staff: Staff, c: Conversation): boolean {
  if (c.status === 'closed') return false;
  return c.assigned_staff_id === staff.id || staff.role === 'supervisor' || staff.role === 'admin';
}

// Transferring (mirrors the server): an open, assigned conversation, by its assignee or a
// supervisor; never by admins.
export function canTransfer(staff: Staff, c: Conversation): boolean {
  if (staff.role === 'admin') return false;
  if (c.status === 'closed' || c.assigned_staff_id === null) return false;
  return c.assigned_staff_id === staff.id || staff.role === 'supervisor';
}

// Why the reply box is disabled, or null when it is enabled.
export function replyBlockedReason(staff: Staff, c: Conversation): MessageKey | null {
  if (canReply(staff, c)) return null;
  if (c.status === 'closed') return 'reply.disabled.closed';
  if (c.assigned_staff_id === null) return canTake(staff, c) ? 'reply.disabled.waiting' : 'reply.disabled.role';
  return staff.role === 'admin' ? 'reply.disabled.role' : 'reply.disabled.other';
}

// The emergency checklist (mirrors core::CanRecordEmergencyStep): approval is a supervisor's; the
// other steps are the assignee's or a supervisor's.
export function canRecordEmergencyStep(staff: Staff, c: Conversation, approval: boolean): boolean {
  if (approval) return staff.role === 'supervisor';
  return c.assigned_staff_id === staff.id || staff.role === 'supervisor';
}

// Disclosures are recorded by supervisors.
export function canRecordDisclosure(staff: Staff): boolean {
  return staff.role === 'supervisor';
}

// Reloading the chatbot scenarios is an admin's (POST /api/v1/admin/scenarios/reload).
export function canReloadScenarios(staff: Staff): boolean {
  return staff.role === 'admin';
}

// The wrap-up of a conversation the system closed (idle, closing time) is written afterwards by
// its assignee or a supervisor (POST /api/v1/conversations/{id}/late-wrap-up).
export function canWriteLateWrapUp(staff: Staff, c: Conversation): boolean {
  if (c.status !== 'closed' || c.wrap_up_pending !== true) return false;
  return c.assigned_staff_id === staff.id || staff.role === 'supervisor';
}

// GET /api/v1/dashboard: supervisors and admins.
export function canViewDashboard(staff: Staff): boolean {
  return staff.role === 'supervisor' || staff.role === 'admin';
}

// Editing templates (/api/v1/admin/templates) is an admin's.
export function canManageTemplates(staff: Staff): boolean {
  return staff.role === 'admin';
}
