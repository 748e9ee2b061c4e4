// The unread dot. The console remembers, per staff member and in this browser only, when each
// conversation was last seen; the server keeps no read state.
import type { Conversation } from '../api/types';
import { timeMs } from './time';

export type SeenMap = Record<number, string>; // conversation id -> ISO time last seen

const entriesMax = 1000;

function storageKey(staffId: number): string {
  return `tsunagu.seen.${staffId}`;
}

export function loadSeen(staffId: number): SeenMap {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey(staffId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as SeenMap) : {};
  } catch {
    return {};
  }
}

export function saveSeen(staffId: number, seen: SeenMap): void {
  try {
    globalThis.localStorage?.setItem(storageKey(staffId), JSON.stringify(seen));
  } catch {
    // Losing read marks is harmless.
  }
}

// Keeps the most recently seen entries so the stored map stays small.
export function markSeen(seen: SeenMap, conversationId: number, atIso: string): SeenMap {
  const previous = seen[conversationId];
  if (previous !== undefined && timeMs(previous) >= timeMs(atIso)) return seen;
  const next: SeenMap = { ...seen, [conversationId]: atIso };
  const ids = Object.keys(next);
  if (ids.length <= entriesMax) return next;
  const keep = ids
    .map((id) => [Number(id), next[Number(id)] ?? ''] as const)
    .sort((a, b) => timeMs(b[1]) - timeMs(a[1]))
    .slice(0, entriesMax);
  return Object.fromEntries(keep) as SeenMap;
}

// Unread: an inbound message arrived live while the conversation was not open, or the last
// activity is newer than when it was last opened, or it is waiting for me and I have never
// opened it. last_message_at counts both directions, so a colleague's reply also marks it.
export function isUnread(
  c: Conversation,
  staffId: number,
  seen: SeenMap,
  liveUnread: ReadonlySet<number>,
): boolean {
  if (liveUnread.has(c.id)) return true;
  const seenAt = seen[c.id];
  if (seenAt !== undefined) return timeMs(c.last_message_at) > timeMs(seenAt);
  return c.status !== 'closed' && (c.assigned_staff_id === null || c.assigned_staff_id === staffId);
}
