import test from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { startTestEmulator, startReceiver, api, control, firstUserId, textMessage } from '../testing/harness.mjs';

async function setup(t, options = {}) {
  const receiver = await startReceiver();
  const emu = await startTestEmulator({ webhookUrl: receiver.url, ...options });
  t.after(() => Promise.all([emu.close(), receiver.close()]));
  const userId = await firstUserId(emu);
  await control(emu, 'POST', `/users/${userId}/follow`);
  return { emu, receiver, userId };
}

const reply = (emu, replyToken, messages = [textMessage('どうしたの？')], opts) =>
  api(emu, 'POST', '/v2/bot/message/reply', { replyToken, messages }, opts);

test('a reply token works once, then gives Invalid reply token', async (t) => {
  const { emu, userId } = await setup(t);
  const { event } = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'つらい' });
  assert.match(event.replyToken, /^[0-9a-f]{32}$/);

  const first = await reply(emu, event.replyToken);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.sentMessages.length, 1);
  assert.match(first.json.sentMessages[0].id, /^\d+$/);
  assert.equal(typeof first.json.sentMessages[0].quoteToken, 'string');
  assert.match(first.headers.get('x-line-request-id'), /^[0-9a-f-]{16,}$/);
  assert.match(first.headers.get('content-type'), /^application\/json/);

  const second = await reply(emu, event.replyToken);
  assert.equal(second.status, 400);
  assert.deepEqual(second.json, { message: 'Invalid reply token' });

  const unknown = await reply(emu, 'ffffffffffffffffffffffffffffffff');
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.json, { message: 'Invalid reply token' });

  const inbox = await control(emu, 'GET', `/users/${userId}/inbox`);
  assert.equal(inbox.messages.length, 1, 'only the accepted reply reaches the phone');
  assert.equal(inbox.messages[0].via, 'reply');
  assert.deepEqual(inbox.messages[0].message, textMessage('どうしたの？'));
});

test('a reply token expires after the configured TTL', async (t) => {
  const { emu, userId } = await setup(t, { replyTokenTtlMs: 150 });
  const { event } = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'a' });
  await delay(300);
  const res = await reply(emu, event.replyToken);
  assert.equal(res.status, 400);
  assert.deepEqual(res.json, { message: 'Invalid reply token' });

  // TTL can be raised at runtime; new tokens then live longer.
  await control(emu, 'POST', '/config', { replyTokenTtlMs: 60_000 });
  const { event: e2 } = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'b' });
  await delay(200);
  assert.equal((await reply(emu, e2.replyToken)).status, 200);
});

test('X-Line-Retry-Key on reply is rejected with 400 and the token stays usable', async (t) => {
  const { emu, userId } = await setup(t);
  const { event } = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'a' });
  const res = await reply(emu, event.replyToken, undefined, { headers: { 'X-Line-Retry-Key': '123e4567-e89b-12d3-a456-426614174000' } });
  assert.equal(res.status, 400);
  assert.match(res.json.message, /retry key/i);
  assert.equal((await reply(emu, event.replyToken)).status, 200);
});

test('replies go to the user the token was issued for; follow and postback tokens work too', async (t) => {
  const { emu, userId } = await setup(t);
  const other = await firstUserId(emu, 1);
  const follow = await control(emu, 'POST', `/users/${other}/follow`);
  assert.equal((await reply(emu, follow.event.replyToken, [textMessage('友だち追加ありがとう')])).status, 200);
  const pb = await control(emu, 'POST', `/users/${userId}/postback`, { data: 'menu=start' });
  assert.equal((await reply(emu, pb.event.replyToken, [textMessage('はじめます')])).status, 200);

  const otherInbox = await control(emu, 'GET', `/users/${other}/inbox`);
  assert.deepEqual(otherInbox.messages.map((m) => m.message.text), ['友だち追加ありがとう']);
  const mine = await control(emu, 'GET', `/users/${userId}/inbox`);
  assert.deepEqual(mine.messages.map((m) => m.message.text), ['はじめます']);
});

test('unfollow events carry no reply token', async (t) => {
  const { emu, userId } = await setup(t);
  const { event } = await control(emu, 'POST', `/users/${userId}/unfollow`);
  assert.equal(event.type, 'unfollow');
  assert.equal('replyToken' in event, false);
});
