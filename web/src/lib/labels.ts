// Dictionary keys for the contract's enums.
import type { ConversationStatus, DeliveryState, Message, Role } from '../api/types';
import type { MessageKey } from '../i18n';

export const roleKeys: Record<Role, MessageKey> = {
  counselor: 'role.counselor',
  supervisor: 'role.supervisor',
  admin: 'role.admin',
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
