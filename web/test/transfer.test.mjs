// Handing a conversation on: who may (mirroring the server), the targets' labels with their load
// and limit, and the request the dialog sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canTransfer } from '../src/lib/permissions.ts';
import {
  isAtLimit,
  leavesAfterTransfer,
  noteLength,
  targetLabel,
  toTransferRequest,
  transferNoteCharsMax,
} from '../src/lib/transfer.ts';
import { translate } from '../src/i18n.ts';
import { admin, conversation, counselor, supervisor } from './fixtures.mjs';

const ja = (key, vars) => translate('ja', key, vars);
const en = (key, vars) => translate('en', key, vars);

test('canTransfer: the assignee or a supervisor, of an open, assigned conversation; never admins', () => {
  const mine = conversation({ status: 'active', assigned_staff_id: counselor.id });
  const others = conversation({ status: 'active', assigned_staff_id: 42 });
  const waiting = conversation({ status: 'waiting', assigned_staff_id: null });
  const closedMine = conversation({ status: 'closed', assigned_staff_id: counselor.id });
  // Assigned but still waiting (e.g. given to me, not yet answered) is open: transferable.
  const assignedWaiting = conversation({ status: 'waiting', assigned_staff_id: counselor.id });

  assert.equal(canTransfer(counselor, mine), true);
  assert.equal(canTransfer(counselor, assignedWaiting), true);
  assert.equal(canTransfer(counselor, others), false);
  assert.equal(canTransfer(counselor, waiting), false);
  assert.equal(canTransfer(counselor, closedMine), false);

  assert.equal(canTransfer(supervisor, mine), true);
  assert.equal(canTransfer(supervisor, others), true);
  assert.equal(canTransfer(supervisor, waiting), false, 'not assigned: nothing to hand on');
  assert.equal(canTransfer(supervisor, conversation({ status: 'closed', assigned_staff_id: 42 })), false);

  assert.equal(canTransfer(admin, others), false);
  assert.equal(canTransfer(admin, conversation({ status: 'active', assigned_staff_id: admin.id })), false);
});

test('counselors show their load against the limit; a full one is marked; supervisors have no limit', () => {
  const suzuki = { id: 5, display_name: '相談員 鈴木', role: 'counselor', held: 1 };
  const full = { ...suzuki, held: 2 };
  const over = { ...suzuki, held: 3 }; // the limit was lowered after they took them
  const sv = { id: 7, display_name: 'SV 高橋', role: 'supervisor', held: 5 };

  assert.equal(isAtLimit(suzuki, 2), false);
  assert.equal(isAtLimit(full, 2), true);
  assert.equal(isAtLimit(over, 2), true);
  assert.equal(isAtLimit(sv, 2), false);
  assert.equal(isAtLimit({ ...suzuki, held: 0 }, 0), true);

  assert.equal(targetLabel(suzuki, 2, ja), '相談員 鈴木（1/2）');
  assert.equal(targetLabel(full, 2, ja), '相談員 鈴木（2/2） 上限');
  assert.equal(targetLabel(sv, 2, ja), 'SV 高橋（スーパーバイザー・5件）');
  assert.equal(targetLabel(suzuki, 2, en), '相談員 鈴木 (1/2)');
  assert.equal(targetLabel(full, 2, en), '相談員 鈴木 (2/2) at limit');
  assert.equal(targetLabel(sv, 2, en), 'SV 高橋 (supervisor, 5 held)');
});

test('the request: a staff member or the queue, the note only when not blank', () => {
  assert.equal(toTransferRequest(null, 'メモ'), null);
  assert.deepEqual(toTransferRequest({ kind: 'staff', id: 5 }, ''), { to_staff_id: 5 });
  assert.deepEqual(toTransferRequest({ kind: 'staff', id: 5 }, '  \n'), { to_staff_id: 5 });
  assert.deepEqual(toTransferRequest({ kind: 'staff', id: 5 }, '家族の話を続けて\n'), {
    to_staff_id: 5,
    note: '家族の話を続けて\n',
  });
  assert.deepEqual(toTransferRequest({ kind: 'queue' }, ''), { to: 'queue' });
  assert.deepEqual(toTransferRequest({ kind: 'queue' }, 'またあとで'), { to: 'queue', note: 'またあとで' });
});

test('the note counts characters as the server does, up to 500', () => {
  assert.equal(transferNoteCharsMax, 500);
  assert.equal(noteLength(''), 0);
  assert.equal(noteLength('あい'), 2);
  assert.equal(noteLength('😀a'), 2);
});

test('after a transfer, a counselor who gave it away goes back to the list', () => {
  const given = conversation({ status: 'active', assigned_staff_id: 42 });
  const queued = conversation({ status: 'waiting', assigned_staff_id: null });
  const toMe = conversation({ status: 'active', assigned_staff_id: counselor.id });
  assert.equal(leavesAfterTransfer(counselor, given), true);
  assert.equal(leavesAfterTransfer(counselor, queued), false);
  assert.equal(leavesAfterTransfer(counselor, toMe), false);
  assert.equal(leavesAfterTransfer(supervisor, given), false);
});

test('every transfer string exists in both languages', () => {
  for (const key of [
    'transfer.button',
    'transfer.title',
    'transfer.queue',
    'transfer.note',
    'transfer.atLimit',
    'transfer.submit',
  ]) {
    assert.notEqual(ja(key), key);
    assert.notEqual(en(key), key);
    assert.notEqual(ja(key), en(key));
  }
  assert.equal(ja('transfer.button'), '引き継ぐ');
  assert.equal(en('transfer.button'), 'Transfer');
  assert.equal(ja('transfer.queue'), '順番待ちに戻す');
  assert.equal(en('transfer.queue'), 'Return to the queue');
});
