// A child who blocks the account: the console shows it, and replies are refused
// rather than silently lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor, conversationWithText } from './lib/harness.mjs';

test('unfollow: client_blocked, a system note, and a staff reply gets 409', async (t) => {
  const stack = await stackFor(t);
  const { emu } = stack;
  const counselor = await stack.login('counselor1');
  const userId = await emu.userId(0);
  assert.equal((await emu.follow(userId)).webhookStatus, 200);
  assert.equal((await emu.send(userId, 'もういいです')).webhookStatus, 200);
  const { id } = await conversationWithText(counselor, 'もういいです');
  assert.equal((await counselor.take(id)).status, 200);
  const ws = await counselor.stream();

  const unfollowed = await emu.unfollow(userId);
  assert.equal(unfollowed.webhookStatus, 200, JSON.stringify(unfollowed));

  const page = await waitFor(
    async () => {
      const p = await counselor.messages(id);
      return p.conversation.client_blocked ? p : null;
    },
    3000,
    { what: 'client_blocked to become true' },
  );
  const last = page.messages.at(-1);
  assert.equal(last.sender_kind, 'system');
  assert.equal(last.content_type, 'system');
  assert.equal(last.text, 'ブロックされました / blocked');
  assert.ok((await counselor.conversations('mine')).find((c) => c.id === id)?.client_blocked, 'the list shows it too');
  await ws.waitFor((f) => f.type === 'message.created' && f.message?.text === 'ブロックされました / blocked', {
    what: 'the blocked note on the stream',
  });

  const mark = (await emu.requests()).length;
  const reply = await counselor.reply(id, 'まだいますか？');
  assert.equal(reply.status, 409, reply.text);
  assert.equal(reply.json?.error?.code, 'conflict');
  const texts = (await counselor.messages(id)).messages.map((m) => m.text);
  assert.ok(!texts.includes('まだいますか？'), 'the refused reply is not stored');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal((await emu.requests()).length, mark, 'nothing sent to LINE');
});
