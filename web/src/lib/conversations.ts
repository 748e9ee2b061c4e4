// The conversation lists, kept current from REST fetches and stream events. Pure functions only.
import type { Conversation, ConversationView, Staff } from '../api/types';
import { timeMs } from './time';

export const views: readonly ConversationView[] = ['waiting', 'mine', 'all'];
export const listLimit = 100;

export function viewsFor(role: Staff['role']): ConversationView[] {
  return role === 'counselor' ? ['waiting', 'mine'] : ['waiting', 'mine', 'all'];
}

// The same rules the server uses to fill each list (see api/openapi.yaml).
export function belongsTo(view: ConversationView, conversation: Conversation, staffId: number): boolean {
  switch (view) {
    case 'waiting':
      return conversation.status === 'waiting' && conversation.assigned_staff_id === null && isQueued(conversation);
    case 'mine':
      // Also what the system closed while it was mine (idle, closing time), until I write its
      // wrap-up: the server lists those in "mine" (wrap_up_pending), so that 記録が未入力 is seen.
      return (
        conversation.assigned_staff_id === staffId &&
        (conversation.status !== 'closed' || conversation.wrap_up_pending === true)
      );
    case 'all':
      return true;
  }
}

// In the counselors' queue: the chatbot has handed over, or the program has no chatbot
// (`queued_at` is null only while the bot still talks). A server from before the chatbot sends no
// `queued_at` at all; everything it calls waiting is queued.
export function isQueued(conversation: Pick<Conversation, 'queued_at'>): boolean {
  return conversation.queued_at !== null;
}

// When the person joined the queue (opened_at for a server that does not say).
function queuedMs(c: Conversation): number {
  return timeMs(c.queued_at ?? c.opened_at);
}

// waiting: the queue order, higher risk first, then longest wait first (core/queue_order.h); the
// others: newest activity first (the server's order).
export function compareForView(view: ConversationView): (a: Conversation, b: Conversation) => number {
  if (view === 'waiting') {
    return (a, b) => (b.risk_level ?? 0) - (a.risk_level ?? 0) || queuedMs(a) - queuedMs(b) || a.id - b.id;
  }
  return (a, b) => timeMs(b.last_message_at) - timeMs(a.last_message_at) || b.id - a.id;
}

export interface ConversationStore {
  byId: Record<number, Conversation>;
  // null: not loaded yet. Ids in no particular order; selectList sorts.
  lists: Record<ConversationView, number[] | null>;
}

export const emptyStore: ConversationStore = {
  byId: {},
  lists: { waiting: null, mine: null, all: null },
};

// A REST answer can be older than a stream event that overtook it. Closing is final, so is a
// written wrap-up, and the last activity only moves forward; anything that contradicts that is
// an old copy.
export function isOlder(candidate: Conversation, current: Conversation): boolean {
  if (current.status === 'closed' && candidate.status !== 'closed') return true;
  if (current.status === 'closed' && current.wrap_up_pending === false && candidate.wrap_up_pending === true) {
    return true;
  }
  return timeMs(candidate.last_message_at) < timeMs(current.last_message_at);
}

function withConversation(byId: Record<number, Conversation>, c: Conversation): Record<number, Conversation> {
  const current = byId[c.id];
  if (current && isOlder(c, current)) return byId;
  return { ...byId, [c.id]: c };
}

// A fresh list from the server replaces what we had for that view.
export function applyList(
  store: ConversationStore,
  view: ConversationView,
  conversations: Conversation[],
): ConversationStore {
  let byId = store.byId;
  for (const c of conversations) byId = withConversation(byId, c);
  return { byId, lists: { ...store.lists, [view]: conversations.map((c) => c.id) } };
}

// A conversation changed (stream event or our own action): move it between the loaded lists.
export function applyConversation(
  store: ConversationStore,
  conversation: Conversation,
  staffId: number,
): ConversationStore {
  const byId = withConversation(store.byId, conversation);
  const latest = byId[conversation.id] ?? conversation;
  const lists = { ...store.lists };
  for (const view of views) {
    const ids = lists[view];
    if (ids === null) continue;
    const present = ids.includes(latest.id);
    const wanted = belongsTo(view, latest, staffId);
    if (wanted && !present) lists[view] = [...ids, latest.id];
    if (!wanted && present) lists[view] = ids.filter((id) => id !== latest.id);
  }
  return { byId, lists };
}

export function selectList(store: ConversationStore, view: ConversationView): Conversation[] | null {
  const ids = store.lists[view];
  if (ids === null) return null;
  const rows: Conversation[] = [];
  for (const id of ids) {
    const c = store.byId[id];
    if (c) rows.push(c);
  }
  return rows.sort(compareForView(view));
}
