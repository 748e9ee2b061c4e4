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
