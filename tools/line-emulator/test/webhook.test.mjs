// Webhook delivery as tsunagu's endpoint sees it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { startTestEmulator, startReceiver, control, firstUserId, SECRET } from '../testing/harness.mjs';
import { ULID_PATTERN, ulidTime } from '../lib/ids.mjs';

function verify(secret, rawBody, signature) {
  if (typeof signature !== 'string') return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function setup(t, respond, options = {}) {
  const receiver = await startReceiver(respond);
  const emu = await startTestEmulator({ webhookUrl: receiver.url, ...options });
  t.after(() => Promise.all([emu.close(), receiver.close()]));
  return { emu, receiver, userId: await firstUserId(emu) };
}

test('webhook requests carry LINE\'s headers and a valid signature', async (t) => {
  const { emu, receiver, userId } = await setup(t);
  await control(emu, 'POST', `/users/${userId}/follow`);
  await control(emu, 'POST', `/users/${userId}/messages`, { text: '学校に行きたくない' });
  const { botUserId } = await control(emu, 'GET', '/config');
  assert.match(botUserId, /^U[0-9a-f]{32}$/);

  assert.equal(receiver.requests.length, 2);
  for (const r of receiver.requests) {
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/callback');
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(r.headers['user-agent'], 'LineBotWebhook/2.0');
    assert.ok(verify(SECRET, r.rawBody, r.headers['x-line-signature']), 'signature must verify with the channel secret');
    assert.ok(!verify('other-secret', r.rawBody, r.headers['x-line-signature']));
    assert.equal(r.json.destination, botUserId);
    assert.equal(r.json.events.length, 1);
  }
  // Changing the secret at runtime changes what the signature is made with.
  await control(emu, 'POST', '/config', { channelSecret: 'rotated-secret' });
  await control(emu, 'POST', `/users/${userId}/messages`, { text: 'x' });
  const last = receiver.requests.at(-1);
  assert.ok(verify('rotated-secret', last.rawBody, last.headers['x-line-signature']));
  assert.ok(!verify(SECRET, last.rawBody, last.headers['x-line-signature']));
});

test('event fields: ULID, replyToken on follow/message/postback only, isUnblocked on re-follow', async (t) => {
  const { emu, receiver, userId } = await setup(t);
  const before = Date.now();
  await control(emu, 'POST', `/users/${userId}/follow`);
  await control(emu, 'POST', `/users/${userId}/messages`, { text: 'こんばんは' });
  await control(emu, 'POST', `/users/${userId}/postback`, { data: 'topic=school' });
  await control(emu, 'POST', `/users/${userId}/unfollow`);
  await control(emu, 'POST', `/users/${userId}/follow`);
  const events = receiver.requests.map((r) => r.json.events[0]);
  assert.deepEqual(events.map((e) => e.type), ['follow', 'message', 'postback', 'unfollow', 'follow']);

  for (const e of events) {
    assert.match(e.webhookEventId, ULID_PATTERN);
    assert.equal(e.mode, 'active');
    assert.deepEqual(e.deliveryContext, { isRedelivery: false });
    assert.deepEqual(e.source, { type: 'user', userId });
    assert.ok(Number.isInteger(e.timestamp) && e.timestamp >= before && e.timestamp <= Date.now());
    assert.ok(Math.abs(ulidTime(e.webhookEventId) - e.timestamp) < 5, 'ULID time is the event time');
  }
  const ids = events.map((e) => e.webhookEventId);
  assert.deepEqual([...ids].sort(), ids, 'ULIDs sort in event order');

  const [follow, message, postback, unfollow, refollow] = events;
  for (const e of [follow, message, postback, refollow]) assert.match(e.replyToken, /^[0-9a-f]{32}$/);
  assert.equal('replyToken' in unfollow, false);
  assert.deepEqual(follow.follow, { isUnblocked: false });
  assert.deepEqual(refollow.follow, { isUnblocked: true });
  assert.equal(message.message.type, 'text');
  assert.match(message.message.id, /^\d+$/);
  assert.equal(typeof message.message.quoteToken, 'string');
  assert.equal(message.message.text, 'こんばんは');
  assert.deepEqual(postback.postback, { data: 'topic=school' });
  assert.equal(new Set(events.filter((e) => e.replyToken).map((e) => e.replyToken)).size, 4, 'reply tokens are unique');
});

test('redelivery resends the same event with isRedelivery true', async (t) => {
  const { emu, receiver, userId } = await setup(t);
  await control(emu, 'POST', `/users/${userId}/follow`);
  const sent = await control(emu, 'POST', `/users/${userId}/messages`, { text: '同じイベント' });
  const answer = await control(emu, 'POST', '/redeliver', { webhookEventId: sent.event.webhookEventId });
  assert.equal(answer.webhookStatus, 200);
  const [original, again] = receiver.requests.slice(-2).map((r) => r.json);
  assert.equal(again.events[0].webhookEventId, original.events[0].webhookEventId);
  assert.deepEqual(again.events[0].deliveryContext, { isRedelivery: true });
  assert.deepEqual({ ...again.events[0], deliveryContext: null }, { ...original.events[0], deliveryContext: null });
  assert.equal(again.destination, original.destination);
  await control(emu, 'POST', '/redeliver', { webhookEventId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' }, { expect: 404 });
});

test('tsunagu\'s answer is recorded: status, connection errors, timeouts', async (t) => {
  let status = 500;
  const { emu, userId } = await setup(t, () => status, { webhookTimeoutMs: 300 });
  await control(emu, 'POST', `/users/${userId}/follow`);
  const failed = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'a' });
  assert.equal(failed.webhookStatus, 500);
  assert.equal(failed.webhookError, 'error_status_code');
  const chat = await control(emu, 'GET', `/users/${userId}/chat`);
  assert.equal(chat.messages.at(-1).webhookStatus, 500);
  assert.equal(chat.lastWebhook.status, 500);

  status = 'hang';
  const slow = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'b' });
  assert.equal(slow.webhookStatus, null);
  assert.equal(slow.webhookError, 'request_timeout');

  // A port with nothing listening.
  const closed = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  await control(emu, 'POST', '/config', { webhookUrl: `http://127.0.0.1:${closed}/callback` });
  const refused = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'c' });
  assert.equal(refused.webhookStatus, null);
  assert.equal(refused.webhookError, 'could_not_connect');

  const { deliveries } = await control(emu, 'GET', '/webhooks');
  assert.deepEqual(deliveries.map((d) => [d.status, d.error ?? null]), [
    [500, 'error_status_code'],
    [500, 'error_status_code'],
    [null, 'request_timeout'],
    [null, 'could_not_connect'],
  ]);
});

