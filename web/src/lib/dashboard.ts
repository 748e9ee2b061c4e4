// The supervisor dashboard (GET /api/v1/dashboard): waits in words, each staff member's load,
// and a steady order for the tables, so that rows do not jump between refreshes.
import type { DashboardProgram, DashboardStaff, Role, StaffPresence } from '../api/types';
import type { MessageKey, Translate } from '../i18n';

// How often the dashboard refreshes on its own, and at most how often stream events make it
// refresh (a burst of events means one request, not one each).
export const dashboardRefreshMs = 10_000;
export const dashboardEventGapMs = 2_000;

const secondMs = 1000;
const minuteMs = 60 * secondMs;
const hourMs = 60 * minuteMs;

// 「45秒」「12分」「1時間5分」; nobody waiting (0) reads 「—」.
export function formatWait(ms: number, t: Translate): string {
  if (!(ms > 0)) return t('wait.none');
  if (ms < minuteMs) return t('wait.seconds', { n: Math.floor(ms / secondMs) });
  if (ms < hourMs) return t('wait.minutes', { n: Math.floor(ms / minuteMs) });
  return t('wait.hours', { h: Math.floor(ms / hourMs), m: Math.floor((ms % hourMs) / minuteMs) });
}

// 「1 / 2」, or 「1 / 制限なし」 for someone without a limit (supervisors).
export function loadText(s: Pick<DashboardStaff, 'open_conversations' | 'capacity'>, t: Translate): string {
  if (s.capacity === null) return t('dashboard.loadUnlimited', { n: s.open_conversations });
  return t('dashboard.load', { n: s.open_conversations, max: s.capacity });
}

export function isAtCapacity(s: Pick<DashboardStaff, 'open_conversations' | 'capacity'>): boolean {
  return s.capacity !== null && s.open_conversations >= s.capacity;
}

export const presenceKeys: Record<StaffPresence, MessageKey> = {
  online: 'presence.online',
  away: 'presence.away',
  offline: 'presence.offline',
};

// Inside opening hours, outside, or no hours configured (null).
export function openKey(open: DashboardProgram['open']): MessageKey {
  if (open === null) return 'dashboard.open.unknown';
  return open ? 'dashboard.open.yes' : 'dashboard.open.no';
}

const presenceRank: Record<StaffPresence, number> = { online: 0, away: 1, offline: 2 };
const roleRank: Record<Role, number> = { supervisor: 0, counselor: 1, admin: 2, auditor: 3 };

// Online, then away, then offline (as the server sends them); supervisors first within each, then
// by name, then id.
export function sortStaff(staff: readonly DashboardStaff[]): DashboardStaff[] {
  return [...staff].sort(
    (a, b) =>
      (presenceRank[a.presence] ?? 3) - (presenceRank[b.presence] ?? 3) ||
      (roleRank[a.role] ?? 3) - (roleRank[b.role] ?? 3) ||
      a.display_name.localeCompare(b.display_name, 'ja') ||
      a.id - b.id,
  );
}

// Programs by name, then key: a fixed place for each, whatever its queue.
export function sortPrograms(programs: readonly DashboardProgram[]): DashboardProgram[] {
  return [...programs].sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.key.localeCompare(b.key));
}

export function presenceCounts(staff: readonly Pick<DashboardStaff, 'presence'>[]): Record<StaffPresence, number> {
  const counts: Record<StaffPresence, number> = { online: 0, away: 0, offline: 0 };
  for (const s of staff) if (s.presence in counts) counts[s.presence] += 1;
  return counts;
}

// How long to wait before a refresh asked for by a stream event: none if the last one started
// long enough ago, else until the gap has passed.
export function refreshDelayMs(lastStartedMs: number | null, nowMs: number, gapMs = dashboardEventGapMs): number {
  if (lastStartedMs === null) return 0;
  return Math.max(0, lastStartedMs + gapMs - nowMs);
}
