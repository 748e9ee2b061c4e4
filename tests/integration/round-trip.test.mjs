// The life of one message, end to end: a child follows and writes on LINE,
// a counselor sees it live, takes the conversation and answers, and the answer
// reaches the phone exactly once with the counselor's name. Then the same
// data survives a clean restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor, waitDelivery, countOf, STAFF, GREETING, sendCallsWithText } from './lib/harness.mjs';

/**
 * Follow → greeting by reply → 「こんにちは」 → seen in waiting and on the stream →
 * take → reply → delivered. Returns what later steps need.
 */
async function roundTrip(stack, { userIndex = 0, replyText = 'はじめまして。相談員の佐藤です。' } = {}) {
  const { emu } = stack;
  const userId = await emu.userId(userIndex);
  const counselor = await stack.login('counselor1');
  const ws = await counselor.stream();

  // 1. Follow: tsunagu answers 200 and greets by reply (the follow event's token), not by push.
  const followed = await emu.follow(userId);
  assert.equal(followed.webhookStatus, 200, `follow webhook answered ${JSON.stringify(followed)}`);
  const greeting = await waitFor(
    async () => (await emu.inbox(userId)).find((m) => m.message.text === GREETING),
    3000,
    { what: 'the greeting in the user inbox' },
  );
  assert.equal(greeting.via, 'reply', 'the greeting must use the follow event reply token');
  const greetingCalls = await sendCallsWithText(emu, GREETING);
  assert.deepEqual(
    greetingCalls.map((r) => `${r.path} ${r.status}`),
    ['/v2/bot/message/reply 200'],
    'exactly one reply call and no push for the greeting',
  );
  const greetingCall = greetingCalls[0];
  assert.equal(greetingCall.retryKey, null, 'no X-Line-Retry-Key on reply');
  assert.match(greetingCall.body.replyToken, /\S/);

  // 2. The child writes; the counselor sees it in the waiting list and live within 1 s.
  const framesBefore = ws.frames.length;
  const sent = await emu.send(userId, 'こんにちは');
  const acceptedAt = Date.now();
  assert.equal(sent.webhookStatus, 200, `message webhook answered ${JSON.stringify(sent)}`);
  const created = await ws.waitFor(
    (f) => f.type === 'message.created' && f.message?.text === 'こんにちは',
    { from: framesBefore, timeoutMs: 1000, what: 'message.created for こんにちは within 1 s' },
  );
  assert.ok(Date.now() - acceptedAt <= 1000);
  assert.equal(created.message.direction, 'inbound');
  assert.equal(created.message.sender_kind, 'client');
  assert.equal(created.message.delivery_state, 'received');
  const conversationId = created.conversation.id;
  assert.equal(created.message.conversation_id, conversationId);

  const waiting = await counselor.conversations('waiting');
  const row = waiting.find((c) => c.id === conversationId);
  assert.ok(row, `conversation ${conversationId} is in view=waiting: ${JSON.stringify(waiting)}`);
  assert.equal(row.status, 'waiting');
  assert.equal(row.assigned_staff_id, null);
  assert.equal(row.client_blocked, false);
  assert.ok(!row.client_pseudonym.includes('はると'), 'the LINE display name must not leak into the pseudonym');

  const before = await counselor.messages(conversationId);
  const kinds = before.messages.map((m) => `${m.sender_kind}/${m.content_type}:${m.text}`);
  assert.deepEqual(
    kinds,
    ['system/system:友だち追加されました / followed', `bot/text:${GREETING}`, 'client/text:こんにちは'],
    'the conversation holds the follow note, the greeting and the message, in order',
  );
  const bot = before.messages[1];
  assert.equal(bot.direction, 'outbound');
  assert.equal(bot.delivery_state, 'delivered');
  const inbound = before.messages[2];
  assert.equal(inbound.direction, 'inbound');
  assert.equal(inbound.delivery_state, 'received');
  assert.equal(inbound.delivery_error, null);

  // 3. Take.
  const took = await counselor.take(conversationId);
  assert.equal(took.status, 200, took.text);
  assert.equal(took.json.conversation.status, 'active');
  assert.equal(took.json.conversation.assigned_staff_id, counselor.staff.id);
  assert.equal(took.json.conversation.assigned_staff_name, STAFF.counselor1.name);
  assert.ok(!(await counselor.conversations('waiting')).some((c) => c.id === conversationId), 'taken: left view=waiting');
  assert.ok((await counselor.conversations('mine')).some((c) => c.id === conversationId), 'taken: in view=mine');

  // 4. Reply: stored and queued first, then delivered to the phone with the counselor's name.
  const framesBeforeReply = ws.frames.length;
  const replied = await counselor.reply(conversationId, replyText);
  assert.equal(replied.status, 201, replied.text);
  const message = replied.json.message;
  assert.equal(message.delivery_state, 'queued');
  assert.equal(message.direction, 'outbound');
  assert.equal(message.sender_kind, 'staff');
  assert.equal(message.sender_name, STAFF.counselor1.name);
  assert.equal(message.text, replyText);

  const onPhone = await waitFor(
    async () => (await emu.inbox(userId)).find((m) => m.message.text === replyText),
    5000,
    { what: 'the reply in the user inbox' },
  );
  assert.deepEqual(onPhone.message.sender, { name: STAFF.counselor1.name }, 'LINE shows the counselor display name');
  assert.equal(onPhone.via, 'reply', 'the fresh reply token of こんにちは is used while valid');
  assert.equal(onPhone.delivered, true);

  const delivered = await waitDelivery(counselor, conversationId, message.id, 'delivered');
  assert.equal(delivered.delivery_error, null);
  const updated = await ws.waitFor(
    (f) => f.type === 'message.updated' && f.message?.id === message.id && f.message.delivery_state === 'delivered',
    { from: framesBeforeReply, timeoutMs: 3000, what: 'message.updated delivered for the reply' },
  );
  assert.equal(updated.conversation.id, conversationId);

  const texts = await emu.inboxTexts(userId);
  assert.equal(countOf(texts, replyText), 1, `the reply reached the phone exactly once: ${JSON.stringify(texts)}`);
  assert.equal(countOf(texts, GREETING), 1, 'the greeting reached the phone exactly once');
  return { userId, counselor, ws, conversationId, replyMessageId: message.id };
}

