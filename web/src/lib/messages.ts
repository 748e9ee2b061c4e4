// The open conversation's timeline: REST pages, our own replies and stream events merged by id.
import type { DeliveryState, Message } from '../api/types';

// Outbound messages only move forward: queued -> delivered or queued -> failed. An older copy
// (a POST answer that arrives after the stream's update) must not move one back.
const deliveryRank: Record<DeliveryState, number> = { received: 0, queued: 0, delivered: 1, failed: 1 };

export function newerCopy(a: Message, b: Message): Message {
  return deliveryRank[b.delivery_state] >= deliveryRank[a.delivery_state] ? b : a;
}

// Returns the messages sorted by id (the server's order), one copy per id.
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map<number, Message>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) {
    const existing = byId.get(m.id);
    byId.set(m.id, existing ? newerCopy(existing, m) : m);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

// Counts what the server counts: Unicode code points, not UTF-16 units.
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export const replyCharsMax = 5000;

export function replyProblem(text: string): 'empty' | 'too_long' | null {
  if (text.trim() === '') return 'empty';
  if (textLength(text) > replyCharsMax) return 'too_long';
  return null;
}
