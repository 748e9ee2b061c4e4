// The console API's gatekeeping: login, throttling, CSRF, roles and who may
// read or answer which conversation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useSuiteStack, waitFor, waitDelivery, countOf, conversationWithText, STAFF } from './lib/harness.mjs';
import { connectWebSocket } from './lib/ws.mjs';

describe('auth and permissions', () => {
  let stack;
  let counselor1;
  let counselor2;
  let supervisor;
  let auditor;
  let userId;
  let conversationId;
  useSuiteStack({ staff: ['counselor1', 'counselor2', 'supervisor1', 'auditor1'] }, async (s) => {
    stack = s;
    // Everyone logs in before the throttling test blocks this address.
    counselor1 = await stack.login('counselor1');
    counselor2 = await stack.login('counselor2');
    supervisor = await stack.login('supervisor1');
    auditor = await stack.login('auditor1');
    userId = await stack.emu.userId(0);
    assert.equal((await stack.emu.send(userId, '相談があります')).webhookStatus, 200);
    conversationId = (await conversationWithText(counselor1, '相談があります')).id;
    const took = await counselor1.take(conversationId);
    assert.equal(took.status, 200, took.text);
  });

  it('GET /api/v1/me without a session → 401 unauthenticated', async () => {
    const res = await stack.http('GET', '/api/v1/me');
    assert.equal(res.status, 401);
    assert.equal(res.json?.error?.code, 'unauthenticated');
  });

  it('/api/v1/me returns the staff member and the same CSRF token', async () => {
    const res = await counselor1.get('/api/v1/me');
    assert.equal(res.status, 200);
    assert.equal(res.json.staff.login, 'counselor1');
    assert.equal(res.json.staff.display_name, STAFF.counselor1.name);
    assert.equal(res.json.staff.role, 'counselor');
    assert.equal(res.json.csrf_token, counselor1.csrf);
    assert.equal(res.json.staff.password_hash, undefined);
  });

  it('login sets an HttpOnly SameSite=Strict session cookie', async () => {
    const res = await stack.loginAttempt('counselor2', STAFF.counselor2.password);
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie');
    assert.match(cookie, /tsunagu_session=[^;]+/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.match(cookie, /Path=\//);
  });

  it('POST without X-CSRF-Token → 403 csrf; with a wrong one → 403 csrf; nothing done', async () => {
    const missing = await counselor1.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'CSRFなし' }, { csrf: false });
    assert.equal(missing.status, 403, missing.text);
    assert.equal(missing.json?.error?.code, 'csrf');
    const wrong = await counselor1.post(
      `/api/v1/conversations/${conversationId}/messages`,
      { text: 'CSRFちがい' },
      { csrf: false, headers: { 'x-csrf-token': 'not-the-token' } },
    );
    assert.equal(wrong.status, 403, wrong.text);
    assert.equal(wrong.json?.error?.code, 'csrf');
    const texts = (await counselor1.messages(conversationId)).messages.map((m) => m.text);
    assert.ok(!texts.includes('CSRFなし') && !texts.includes('CSRFちがい'), 'nothing stored');
  });

  it('a POST from a foreign Origin → 403 csrf (openapi: "a foreign Origin is refused with 403 csrf")', async () => {
    const res = await counselor1.post(
      `/api/v1/conversations/${conversationId}/messages`,
      { text: '外部サイトから' },
      { headers: { origin: 'https://evil.example' } },
    );
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json?.error?.code, 'csrf', `error code: ${res.text}`);
  });

  it('a counselor asking view=all → 403 permission_denied; supervisor → 200', async () => {
    const res = await counselor1.get('/api/v1/conversations?view=all');
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json?.error?.code, 'permission_denied');
    const ok = await supervisor.get('/api/v1/conversations?view=all');
    assert.equal(ok.status, 200);
  });

  it('an auditor gets 403 on every conversation endpoint and nothing on the stream', async () => {
    const me = await auditor.get('/api/v1/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.staff.role, 'auditor');
    const ws = await auditor.stream();
    for (const view of ['waiting', 'mine', 'all']) {
      const res = await auditor.get(`/api/v1/conversations?view=${view}`);
      assert.equal(res.status, 403, `view=${view}: ${res.text}`);
      assert.equal(res.json?.error?.code, 'permission_denied');
    }
    const read = await auditor.get(`/api/v1/conversations/${conversationId}/messages`);
    assert.equal(read.status, 403, read.text);
    assert.ok(!read.text.includes('相談があります'), 'no content leaks in the error');
    for (const [path, body] of [
      [`/api/v1/conversations/${conversationId}/take`, {}],
      [`/api/v1/conversations/${conversationId}/messages`, { text: '監査担当から' }],
      [`/api/v1/conversations/${conversationId}/close`, { topics: ['other'], risk_level: 0, outcome: 'ended', summary: '' }],
    ]) {
      const res = await auditor.post(path, body);
      assert.equal(res.status, 403, `${path}: ${res.text}`);
    }
    for (const path of ['/api/v1/dashboard', '/api/v1/risk/alerts', '/api/v1/staff/transfer-targets']) {
      const res = await auditor.get(path);
      assert.equal(res.status, 403, `${path}: ${res.text}`);
    }
    // The supervisor's stream shows a new message; the auditor's stays silent.
    const svWs = await supervisor.stream();
    assert.equal((await stack.emu.send(userId, '監査担当には見えない')).webhookStatus, 200);
    await svWs.waitFor((f) => f.type === 'message.created' || f.type === 'conversation.updated', { what: 'an event on the supervisor stream' });
    await new Promise((r) => setTimeout(r, 300));
    const seen = ws.frames.filter((f) => f.type !== 'hello');
    assert.deepEqual(seen.map((f) => f.type), [], 'no conversation event reaches an auditor');
    assert.ok(!JSON.stringify(ws.frames).includes('監査担当には見えない'));
    // The audit log is what an auditor may read.
    const audit = await auditor.get('/api/v1/audit?limit=5');
    assert.equal(audit.status, 200, audit.text);
    const asCounselor = await counselor1.get('/api/v1/audit');
    assert.equal(asCounselor.status, 403, asCounselor.text);
  });

  it('view=bogus → 400 invalid_argument', async () => {
    const res = await counselor1.get('/api/v1/conversations?view=bogus');
    assert.equal(res.status, 400);
    assert.equal(res.json?.error?.code, 'invalid_argument');
  });

  it("counselor2 can neither read (404) nor answer counselor1's conversation", async () => {
    const read = await counselor2.get(`/api/v1/conversations/${conversationId}/messages`);
    assert.equal(read.status, 404, read.text);
    assert.equal(read.json?.error?.code, 'not_found');
    assert.ok(!read.text.includes('相談があります'), 'no content leaks in the error');
    assert.ok(!(await counselor2.conversations('waiting')).some((c) => c.id === conversationId), 'not in waiting');
    assert.ok(!(await counselor2.conversations('mine')).some((c) => c.id === conversationId), 'not in mine');
    const mark = (await stack.emu.requests()).length;
    const reply = await counselor2.reply(conversationId, '横から返信');
    assert.ok([403, 404].includes(reply.status), `reply by counselor2 → ${reply.status} ${reply.text}`);
    const texts = (await counselor1.messages(conversationId)).messages.map((m) => m.text);
    assert.ok(!texts.includes('横から返信'), 'not stored');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await stack.emu.requests()).length, mark, 'nothing sent to LINE');
  });

  it('the supervisor sees it in view=all and may step in and reply', async () => {
    const all = await supervisor.conversations('all');
    const row = all.find((c) => c.id === conversationId);
    assert.ok(row, 'in view=all');
    assert.equal(row.assigned_staff_id, counselor1.staff.id);
    const res = await supervisor.reply(conversationId, 'スーパーバイザーです。');
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.message.sender_name, STAFF.supervisor1.name);
    await waitDelivery(supervisor, conversationId, res.json.message.id, 'delivered');
    const onPhone = await waitFor(
      async () => (await stack.emu.inbox(userId)).find((m) => m.message.text === 'スーパーバイザーです。'),
      3000,
      { what: 'the supervisor reply on the phone' },
    );
    assert.equal(onPhone.message.sender?.name, STAFF.supervisor1.name);
  });

  it('reply text: blank → 400, 5001 chars → 400, 5000 chars → 201', async () => {
    for (const text of ['', '   ', ' \n\t ']) {
      const res = await counselor1.reply(conversationId, text);
      assert.equal(res.status, 400, `${JSON.stringify(text)} → ${res.status} ${res.text}`);
      assert.equal(res.json?.error?.code, 'invalid_argument');
    }
    const tooLong = await counselor1.reply(conversationId, 'あ'.repeat(5001));
    assert.equal(tooLong.status, 400, tooLong.text);
    assert.equal(tooLong.json?.error?.code, 'invalid_argument');
    const missing = await counselor1.post(`/api/v1/conversations/${conversationId}/messages`, {});
    assert.equal(missing.status, 400, missing.text);
    const longest = 'い'.repeat(5000);
    const ok = await counselor1.reply(conversationId, longest);
    assert.equal(ok.status, 201, ok.text.slice(0, 300));
    await waitDelivery(counselor1, conversationId, ok.json.message.id, 'delivered');
    const texts = (await counselor1.messages(conversationId)).messages.map((m) => m.text);
    assert.equal(countOf(texts, 'あ'.repeat(5001)), 0);
  });

  it('a closed conversation → reply 409 conflict; close again → 409', async () => {
    const closed = await counselor1.close(conversationId);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.conversation.status, 'closed');
    assert.match(closed.json.conversation.closed_at ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const res = await counselor1.reply(conversationId, '終わったあと');
    assert.equal(res.status, 409, res.text);
    assert.equal(res.json?.error?.code, 'conflict');
    const sv = await supervisor.reply(conversationId, '終わったあと');
    assert.equal(sv.status, 409, sv.text);
    const again = await counselor1.close(conversationId);
    assert.equal(again.status, 409, again.text);
  });

  it('wrong password → 401; after 5 failures the 6th attempt → 429, even with the right password', async () => {
    const unknown = await stack.loginAttempt('nobody', 'whatever-password');
    const wrong = await stack.loginAttempt('counselor2', 'wrong-password-1');
    assert.equal(wrong.status, 401, wrong.text);
    assert.equal(wrong.json?.error?.code, 'unauthenticated');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.json?.error?.message, wrong.json?.error?.message, 'same answer for an unknown login');
    // Fresh server state per stack: `unknown` and `wrong` are failures 1 and 2 of this address.
    for (let i = 3; i <= 5; i++) {
      const res = await stack.loginAttempt('counselor2', `wrong-password-${i}`);
      assert.equal(res.status, 401, `failure ${i} → ${res.status}`);
    }
    const sixth = await stack.loginAttempt('counselor2', 'wrong-password-6');
    assert.equal(sixth.status, 429, `6th failure → ${sixth.status} ${sixth.text}`);
    assert.equal(sixth.json?.error?.code, 'limit_exceeded');
    const right = await stack.loginAttempt('counselor2', STAFF.counselor2.password);
    assert.equal(right.status, 429, `right password while throttled → ${right.status}`);
    assert.equal(right.headers.get('set-cookie'), null, 'no session while throttled');
  });

  it('the existing sessions keep working while logins are throttled', async () => {
    const res = await counselor1.get('/api/v1/me');
    assert.equal(res.status, 200);
  });

  it('the stream refuses a request without a session', async () => {
    await assert.rejects(
      connectWebSocket(`${stack.tsunaguUrl.replace(/^http/, 'ws')}/api/v1/stream`),
      (err) => err.status === 401,
    );
  });
});

describe('logout', () => {
  const ref = useSuiteStack({ staff: ['counselor1'] });

  it('ends the session: the cookie stops working and the live stream closes with 4001', async () => {
    const counselor = await ref.stack.login('counselor1');
    const ws = await counselor.stream();
    const out = await counselor.post('/api/v1/auth/logout');
    assert.equal(out.status, 204);
    await waitFor(() => ws.closed, 3000, { what: 'the stream to close' });
    assert.equal(ws.closed.code, 4001);
    const me = await counselor.get('/api/v1/me');
    assert.equal(me.status, 401);
  });
});
