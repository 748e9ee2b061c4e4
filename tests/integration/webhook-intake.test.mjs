// Step 1–2 of the message life: the webhook endpoint. Duplicates are stored
// once; bad signatures, malformed bodies and oversized bodies store nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, createHmac } from 'node:crypto';
import { stackFor, waitFor, countOf, conversationWithText, GREETING, CHANNEL_SECRET } from './lib/harness.mjs';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulid = () => `01${[...randomBytes(24)].map((b) => CROCKFORD[b % 32]).join('')}`;
const lineUserId = () => `U${randomBytes(16).toString('hex')}`;

/** A LINE text message event, shaped as the platform sends it. */
function textEvent(userId, text) {
  return {
    type: 'message',
    message: { type: 'text', id: String(Date.now()) + String(Math.floor(Math.random() * 1000)), quoteToken: 'q'.repeat(20), text },
    webhookEventId: ulid(),
    deliveryContext: { isRedelivery: false },
    timestamp: Date.now(),
    source: { type: 'user', userId },
    replyToken: randomBytes(16).toString('hex'),
    mode: 'active',
  };
}

const envelope = (destination, events) => JSON.stringify({ destination, events });

/** Everything a supervisor can see: every conversation and all its messages. */
async function everything(supervisor) {
  const all = await supervisor.conversations('all');
  const threads = {};
  for (const c of all) threads[c.id] = (await supervisor.messages(c.id)).messages.map((m) => `${m.id}:${m.sender_kind}:${m.text}`);
  return { ids: all.map((c) => c.id).sort((a, b) => a - b), threads };
}

/**
 * Sends a real message from `userId` and waits until it is visible. Events of
 * one sender are processed in order, so once it shows, anything sent before
 * it has been processed too.
 */
async function barrier(stack, supervisor, userId, text) {
  const res = await stack.emu.send(userId, text);
  assert.equal(res.webhookStatus, 200, `barrier message answered ${JSON.stringify(res)}`);
  return conversationWithText(supervisor, text, { view: 'all' });
}

test('duplicate event: a redelivered webhookEventId is answered 200 and stored once', async (t) => {
  const stack = await stackFor(t, { staff: ['supervisor1'] });
  const { emu } = stack;
  const supervisor = await stack.login('supervisor1');
  const userId = await emu.userId(0);

  const followed = await emu.follow(userId);
  assert.equal(followed.webhookStatus, 200);
  const sent = await emu.send(userId, 'いちどだけ');
  assert.equal(sent.webhookStatus, 200);
  const conversation = await conversationWithText(supervisor, 'いちどだけ', { view: 'all' });
  await waitFor(async () => (await emu.inboxTexts(userId)).includes(GREETING), 3000, { what: 'the greeting' });

  // Redeliver the message and the follow, twice each, as LINE may.
  for (const id of [sent.event.webhookEventId, followed.event.webhookEventId, sent.event.webhookEventId]) {
    const again = await emu.redeliver(id);
    assert.equal(again.event.deliveryContext.isRedelivery, true);
    assert.equal(again.webhookStatus, 200, `redelivery of ${id} answered ${JSON.stringify(again)}`);
  }
  await barrier(stack, supervisor, userId, 'そのあと');

  const { messages } = await supervisor.messages(conversation.id);
  const texts = messages.map((m) => m.text);
  assert.equal(countOf(texts, 'いちどだけ'), 1, `stored once: ${JSON.stringify(texts)}`);
  assert.equal(countOf(texts, '友だち追加されました / followed'), 1, 'follow note stored once');
  assert.equal(countOf(texts, GREETING), 1, 'greeting queued once');
  assert.deepEqual(texts, ['友だち追加されました / followed', GREETING, 'いちどだけ', 'そのあと']);
  assert.equal((await supervisor.conversations('all')).length, 1, 'no second conversation');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(countOf(await emu.inboxTexts(userId), GREETING), 1, 'greeting reached the phone once');
});

