// Conversations the system closed (idle, closing time) without a wrap-up: who may write it
// afterwards, how the end is shown in words, and that a written wrap-up is never undone by an
// older copy of the conversation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canClose, canWriteLateWrapUp } from '../src/lib/permissions.ts';
import { endReasonKeys, endReasonLabel } from '../src/lib/labels.ts';
import { applyConversation, applyList, emptyStore, isOlder } from '../src/lib/conversations.ts';
import { translate } from '../src/i18n.ts';
import { admin, conversation, counselor, supervisor } from './fixtures.mjs';

const ja = (key, vars) => translate('ja', key, vars);
const en = (key, vars) => translate('en', key, vars);

const pendingMine = conversation({
  status: 'closed',
  assigned_staff_id: counselor.id,
  closed_at: '2026-11-26T08:00:00.000Z',
  end_reason: 'idle',
  wrap_up_pending: true,
});

test('the assignee or a supervisor writes a late wrap-up; only while it is pending', () => {
  assert.equal(canWriteLateWrapUp(counselor, pendingMine), true);
  assert.equal(canWriteLateWrapUp(supervisor, pendingMine), true);
  assert.equal(canWriteLateWrapUp(counselor, { ...pendingMine, assigned_staff_id: 42 }), false);
  assert.equal(canWriteLateWrapUp(admin, pendingMine), false);
  assert.equal(canWriteLateWrapUp(counselor, { ...pendingMine, wrap_up_pending: false }), false, 'written already');
  assert.equal(canWriteLateWrapUp(counselor, { ...pendingMine, status: 'active' }), false, 'still open: close it');
  // A server from before the field sends nothing: nothing is pending.
  const { wrap_up_pending: _, ...old } = pendingMine;
  assert.equal(canWriteLateWrapUp(counselor, old), false);
  // Closing is not offered for a closed conversation; the late wrap-up is the way.
  assert.equal(canClose(counselor, pendingMine), false);
});

test('every end reason reads in words, as the brief lists them', () => {
  const expected = {
    staff: '職員が終了',
    idle: '無応答で自動終了',
    closing_time: '終了時間で自動終了',
    abandoned: '順番待ちの間に離脱',
    out_of_hours: '時間外の自動応答',
    overflow: '混雑時の自動応答',
    declined: '規約に同意せず',
    bot_ended: 'ボットが終了',
  };
  assert.deepEqual(Object.keys(endReasonKeys).sort(), Object.keys(expected).sort());
  for (const [reason, words] of Object.entries(expected)) {
    assert.equal(endReasonLabel(reason, ja), words, reason);
    assert.notEqual(endReasonLabel(reason, en), words, `${reason} in English`);
  }
  assert.equal(endReasonLabel(null, ja), null, 'open conversations have none');
  assert.equal(endReasonLabel(undefined, ja), null);
  assert.equal(endReasonLabel('new_reason', ja), 'new_reason', 'a newer server’s reason as it is');
});

test('a written wrap-up is final: an older copy that still says pending is ignored', () => {
  const written = { ...pendingMine, wrap_up_pending: false };
  assert.equal(isOlder(pendingMine, written), true);
  assert.equal(isOlder(written, pendingMine), false, 'the wrap-up being written is news');
  let store = applyConversation(emptyStore, pendingMine, counselor.id);
  store = applyConversation(store, written, counselor.id);
  store = applyConversation(store, pendingMine, counselor.id); // a slow REST answer
  assert.equal(store.byId[pendingMine.id].wrap_up_pending, false);
});

test('"mine" keeps a conversation the system closed until its wrap-up is written', () => {
  const active = { ...pendingMine, status: 'active', closed_at: null, end_reason: null, wrap_up_pending: false };
  let store = applyList(emptyStore, 'mine', [active]);
  store = applyConversation(store, pendingMine, counselor.id); // the idle close, from the stream
  assert.deepEqual(store.lists.mine, [pendingMine.id], 'still mine, to be written');
  store = applyConversation(store, { ...pendingMine, wrap_up_pending: false }, counselor.id);
  assert.deepEqual(store.lists.mine, [], 'written: out of mine');
  // A conversation closed by staff (with its wrap-up) leaves at once.
  store = applyList(emptyStore, 'mine', [active]);
  store = applyConversation(store, { ...pendingMine, end_reason: 'staff', wrap_up_pending: false }, counselor.id);
  assert.deepEqual(store.lists.mine, []);
});

test('the badge, the button and the dialog read in both languages', () => {
  assert.equal(ja('wrapup.pending'), '記録が未入力');
  assert.equal(en('wrapup.pending'), 'Wrap-up missing');
  assert.equal(ja('wrapup.late.button'), '記録を書く');
  for (const key of ['wrapup.late.title', 'wrapup.late.submit', 'wrapup.late.reasons', 'conv.endReason']) {
    assert.notEqual(ja(key), en(key), key);
  }
  assert.match(ja('wrapup.late.lead', { name: '相談者-A', reason: '無応答で自動終了' }), /相談者-A.*無応答で自動終了/);
});
