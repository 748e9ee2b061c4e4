import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyConversation,
  applyList,
  belongsTo,
  emptyStore,
  isOlder,
  selectList,
  viewsFor,
} from '../src/lib/conversations.ts';
import { conversation } from './fixtures.mjs';

const me = 3;

test('belongsTo follows the contract for each view', () => {
  const waiting = conversation();
  const mine = conversation({ status: 'active', assigned_staff_id: me });
  const others = conversation({ status: 'active', assigned_staff_id: 8 });
  const closedMine = conversation({ status: 'closed', assigned_staff_id: me });
  const preassigned = conversation({ status: 'waiting', assigned_staff_id: me });
  assert.equal(belongsTo('waiting', waiting, me), true);
  assert.equal(belongsTo('waiting', mine, me), false);
  assert.equal(belongsTo('waiting', preassigned, me), false);
  assert.equal(belongsTo('mine', mine, me), true);
  assert.equal(belongsTo('mine', preassigned, me), true);
  assert.equal(belongsTo('mine', others, me), false);
  assert.equal(belongsTo('mine', closedMine, me), false);
  // The server's "mine" keeps what the system closed until its wrap-up is written.
  const pendingMine = { ...closedMine, end_reason: 'idle', wrap_up_pending: true };
  assert.equal(belongsTo('mine', pendingMine, me), true);
  assert.equal(belongsTo('mine', { ...pendingMine, assigned_staff_id: 8 }, me), false);
  assert.equal(belongsTo('waiting', pendingMine, me), false);
  assert.equal(belongsTo('all', closedMine, me), true);
});

test('counselors get no all view', () => {
  assert.deepEqual(viewsFor('counselor'), ['waiting', 'mine']);
  assert.deepEqual(viewsFor('supervisor'), ['waiting', 'mine', 'all']);
  assert.deepEqual(viewsFor('admin'), ['waiting', 'mine', 'all']);
});

test('a taken conversation moves from waiting to mine', () => {
  let store = applyList(emptyStore, 'waiting', [conversation({ id: 7 })]);
  store = applyList(store, 'mine', []);
  store = applyConversation(store, conversation({ id: 7, status: 'active', assigned_staff_id: me }), me);
  assert.deepEqual(store.lists.waiting, []);
  assert.deepEqual(store.lists.mine, [7]);
});

test('a conversation taken by someone else leaves waiting and does not enter mine', () => {
  let store = applyList(emptyStore, 'waiting', [conversation({ id: 7 }), conversation({ id: 8 })]);
  store = applyList(store, 'mine', []);
  store = applyConversation(store, conversation({ id: 7, status: 'active', assigned_staff_id: 99 }), me);
  assert.deepEqual(store.lists.waiting, [8]);
  assert.deepEqual(store.lists.mine, []);
});

test('a new waiting conversation appears without touching unloaded lists', () => {
  let store = applyList(emptyStore, 'waiting', []);
  store = applyConversation(store, conversation({ id: 9 }), me);
  assert.deepEqual(store.lists.waiting, [9]);
  assert.equal(store.lists.all, null);
});

test('an older copy does not overwrite a newer one', () => {
  const closed = conversation({ id: 5, status: 'closed', last_message_at: '2026-11-26T08:00:00.000Z' });
  const stale = conversation({ id: 5, status: 'active', last_message_at: '2026-11-26T08:00:00.000Z' });
  assert.equal(isOlder(stale, closed), true);
  assert.equal(isOlder(closed, stale), false);
  let store = applyConversation(emptyStore, closed, me);
  store = applyList(store, 'mine', [stale]);
  assert.equal(store.byId[5].status, 'closed');
  const earlier = conversation({ id: 5, last_message_at: '2026-11-26T07:00:00.000Z' });
  assert.equal(isOlder(earlier, stale), true);
});

test('selectList sorts waiting by wait time and others by activity', () => {
  const a = conversation({ id: 1, opened_at: '2026-11-26T07:00:00.000Z', last_message_at: '2026-11-26T07:30:00.000Z' });
  const b = conversation({ id: 2, opened_at: '2026-11-26T06:00:00.000Z', last_message_at: '2026-11-26T07:10:00.000Z' });
  let store = applyList(emptyStore, 'waiting', [a, b]);
  store = applyList(store, 'all', [b, a]);
  assert.deepEqual(selectList(store, 'waiting').map((c) => c.id), [2, 1]);
  assert.deepEqual(selectList(store, 'all').map((c) => c.id), [1, 2]);
  assert.equal(selectList(store, 'mine'), null);
});
