// Request checks of the Messaging API: auth, sizes, content type, JSON, and
// message objects, with LINE's error body shapes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startTestEmulator, api, control, firstUserId, textMessage } from '../testing/harness.mjs';

const AUTH_MESSAGE =
  'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.';

async function setup(t) {
  const emu = await startTestEmulator();
  t.after(() => emu.close());
  const userId = await firstUserId(emu);
  await control(emu, 'POST', `/users/${userId}/follow`);
  return { emu, userId };
}

test('missing or wrong Bearer token → 401 with LINE\'s message', async (t) => {
  const { emu, userId } = await setup(t);
  for (const opts of [{ token: null }, { token: 'wrong' }, { token: null, headers: { authorization: 'Basic abc' } }]) {
    const res = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('x')] }, opts);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, { message: AUTH_MESSAGE });
    assert.ok(res.headers.get('x-line-request-id'));
  }
  assert.equal((await api(emu, 'GET', `/v2/bot/profile/${userId}`, undefined, { token: 'wrong' })).status, 401);
  // A rotated token takes effect at once.
  await control(emu, 'POST', '/config', { accessToken: 'rotated' });
  assert.equal((await api(emu, 'GET', `/v2/bot/profile/${userId}`)).status, 401);
  assert.equal((await api(emu, 'GET', `/v2/bot/profile/${userId}`, undefined, { token: 'rotated' })).status, 200);
  assert.equal((await control(emu, 'GET', '/config')).accessToken.includes('rotated'), false, 'config masks the token');
});

test('messages must number 1..5', async (t) => {
  const { emu, userId } = await setup(t);
  const six = Array.from({ length: 6 }, (_, i) => textMessage(`m${i}`));
  for (const messages of [[], six]) {
    const res = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages });
    assert.equal(res.status, 400);
    assert.equal(res.json.message, 'The request body has 1 error(s)');
    assert.equal(res.json.details[0].property, 'messages');
  }
  const missing = await api(emu, 'POST', '/v2/bot/message/push', { to: userId });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.details[0].property, 'messages');
  const five = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: six.slice(0, 5) });
  assert.equal(five.status, 200);
  assert.equal(five.json.sentMessages.length, 5);
  assert.equal((await control(emu, 'GET', `/users/${userId}/inbox`)).messages.length, 5);
});

test('text is required and at most 5000 characters (UTF-16 units)', async (t) => {
  const { emu, userId } = await setup(t);
  const ok = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('あ'.repeat(5000))] });
  assert.equal(ok.status, 200);
  const long = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('あ'.repeat(5001))] });
  assert.equal(long.status, 400);
  assert.deepEqual(long.json.details, [{ message: 'Length must be between 0 and 5000', property: 'messages[0].text' }]);
  const empty = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('ok'), { type: 'text' }] });
  assert.equal(empty.status, 400);
  assert.equal(empty.json.details[0].property, 'messages[1].text');
  const unknownType = await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [{ type: 'html', text: 'x' }] });
  assert.equal(unknownType.status, 400);
  assert.equal(unknownType.json.details[0].property, 'messages[0].type');
});

test('sender.name ≤ 20 chars, no "LINE"; iconUrl must be https; quick reply ≤ 13 items', async (t) => {
  const { emu, userId } = await setup(t);
  const send = (message) => api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [message] });
  assert.equal((await send(textMessage('x', { sender: { name: 'あ'.repeat(20) } }))).status, 200);
  for (const name of ['あ'.repeat(21), 'LINE相談', 'my line bot']) {
    const res = await send(textMessage('x', { sender: { name } }));
    assert.equal(res.status, 400, name);
    assert.equal(res.json.details[0].property, 'messages[0].sender.name');
  }
  const http = await send(textMessage('x', { sender: { name: '佐藤', iconUrl: 'http://example.com/a.png' } }));
  assert.equal(http.status, 400);
  assert.equal(http.json.details[0].property, 'messages[0].sender.iconUrl');

  const item = (i) => ({ type: 'action', action: { type: 'message', label: `選択${i}`, text: `選択${i}` } });
  assert.equal((await send(textMessage('x', { quickReply: { items: Array.from({ length: 13 }, (_, i) => item(i)) } }))).status, 200);
  const fourteen = await send(textMessage('x', { quickReply: { items: Array.from({ length: 14 }, (_, i) => item(i)) } }));
  assert.equal(fourteen.status, 400);
  assert.equal(fourteen.json.details[0].property, 'messages[0].quickReply.items');
});

test('several errors are reported together', async (t) => {
  const { emu, userId } = await setup(t);
  const res = await api(emu, 'POST', '/v2/bot/message/push', {
    to: userId,
    messages: [{ type: 'text', text: '' }, { type: 'text', text: 'x', sender: { name: 'LINE' } }],
  });
  assert.equal(res.status, 400);
  assert.equal(res.json.message, 'The request body has 2 error(s)');
  assert.deepEqual(res.json.details.map((d) => d.property), ['messages[0].text', 'messages[1].sender.name']);
});

test('body above 2 MB → 413', async (t) => {
  const { emu, userId } = await setup(t);
  const big = JSON.stringify({ to: userId, messages: [textMessage('x')], pad: 'a'.repeat(2 * 1024 * 1024) });
  const res = await api(emu, 'POST', '/v2/bot/message/push', undefined, { rawBody: big });
  assert.equal(res.status, 413);
  assert.equal(typeof res.json.message, 'string');
  assert.equal((await control(emu, 'GET', `/users/${userId}/inbox`)).messages.length, 0);
});

test('non-JSON content type → 415; malformed JSON → 400 with line and column', async (t) => {
  const { emu, userId } = await setup(t);
  const body = JSON.stringify({ to: userId, messages: [textMessage('x')] });
  const plain = await api(emu, 'POST', '/v2/bot/message/push', undefined, { rawBody: body, contentType: 'text/plain' });
  assert.equal(plain.status, 415);
  assert.deepEqual(plain.json, { message: 'The content type, text/plain, is not supported' });
  const withCharset = await api(emu, 'POST', '/v2/bot/message/push', undefined, { rawBody: body, contentType: 'application/json; charset=UTF-8' });
  assert.equal(withCharset.status, 200);

  const broken = await api(emu, 'POST', '/v2/bot/message/push', undefined, { rawBody: '{\n  "to": "U1",\n  "messages": [,]\n}' });
  assert.equal(broken.status, 400);
  assert.match(broken.json.message, /^The request body could not be parsed as JSON \(line: 3, column: \d+\)$/);
});

test('unknown paths → 404 Not found; wrong method → 405', async (t) => {
  const { emu } = await setup(t);
  for (const path of ['/v2/bot/message/unknown', '/v3/anything', '/nope']) {
    const res = await api(emu, 'GET', path);
    assert.equal(res.status, 404, path);
    assert.deepEqual(res.json, { message: 'Not found' });
    assert.ok(res.headers.get('x-line-request-id'));
  }
  assert.equal((await api(emu, 'GET', '/v2/bot/message/push')).status, 405);
});
