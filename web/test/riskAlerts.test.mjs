import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bannerAlerts,
  initialRiskState,
  openAlertFor,
  openAlerts,
  openDebriefs,
  riskReducer,
} from '../src/lib/riskAlerts.ts';
import { compareForView } from '../src/lib/conversations.ts';
import { conversation } from './fixtures.mjs';

function alert(overrides = {}) {
  return {
    id: 1,
    conversation_id: 1,
    level: 1,
    categories: ['ideation'],
    first_at: '2026-11-26T07:00:00.000Z',
    last_at: '2026-11-26T07:00:00.000Z',
    message_count: 1,
    acknowledged_by: null,
    acknowledged_at: null,
    ...overrides,
  };
}
const frame = (a, sound, c = conversation({ id: a.conversation_id, risk_level: a.level })) => ({
  type: 'alert',
  alert: a,
  conversation: c,
  sound,
});
const run = (actions, state = initialRiskState) => actions.reduce(riskReducer, state);

test('a new alert with sound goes to the list and the banner', () => {
  const s = run([frame(alert(), true)]);
  assert.deepEqual(openAlerts(s).map((a) => a.id), [1]);
  assert.deepEqual(bannerAlerts(s).map((a) => a.id), [1]);
  assert.equal(openAlertFor(s, 1)?.id, 1);
});

test('a grouped message (same alert, no sound) updates the count quietly', () => {
  let s = run([frame(alert(), true), { type: 'dismiss', alertId: 1 }]);
  assert.deepEqual(s.banner, []);
  s = riskReducer(s, frame(alert({ message_count: 2, last_at: '2026-11-26T07:01:00.000Z' }), false));
  assert.equal(openAlerts(s)[0].message_count, 2);
  assert.deepEqual(s.banner, [], 'grouping does not bring the banner back');
});

test('an escalation sounds again and moves to the front of the banner', () => {
  let s = run([frame(alert({ id: 1, conversation_id: 1 }), true), frame(alert({ id: 2, conversation_id: 2 }), true)]);
  assert.deepEqual(s.banner, [2, 1]);
  s = riskReducer(s, frame(alert({ id: 1, level: 3, message_count: 2, last_at: '2026-11-26T07:02:00.000Z' }), true));
  assert.deepEqual(s.banner, [1, 2]);
  assert.equal(openAlerts(s)[0].id, 1, 'highest level first');
  assert.equal(openAlerts(s)[0].level, 3);
});

test('an older copy does not move an alert back', () => {
  let s = run([frame(alert({ message_count: 3, last_at: '2026-11-26T07:05:00.000Z' }), false)]);
  s = riskReducer(s, frame(alert({ message_count: 2, last_at: '2026-11-26T07:03:00.000Z' }), true));
  assert.equal(openAlerts(s)[0].message_count, 3);
  assert.deepEqual(s.banner, [], 'a stale copy does not sound');
  // acknowledging is final
  s = riskReducer(s, frame(alert({ message_count: 3, acknowledged_by: 9, acknowledged_at: '2026-11-26T07:06:00.000Z' }), false));
  s = riskReducer(s, frame(alert({ message_count: 3, last_at: '2026-11-26T07:05:00.000Z' }), false));
  assert.deepEqual(openAlerts(s), []);
});

test('acknowledged: leaves the list, stays in the banner as acknowledged until dismissed', () => {
  let s = run([frame(alert(), true)]);
  s = riskReducer(s, frame(alert({ acknowledged_by: 1, acknowledged_at: '2026-11-26T07:01:00.000Z' }), false));
  assert.deepEqual(openAlerts(s), []);
  assert.equal(bannerAlerts(s)[0].acknowledged_at, '2026-11-26T07:01:00.000Z');
  s = riskReducer(s, { type: 'dismiss', alertId: 1 });
  assert.deepEqual(bannerAlerts(s), []);
  assert.deepEqual(Object.keys(s.alerts), []);
});

test('one alert per conversation: a new alert after acknowledgement replaces the old one', () => {
  let s = run([
    frame(alert({ id: 1 }), true),
    frame(alert({ id: 1, acknowledged_by: 1, acknowledged_at: '2026-11-26T07:01:00.000Z' }), false),
    frame(alert({ id: 5, level: 2, first_at: '2026-11-26T07:02:00.000Z', last_at: '2026-11-26T07:02:00.000Z' }), true),
  ]);
  assert.deepEqual(Object.keys(s.alerts).map(Number), [5]);
  assert.deepEqual(s.banner, [5]);
  assert.equal(openAlertFor(s, 1)?.id, 5);
});

