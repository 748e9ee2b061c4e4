// Handing a conversation on (docs/api.md, POST /api/v1/conversations/{id}/transfer): the
// dialog's choices, labels with each target's load, and the request it sends. Pure functions
// only; the server decides (a counselor at the limit answers 429 whatever is shown here).
import type { Conversation, Staff, TransferRequest, TransferTarget } from '../api/types';
import type { Translate } from '../i18n';

export const transferNoteCharsMax = 500;

// What the dialog has picked: a staff member's id, the queue, or nothing yet.
export type TransferChoice = { kind: 'staff'; id: number } | { kind: 'queue' } | null;

// A counselor who already holds as many as allowed cannot receive one; supervisors have no limit.
export function isAtLimit(target: TransferTarget, concurrentPerCounselor: number): boolean {
  return target.role === 'counselor' && target.held >= concurrentPerCounselor;
}

// 「相談員 鈴木（1/2）」 for counselors (「上限」 when full); supervisors with what they hold, no limit.
export function targetLabel(target: TransferTarget, concurrentPerCounselor: number, t: Translate): string {
  if (target.role === 'supervisor') {
    return t('transfer.target.supervisor', { name: target.display_name, held: target.held });
  }
  const label = t('transfer.target.counselor', {
    name: target.display_name,
    held: target.held,
    max: concurrentPerCounselor,
  });
  return isAtLimit(target, concurrentPerCounselor) ? `${label} ${t('transfer.atLimit')}` : label;
}

// Characters as the server counts them (code points, not UTF-16 units).
export function noteLength(note: string): number {
  return Array.from(note).length;
}

// The request body, or null while nothing is chosen. A blank note is not sent.
export function toTransferRequest(choice: TransferChoice, note: string): TransferRequest | null {
  if (choice === null) return null;
  const body: TransferRequest = choice.kind === 'queue' ? { to: 'queue' } : { to_staff_id: choice.id };
  if (note.trim() !== '') body.note = note;
  return body;
}

// After a transfer, whether the open view should go back to the list: a counselor who gave it to
// someone else may no longer see it (the server answers 404). A conversation returned to the
// queue stays visible (waiting), and a supervisor sees every conversation.
export function leavesAfterTransfer(staff: Pick<Staff, 'id' | 'role'>, c: Conversation): boolean {
  if (staff.role === 'supervisor') return false;
  return c.assigned_staff_id !== null && c.assigned_staff_id !== staff.id;
}
