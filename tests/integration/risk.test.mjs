// Risk signals end to end (docs/risk.md): a child's message is analysed while it is processed;
// the conversation's suggested level rises and moves it up the waiting queue; supervisors get one
// grouped alert per conversation over the stream within 2 s; level 3 opens the emergency
// checklist; disclosures and debrief flags are recorded. The analyzer only suggests: the message
// is stored and shown either way, and nothing is sent to the person because of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor } from './lib/harness.mjs';

const IDEATION = 'もう死にたい';
const IMMINENT = '今から飛び降りる';

async function setUp(t) {
  const stack = await stackFor(t, { staff: ['counselor1', 'counselor2', 'supervisor1'] });
  const supervisor = await stack.login('supervisor1');
  const counselor = await stack.login('counselor1');
  const other = await stack.login('counselor2');
  return { stack, emu: stack.emu, supervisor, counselor, other };
}

/**
 * Sends text as user `index` and returns its conversation once the processor has stored it.
 * Several users may send the same text, so a conversation already known as another user's is
 * never taken for this user's.
 */
async function say(ctx, index, text) {
  ctx.byUser ??= new Map();
  const userId = await ctx.emu.userId(index);
  const sent = await ctx.emu.send(userId, text);
  assert.equal(sent.webhookStatus, 200);
  const othersIds = new Set([...ctx.byUser].filter(([i]) => i !== index).map(([, id]) => id));
  const c = await waitFor(
    async () => {
      for (const c of await ctx.supervisor.conversations('all')) {
        if (othersIds.has(c.id)) continue;
        const { messages } = await ctx.supervisor.messages(c.id);
        if (messages.some((m) => m.text === text)) return c;
      }
      return null;
    },
    3000,
    { what: `user ${index}'s conversation with the message ${JSON.stringify(text)}` },
  );
  ctx.byUser.set(index, c.id);
  return c;
}

test('a risky message raises the level, alerts supervisors within 2 s once per conversation, and moves up the queue', async (t) => {
  const ctx = await setUp(t);
  const supStream = await ctx.supervisor.stream();
  const counselorStream = await ctx.counselor.stream();

  // Someone waits first with an ordinary message.
  const calm = await say(ctx, 0, 'こんにちは、相談したいです');
  assert.equal(calm.risk_level, 0);

  const from = supStream.frames.length;
  const userId = await ctx.emu.userId(1);
  const sentAt = Date.now();
  assert.equal((await ctx.emu.send(userId, IDEATION)).webhookStatus, 200);
  const alert = await supStream.waitFor((f) => f.type === 'risk.alert', {
    from,
    timeoutMs: 2000,
    what: 'risk.alert within 2 s of the webhook',
  });
  t.diagnostic(`webhook → supervisor alert: ${Date.now() - sentAt} ms`);
  assert.equal(alert.sound, true);
  assert.ok(alert.alert.level >= 1, JSON.stringify(alert.alert));
  assert.ok(alert.alert.categories.includes('ideation'), JSON.stringify(alert.alert));
  assert.equal(alert.alert.message_count, 1);
  assert.ok(alert.conversation.risk_level >= 1);
  // The message itself comes first, with its spans: the bytes of 死にたい.
  const created = supStream.frames.slice(from).find((f) => f.type === 'message.created');
  assert.ok(created, 'message.created before the alert');
  const risk = created.message.risk;
  assert.ok(risk && risk.spans.length > 0, JSON.stringify(created.message));
  const bytes = Buffer.from(IDEATION, 'utf8');
  const highlighted = risk.spans.map(([b, e]) => bytes.subarray(b, e).toString('utf8')).join('');
  assert.match(highlighted, /死/, `highlighted ${highlighted}`);
  assert.ok(risk.reasons.length > 0);
  assert.ok(!risk.reasons.join('').includes(IDEATION), 'reasons quote the lexicon, not the message');

  // The waiting queue: the risky conversation first, although it came later.
  const waiting = await ctx.counselor.conversations('waiting');
  assert.deepEqual(
    waiting.map((c) => c.id).slice(0, 2),
    [alert.conversation.id, calm.id],
    `queue order: ${JSON.stringify(waiting.map((c) => [c.id, c.risk_level]))}`,
  );
  // A counselor who is not assigned gets no alert (supervisors do).
  assert.equal(counselorStream.frames.filter((f) => f.type === 'risk.alert').length, 0);

  // A second risky message of the same conversation is grouped: no new alert, no sound.
  const from2 = supStream.frames.length;
  assert.equal((await ctx.emu.send(userId, 'しにたい…')).webhookStatus, 200);
  const grouped = await supStream.waitFor((f) => f.type === 'risk.alert', { from: from2, timeoutMs: 2000 });
  assert.equal(grouped.alert.id, alert.alert.id);
  assert.equal(grouped.alert.message_count, 2);
  assert.equal(grouped.sound, false);

  // The alert list, acknowledgement (once), and the audit of it.
  const listed = await ctx.supervisor.get('/api/v1/risk/alerts');
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json.alerts.map((a) => a.id), [alert.alert.id]);
  assert.deepEqual((await ctx.counselor.get('/api/v1/risk/alerts')).json.alerts, []);
  const acked = await ctx.supervisor.post(`/api/v1/risk/alerts/${alert.alert.id}/acknowledge`);
  assert.equal(acked.status, 200, acked.text);
  assert.equal(acked.json.alert.acknowledged_by, ctx.supervisor.staff.id);
  assert.equal((await ctx.supervisor.post(`/api/v1/risk/alerts/${alert.alert.id}/acknowledge`)).status, 409);
  assert.equal((await ctx.counselor.post(`/api/v1/risk/alerts/${alert.alert.id}/acknowledge`)).status, 404);
  assert.deepEqual((await ctx.supervisor.get('/api/v1/risk/alerts')).json.alerts, []);

  // Nothing was sent to the person because of the analysis: only the bot's usual notices.
  const inbox = await ctx.emu.inboxTexts(userId);
  assert.ok(inbox.every((text) => !/死|危険|risk/i.test(text)), JSON.stringify(inbox));
});

