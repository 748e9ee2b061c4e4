// The supervisor dashboard: waits in words, load text, the tables' order, the refresh throttle;
// the page switch (who sees which page, and the address bar's hash); the stream signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dashboardEventGapMs,
  dashboardRefreshMs,
  formatWait,
  isAtCapacity,
  loadText,
  openKey,
  presenceCounts,
  refreshDelayMs,
  sortPrograms,
  sortStaff,
} from '../src/lib/dashboard.ts';
import { allowedRoute, hashOf, home, pagesFor, parseHash } from '../src/lib/route.ts';
import { createSignal } from '../src/lib/signal.ts';
import { canManageTemplates, canViewDashboard } from '../src/lib/permissions.ts';
import { translate } from '../src/i18n.ts';
import { admin, counselor, dashboardStaff, supervisor } from './fixtures.mjs';

const ja = (key, vars) => translate('ja', key, vars);
const en = (key, vars) => translate('en', key, vars);
const second = 1000;
const minute = 60 * second;

test('waits read as seconds, minutes, then hours and minutes; nobody waiting reads —', () => {
  assert.equal(formatWait(0, ja), '—');
  assert.equal(formatWait(-5, ja), '—');
  assert.equal(formatWait(999, ja), '0秒');
  assert.equal(formatWait(45 * second, ja), '45秒');
  assert.equal(formatWait(minute - 1, ja), '59秒');
  assert.equal(formatWait(minute, ja), '1分');
  assert.equal(formatWait(12 * minute + 59 * second, ja), '12分');
  assert.equal(formatWait(60 * minute - 1, ja), '59分');
  assert.equal(formatWait(60 * minute, ja), '1時間0分');
  assert.equal(formatWait(65 * minute, ja), '1時間5分');
  assert.equal(formatWait(12 * minute, en), '12 min');
  assert.equal(formatWait(65 * minute, en), '1 h 5 min');
  assert.equal(formatWait(45 * second, en), '45 s');
});

test('load: held over the limit, or no limit; at the limit is marked', () => {
  assert.equal(loadText(dashboardStaff({ open_conversations: 1, capacity: 2 }), ja), '1 / 2');
  assert.equal(loadText(dashboardStaff({ open_conversations: 1, capacity: null }), ja), '1 / 制限なし');
  assert.equal(loadText(dashboardStaff({ open_conversations: 0, capacity: null }), en), '0 / no limit');
  assert.equal(isAtCapacity(dashboardStaff({ open_conversations: 1, capacity: 2 })), false);
  assert.equal(isAtCapacity(dashboardStaff({ open_conversations: 2, capacity: 2 })), true);
  assert.equal(isAtCapacity(dashboardStaff({ open_conversations: 3, capacity: 2 })), true, 'the limit was lowered');
  assert.equal(isAtCapacity(dashboardStaff({ open_conversations: 0, capacity: 0 })), true);
  assert.equal(isAtCapacity(dashboardStaff({ open_conversations: 9, capacity: null })), false);
});

test('staff: online, away, offline; supervisors first; then by name and id', () => {
  const rows = [
    dashboardStaff({ id: 1, display_name: 'い', presence: 'offline' }),
    dashboardStaff({ id: 2, display_name: 'う', presence: 'online' }),
    dashboardStaff({ id: 3, display_name: 'あ', presence: 'away' }),
    dashboardStaff({ id: 4, display_name: 'え', presence: 'online', role: 'supervisor', capacity: null }),
    dashboardStaff({ id: 5, display_name: 'あ', presence: 'online' }),
    dashboardStaff({ id: 6, display_name: 'あ', presence: 'online' }),
  ];
  assert.deepEqual(sortStaff(rows).map((s) => s.id), [4, 5, 6, 2, 3, 1]);
  assert.deepEqual(rows.map((s) => s.id), [1, 2, 3, 4, 5, 6], 'the input is not reordered');
  assert.deepEqual(presenceCounts(rows), { online: 4, away: 1, offline: 1 });
  assert.deepEqual(presenceCounts([]), { online: 0, away: 0, offline: 0 });
});

test('programs keep their place: by name, then key, whatever their queue', () => {
  const p = (key, name, queue_length) => ({ key, name, open: true, queue_length, longest_wait_ms: 0, active: 0 });
  const sorted = sortPrograms([p('b', 'こども', 9), p('a', 'おとな', 0), p('c', 'こども', 0)]);
  assert.deepEqual(sorted.map((x) => x.key), ['a', 'b', 'c']);
});

test('opening hours: inside, outside, or not configured', () => {
  assert.equal(ja(openKey(true)), '受付時間内');
  assert.equal(ja(openKey(false)), '受付時間外');
  assert.equal(ja(openKey(null)), '受付時間の設定なし');
});

test('refreshes: every 10 s; an event refreshes at once unless one started within 2 s', () => {
  assert.equal(dashboardRefreshMs, 10_000);
  assert.equal(dashboardEventGapMs, 2_000);
  assert.equal(refreshDelayMs(null, 50_000), 0);
  assert.equal(refreshDelayMs(50_000, 50_000), 2_000);
  assert.equal(refreshDelayMs(50_000, 51_500), 500);
  assert.equal(refreshDelayMs(50_000, 52_000), 0);
  assert.equal(refreshDelayMs(50_000, 90_000), 0);
});

test('pages: the dashboard for supervisors and admins, the template editor for admins', () => {
  assert.deepEqual(pagesFor('counselor'), ['conversations']);
  assert.deepEqual(pagesFor('supervisor'), ['conversations', 'dashboard']);
  assert.deepEqual(pagesFor('admin'), ['conversations', 'dashboard', 'templates']);
  assert.equal(canViewDashboard(counselor), false);
  assert.equal(canViewDashboard(supervisor), true);
  assert.equal(canViewDashboard(admin), true);
  assert.equal(canManageTemplates(supervisor), false);
  assert.equal(canManageTemplates(admin), true);
});

test('the hash: read, written back the same, and a page one may not see falls back', () => {
  for (const hash of ['', '#/conversations/12', '#/dashboard', '#/templates']) {
    assert.equal(hashOf(parseHash(hash)), hash);
  }
  assert.deepEqual(parseHash('#/conversations/12'), { page: 'conversations', conversationId: 12 });
  assert.deepEqual(parseHash('#/conversations/x'), home);
  assert.deepEqual(parseHash('#/nowhere'), home);
  assert.deepEqual(allowedRoute(parseHash('#/dashboard'), 'counselor'), home);
  assert.deepEqual(allowedRoute(parseHash('#/templates'), 'supervisor'), home);
  assert.deepEqual(allowedRoute(parseHash('#/templates'), 'admin'), { page: 'templates', conversationId: null });
  assert.deepEqual(allowedRoute(parseHash('#/conversations/3'), 'counselor'), { page: 'conversations', conversationId: 3 });
});

test('the stream signal reaches every subscriber until it unsubscribes', () => {
  const signal = createSignal();
  const heard = [];
  const stopA = signal.subscribe(() => heard.push('a'));
  signal.subscribe(() => heard.push('b'));
  signal.emit();
  stopA();
  signal.emit();
  assert.deepEqual(heard, ['a', 'b', 'b']);
});

test('every dashboard string exists in both languages', () => {
  for (const key of ['dashboard.title', 'dashboard.updated', 'dashboard.queue', 'dashboard.longestWait', 'dashboard.staleError', 'presence.offline', 'pages.dashboard']) {
    assert.notEqual(ja(key), en(key), key);
  }
  assert.equal(ja('pages.dashboard'), 'ダッシュボード');
  assert.equal(en('pages.dashboard'), 'Dashboard');
});
