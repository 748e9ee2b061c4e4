// Step 5: the sender uses the reply token while it is valid and otherwise
// pushes with X-Line-Retry-Key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor, waitDelivery, countOf, conversationWithText, sleep } from './lib/harness.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user writes `text`; the counselor finds, takes and answers it. */
async function writeThenAnswer(stack, counselor, userId, text, answer, { waitBeforeAnswerMs = 0 } = {}) {
  const sent = await stack.emu.send(userId, text);
  assert.equal(sent.webhookStatus, 200);
  const sentAt = Date.now();
  const conversation = await conversationWithText(counselor, text);
  const remaining = waitBeforeAnswerMs - (Date.now() - sentAt);
  if (remaining > 0) await sleep(remaining);
  const took = await counselor.take(conversation.id);
  assert.equal(took.status, 200, took.text);
  const mark = (await stack.emu.requests()).at(-1)?.seq ?? 0;
  const replied = await counselor.reply(conversation.id, answer);
  assert.equal(replied.status, 201, replied.text);
  return { conversation, message: replied.json.message, mark };
}

test('expired reply token (ours: 1 s) → push with X-Line-Retry-Key, no reply call', async (t) => {
  const stack = await stackFor(t, { line: { reply_token_validity_ms: 1000 } });
  const { emu } = stack;
  const counselor = await stack.login('counselor1');
  const userId = await emu.userId(0);
  assert.equal((await emu.follow(userId)).webhookStatus, 200);

  const answer = '遅くなってごめんなさい。';
  const { conversation, message, mark } = await writeThenAnswer(stack, counselor, userId, 'トークン切れのテスト', answer, {
    waitBeforeAnswerMs: 3000,
  });
  const delivered = await waitDelivery(counselor, conversation.id, message.id, 'delivered', 5000);
  assert.equal(delivered.delivery_error, null);

  const calls = (await emu.requests()).filter((r) => r.seq > mark && r.path.startsWith('/v2/bot/message/'));
  assert.deepEqual(
    calls.map((r) => `${r.path} ${r.status}`),
    ['/v2/bot/message/push 200'],
    `one push and no reply call: ${JSON.stringify(calls)}`,
  );
  assert.match(calls[0].retryKey ?? '', UUID, 'push carries X-Line-Retry-Key (a UUID)');
  assert.equal(calls[0].body.to, userId);
  assert.equal(calls[0].body.messages[0].text, answer);
  const onPhone = (await emu.inbox(userId)).filter((m) => m.message.text === answer);
  assert.equal(onPhone.length, 1);
  assert.equal(onPhone[0].via, 'push');
});

test('LINE expires the token sooner than we think → 400 Invalid reply token → push at once', async (t) => {
  const stack = await stackFor(t, { emulator: { replyTokenTtlMs: 500 }, line: { reply_token_validity_ms: 50000 } });
  const { emu } = stack;
  const counselor = await stack.login('counselor1');
  const userId = await emu.userId(0);
  assert.equal((await emu.follow(userId)).webhookStatus, 200);

  const answer = 'お返事します。';
  const { conversation, message, mark } = await writeThenAnswer(stack, counselor, userId, '短いトークン', answer, {
    waitBeforeAnswerMs: 800,
  });
  const repliedAt = Date.now();
  const delivered = await waitDelivery(counselor, conversation.id, message.id, 'delivered', 5000);
  assert.ok(Date.now() - repliedAt < 2500, 'the fallback push happens at once, not after a backoff');
  assert.equal(delivered.delivery_error, null);

  const calls = (await emu.requests()).filter((r) => r.seq > mark && r.path.startsWith('/v2/bot/message/'));
  assert.deepEqual(
    calls.map((r) => `${r.path} ${r.status}`),
    ['/v2/bot/message/reply 400', '/v2/bot/message/push 200'],
    `a refused reply, then one push: ${JSON.stringify(calls)}`,
  );
  assert.equal(calls[0].body.messages[0].text, answer);
  assert.equal(calls[0].retryKey, null, 'no retry key on reply');
  assert.match(calls[1].retryKey ?? '', UUID);
  assert.equal(calls[1].body.messages[0].text, answer);
  const texts = await emu.inboxTexts(userId);
  assert.equal(countOf(texts, answer), 1, `on the phone exactly once: ${JSON.stringify(texts)}`);
  await waitFor(async () => (await emu.inbox(userId)).some((m) => m.message.text === answer && m.via === 'push'), 1000, {
    what: 'the answer delivered by push',
  });
});