test('level 3: the emergency checklist is timestamped and attributed, and approval is for supervisors', async (t) => {
  const ctx = await setUp(t);
  const conversation = await say(ctx, 2, IMMINENT);
  const c = await waitFor(async () => {
    const all = await ctx.supervisor.conversations('all');
    return all.find((x) => x.id === conversation.id && x.risk_level === 3);
  }, 3000, { what: `level 3 for ${IMMINENT}` });
  assert.equal((await ctx.counselor.take(c.id)).status, 200);

  const empty = await ctx.counselor.get(`/api/v1/conversations/${c.id}/emergency`);
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.json.steps.map((s) => s.step), ['keep_chatting', 'ask_location', 'call_emergency', 'supervisor_approval']);
  assert.deepEqual(empty.json.done, []);

  const kept = await ctx.counselor.post(`/api/v1/conversations/${c.id}/emergency/keep_chatting`, { note: '会話継続中' });
  assert.equal(kept.status, 200, kept.text);
  assert.deepEqual(kept.json.done.map((d) => [d.step, d.done_by_name, d.note]), [['keep_chatting', '相談員 佐藤', '会話継続中']]);
  assert.ok(Date.parse(kept.json.done[0].done_at) > 0);
  assert.equal((await ctx.counselor.post(`/api/v1/conversations/${c.id}/emergency/keep_chatting`, {})).status, 409);
  assert.equal((await ctx.counselor.post(`/api/v1/conversations/${c.id}/emergency/supervisor_approval`, {})).status, 403);
  assert.equal((await ctx.other.post(`/api/v1/conversations/${c.id}/emergency/ask_location`, {})).status, 404);
  assert.equal((await ctx.counselor.post(`/api/v1/conversations/${c.id}/emergency/call_911`, {})).status, 400);
  const approved = await ctx.supervisor.post(`/api/v1/conversations/${c.id}/emergency/supervisor_approval`, {});
  assert.equal(approved.status, 200, approved.text);
  assert.deepEqual(approved.json.done.map((d) => d.step), ['keep_chatting', 'supervisor_approval']);

  // Below level 3 there is no checklist to fill.
  const calm = await say(ctx, 3, 'テストのことで相談です');
  assert.equal((await ctx.supervisor.post(`/api/v1/conversations/${calm.id}/emergency/keep_chatting`, {})).status, 409);

  // A disclosure: supervisors only, with its legal basis, recipient and fields.
  const body = { basis: 'art27_1_ii', recipient: '中警察署 生活安全課', fields: ['location', 'age'], note: '本人同意なし、生命の危険' };
  assert.equal((await ctx.counselor.post(`/api/v1/conversations/${c.id}/disclosures`, body)).status, 403);
  assert.equal((await ctx.supervisor.post(`/api/v1/conversations/${c.id}/disclosures`, { ...body, basis: 'because' })).status, 400);
  assert.equal((await ctx.supervisor.post(`/api/v1/conversations/${c.id}/disclosures`, { ...body, fields: ['diary'] })).status, 400);
  assert.equal((await ctx.supervisor.post(`/api/v1/conversations/${c.id}/disclosures`, { ...body, recipient: ' ' })).status, 400);
  const recorded = await ctx.supervisor.post(`/api/v1/conversations/${c.id}/disclosures`, body);
  assert.equal(recorded.status, 201, recorded.text);
  const list = await ctx.counselor.get(`/api/v1/conversations/${c.id}/disclosures`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.disclosures.map((d) => [d.basis, d.recipient, d.fields, d.approved_by]), [
    ['art27_1_ii', '中警察署 生活安全課', ['age', 'location'], ctx.supervisor.staff.id],
  ]);
});

