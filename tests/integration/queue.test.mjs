// The human queue from the console (docs/api.md): 「次の相談を受ける」 takes the first in the queue
// order (risk first, then the longest wait), and a counselor holds at most
// [queue] concurrent_per_counselor conversations at once (2 by default); supervisors step in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor, conversationWithText } from './lib/harness.mjs';

test('take-next: first in the queue order; a counselor holds two at once; 404 when nobody waits', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'supervisor1'] });
  const counselor = await stack.login('counselor1');
  const supervisor = await stack.login('supervisor1');
  const texts = ['はじめまして', '相談があります', 'もう死にたい'];
  const ids = [];
  for (const [index, text] of texts.entries()) {
    await stack.emu.send(await stack.emu.userId(index), text);
    ids.push((await conversationWithText(counselor, text)).id);
  }
  await waitFor(async () => (await counselor.conversations('waiting')).length === 3, 3000, { what: 'three waiting' });

  const first = await counselor.post('/api/v1/conversations/take-next');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.conversation.id, ids[2], 'the risky one first');
  assert.equal(first.json.conversation.assigned_staff_id, counselor.staff.id);
  const second = await counselor.post('/api/v1/conversations/take-next');
  assert.equal(second.json.conversation.id, ids[0], 'then the longest wait');

  const full = await counselor.post('/api/v1/conversations/take-next');
  assert.equal(full.status, 429);
  assert.equal(full.json.error.code, 'limit_exceeded');
  assert.match(full.json.error.message, /2 件まで/);
  assert.equal((await counselor.take(ids[1])).status, 429, 'picking one is limited the same way');
  assert.equal((await counselor.take(ids[2])).status, 200, 'taking one already mine is fine');

  // A supervisor steps in without a limit.
  const stepIn = await supervisor.post('/api/v1/conversations/take-next');
  assert.equal(stepIn.json.conversation.id, ids[1]);
  const none = await supervisor.post('/api/v1/conversations/take-next');
  assert.equal(none.status, 404);
  assert.equal((await counselor.post('/api/v1/conversations/take-next', {}, { csrf: false })).status, 403);
});

test('capacity comes from [queue] concurrent_per_counselor', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1'], queue: { concurrent_per_counselor: 1 } });
  const counselor = await stack.login('counselor1');
  for (const index of [0, 1]) await stack.emu.send(await stack.emu.userId(index), `こんにちは${index}`);
  await waitFor(async () => (await counselor.conversations('waiting')).length === 2, 3000, { what: 'two waiting' });
  assert.equal((await counselor.post('/api/v1/conversations/take-next')).status, 200);
  const full = await counselor.post('/api/v1/conversations/take-next');
  assert.equal(full.status, 429);
  assert.match(full.json.error.message, /1 件まで/);
});