test('a reload (hello) replaces the open alerts; the banner keeps only known alerts', () => {
  let s = run([frame(alert({ id: 1 }), true), frame(alert({ id: 2, conversation_id: 2 }), true)]);
  const c3 = conversation({ id: 3, risk_level: 2 });
  s = riskReducer(s, {
    type: 'alertsLoaded',
    alerts: [{ ...alert({ id: 2, conversation_id: 2, message_count: 4 }), conversation: conversation({ id: 2 }) }, { ...alert({ id: 3, conversation_id: 3, level: 2 }), conversation: c3 }],
  });
  assert.deepEqual(openAlerts(s).map((a) => a.id), [3, 2]);
  assert.deepEqual(s.banner, [2], 'alert 1 was acknowledged elsewhere while we were away');
  assert.equal(s.loaded, true);
});

test('a reload answer older than the frames does not undo them', () => {
  let s = run([
    frame(alert({ id: 1, message_count: 3, last_at: '2026-11-26T07:03:00.000Z' }), true),
    frame(alert({ id: 2, conversation_id: 2 }), false),
    frame(alert({ id: 2, conversation_id: 2, acknowledged_by: 1, acknowledged_at: '2026-11-26T07:04:00.000Z' }), false),
  ]);
  s = riskReducer(s, {
    type: 'alertsLoaded',
    alerts: [
      { ...alert({ id: 1, message_count: 2 }), conversation: conversation({ id: 1 }) },
      { ...alert({ id: 2, conversation_id: 2 }), conversation: conversation({ id: 2 }) },
    ],
  });
  assert.deepEqual(openAlerts(s).map((a) => [a.id, a.message_count]), [[1, 3]]);
});

test('opening a conversation from the banner dismisses its alerts only', () => {
  let s = run([frame(alert({ id: 1 }), true), frame(alert({ id: 2, conversation_id: 2 }), true)]);
  s = riskReducer(s, { type: 'dismissConversation', conversationId: 1 });
  assert.deepEqual(s.banner, [2]);
  assert.deepEqual(openAlerts(s).map((a) => a.id).sort(), [1, 2], 'still open in the list');
});

test('conversation changes reach the alerts of that conversation', () => {
  let s = run([frame(alert(), true)]);
  s = riskReducer(s, { type: 'conversation', conversation: conversation({ id: 1, status: 'active', assigned_staff_id: 3 }) });
  assert.equal(openAlerts(s)[0].conversation.status, 'active');
  const same = riskReducer(s, { type: 'conversation', conversation: conversation({ id: 99 }) });
  assert.equal(same, s);
});

test('debrief flags: loaded, flagged by frames, removed when cleared', () => {
  const flag = (o = {}) => ({
    id: 1,
    staff_id: 3,
    staff_name: '佐藤',
    flagged_at: '2026-11-26T07:00:00.000Z',
    conversation_count: 3,
    cleared_by: null,
    cleared_at: null,
    ...o,
  });
  let s = riskReducer(initialRiskState, { type: 'debriefsLoaded', debriefs: [flag()] });
  s = riskReducer(s, { type: 'debrief', debrief: flag({ id: 2, flagged_at: '2026-11-26T08:00:00.000Z' }) });
  assert.deepEqual(openDebriefs(s).map((d) => d.id), [1, 2]);
  s = riskReducer(s, { type: 'debrief', debrief: flag({ cleared_by: 1, cleared_at: '2026-11-26T09:00:00.000Z' }) });
  assert.deepEqual(openDebriefs(s).map((d) => d.id), [2]);
});

test('the waiting list is in queue order: higher risk first, then first come', () => {
  const rows = [
    conversation({ id: 1, opened_at: '2026-11-26T07:00:00.000Z', risk_level: 0 }),
    conversation({ id: 2, opened_at: '2026-11-26T07:05:00.000Z', risk_level: 3 }),
    conversation({ id: 3, opened_at: '2026-11-26T07:01:00.000Z', risk_level: 1 }),
    conversation({ id: 4, opened_at: '2026-11-26T07:02:00.000Z', risk_level: 3 }),
  ];
  assert.deepEqual(rows.sort(compareForView('waiting')).map((c) => c.id), [4, 2, 3, 1]);
});