test('a counselor with three level-2+ conversations in one shift is flagged to supervisors for a debrief', async (t) => {
  const ctx = await setUp(t);
  const supStream = await ctx.supervisor.stream();
  const ids = [];
  for (const index of [0, 1, 2]) {
    const c = await say(ctx, index, IMMINENT);
    ids.push(c.id);
  }
  assert.equal(new Set(ids).size, 3, 'three people, three conversations');
  await waitFor(async () => {
    const all = await ctx.supervisor.conversations('all');
    return ids.every((id) => all.find((x) => x.id === id)?.risk_level >= 2);
  }, 3000, { what: 'three level-2+ conversations' });
  assert.equal((await ctx.counselor.take(ids[0])).status, 200);
  assert.equal((await ctx.counselor.take(ids[1])).status, 200);
  assert.deepEqual((await ctx.supervisor.get('/api/v1/risk/debriefs')).json.debriefs, []);
  // A counselor holds two at once ([queue] concurrent_per_counselor): one is closed first. The
  // shift still counts it.
  assert.equal((await ctx.counselor.take(ids[2])).status, 429);
  assert.equal((await ctx.counselor.close(ids[0])).status, 200);
  const from = supStream.frames.length;
  assert.equal((await ctx.counselor.take(ids[2])).status, 200);
  const frame = await supStream.waitFor((f) => f.type === 'staff.debrief', { from, timeoutMs: 2000 });
  assert.equal(frame.debrief.staff_id, ctx.counselor.staff.id);
  assert.equal(frame.debrief.conversation_count, 3);
  const flags = await ctx.supervisor.get('/api/v1/risk/debriefs');
  assert.deepEqual(flags.json.debriefs.map((f) => [f.staff_name, f.conversation_count]), [['相談員 佐藤', 3]]);
  assert.equal((await ctx.counselor.get('/api/v1/risk/debriefs')).status, 403);
  const cleared = await ctx.supervisor.post(`/api/v1/risk/debriefs/${frame.debrief.id}/clear`);
  assert.equal(cleared.status, 204);
  assert.equal((await ctx.supervisor.post(`/api/v1/risk/debriefs/${frame.debrief.id}/clear`)).status, 404);
  assert.deepEqual((await ctx.supervisor.get('/api/v1/risk/debriefs')).json.debriefs, []);
});
