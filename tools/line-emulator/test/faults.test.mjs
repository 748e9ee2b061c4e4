// Injected failures, so tsunagu's retry and back-off logic can be tested.
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestEmulator, api, control, firstUserId, textMessage } from '../testing/harness.mjs';

async function setup(t) {
  const emu = await startTestEmulator();
  t.after(() => emu.close());
  const userId = await firstUserId(emu);
  await control(emu, 'POST', `/users/${userId}/follow`);
  return { emu, userId };
}

const push = (emu, userId, key) =>
  api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('x')] }, key ? { headers: { 'X-Line-Retry-Key': key } } : {});

test('429 fault: the next `count` requests fail with LINE\'s body, then normal service resumes', async (t) => {
  const { emu, userId } = await setup(t);
  const added = await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 429, count: 2 }, { expect: 201 });
  assert.equal(added.faults.length, 1);
  for (let i = 0; i < 2; i++) {
    const res = await push(emu, userId);
    assert.equal(res.status, 429);
    assert.deepEqual(res.json, { message: 'Too Many Requests' });
    assert.equal(res.headers.get('retry-after'), null, 'LINE sends no Retry-After');
    assert.ok(res.headers.get('x-line-request-id'));
  }
  assert.equal((await push(emu, userId)).status, 200);
  assert.equal((await control(emu, 'GET', '/faults')).faults.length, 0);
  assert.equal((await control(emu, 'GET', `/users/${userId}/inbox`)).messages.length, 1);
  const log = (await control(emu, 'GET', '/requests')).requests;
  assert.deepEqual(log.map((r) => r.status), [429, 429, 200]);
});

test('500 fault only hits its path; DELETE /faults clears them', async (t) => {
  const { emu, userId } = await setup(t);
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 500, count: 5 }, { expect: 201 });
  const res = await push(emu, userId);
  assert.equal(res.status, 500);
  assert.deepEqual(res.json, { message: 'Internal server error' });
  assert.equal((await api(emu, 'GET', `/v2/bot/profile/${userId}`)).status, 200, 'other paths unaffected');
  await control(emu, 'DELETE', '/faults');
  assert.equal((await push(emu, userId)).status, 200);
});

test('faults with a path prefix and with a delay', async (t) => {
  const { emu, userId } = await setup(t);
  await control(emu, 'POST', '/faults', { path: '/v2/bot/profile/*', status: 503 }, { expect: 201 });
  assert.equal((await api(emu, 'GET', `/v2/bot/profile/${userId}`)).status, 503);

  // A slow success: the push is accepted but answered late (client timeout case).
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', delayMs: 300 }, { expect: 201 });
  const key = randomUUID();
  const started = Date.now();
  const slow = await push(emu, userId, key);
  assert.equal(slow.status, 200);
  assert.ok(Date.now() - started >= 280);
  assert.equal((await push(emu, userId, key)).status, 409);
});

test('fault definitions are validated', async (t) => {
  const { emu } = await setup(t);
  await control(emu, 'POST', '/faults', { status: 500 }, { expect: 400 });
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 200 }, { expect: 400 });
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 500, count: 0 }, { expect: 400 });
});
