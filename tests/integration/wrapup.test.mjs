// Closing a conversation needs a wrap-up (docs/api.md): through the LINE emulator, a person
// writes, a counselor takes the conversation, a close without a wrap-up is refused with every
// reason, a close with one succeeds, and the wrap-up reads back for those who may see the
// conversation and for nobody else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor } from './lib/harness.mjs';

test('closing needs a wrap-up; it reads back for whoever may see the conversation', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'counselor2', 'supervisor1'] });
  const counselor = await stack.login('counselor1');
  const other = await stack.login('counselor2');
  const supervisor = await stack.login('supervisor1');

  // The choices the console offers: the topics of data/topics.tsv and the six outcomes.
  const options = await counselor.get('/api/v1/wrapup/topics');
  assert.equal(options.status, 200, options.text);
  const codes = options.json.topics.map((topic) => topic.code);
  for (const code of ['school', 'bullying', 'family', 'suicide', 'other']) assert.ok(codes.includes(code), code);
  assert.deepEqual(
    options.json.outcomes.map((o) => o.code),
    ['close_contact', 'continue', 'interrupted', 'referral', 'phone', 'ended'],
  );
  assert.equal(options.json.outcomes.find((o) => o.code === 'phone').label_ja, '電話へ移行');
  assert.equal(options.json.summary_chars_max, 2000);

  // A person writes; the counselor takes the conversation.
  const userId = await stack.emu.userId(0);
  assert.equal((await stack.emu.send(userId, '学校で無視されていてつらいです')).webhookStatus, 200);
  const waiting = await waitFor(
    async () => (await counselor.conversations('waiting'))[0] ?? null,
    5000,
    { what: 'the conversation in the waiting list' },
  );
  const id = waiting.id;
  assert.equal((await counselor.take(id)).status, 200);

  // No wrap-up: 400 with every reason, and the conversation stays open.
  const bare = await counselor.post(`/api/v1/conversations/${id}/close`);
  assert.equal(bare.status, 400, bare.text);
  assert.equal(bare.json.error.code, 'invalid_argument');
  assert.equal(bare.json.error.reasons.length, 3, bare.text);
  assert.ok(bare.json.error.reasons.every((r) => r.includes(' / ')), bare.text);

  // Wrong parts are named one by one.
  const wrong = await counselor.close(id, { topics: ['bullying', 'weather'], risk_level: 5, outcome: 'done', summary: 'x' });
  assert.equal(wrong.status, 400, wrong.text);
  assert.equal(wrong.json.error.reasons.length, 3, wrong.text);
  assert.match(wrong.json.error.reasons.join('\n'), /weather/);
  const badTypes = await counselor.close(id, { topics: 'bullying', risk_level: '1', outcome: 'ended' });
  assert.equal(badTypes.status, 400, badTypes.text);
  assert.equal(badTypes.json.error.reasons.length, 2, badTypes.text);
  const tooLong = await counselor.close(id, { topics: ['bullying'], risk_level: 1, outcome: 'ended', summary: 'あ'.repeat(2001) });
  assert.equal(tooLong.status, 400, tooLong.text);
  const still = (await counselor.messages(id)).conversation;
  assert.equal(still.status, 'active');
  assert.equal((await counselor.get(`/api/v1/conversations/${id}/wrap-up`)).status, 404);

  // With a wrap-up: 200, closed.
  const wrapUp = {
    topics: ['school', 'bullying', 'school'],
    risk_level: 1,
    outcome: 'referral',
    summary: 'クラスでの無視。スクールカウンセラーを案内した。',
  };
  const closed = await counselor.close(id, wrapUp);
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.conversation.status, 'closed');

  const read = await counselor.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(read.json.wrap_up.topics, ['bullying', 'school']);
  assert.equal(read.json.wrap_up.risk_level, 1);
  assert.equal(read.json.wrap_up.outcome, 'referral');
  assert.equal(read.json.wrap_up.summary, wrapUp.summary);
  assert.equal(read.json.wrap_up.conversation_id, id);
  assert.equal(read.json.wrap_up.by_staff_id, counselor.staff.id);
  assert.match(read.json.wrap_up.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

  // The supervisor sees it; another counselor sees neither the conversation nor its wrap-up.
  const bySupervisor = await supervisor.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.equal(bySupervisor.status, 200, bySupervisor.text);
  assert.deepEqual(bySupervisor.json.wrap_up, read.json.wrap_up);
  const byOther = await other.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.equal(byOther.status, 404, byOther.text);
  assert.equal(byOther.json.error.code, 'not_found');

  // Closed once: a second close conflicts and the first wrap-up stands.
  const again = await counselor.close(id);
  assert.equal(again.status, 409, again.text);
  const after = await counselor.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.deepEqual(after.json.wrap_up, read.json.wrap_up);

  // Without the CSRF token the close is refused before anything else.
  const noCsrf = await supervisor.post(`/api/v1/conversations/${id}/close`, wrapUp, { csrf: false });
  assert.equal(noCsrf.status, 403);
});
