// Conformance with LINE's own OpenAPI files (shared/specs/line-openapi):
// what the emulator sends and answers must validate against them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { schemaErrors, loadSpec } from '../testing/openapi.mjs';
import { validateAgainst } from '../lib/schema-check.mjs';
import { startTestEmulator, startReceiver, api, control, firstUserId, textMessage } from '../testing/harness.mjs';

const webhookErrors = (body) => schemaErrors('webhook.yml', 'CallbackRequest', body);
const apiErrors = (name, body) => schemaErrors('messaging-api.yml', name, body);

function validMessageEventBody() {
  return {
    destination: 'U0123456789abcdef0123456789abcdef',
    events: [
      {
        type: 'message',
        message: { type: 'text', id: '595992385457750068', quoteToken: 'q', text: 'sad' },
        webhookEventId: '01KEMKC1KKBAXQCBNKCE5T4V00',
        deliveryContext: { isRedelivery: false },
        timestamp: 1768070448250,
        source: { type: 'user', userId: 'U2a0a2c5054c4fa12b78a1d059411e39c' },
        replyToken: 'aa1d71468ceb40aa82c041fa149a0378',
        mode: 'active',
      },
    ],
  };
}

test('the checker accepts a known-good body and rejects broken ones', () => {
  assert.deepEqual(webhookErrors(validMessageEventBody()), []);
  assert.deepEqual(webhookErrors({ destination: 'U0123456789abcdef0123456789abcdef', events: [] }), []);

  const noId = validMessageEventBody();
  delete noId.events[0].webhookEventId;
  assert.ok(webhookErrors(noId).some((e) => e.message.includes('"webhookEventId"')), 'missing webhookEventId must fail');

  const noQuote = validMessageEventBody();
  delete noQuote.events[0].message.quoteToken;
  assert.ok(webhookErrors(noQuote).some((e) => e.path === '$.events[0].message' && e.message.includes('quoteToken')),
    'TextMessageContent requires quoteToken (reached through two discriminators)');

  const badMode = validMessageEventBody();
  badMode.events[0].mode = 'passive';
  assert.ok(webhookErrors(badMode).some((e) => e.path === '$.events[0].mode'));

  const badType = validMessageEventBody();
  badType.events[0].type = 'typing';
  assert.ok(webhookErrors(badType).some((e) => e.message.includes('discriminator')));

  const badDest = validMessageEventBody();
  badDest.destination = 'U0123';
  assert.ok(webhookErrors(badDest).some((e) => e.path === '$.destination'));

  const followNoToken = validMessageEventBody();
  followNoToken.events[0] = { ...followNoToken.events[0], type: 'follow', follow: { isUnblocked: 'no' } };
  delete followNoToken.events[0].replyToken;
  const fe = webhookErrors(followNoToken);
  assert.ok(fe.some((e) => e.message.includes('"replyToken"')));
  assert.ok(fe.some((e) => e.path === '$.events[0].follow.isUnblocked'));

  assert.ok(apiErrors('ErrorResponse', { details: [] }).length > 0, 'ErrorResponse needs message');
  assert.ok(apiErrors('PushMessageResponse', { sentMessages: [] }).length > 0, 'sentMessages has minItems 1');
  assert.ok(apiErrors('ReplyMessageResponse', { sentMessages: [{ quoteToken: 'x' }] }).length > 0, 'SentMessage needs id');
});

test('the checker handles oneOf/anyOf/allOf/items on a synthetic schema', () => {
  const doc = {
    components: {
      schemas: {
        A: { type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 1 } } },
        B: { type: 'object', required: ['b'], properties: { b: { type: 'string', pattern: '^x' } } },
        One: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
        Any: { anyOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
        Both: { allOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
        List: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['p', 'q'] } },
      },
    },
  };
  assert.equal(validateAgainst(doc, 'One', { a: 1 }).valid, true);
  assert.equal(validateAgainst(doc, 'One', { a: 1, b: 'x' }).valid, false, 'matches both → not exactly one');
  assert.equal(validateAgainst(doc, 'Any', { b: 'y' }).valid, false);
  assert.equal(validateAgainst(doc, 'Both', { a: 2, b: 'xx' }).valid, true);
  assert.equal(validateAgainst(doc, 'Both', { a: 0, b: 'xx' }).valid, false);
  assert.equal(validateAgainst(doc, 'List', ['p', 'q']).valid, true);
  assert.equal(validateAgainst(doc, 'List', ['p', 'r']).valid, false);
  assert.equal(validateAgainst(doc, 'List', ['p', 'q', 'p']).valid, false);
  assert.throws(() => validateAgainst(doc, 'Nope', {}), /unresolvable/);
});

