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

const push = (emu, to, messages, retryKey) =>
  api(emu, 'POST', '/v2/bot/message/push', { to, messages }, retryKey ? { headers: { 'X-Line-Retry-Key': retryKey } } : {});

test('a retry key used twice gives 409 with x-line-accepted-request-id and the original sentMessages', async (t) => {
  const { emu, userId } = await setup(t);
  const key = randomUUID();
  const first = await push(emu, userId, [textMessage('相談員の佐藤です')], key);
  assert.equal(first.status, 200, first.text);
  const requestId = first.headers.get('x-line-request-id');

  const again = await push(emu, userId, [textMessage('相談員の佐藤です')], key);
  assert.equal(again.status, 409);
  assert.equal(again.headers.get('x-line-accepted-request-id'), requestId);
  assert.equal(again.json.message, 'The retry key is already accepted');
  assert.deepEqual(again.json.sentMessages, first.json.sentMessages);
  assert.notEqual(again.headers.get('x-line-request-id'), requestId, 'each response has its own request id');

  const inbox = await control(emu, 'GET', `/users/${userId}/inbox`);
  assert.equal(inbox.messages.length, 1);

  const log = await control(emu, 'GET', '/requests');
  assert.deepEqual(log.requests.map((r) => [r.path, r.status, r.retryKey]), [
    ['/v2/bot/message/push', 200, key],
    ['/v2/bot/message/push', 409, key],
  ]);
  await control(emu, 'DELETE', '/requests');
  assert.equal((await control(emu, 'GET', '/requests')).requests.length, 0);
});

test('a lost response (afterAccept fault) then a retry with the same key: 409 and exactly one delivery', async (t) => {
  const { emu, userId } = await setup(t);
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 500, count: 1, afterAccept: true });
  const key = randomUUID();
  const first = await push(emu, userId, [textMessage('返信が遅れてごめんね')], key);
  assert.equal(first.status, 500);
  assert.deepEqual(first.json, { message: 'Internal server error' });

  const retry = await push(emu, userId, [textMessage('返信が遅れてごめんね')], key);
  assert.equal(retry.status, 409);
  assert.equal(retry.headers.get('x-line-accepted-request-id'), first.headers.get('x-line-request-id'));
  assert.equal(retry.json.sentMessages.length, 1);

  const inbox = await control(emu, 'GET', `/users/${userId}/inbox`);
  assert.equal(inbox.messages.length, 1);
  assert.equal(inbox.messages[0].delivered, true);
});

test('a plain 500 fault does not deliver, so the retry succeeds once', async (t) => {
  const { emu, userId } = await setup(t);
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 500, count: 2 });
  const key = randomUUID();
  assert.equal((await push(emu, userId, [textMessage('x')], key)).status, 500);
  assert.equal((await push(emu, userId, [textMessage('x')], key)).status, 500);
  assert.equal((await push(emu, userId, [textMessage('x')], key)).status, 200);
  assert.equal((await control(emu, 'GET', `/users/${userId}/inbox`)).messages.length, 1);
});

test('retry key must be a UUID', async (t) => {
  const { emu, userId } = await setup(t);
  const res = await push(emu, userId, [textMessage('x')], 'abc');
  assert.equal(res.status, 400);
  assert.equal((await control(emu, 'GET', `/users/${userId}/inbox`)).messages.length, 0);
});

test('push to an unknown user is 400; to a malformed ID is an invalid property', async (t) => {
  const { emu } = await setup(t);
  const unknown = await push(emu, 'U0000000000000000000000000000dead', [textMessage('x')]);
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.message, 'Failed to send messages');
  const malformed = await push(emu, 'someone', [textMessage('x')]);
  assert.equal(malformed.status, 400);
  assert.match(malformed.json.message, /The property, 'to', in the request body is invalid/);
});

test('push to a user who blocked the account is accepted but not delivered', async (t) => {
  const { emu, userId } = await setup(t);
  await control(emu, 'POST', `/users/${userId}/unfollow`);
  const res = await push(emu, userId, [textMessage('まだいますか？')]);
  assert.equal(res.status, 200);
  const inbox = await control(emu, 'GET', `/users/${userId}/inbox`);
  assert.equal(inbox.messages.length, 1);
  assert.equal(inbox.messages[0].delivered, false);
  assert.equal(inbox.messages[0].via, 'push');
  // The profile is hidden from an account the user blocked.
  const profile = await api(emu, 'GET', `/v2/bot/profile/${userId}`);
  assert.equal(profile.status, 404);
  assert.deepEqual(profile.json, { message: 'Not found' });
});