test('signature, syntax, empty events and size limit at the webhook', async (t) => {
  const stack = await stackFor(t, { staff: ['supervisor1'], line: { webhook_body_bytes_max: 1024 } });
  const { emu } = stack;
  const supervisor = await stack.login('supervisor1');
  const userId = await emu.userId(0);
  const destination = emu.botUserId();
  await barrier(stack, supervisor, userId, '最初のメッセージ');
  const baseline = await everything(supervisor);
  assert.equal(baseline.ids.length, 1);

  const stranger = lineUserId();
  const forged = envelope(destination, [textEvent(stranger, 'にせもの')]);
  await t.test('bad signature → 401, nothing stored', async () => {
    const res = await emu.rawWebhook({ body: forged, signatureMode: 'bad' });
    assert.equal(res.webhookStatus, 401, JSON.stringify(res));
    assert.equal(JSON.parse(res.responseBody).error.code, 'unauthenticated');
  });
  await t.test('missing signature → 401, nothing stored', async () => {
    const res = await emu.rawWebhook({ body: forged, signatureMode: 'missing' });
    assert.equal(res.webhookStatus, 401, JSON.stringify(res));
    assert.equal(JSON.parse(res.responseBody).error.code, 'unauthenticated');
  });
  await t.test('signature of another body → 401', async () => {
    const other = envelope(destination, [textEvent(stranger, 'べつの本文')]);
    const signature = createHmac('sha256', CHANNEL_SECRET).update(other).digest('base64');
    const res = await emu.rawWebhook({ body: forged, signatureMode: 'valid', signature });
    assert.equal(res.webhookStatus, 401, JSON.stringify(res));
  });
  await t.test('malformed JSON with a valid signature → 400', async () => {
    const res = await emu.rawWebhook({ body: `{"destination":"${destination}","events":[{"type":"message",`, signatureMode: 'valid' });
    assert.equal(res.webhookStatus, 400, JSON.stringify(res));
    assert.equal(JSON.parse(res.responseBody).error.code, 'invalid_argument');
  });
  await t.test('{"destination","events":[]} (the Verify button) → 200', async () => {
    const res = await emu.rawWebhook({ body: envelope(destination, []), signatureMode: 'valid' });
    assert.equal(res.webhookStatus, 200, JSON.stringify(res));
  });
  await t.test('a body over webhook_body_bytes_max (2 KiB > 1024) → 413', async () => {
    const event = textEvent(stranger, 'おおきい');
    event.message.text = 'あ'.repeat(700); // 2100 bytes of UTF-8
    const body = envelope(destination, [event]);
    assert.ok(Buffer.byteLength(body) > 2048);
    const res = await emu.rawWebhook({ body, signatureMode: 'valid' });
    assert.equal(res.webhookStatus, 413, JSON.stringify(res));
  });

  await t.test('nothing of the above was stored', async () => {
    await barrier(stack, supervisor, userId, 'あとのメッセージ');
    const now = await everything(supervisor);
    assert.deepEqual(now.ids, baseline.ids, 'no new conversation (the forged sender got none)');
    const [id] = baseline.ids;
    assert.deepEqual(now.threads[id].slice(0, -1), baseline.threads[id], 'earlier messages unchanged');
    assert.match(now.threads[id].at(-1), /:client:あとのメッセージ$/, 'only the barrier message was added');
  });

  await t.test('a body just under the limit is accepted and stored (the other side of it)', async () => {
    const event = textEvent(lineUserId(), 'ちいさい');
    const body = envelope(destination, [event]);
    assert.ok(Buffer.byteLength(body) <= 1024);
    const res = await emu.rawWebhook({ body, signatureMode: 'valid' });
    assert.equal(res.webhookStatus, 200, JSON.stringify(res));
    await conversationWithText(supervisor, 'ちいさい', { view: 'all' });
  });
});

test('default body limits: webhook over 1 MiB → 413, console API body over 64 KiB → 413', async (t) => {
  const stack = await stackFor(t, { staff: ['supervisor1'] });
  const { emu } = stack;
  const supervisor = await stack.login('supervisor1');
  const destination = emu.botUserId();

  await t.test('webhook body of 1 MiB + 1 KiB with a valid signature → 413 (docs/api.md: at most 1 MiB)', async () => {
    const event = textEvent(lineUserId(), 'おおきすぎる');
    const body = envelope(destination, [event]).replace('"events"', `"padding":"${'x'.repeat(1024 * 1024 + 1024)}","events"`);
    const res = await emu.rawWebhook({ body, signatureMode: 'valid' });
    assert.equal(res.webhookStatus, 413, `expected an HTTP 413 answer, got ${JSON.stringify({ ...res, responseBody: res.responseBody?.slice(0, 200) })}`);
  });

  await t.test('login body of 70 KiB → 413 (docs/api.md: API request body at most 64 KiB)', async () => {
    const res = await stack.loginAttempt('supervisor1', 'p'.repeat(70 * 1024));
    assert.equal(res.status, 413, `got ${res.status} ${res.text}`);
    assert.equal(res.json?.error?.code, 'limit_exceeded');
  });

  await t.test('the server still answers afterwards', async () => {
    assert.equal((await supervisor.get('/api/v1/me')).status, 200);
  });
});
