import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canClose, canReply, canTake, replyBlockedReason } from '../src/lib/permissions.ts';
import { relativeTime, formatClock, tokyoDayKey } from '../src/lib/time.ts';
import { localizeServerMessage } from '../src/lib/serverMessage.ts';
import { reconnectDelayMs } from '../src/lib/backoff.ts';
import { unsupportedNote } from '../src/lib/content.ts';
import { isUnread, markSeen } from '../src/lib/unread.ts';
import { translate } from '../src/i18n.ts';
import { toApiError } from '../src/api/client.ts';
import { admin, conversation, counselor, supervisor } from './fixtures.mjs';

const ja = (key, vars) => translate('ja', key, vars);
const en = (key, vars) => translate('en', key, vars);

test('permissions mirror the server table', () => {
  const waiting = conversation();
  const mine = conversation({ status: 'active', assigned_staff_id: counselor.id, assigned_staff_name: '佐藤 美咲' });
  const closed = conversation({ status: 'closed', assigned_staff_id: counselor.id });
  assert.equal(canTake(counselor, waiting), true);
  assert.equal(canTake(admin, waiting), false);
  assert.equal(canReply(counselor, waiting), false);
  assert.equal(canReply(counselor, mine), true);
  assert.equal(canReply(supervisor, mine), true); // stepping in
  assert.equal(canReply(admin, mine), false);
  assert.equal(canReply(counselor, closed), false);
  assert.equal(canClose(counselor, mine), true);
  assert.equal(canClose(admin, mine), true);
  assert.equal(canClose(supervisor, closed), false);
  const others = conversation({ status: 'active', assigned_staff_id: 42 });
  assert.equal(canClose(counselor, others), false);
  assert.equal(replyBlockedReason(counselor, waiting), 'reply.disabled.waiting');
  assert.equal(replyBlockedReason(counselor, others), 'reply.disabled.other');
  assert.equal(replyBlockedReason(counselor, closed), 'reply.disabled.closed');
  assert.equal(replyBlockedReason(admin, waiting), 'reply.disabled.role');
  assert.equal(replyBlockedReason(counselor, mine), null);
});

test('relative times in Japanese and English', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');
  assert.equal(relativeTime('2026-11-26T11:59:30.000Z', now, 'ja', ja), 'たった今');
  assert.equal(relativeTime('2026-11-26T12:00:05.000Z', now, 'ja', ja), 'たった今');
  assert.equal(relativeTime('2026-11-26T11:55:00.000Z', now, 'ja', ja), '5分前');
  assert.equal(relativeTime('2026-11-26T09:00:00.000Z', now, 'ja', ja), '3時間前');
  assert.equal(relativeTime('2026-11-24T12:00:00.000Z', now, 'ja', ja), '2日前');
  assert.equal(relativeTime('2026-11-24T12:00:00.000Z', now, 'en', en), '2 d ago');
  assert.equal(relativeTime('2026-11-01T12:00:00.000Z', now, 'ja', ja), '11月1日');
});

test('clock times are shown in Tokyo time', () => {
  assert.equal(formatClock('2026-11-26T15:33:00.123Z', 'ja'), '00:33');
  assert.equal(tokyoDayKey('2026-11-26T15:33:00.123Z'), '2026-11-27');
});

test('server messages show the half for the chosen language', () => {
  const m = 'すでに他の相談員が対応しています / another counselor has taken it';
  assert.equal(localizeServerMessage(m, 'ja'), 'すでに他の相談員が対応しています');
  assert.equal(localizeServerMessage(m, 'en'), 'another counselor has taken it');
  assert.equal(localizeServerMessage('only one', 'en'), 'only one');
});

test('reconnect delays grow, jitter, and stop at 30 s', () => {
  assert.equal(reconnectDelayMs(0, () => 0.5), 500);
  assert.equal(reconnectDelayMs(3, () => 0.5), 4000);
  assert.equal(reconnectDelayMs(50, () => 0.5), 30000);
  assert.equal(reconnectDelayMs(50, () => 1), 36000);
  assert.equal(reconnectDelayMs(0, () => 0), 400);
});

test('unsupported content gets a note instead of a blank', () => {
  assert.equal(unsupportedNote({ content_type: 'sticker' }, ja), 'スタンプ（この種類はまだ表示できません）');
  assert.equal(unsupportedNote({ content_type: 'imagemap' }, en), 'Message (imagemap) (this kind cannot be shown yet)');
});

test('unread marks', () => {
  const c = conversation({ id: 4, last_message_at: '2026-11-26T08:00:00.000Z' });
  assert.equal(isUnread(c, 3, {}, new Set()), true); // waiting and never opened
  const seen = markSeen({}, 4, '2026-11-26T08:00:00.000Z');
  assert.equal(isUnread(c, 3, seen, new Set()), false);
  assert.equal(isUnread({ ...c, last_message_at: '2026-11-26T08:01:00.000Z' }, 3, seen, new Set()), true);
  assert.equal(isUnread(c, 3, seen, new Set([4])), true);
  assert.equal(markSeen(seen, 4, '2026-11-26T07:00:00.000Z'), seen); // never goes back
  const others = conversation({ id: 5, status: 'active', assigned_staff_id: 8 });
  assert.equal(isUnread(others, 3, {}, new Set()), false);
});

test('every placeholder in Japanese also exists in English', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../src/i18n.ts', import.meta.url), 'utf8');
  const keys = [...source.matchAll(/^\s+'([a-zA-Z.]+)':/gm)].map((m) => m[1]);
  assert.ok(keys.length > 50);
  for (const key of new Set(keys)) {
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    assert.equal(names(translate('ja', key)), names(translate('en', key)), key);
  }
});

test('error bodies become ApiError, and foreign bodies fall back on the status', () => {
  const e = toApiError(409, { error: { code: 'conflict', message: 'x / y' } }, null);
  assert.equal(e.code, 'conflict');
  assert.equal(e.message, 'x / y');
  const html = toApiError(502, null, null);
  assert.equal(html.code, 'unavailable');
  const throttled = toApiError(429, { error: { code: 'limit_exceeded', message: 'm' } }, '840');
  assert.equal(throttled.retryAfterS, 840);
});
