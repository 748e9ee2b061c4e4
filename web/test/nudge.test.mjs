// The reply nudge (when to suggest 「少々お待ちください」), the console settings from the session,
// and presence: the heartbeat interval and the remembered 受付中 / 離席 choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReplyNudgeDue, nudgeTemplateKey } from '../src/lib/nudge.ts';
import {
  consoleSettingsDefault,
  heartbeatIntervalMs,
  normalizeSettings,
  presenceHeartbeatSecondsMax,
  presenceHeartbeatSecondsMin,
} from '../src/lib/settings.ts';
import { loadPresence, savePresence } from '../src/lib/presence.ts';
import { translate } from '../src/i18n.ts';
import { conversation, counselor, session, settings, supervisor } from './fixtures.mjs';

const since = '2026-11-26T07:00:00.000Z';
const sinceMs = Date.parse(since);
const minute = 60_000;
const mineWaiting = conversation({ status: 'active', assigned_staff_id: counselor.id, awaiting_reply_since: since });

test('the nudge is due from exactly reply_nudge_minutes, not a moment before', () => {
  assert.equal(settings.reply_nudge_minutes, 5);
  assert.equal(isReplyNudgeDue(mineWaiting, counselor.id, settings, sinceMs + 5 * minute - 1), false);
  assert.equal(isReplyNudgeDue(mineWaiting, counselor.id, settings, sinceMs + 5 * minute), true);
  assert.equal(isReplyNudgeDue(mineWaiting, counselor.id, settings, sinceMs + 60 * minute), true);
  // A clock behind the server's (the time is in the future) is not a wait.
  assert.equal(isReplyNudgeDue(mineWaiting, counselor.id, settings, sinceMs - minute), false);
});

test('0 minutes turns the nudge off', () => {
  assert.equal(isReplyNudgeDue(mineWaiting, counselor.id, { reply_nudge_minutes: 0 }, sinceMs + 600 * minute), false);
});

test('only for an active conversation assigned to me, with someone waiting who can receive it', () => {
  const later = sinceMs + 10 * minute;
  assert.equal(isReplyNudgeDue({ ...mineWaiting, awaiting_reply_since: null }, counselor.id, settings, later), false, 'answered');
  assert.equal(isReplyNudgeDue({ ...mineWaiting, assigned_staff_id: 42 }, counselor.id, settings, later), false, 'someone else’s');
  assert.equal(isReplyNudgeDue(mineWaiting, supervisor.id, settings, later), false, 'a supervisor looking on');
  assert.equal(isReplyNudgeDue({ ...mineWaiting, status: 'waiting' }, counselor.id, settings, later), false);
  assert.equal(isReplyNudgeDue({ ...mineWaiting, status: 'closed' }, counselor.id, settings, later), false);
  assert.equal(isReplyNudgeDue({ ...mineWaiting, client_blocked: true }, counselor.id, settings, later), false);
  // A server from before the field sends nothing; a garbled time is not guessed at.
  const { awaiting_reply_since: _, ...old } = mineWaiting;
  assert.equal(isReplyNudgeDue(old, counselor.id, settings, later), false);
  assert.equal(isReplyNudgeDue({ ...mineWaiting, awaiting_reply_since: 'soon' }, counselor.id, settings, later), false);
  assert.equal(nudgeTemplateKey, 'please_wait');
});

test('the nudge reads as the brief asks, in both languages', () => {
  assert.equal(
    translate('ja', 'nudge.text', { n: 5 }),
    '相談者が5分以上返信を待っています。「少々お待ちください」を送りますか？',
  );
  assert.match(translate('en', 'nudge.text', { n: 5 }), /5 minutes/);
});

test('settings: the session’s are kept; missing or nonsense ones fall back to safe values', () => {
  assert.deepEqual(normalizeSettings(session().settings), settings);
  assert.deepEqual(normalizeSettings(undefined), consoleSettingsDefault);
  assert.equal(consoleSettingsDefault.reply_nudge_minutes, 0, 'no word from the server: no nudge');
  assert.deepEqual(
    normalizeSettings({ reply_nudge_minutes: -1, presence_heartbeat_seconds: 'x', presence_timeout_seconds: 60.7 }),
    { ...consoleSettingsDefault, presence_timeout_seconds: 60 },
  );
});

test('the heartbeat: as configured, but within limits and well inside the timeout', () => {
  assert.equal(heartbeatIntervalMs(settings), 30_000);
  assert.equal(heartbeatIntervalMs({ ...settings, presence_heartbeat_seconds: 1 }), presenceHeartbeatSecondsMin * 1000);
  assert.equal(heartbeatIntervalMs({ ...settings, presence_heartbeat_seconds: presenceHeartbeatSecondsMin }), 5000);
  assert.equal(heartbeatIntervalMs({ ...settings, presence_heartbeat_seconds: 0 }), 30_000, '0 means the default');
  // Slower than the timeout would flap offline between beats: at most half of it.
  assert.equal(heartbeatIntervalMs({ ...settings, presence_heartbeat_seconds: 120, presence_timeout_seconds: 90 }), 45_000);
  assert.equal(heartbeatIntervalMs({ ...settings, presence_heartbeat_seconds: 45, presence_timeout_seconds: 90 }), 45_000);
  assert.equal(
    heartbeatIntervalMs({ reply_nudge_minutes: 0, presence_heartbeat_seconds: 99_999, presence_timeout_seconds: 0 }),
    presenceHeartbeatSecondsMax * 1000,
  );
});

// Swaps in a fake localStorage (newer Node versions define their own on globalThis).
function withStorage(fake, run) {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  Object.defineProperty(globalThis, 'localStorage', { value: fake, configurable: true, writable: true });
  try {
    run();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'localStorage', saved);
    else delete globalThis.localStorage;
  }
}

test('presence is remembered per staff member; online unless away was chosen', () => {
  const store = new Map();
  withStorage(
    { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)) },
    () => {
      assert.equal(loadPresence(counselor.id), 'online');
      savePresence(counselor.id, 'away');
      assert.equal(loadPresence(counselor.id), 'away');
      assert.equal(loadPresence(supervisor.id), 'online', 'another person on the same browser');
      savePresence(counselor.id, 'online');
      assert.equal(loadPresence(counselor.id), 'online');
      store.set(`tsunagu.presence.${counselor.id}`, 'garbage');
      assert.equal(loadPresence(counselor.id), 'online');
    },
  );
  const blocked = () => {
    throw new Error('blocked by policy');
  };
  withStorage({ getItem: blocked, setItem: blocked }, () => {
    assert.equal(loadPresence(counselor.id), 'online');
    savePresence(counselor.id, 'away'); // does not throw
  });
  assert.equal(translate('ja', 'presence.toggle.online'), '受付中');
  assert.equal(translate('ja', 'presence.toggle.away'), '離席');
});
