// The 受付中 / 離席 switch (POST /api/v1/presence): remembered per staff member in this browser,
// like the read marks. The server counts a staff member as offline when the heartbeats stop.
import type { PresenceStatus } from '../api/types';

function storageKey(staffId: number): string {
  return `tsunagu.presence.${staffId}`;
}

// Online unless this person chose away last time on this browser.
export function loadPresence(staffId: number): PresenceStatus {
  try {
    return globalThis.localStorage?.getItem(storageKey(staffId)) === 'away' ? 'away' : 'online';
  } catch {
    return 'online'; // storage can be disabled by policy
  }
}

export function savePresence(staffId: number, status: PresenceStatus): void {
  try {
    globalThis.localStorage?.setItem(storageKey(staffId), status);
  } catch {
    // Not remembering the choice is harmless: the next login starts online.
  }
}