test('round trip: follow, greeting, message, live view, take, reply, delivered', async (t) => {
  const stack = await stackFor(t);
  await roundTrip(stack);
});

test('restart: conversations and messages survive SIGTERM, login still works', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'supervisor1'] });
  const { emu } = stack;
  const { userId, conversationId } = await roundTrip(stack);
  // A second conversation left waiting, so both an active and a waiting one are checked.
  const otherUser = await emu.userId(1);
  assert.equal((await emu.send(otherUser, '待っています')).webhookStatus, 200);

  const supervisor = await stack.login('supervisor1');
  const waitingRow = await waitFor(
    async () => (await supervisor.conversations('waiting')).find((c) => c.id !== conversationId),
    3000,
    { what: 'the second conversation in view=waiting' },
  );
  const snapshot = async (client) => {
    const all = await client.conversations('all');
    const threads = {};
    for (const c of all) threads[c.id] = (await client.messages(c.id)).messages;
    return { all, threads };
  };
  const before = await snapshot(supervisor);
  assert.deepEqual(before.all.map((c) => c.id).sort(), [conversationId, waitingRow.id].sort());
  const inboxBefore = await emu.inboxTexts(userId);
  const callsBefore = (await emu.requests()).length;

  const stopped = await stack.restart();
  assert.equal(stopped.timedOut, undefined, 'SIGTERM stopped the server within 10 s');
  assert.deepEqual({ code: stopped.code, signal: stopped.signal }, { code: 0, signal: null }, 'clean exit on SIGTERM');

  const counselor = await stack.login('counselor1'); // login works after the restart
  assert.equal(counselor.staff.display_name, STAFF.counselor1.name);
  const supervisorAgain = await stack.login('supervisor1');
  const after = await snapshot(supervisorAgain);
  assert.deepEqual(after.all, before.all, 'the same conversations with the same state');
  assert.deepEqual(after.threads, before.threads, 'the same messages: ids, texts, senders, delivery states');
  assert.ok((await counselor.conversations('mine')).some((c) => c.id === conversationId), 'still assigned to counselor1');

  // Nothing was sent again on restart, and the conversation goes on where it was.
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await emu.inboxTexts(userId), inboxBefore, 'no message re-sent to the phone after restart');
  assert.equal(
    (await emu.requests()).slice(callsBefore).filter((r) => r.path.startsWith('/v2/bot/message/')).length,
    0,
    'no send calls after restart',
  );
  assert.equal((await emu.send(userId, '再起動のあと')).webhookStatus, 200);
  await waitFor(
    async () => (await counselor.messages(conversationId)).messages.some((m) => m.text === '再起動のあと'),
    3000,
    { what: 'a new message in the same conversation after restart' },
  );
});
