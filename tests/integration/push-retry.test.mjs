// Step 5 under failure: push retries keep their X-Line-Retry-Key, a 409 counts
// as delivered, 429/5xx back off, and a 4xx fails visibly.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useSuiteStack, waitFor, waitDelivery, countOf, conversationWithText, sleep, GREETING } from './lib/harness.mjs';

const PUSH = '/v2/bot/message/push';

describe('push retries', () => {
  // Our reply-token validity is so short that every send is a push.
  const ref = useSuiteStack({ line: { reply_token_validity_ms: 1000 } }, async (stack) => {
    const counselor = await stack.login('counselor1');
    const userId = await stack.emu.userId(0);
    assert.equal((await stack.emu.follow(userId)).webhookStatus, 200);
    assert.equal((await stack.emu.send(userId, 'プッシュのテスト')).webhookStatus, 200);
    await waitFor(async () => (await stack.emu.inboxTexts(userId)).includes(GREETING), 5000, { what: 'the greeting' });
    const conversationId = (await conversationWithText(counselor, 'プッシュのテスト')).id;
    const took = await counselor.take(conversationId);
    assert.equal(took.status, 200, took.text);
    const ws = await counselor.stream();
    return { counselor, userId, conversationId, ws };
  });

  /** Installs the fault, replies, and returns the reply plus the send calls made for it. */
  async function replyWithFault(fault, text, { state = 'delivered', timeoutMs = 6000 } = {}) {
    const { stack } = ref;
    const { counselor, conversationId, ws } = ref.ctx;
    await stack.emu.clearFaults();
    await stack.emu.faults({ path: PUSH, method: 'POST', ...fault });
    const mark = (await stack.emu.requests()).at(-1)?.seq ?? 0;
    const framesBefore = ws.frames.length;
    const replied = await counselor.reply(conversationId, text);
    assert.equal(replied.status, 201, replied.text);
    const message = await waitDelivery(counselor, conversationId, replied.json.message.id, state, timeoutMs);
    const frame = await ws.waitFor(
      (f) => f.type === 'message.updated' && f.message?.id === message.id && f.message.delivery_state === state,
      { from: framesBefore, timeoutMs: 2000, what: `message.updated ${state}` },
    );
    // Faulted-before-accept calls are logged without a body, so select by order, not by text.
    const calls = (await stack.emu.requests()).filter((r) => r.seq > mark && r.path.startsWith('/v2/bot/message/'));
    return { message, frame, calls };
  }

  it('a 500 after LINE accepted → retried with the same key → 409 → delivered, on the phone once', async () => {
    const { stack } = ref;
    const text = '返事が届くまで';
    const { message, calls } = await replyWithFault({ status: 500, count: 1, afterAccept: true }, text);
    assert.deepEqual(calls.map((r) => `${r.path} ${r.status}`), [`${PUSH} 500`, `${PUSH} 409`], JSON.stringify(calls));
    assert.ok(calls[0].retryKey, 'the first attempt already carries X-Line-Retry-Key');
    assert.equal(calls[1].retryKey, calls[0].retryKey, 'the retry reuses the same key');
    assert.equal(message.delivery_state, 'delivered');
    assert.equal(message.delivery_error, null);
    const texts = await stack.emu.inboxTexts(ref.ctx.userId);
    assert.equal(countOf(texts, text), 1, `exactly once on the phone: ${JSON.stringify(texts)}`);
  });

  it('429 twice → backs off about 1 s, then 2 s, with the same key → delivered', async (t) => {
    const { stack } = ref;
    const text = '混雑していても届く';
    const { message, calls } = await replyWithFault({ status: 429, count: 2 }, text, { timeoutMs: 8000 });
    assert.deepEqual(calls.map((r) => `${r.path} ${r.status}`), [`${PUSH} 429`, `${PUSH} 429`, `${PUSH} 200`], JSON.stringify(calls));
    const keys = new Set(calls.map((r) => r.retryKey));
    assert.equal(keys.size, 1, `one retry key for all attempts: ${[...keys]}`);
    assert.ok(calls[0].retryKey);
    const at = calls.map((r) => Date.parse(r.at));
    const gap1 = at[1] - at[0];
    const gap2 = at[2] - at[1];
    // Backoff 1 s, then 2 s (exponential); the upper bounds leave room for a slow (ASan) build.
    assert.ok(gap1 >= 900 && gap1 < 1800, `first backoff ≈ 1 s, was ${gap1} ms`);
    assert.ok(gap2 >= 1800 && gap2 < 3000, `second backoff ≈ 2 s, was ${gap2} ms`);
    t.diagnostic(`backoff gaps: ${gap1} ms, ${gap2} ms`);
    assert.equal(message.delivery_state, 'delivered');
    assert.equal(countOf(await stack.emu.inboxTexts(ref.ctx.userId), text), 1);
  });

  it('a 400 on push → failed with a visible delivery_error, not retried', async () => {
    const { stack } = ref;
    const text = 'これは届かない';
    const { message, frame, calls } = await replyWithFault({ status: 400, count: 1 }, text, { state: 'failed' });
    assert.equal(message.delivery_state, 'failed');
    assert.equal(typeof message.delivery_error, 'string');
    assert.match(message.delivery_error, /400/, `delivery_error names the status: ${message.delivery_error}`);
    assert.equal(frame.message.delivery_error, message.delivery_error, 'the stream carries the error too');
    await sleep(1500); // a wrong retry would come after ~1 s
    const pushes = (await stack.emu.requests()).filter((r) => r.seq >= calls[0].seq && r.path === PUSH);
    assert.deepEqual(pushes.map((r) => r.status), [400], 'one attempt only');
    assert.equal(countOf(await stack.emu.inboxTexts(ref.ctx.userId), text), 0);
  });
});
