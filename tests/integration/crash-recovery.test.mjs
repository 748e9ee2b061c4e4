// "Every step can be repeated after a crash without losing or duplicating
// anything": webhooks answered 200 are durable even if the process dies
// (kill -9) before processing them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor, countOf, GREETING, sleep } from './lib/harness.mjs';

const WAITING_REPLY = '受け付けました。順番にお返事します。';

test('kill -9 between commit and processing: stored webhooks are processed once, in order, after restart', async (t) => {
  const stack = await stackFor(t, {
    staff: ['supervisor1'],
    workers: { inbound: false, outbox: true },
    channel: { waiting_reply: WAITING_REPLY },
  });
  const { emu } = stack;
  const userId = await emu.userId(0);
  // A second user who writes without following: the first message opens the
  // conversation and gets the waiting auto-reply.
  const otherId = await emu.userId(1);

  assert.equal((await emu.follow(userId)).webhookStatus, 200, 'follow stored (answered 200)');
  const texts = ['ひとつめ', 'ふたつめ', 'みっつめ'];
  for (const text of texts) {
    const res = await emu.send(userId, text);
    assert.equal(res.webhookStatus, 200, `${text} answered ${JSON.stringify(res)}`);
  }
  assert.equal((await emu.send(otherId, 'ともだちじゃないけど')).webhookStatus, 200);

  // Inbound processing is off: nothing is visible and nobody was answered yet.
  const supervisor = await stack.login('supervisor1');
  await sleep(300);
  assert.deepEqual(await supervisor.conversations('all'), [], 'with [workers] inbound = false nothing is processed');
  assert.deepEqual(await emu.inbox(userId), [], 'no greeting sent while inbound processing is off');

  const killed = await stack.restart({ kill9: true, config: { workers: { inbound: true, outbox: true } } });
  assert.equal(killed.signal, 'SIGKILL');

  const supervisorAfter = await stack.login('supervisor1');
  const conversation = await waitFor(
    async () => {
      for (const c of await supervisorAfter.conversations('all')) {
        const { messages } = await supervisorAfter.messages(c.id);
        if (messages.some((m) => m.text === 'みっつめ')) return { c, messages };
      }
      return null;
    },
    5000,
    { what: 'the three messages after restart' },
  );
  const clientTexts = conversation.messages.filter((m) => m.sender_kind === 'client').map((m) => m.text);
  assert.deepEqual(clientTexts, texts, 'all three, exactly once, in order');
  const notes = conversation.messages.filter((m) => m.sender_kind === 'system').map((m) => m.text);
  assert.deepEqual(notes, ['友だち追加されました / followed']);
  const botTexts = conversation.messages.filter((m) => m.sender_kind === 'bot').map((m) => m.text);
  assert.deepEqual(botTexts, [GREETING], 'one greeting, no other auto-reply');

  const other = await waitFor(
    async () => {
      for (const c of await supervisorAfter.conversations('all')) {
        const { messages } = await supervisorAfter.messages(c.id);
        if (messages.some((m) => m.text === 'ともだちじゃないけど')) return messages;
      }
      return null;
    },
    3000,
    { what: 'the second user message' },
  );
  assert.deepEqual(
    other.map((m) => `${m.sender_kind}:${m.text}`),
    ['client:ともだちじゃないけど', `bot:${WAITING_REPLY}`],
    'the waiting auto-reply is queued once',
  );

  // The phone gets the greeting once; give the outbox time to (wrongly) send twice.
  await waitFor(async () => (await emu.inboxTexts(userId)).includes(GREETING), 3000, { what: 'the greeting on the phone' });
  await sleep(1500);
  const phone = await emu.inboxTexts(userId);
  assert.equal(countOf(phone, GREETING), 1, `greeting once: ${JSON.stringify(phone)}`);
  assert.equal(phone.length, 1, `nothing else was sent to the user: ${JSON.stringify(phone)}`);
  const sendCalls = (await emu.requests()).filter((r) => r.body?.messages?.some((m) => m.text === WAITING_REPLY));
  assert.equal(sendCalls.length, 1, `one send call for the waiting reply: ${JSON.stringify(sendCalls)}`);
});