test('transfer: to another counselor with a note, back to the queue at the same place; who may', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'counselor2', 'supervisor1', 'admin1'] });
  const [c1, c2, sv, admin] = [
    await stack.login('counselor1'),
    await stack.login('counselor2'),
    await stack.login('supervisor1'),
    await stack.login('admin1'),
  ];
  for (const [index, text] of ['最初の相談', 'あとの相談'].entries()) {
    await stack.emu.send(await stack.emu.userId(index), text);
  }
  // Who it can go to: active staff who may take, not me, with their load; not for admins.
  const targets = await c1.get('/api/v1/staff/transfer-targets');
  assert.equal(targets.status, 200);
  assert.equal(targets.json.concurrent_per_counselor, 2);
  assert.deepEqual(
    targets.json.staff.map((s) => [s.id, s.role, s.held]).sort(),
    [[c2.staff.id, 'counselor', 0], [sv.staff.id, 'supervisor', 0]].sort(),
  );
  assert.equal((await admin.get('/api/v1/staff/transfer-targets')).status, 403);
  const first = (await conversationWithText(c1, '最初の相談')).id;
  await conversationWithText(c1, 'あとの相談');
  assert.equal((await c1.take(first)).status, 200);

  const bad = await c1.post(`/api/v1/conversations/${first}/transfer`, { to: 'somewhere' });
  assert.equal(bad.status, 400);
  assert.equal((await c1.post(`/api/v1/conversations/${first}/transfer`, { to_staff_id: admin.staff.id })).status, 400);
  assert.equal((await c2.post(`/api/v1/conversations/${first}/transfer`, { to: 'queue' })).status, 404, 'not theirs, not visible');

  const moved = await c1.post(`/api/v1/conversations/${first}/transfer`, { to_staff_id: c2.staff.id, note: '家族の話を続けて' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.conversation.assigned_staff_id, c2.staff.id);
  const { messages } = await c2.messages(first);
  const note = messages.at(-1);
  assert.equal(note.sender_kind, 'system');
  assert.match(note.text, /引き継ぎ: 相談員 .* → 相談員 .*\nメモ: 家族の話を続けて/);
  assert.equal((await c1.get(`/api/v1/conversations/${first}/messages`)).status, 404, 'the first counselor no longer sees it');

  // Back to the queue: first in line again, ahead of the one who came later.
  const back = await c2.post(`/api/v1/conversations/${first}/transfer`, { to: 'queue' });
  assert.equal(back.status, 200);
  assert.equal(back.json.conversation.status, 'waiting');
  assert.equal(back.json.conversation.assigned_staff_id, null);
  const queue = await c1.conversations('waiting');
  assert.deepEqual(queue.map((c) => c.id)[0], first);
  assert.equal((await c2.post(`/api/v1/conversations/${first}/transfer`, { to: 'queue' })).status, 403, 'waiting: visible, but not theirs to move');

  // A supervisor may hand any open conversation on; a full counselor cannot receive one.
  assert.equal((await c1.post('/api/v1/conversations/take-next')).status, 200);
  assert.equal((await c1.post('/api/v1/conversations/take-next')).status, 200);
  const other = (await sv.conversations('all')).find((c) => c.assigned_staff_id === c1.staff.id && c.id !== first);
  const full = await sv.post(`/api/v1/conversations/${other.id}/transfer`, { to_staff_id: c1.staff.id });
  assert.equal(full.status, 409, 'already theirs');
  assert.equal((await sv.post(`/api/v1/conversations/${other.id}/transfer`, { to_staff_id: sv.staff.id })).status, 200);
  assert.equal((await c2.take(other.id)).status, 409);
  assert.equal((await sv.post(`/api/v1/conversations/${other.id}/transfer`, { to_staff_id: c2.staff.id })).status, 200);
  assert.equal((await sv.post(`/api/v1/conversations/${other.id}/transfer`, { to_staff_id: c1.staff.id, note: 'x'.repeat(501) })).status, 400);
  // counselor2 holds one; a second is fine, a third is refused.
  const more = [];
  for (const [index, text] of ['三人目', '四人目'].entries()) {
    await stack.emu.send(await stack.emu.userId(2 + index), text);
    more.push((await conversationWithText(sv, text, { view: 'all' })).id);
    assert.equal((await sv.take(more.at(-1))).status, 200);
  }
  assert.equal((await sv.post(`/api/v1/conversations/${more[0]}/transfer`, { to_staff_id: c2.staff.id })).status, 200);
  const full2 = await sv.post(`/api/v1/conversations/${more[1]}/transfer`, { to_staff_id: c2.staff.id });
  assert.equal(full2.status, 429);
  assert.match(full2.json.error.message, /同時に持てる件数/);
});

test('a supervisor assigns a waiting conversation to a counselor (a transfer from the queue)', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'supervisor1'] });
  const [c1, sv] = [await stack.login('counselor1'), await stack.login('supervisor1')];
  await stack.emu.send(await stack.emu.userId(0), '話を聞いてほしい');
  const id = (await conversationWithText(sv, '話を聞いてほしい')).id;
  assert.equal((await c1.post(`/api/v1/conversations/${id}/transfer`, { to_staff_id: sv.staff.id })).status, 403, 'a counselor cannot move a waiting one');
  const assigned = await sv.post(`/api/v1/conversations/${id}/transfer`, { to_staff_id: c1.staff.id });
  assert.equal(assigned.status, 200, assigned.text);
  assert.equal(assigned.json.conversation.status, 'active');
  assert.deepEqual((await c1.conversations('mine')).map((c) => c.id), [id]);
});