test('messages keep sender as sent; multicast and broadcast reach friends only', async (t) => {
  const { emu, userId } = await setup(t);
  const friend2 = await firstUserId(emu, 1);
  const stranger = await firstUserId(emu, 2);
  await control(emu, 'POST', `/users/${friend2}/follow`);

  const sender = { name: '相談員・佐藤', iconUrl: 'https://example.com/icon.png' };
  assert.equal((await push(emu, userId, [textMessage('こんにちは', { sender })])).status, 200);
  const mc = await api(emu, 'POST', '/v2/bot/message/multicast', { to: [userId, stranger], messages: [textMessage('お知らせ')] });
  assert.equal(mc.status, 200);
  assert.deepEqual(mc.json, {});
  const key = randomUUID();
  const bc = await api(emu, 'POST', '/v2/bot/message/broadcast', { messages: [textMessage('全体のお知らせ')] }, { headers: { 'X-Line-Retry-Key': key } });
  assert.equal(bc.status, 200);
  const bc2 = await api(emu, 'POST', '/v2/bot/message/broadcast', { messages: [textMessage('全体のお知らせ')] }, { headers: { 'X-Line-Retry-Key': key } });
  assert.equal(bc2.status, 409);
  assert.equal(bc2.json.sentMessages, undefined);

  const inbox = (await control(emu, 'GET', `/users/${userId}/inbox`)).messages;
  assert.deepEqual(inbox.map((m) => [m.via, m.message.text, m.delivered]), [
    ['push', 'こんにちは', true],
    ['multicast', 'お知らせ', true],
    ['broadcast', '全体のお知らせ', true],
  ]);
  assert.deepEqual(inbox[0].message.sender, sender);
  assert.ok(inbox[0].seq < inbox[1].seq && !Number.isNaN(Date.parse(inbox[0].receivedAt)));
  const strangerInbox = (await control(emu, 'GET', `/users/${stranger}/inbox`)).messages;
  assert.deepEqual(strangerInbox.map((m) => [m.via, m.delivered]), [['multicast', false]]);
  const friend2Inbox = (await control(emu, 'GET', `/users/${friend2}/inbox`)).messages;
  assert.deepEqual(friend2Inbox.map((m) => m.via), ['broadcast']);
});

test('profile of a friend', async (t) => {
  const { emu, userId } = await setup(t);
  const res = await api(emu, 'GET', `/v2/bot/profile/${userId}`);
  assert.equal(res.status, 200);
  assert.equal(res.json.userId, userId);
  assert.equal(res.json.displayName, 'はると');
  assert.equal(res.json.language, 'ja');
  const never = await api(emu, 'GET', `/v2/bot/profile/${await firstUserId(emu, 3)}`);
  assert.equal(never.status, 404, 'a user who never added the account has no visible profile');
});

test('chat merges the user\'s messages and the account\'s, and markAsRead marks 既読', async (t) => {
  const { emu, userId } = await setup(t);
  const { event } = await control(emu, 'POST', `/users/${userId}/messages`, { text: '聞いてほしい' });
  assert.equal(typeof event.message.markAsReadToken, 'string');
  let chat = await control(emu, 'GET', `/users/${userId}/chat`);
  assert.equal(chat.messages[0].read, false);
  const mr = await api(emu, 'POST', '/v2/bot/chat/markAsRead', { markAsReadToken: event.message.markAsReadToken });
  assert.equal(mr.status, 200);
  const lo = await api(emu, 'POST', '/v2/bot/chat/loading/start', { chatId: userId, loadingSeconds: 10 });
  assert.equal(lo.status, 202);
  chat = await control(emu, 'GET', `/users/${userId}/chat`);
  assert.equal(chat.loading, true);
  await push(emu, userId, [textMessage('うん、聞くよ')]);
  chat = await control(emu, 'GET', `/users/${userId}/chat`);
  assert.deepEqual(chat.messages.map((m) => [m.from, m.message.text]), [['user', '聞いてほしい'], ['account', 'うん、聞くよ']]);
  assert.equal(chat.messages[0].read, true);
  assert.equal(chat.loading, false, 'a message ends the loading animation');
  assert.equal((await api(emu, 'POST', '/v2/bot/chat/markAsRead', { markAsReadToken: 'nope' })).status, 400);
});
