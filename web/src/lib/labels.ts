// Dictionary keys for the contract's enums.
import type { ConversationStatus, DeliveryState, EndReason, Message, Role } from '../api/types';
import type { MessageKey } from '../i18n';

export const roleKeys: Record<Role, MessageKey> = {
  counselor: 'role.counselor',
  supervisor: 'role.supervisor',
  admin: 'role.admin',
  auditor: 'role.auditor',
};

export const statusKeys: Record<ConversationStatus, MessageKey> = {
  waiting: 'status.waiting',
  active: 'status.active',
  closed: 'status.closed',
};

export const deliveryKeys: Record<Exclude<DeliveryState, 'received'>, MessageKey> = {
  queued: 'delivery.queued',
  delivered: 'delivery.delivered',
  failed: 'delivery.failed',
};

export const senderKeys: Record<Message['sender_kind'], MessageKey> = {
  client: 'sender.client',
  staff: 'sender.staff',
  bot: 'sender.bot',
  system: 'sender.system',
};

// How a closed conversation ended (Conversation.end_reason).
export const endReasonKeys: Record<EndReason, MessageKey> = {
  staff: 'endReason.staff',
  idle: 'endReason.idle',
  closing_time: 'endReason.closing_time',
  abandoned: 'endReason.abandoned',
  out_of_hours: 'endReason.out_of_hours',
  overflow: 'endReason.overflow',
  declined: 'endReason.declined',
  bot_ended: 'endReason.bot_ended',
};

// A reason from a newer server that this console does not know is shown as the server wrote it.
export function endReasonLabel(reason: string | null | undefined, t: (key: MessageKey) => string): string | null {
  if (reason === null || reason === undefined || reason === '') return null;
  return reason in endReasonKeys ? t(endReasonKeys[reason as EndReason]) : reason;
}