test('every webhook body the emulator sends validates against CallbackRequest', async (t) => {
  const receiver = await startReceiver();
  const emu = await startTestEmulator({ webhookUrl: receiver.url });
  t.after(() => Promise.all([emu.close(), receiver.close()]));
  const userId = await firstUserId(emu);

  await control(emu, 'POST', `/users/${userId}/follow`);
  const msg = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'こんにちは。相談したいです' });
  await control(emu, 'POST', `/users/${userId}/postback`, { data: 'action=start', displayText: '相談をはじめる' });
  await control(emu, 'POST', `/users/${userId}/postback`, { data: 'date', params: { date: '2026-01-10' } });
  await control(emu, 'POST', `/users/${userId}/unfollow`);
  await control(emu, 'POST', `/users/${userId}/follow`);
  await control(emu, 'POST', '/redeliver', { webhookEventId: msg.event.webhookEventId });

  assert.equal(receiver.requests.length, 7);
  const types = receiver.requests.map((r) => r.json.events[0].type);
  assert.deepEqual(types, ['follow', 'message', 'postback', 'postback', 'unfollow', 'follow', 'message']);
  for (const r of receiver.requests) {
    assert.deepEqual(webhookErrors(r.json), [], `body: ${r.rawBody}`);
    assert.equal(r.rawBody.toString(), JSON.stringify(r.json), 'body must be compact JSON');
  }
});

test('Messaging API success and error bodies validate against messaging-api.yml', async (t) => {
  const receiver = await startReceiver();
  const emu = await startTestEmulator({ webhookUrl: receiver.url });
  t.after(() => Promise.all([emu.close(), receiver.close()]));
  const userId = await firstUserId(emu);
  await control(emu, 'POST', `/users/${userId}/follow`);
  const { event } = await control(emu, 'POST', `/users/${userId}/messages`, { text: 'hi' });

  const checks = [];
  const expectSchema = (name, res, status) => {
    assert.equal(res.status, status, `${name}: ${res.text}`);
    checks.push([name, res.json]);
  };

  expectSchema('ReplyMessageResponse', await api(emu, 'POST', '/v2/bot/message/reply', {
    replyToken: event.replyToken,
    messages: [textMessage('はい、どうしましたか？'), { type: 'sticker', packageId: '446', stickerId: '1988' }],
  }), 200);
  const key = '123e4567-e89b-12d3-a456-426614174000';
  expectSchema('PushMessageResponse', await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('a')] },
    { headers: { 'X-Line-Retry-Key': key } }), 200);
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('a')] },
    { headers: { 'X-Line-Retry-Key': key } }), 409);
  expectSchema('MulticastResponse', await api(emu, 'POST', '/v2/bot/message/multicast', { to: [userId], messages: [textMessage('m')] }), 200);
  expectSchema('BroadcastResponse', await api(emu, 'POST', '/v2/bot/message/broadcast', { messages: [textMessage('b')] }), 200);
  expectSchema('UserProfileResponse', await api(emu, 'GET', `/v2/bot/profile/${userId}`), 200);
  expectSchema('BotInfoResponse', await api(emu, 'GET', '/v2/bot/info'), 200);

  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/reply', { replyToken: event.replyToken, messages: [textMessage('x')] }), 400);
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [] }), 400);
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('a')] }, { token: 'wrong' }), 401);
  expectSchema('ErrorResponse', await api(emu, 'GET', '/v2/bot/profile/U00000000000000000000000000000000'), 404);
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', undefined, { rawBody: '{', contentType: 'application/json' }), 400);
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', undefined, { rawBody: 'x', contentType: 'text/plain' }), 415);
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 429 });
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('a')] }), 429);
  await control(emu, 'POST', '/faults', { path: '/v2/bot/message/push', status: 500 });
  expectSchema('ErrorResponse', await api(emu, 'POST', '/v2/bot/message/push', { to: userId, messages: [textMessage('a')] }), 500);

  for (const [name, body] of checks) {
    assert.deepEqual(apiErrors(name, body), [], `${name}: ${JSON.stringify(body)}`);
  }
  // The 409 carries the original sentMessages (ErrorResponse.sentMessages).
  assert.ok(checks.find(([n, b]) => n === 'ErrorResponse' && b.sentMessages));
});

test('the spec files are the ones from line-openapi', () => {
  const hook = loadSpec('webhook.yml');
  assert.ok(hook.components.schemas.CallbackRequest);
  assert.ok(loadSpec('messaging-api.yml').paths['/v2/bot/message/push']);
});