test('without a webhook URL events are kept but not sent, and can be redelivered later', async (t) => {
  const emu = await startTestEmulator();
  const receiver = await startReceiver();
  t.after(() => Promise.all([emu.close(), receiver.close()]));
  const userId = await firstUserId(emu);
  const config = await control(emu, 'GET', '/config');
  assert.equal(config.webhookConfigured, false);
  const sent = await control(emu, 'POST', `/users/${userId}/follow`);
  assert.equal(sent.webhookStatus, null);
  assert.equal(sent.webhookError, 'not_configured');
  await control(emu, 'POST', '/config', { webhookUrl: receiver.url });
  const again = await control(emu, 'POST', '/redeliver', { webhookEventId: sent.event.webhookEventId });
  assert.equal(again.webhookStatus, 200);
  assert.equal(receiver.requests.length, 1);
  assert.equal(receiver.requests[0].json.events[0].type, 'follow');
});

test('raw-webhook: valid, bad and missing signatures, explicit signature, response body', async (t) => {
  const { emu, receiver } = await setup(t, (r) => (verify(SECRET, r.rawBody, r.headers['x-line-signature']) ? 200 : 401));
  const body = '{"destination":"U0123456789abcdef0123456789abcdef","events":[]}';

  const valid = await control(emu, 'POST', '/raw-webhook', { body });
  assert.equal(valid.webhookStatus, 200);
  assert.equal(valid.responseBody, 'OK');
  assert.equal(receiver.requests.at(-1).rawBody.toString(), body, 'body sent byte for byte');

  const bad = await control(emu, 'POST', '/raw-webhook', { body, signatureMode: 'bad' });
  assert.equal(bad.webhookStatus, 401);
  assert.equal(typeof receiver.requests.at(-1).headers['x-line-signature'], 'string');

  const missing = await control(emu, 'POST', '/raw-webhook', { body, signatureMode: 'missing' });
  assert.equal(missing.webhookStatus, 401);
  assert.equal(receiver.requests.at(-1).headers['x-line-signature'], undefined);

  const malformed = await control(emu, 'POST', '/raw-webhook', { body: '{"destination":', signature: 'AAAA' });
  assert.equal(malformed.webhookStatus, 401);
  assert.equal(receiver.requests.at(-1).headers['x-line-signature'], 'AAAA');
  assert.equal(receiver.requests.at(-1).rawBody.toString(), '{"destination":');

  await control(emu, 'POST', '/raw-webhook', { body, signatureMode: 'sideways' }, { expect: 400 });
});

test('control API refuses impossible user actions', async (t) => {
  const { emu, userId } = await setup(t);
  await control(emu, 'POST', `/users/${userId}/unfollow`, undefined, { expect: 409 });
  await control(emu, 'POST', `/users/${userId}/follow`);
  await control(emu, 'POST', `/users/${userId}/follow`, undefined, { expect: 409 });
  await control(emu, 'POST', `/users/${userId}/unfollow`);
  await control(emu, 'POST', `/users/${userId}/messages`, { text: 'x' }, { expect: 409 });
  await control(emu, 'POST', `/users/${userId}/messages`, {}, { expect: 400 });
  await control(emu, 'POST', '/users/Udeadbeef/messages', { text: 'x' }, { expect: 404 });
});
