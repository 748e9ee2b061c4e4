// The center's day-to-day work through the LINE emulator (docs/templates.md, docs/dashboard.md,
// docs/scenarios.md): versioned templates, presence and the supervisor dashboard, the idle
// check-in and close with a late wrap-up, queue notices and leaving the queue, the after-close
// survey, and the end of the day at closing time. Timed work runs against the server's manual
// test clock ([testing] manual_clock), so nothing here sleeps for minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackFor, waitFor, conversationWithText } from './lib/harness.mjs';

const MINUTE = 60 * 1000;
const WRAP_UP = { topics: ['family'], risk_level: 0, outcome: 'ended', summary: '' };

/** A stack whose clock stands at `at` until the test moves it. */
async function clockStack(t, at, options = {}) {
  const stack = await stackFor(t, {
    staff: ['counselor1', 'counselor2', 'supervisor1', 'admin1'],
    ...options,
    sections: { testing: { manual_clock: true, clock_start: at }, ...(options.sections ?? {}) },
  });
  let admin = await stack.login('admin1');
  const clock = async (body) => {
    let res = await admin.post('/api/v1/testing/clock', body);
    if (res.status === 401) {
      // Sessions last 12 hours of the server's clock; a jump past that ends the admin's too.
      admin = await stack.login('admin1');
      res = await admin.post('/api/v1/testing/clock', body);
    }
    assert.equal(res.status, 200, res.text);
    return res.json.now;
  };
  return { stack, emu: stack.emu, admin, clock };
}

async function phoneShows(emu, userId, text, what = text) {
  return waitFor(async () => (await emu.inboxTexts(userId)).find((m) => (m ?? '').includes(text)), 5000, {
    what: `the phone showing ${JSON.stringify(what)}`,
  });
}

test('templates: rendered for the conversation, versioned by admins, checked before saving', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'admin1'] });
  const counselor = await stack.login('counselor1');
  const admin = await stack.login('admin1');
  await stack.emu.send(await stack.emu.userId(0), 'こんにちは');
  const c = await conversationWithText(counselor, 'こんにちは');

  const mine = await counselor.get(`/api/v1/conversations/${c.id}/templates`);
  assert.equal(mine.status, 200, mine.text);
  const keys = mine.json.templates.map((x) => x.key);
  assert.deepEqual(keys, ['greeting', 'please_wait', 'closing', 'out_of_hours', 'emergency'], 'staff templates only');
  const greeting = mine.json.templates[0];
  assert.equal(greeting.shortcut, 1);
  assert.equal(greeting.version, 1);
  assert.match(greeting.body, /テストセンターの相談員の相談員 佐藤です/, 'program and counselor filled in');
  assert.doesNotMatch(greeting.body, /\{\{/);
  assert.equal((await counselor.get('/api/v1/conversations/999999/templates')).status, 404);

  // Admins only.
  assert.equal((await counselor.get('/api/v1/admin/templates')).status, 403);
  assert.equal((await counselor.post('/api/v1/admin/templates/center/greeting', { body: 'x' })).status, 403);
  const all = await admin.get('/api/v1/admin/templates');
  assert.equal(all.status, 200);
  assert.equal(all.json.templates.length, 11, 'five staff and six system templates');
  const system = all.json.templates.find((x) => x.key === 'idle_checkin');
  assert.equal(system.use, 'system');
  assert.equal(system.program_name, 'テストセンター');
  assert.equal(system.created_by, 'startup');

  const saved = await admin.post('/api/v1/admin/templates/center/greeting', {
    body: '{{counselor_name}}です。ゆっくりで大丈夫です。',
  });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.template.version, 2);
  assert.equal(saved.json.template.created_by, 'admin1');
  const same = await admin.post('/api/v1/admin/templates/center/greeting', {
    body: '{{counselor_name}}です。ゆっくりで大丈夫です。',
  });
  assert.equal(same.json.template.version, 2, 'the same body adds no version');

  const bad = await admin.post('/api/v1/admin/templates/center/greeting', { body: '{{client_name}} さん {{x}}' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_argument');
  assert.equal(bad.json.error.reasons.length, 2, 'every unknown variable is named');
  assert.match(bad.json.error.reasons[0], /\{\{client_name\}\}/);
  const long = await admin.post('/api/v1/admin/templates/center/please_wait', { body: 'あ'.repeat(5001) });
  assert.equal(long.status, 400);
  assert.equal((await admin.post('/api/v1/admin/templates/center/no_such', { body: 'x' })).status, 404);
  assert.equal((await admin.post('/api/v1/admin/templates/other/greeting', { body: 'x' })).status, 404);

  const versions = await admin.get('/api/v1/admin/templates/center/greeting');
  assert.deepEqual(
    versions.json.templates.map((v) => v.version),
    [2, 1],
    'newest first, the old one kept',
  );
  const now = await counselor.get(`/api/v1/conversations/${c.id}/templates`);
  assert.equal(now.json.templates[0].body, '相談員 佐藤です。ゆっくりで大丈夫です。');
  assert.equal(now.json.templates[0].version, 2);

  // The versions survive a restart; the shipped default does not come back over them.
  await stack.restart();
  const again = await (await stack.login('admin1')).get('/api/v1/admin/templates/center/greeting');
  assert.equal(again.json.templates[0].version, 2);
});

test('presence and the dashboard: load, queue, and the staffing alerts', async (t) => {
  const stack = await stackFor(t, {
    staff: ['counselor1', 'counselor2', 'supervisor1', 'admin1'],
    sections: { dashboard: { counselors_per_supervisor_max: 1 } },
  });
  const [c1, c2, sv, admin] = [
    await stack.login('counselor1'),
    await stack.login('counselor2'),
    await stack.login('supervisor1'),
    await stack.login('admin1'),
  ];
  const me = await c1.get('/api/v1/me');
  assert.deepEqual(Object.keys(me.json.settings).sort(), [
    'presence_heartbeat_seconds',
    'presence_timeout_seconds',
    'reply_nudge_minutes',
  ]);
  assert.equal((await c1.get('/api/v1/dashboard')).status, 403, 'counselors do not see the dashboard');
  assert.equal((await c1.post('/api/v1/presence', { status: 'busy' })).status, 400);

  for (const index of [0, 1]) await stack.emu.send(await stack.emu.userId(index), `待っています${index}`);
  await waitFor(async () => (await c1.conversations('waiting')).length === 2, 3000, { what: 'two waiting' });
  assert.equal((await c1.post('/api/v1/conversations/take-next')).status, 200);

  assert.equal((await c1.post('/api/v1/presence', { status: 'online' })).status, 204);
  let board = await sv.get('/api/v1/dashboard');
  assert.equal(board.status, 200, board.text);
  assert.deepEqual(
    board.json.alerts.map((a) => a.code),
    ['no_supervisor'],
    'a counselor on duty without a supervisor',
  );
  assert.match(board.json.alerts[0].message, /^スーパーバイザーが在席していません.* \/ no supervisor is on duty/);
  const center = board.json.programs.find((p) => p.key === 'center');
  assert.equal(center.queue_length, 1);
  assert.equal(center.active, 1);
  assert.ok(center.longest_wait_ms >= 0);
  assert.equal(center.open, null, 'no hours configured');
  const row = board.json.staff.find((s) => s.id === c1.staff.id);
  assert.equal(row.presence, 'online');
  assert.equal(row.open_conversations, 1);
  assert.equal(row.capacity, 2);
  assert.equal(board.json.staff[0].id, c1.staff.id, 'online first');
  assert.equal(board.json.staff.find((s) => s.id === sv.staff.id).capacity, null, 'supervisors have no limit');

  assert.equal((await sv.post('/api/v1/presence', { status: 'online' })).status, 204);
  board = await admin.get('/api/v1/dashboard');
  assert.deepEqual(board.json.alerts, [], 'one counselor per supervisor is within the limit of 1');

  assert.equal((await c2.post('/api/v1/presence', { status: 'away' })).status, 204);
  board = await sv.get('/api/v1/dashboard');
  assert.deepEqual(board.json.alerts.map((a) => a.code), ['ratio_exceeded']);
  assert.equal(board.json.staff.find((s) => s.id === c2.staff.id).presence, 'away');

  // Logging out is offline at once.
  assert.equal((await c2.post('/api/v1/auth/logout')).status, 204);
  board = await sv.get('/api/v1/dashboard');
  assert.deepEqual(board.json.alerts, []);
  assert.equal(board.json.staff.find((s) => s.id === c2.staff.id).presence, 'offline');
});

test('idle: a check-in after silence, then an automatic close; the wrap-up is written afterwards', async (t) => {
  const { stack, emu, clock } = await clockStack(t, '2026-12-01T18:00:00+09:00', {
    sections: { nudges: { idle_checkin_minutes: 10, idle_close_minutes: 5 } },
  });
  const counselor = await stack.login('counselor1');
  const other = await stack.login('counselor2');
  const [quiet, answers] = [await emu.userId(0), await emu.userId(1)];
  await emu.send(quiet, '聞いてほしいことがあります');
  await emu.send(answers, 'ちょっと相談です');
  const a = await conversationWithText(counselor, '聞いてほしいことがあります');
  const b = await conversationWithText(counselor, 'ちょっと相談です');
  for (const c of [a, b]) {
    assert.equal((await counselor.take(c.id)).status, 200);
    assert.ok((await counselor.conversations('mine')).find((x) => x.id === c.id).awaiting_reply_since);
    assert.equal((await counselor.reply(c.id, 'こんにちは、聞かせてください')).status, 201);
  }
  const replied = (await counselor.conversations('mine')).find((x) => x.id === a.id);
  assert.equal(replied.awaiting_reply_since, null, 'a reply clears the wait');
  assert.ok(replied.taken_at);

  await clock({ advance_ms: 10 * MINUTE + 1000 });
  await phoneShows(emu, quiet, 'まだお話を続けますか');
  await phoneShows(emu, answers, 'まだお話を続けますか');
  // One of them answers: their conversation goes on.
  await emu.send(answers, 'まだいます');
  await waitFor(async () => (await counselor.conversations('mine')).find((x) => x.id === b.id)?.awaiting_reply_since, 3000, {
    what: 'the answer to arrive',
  });

  await clock({ advance_ms: 5 * MINUTE + 1000 });
  await phoneShows(emu, quiet, '今回の相談はいったん終了します');
  const closed = await waitFor(
    async () => (await counselor.conversations('mine')).find((x) => x.id === a.id && x.status === 'closed'),
    3000,
    { what: 'the idle close, still in "mine" until its wrap-up is written' },
  );
  assert.equal(closed.end_reason, 'idle');
  assert.equal(closed.wrap_up_pending, true);
  const stillOpen = (await counselor.conversations('mine')).find((x) => x.id === b.id);
  assert.equal(stillOpen.status, 'active', 'the one who answered is not closed');

  assert.equal((await other.post(`/api/v1/conversations/${a.id}/late-wrap-up`, WRAP_UP)).status, 404, 'not theirs');
  const invalid = await counselor.post(`/api/v1/conversations/${a.id}/late-wrap-up`, { topics: [], risk_level: 9 });
  assert.equal(invalid.status, 400);
  assert.ok(invalid.json.error.reasons.length >= 2);
  const written = await counselor.post(`/api/v1/conversations/${a.id}/late-wrap-up`, WRAP_UP);
  assert.equal(written.status, 200, written.text);
  assert.equal(written.json.conversation.wrap_up_pending, false);
  assert.equal((await counselor.post(`/api/v1/conversations/${a.id}/late-wrap-up`, WRAP_UP)).status, 409);
  assert.equal((await counselor.post(`/api/v1/conversations/${b.id}/late-wrap-up`, WRAP_UP)).status, 409, 'open');
  assert.ok(!(await counselor.conversations('mine')).some((x) => x.id === a.id), 'done: out of "mine"');
  const wrapUp = await counselor.get(`/api/v1/conversations/${a.id}/wrap-up`);
  assert.deepEqual(wrapUp.json.wrap_up.topics, ['family']);
});

test('queue notices: the new position when it changes; 「待つのをやめる」 leaves the queue', async (t) => {
  const { stack, emu, clock } = await clockStack(t, '2026-12-01T18:00:00+09:00', {
    queue: { position_notice_interval_seconds: 60 },
    program: { planned_per_hour: 6 },
  });
  const counselor = await stack.login('counselor1');
  const supervisor = await stack.login('supervisor1');
  const users = [await emu.userId(0), await emu.userId(1), await emu.userId(2)];
  for (const [i, u] of users.entries()) await emu.send(u, `順番待ち${i}`);
  await waitFor(async () => (await counselor.conversations('waiting')).length === 3, 3000, { what: 'three waiting' });

  await clock({ advance_ms: 20 * 1000 });
  await phoneShows(emu, users[2], 'いま 3 番目です。待ち時間の目安は約 30 分です。');
  await phoneShows(emu, users[0], 'いま 1 番目です');

  assert.equal((await counselor.post('/api/v1/conversations/take-next')).status, 200);
  // Not again within the interval...
  await clock({ advance_ms: 20 * 1000 });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await emu.inboxTexts(users[2])).filter((x) => x?.includes('番目です')).length, 1);
  // ...and after it, the new place.
  await clock({ advance_ms: 60 * 1000 });
  await phoneShows(emu, users[2], 'いま 2 番目です');
  await phoneShows(emu, users[1], 'いま 1 番目です');
  const notices = (await emu.inbox(users[1])).filter((m) => m.message.text?.includes('番目です'));
  assert.equal(notices.at(-1).message.quickReply.items[0].action.label, '待つのをやめる');

  await emu.tap(users[1], '待つのをやめる');
  await phoneShows(emu, users[1], '順番待ちを取り消しました');
  const left = await waitFor(
    async () => (await supervisor.conversations('all')).find((c) => c.status === 'closed' && c.end_reason === 'abandoned'),
    3000,
    { what: 'the conversation to end as abandoned' },
  );
  assert.equal(left.assigned_staff_id, null);
  assert.equal((await counselor.conversations('waiting')).length, 1);
  // Pressing the old button again starts nothing.
  const before = (await supervisor.conversations('all')).length;
  await emu.postback(users[1], 'queue:cancel', '待つのをやめる');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await supervisor.conversations('all')).length, before, 'no new conversation');
});

test('after-close survey: questions with buttons, answers counted once, forged answers ignored', async (t) => {
  const { stack, emu } = await clockStack(t, '2026-12-01T18:00:00+09:00', {
    program: {
      survey_intro: 'よければアンケートに答えてください（2問）。',
      survey_questions: ['helped|今日の相談は役に立ちましたか？|はい=yes|少し=some|いいえ=no', 'again|また相談したいですか？|はい=yes|いいえ=no'],
      survey_thanks: 'ご協力ありがとうございました。',
    },
  });
  const counselor = await stack.login('counselor1');
  const supervisor = await stack.login('supervisor1');
  const [user, stranger] = [await emu.userId(0), await emu.userId(1)];
  await emu.send(user, 'アンケートの前に相談');
  const c = await conversationWithText(counselor, 'アンケートの前に相談');
  await counselor.take(c.id);
  assert.equal((await counselor.close(c.id, WRAP_UP)).status, 200);

  await phoneShows(emu, user, 'よければアンケートに答えてください（2問）。\n\n今日の相談は役に立ちましたか？');
  // Someone else cannot answer for them, and nonsense is ignored.
  await emu.postback(stranger, `survey:${c.id}:helped:no`, 'いいえ');
  await emu.postback(user, `survey:${c.id}:helped:maybe`, '？');
  await emu.tap(user, '少し');
  await phoneShows(emu, user, 'また相談したいですか？');
  await emu.postback(user, `survey:${c.id}:helped:yes`, 'はい'); // a second answer: the first stands
  await emu.tap(user, 'はい');
  await phoneShows(emu, user, 'ご協力ありがとうございました。');

  const stats = await supervisor.get(
    `/api/v1/stats/center?program=center&from=${encodeURIComponent('2026-12-01T00:00:00+09:00')}&to=${encodeURIComponent('2026-12-02T00:00:00+09:00')}`,
  );
  assert.equal(stats.status, 200, stats.text);
  assert.deepEqual(stats.json.survey, [
    { question: 'again', answer: 'yes', count: 1 },
    { question: 'helped', answer: 'some', count: 1 },
  ]);
  assert.equal(stats.json.handled, 1);
  // The stranger's forged answer opened nothing for them.
  assert.equal((await supervisor.conversations('all')).length, 1);
  assert.equal((await counselor.get('/api/v1/stats/center?program=center&from=x&to=y')).status, 400);
  const forbidden = await counselor.get(
    `/api/v1/stats/center?program=center&from=${encodeURIComponent('2026-12-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-02T00:00:00Z')}`,
  );
  assert.equal(forbidden.status, 403);
});

test('closing time with at_closing = "end": a warning, then open conversations end and the queue closes', async (t) => {
  const { stack, emu, clock } = await clockStack(t, '2026-12-01T20:40:00+09:00', {
    program: {
      shifts: ['月-日 17:00-21:00'],
      closed_on_holidays: false,
      year_end: '',
      at_closing: 'end',
      closing_warning_minutes: 10,
    },
  });
  const counselor = await stack.login('counselor1');
  const supervisor = await stack.login('supervisor1');
  const [talking, waiting] = [await emu.userId(0), await emu.userId(1)];
  await emu.send(talking, '閉まる前に');
  await emu.send(waiting, '待っています');
  const c = await conversationWithText(counselor, '閉まる前に');
  await conversationWithText(counselor, '待っています');
  await counselor.take(c.id);

  await clock({ at: '2026-12-01T20:50:00+09:00' });
  await phoneShows(emu, talking, 'まもなく本日の受付終了時間（21:00）です。あと10分ほどで終了します。');
  assert.ok(!(await emu.inboxTexts(waiting)).some((x) => x?.includes('まもなく')), 'the warning is for conversations in progress');

  await clock({ at: '2026-12-01T21:00:01+09:00' });
  await phoneShows(emu, talking, '本日の受付時間が終わったため、相談を終了します。次の受付は 12月2日（水）17:00 からです。');
  await phoneShows(emu, waiting, '本日の受付時間が終わったため');
  const all = await waitFor(
    async () => {
      const list = await supervisor.conversations('all');
      return list.every((x) => x.status === 'closed') && list.length === 2 && list;
    },
    3000,
    { what: 'both conversations to end' },
  );
  const reasons = Object.fromEntries(all.map((x) => [x.id === c.id ? 'talking' : 'waiting', x]));
  assert.equal(reasons.talking.end_reason, 'closing_time');
  assert.equal(reasons.talking.wrap_up_pending, true);
  assert.equal(reasons.waiting.end_reason, 'abandoned');
  assert.equal(reasons.waiting.wrap_up_pending, false);

  // The next day's closing is scheduled: a conversation the next evening ends too. (Sessions
  // last 12 hours of the server's clock, so staff log in again.)
  await clock({ at: '2026-12-02T20:00:00+09:00' });
  const [counselor2, supervisor2] = [await stack.login('counselor1'), await stack.login('supervisor1')];
  await emu.send(waiting, '次の日');
  const next = await conversationWithText(counselor2, '次の日');
  await counselor2.take(next.id);
  await clock({ at: '2026-12-02T21:00:01+09:00' });
  await waitFor(async () => (await supervisor2.conversations('all')).find((x) => x.id === next.id)?.status === 'closed', 3000, {
    what: 'the second evening to close',
  });
});

test('the chatbot gives up on an unanswered question; reports count it by the node', async (t) => {
  const { stack, emu, clock } = await clockStack(t, '2026-12-01T22:00:00+09:00', {
    program: {
      scenario: 'data/scenarios/center.json',
      shifts: ['月-日 17:00-21:00'],
      closed_on_holidays: false,
      year_end: '',
    },
    sections: { nudges: { bot_idle_close_minutes: 30 } },
  });
  const supervisor = await stack.login('supervisor1');
  const [silent, declines] = [await emu.userId(0), await emu.userId(1)];
  await emu.send(silent, 'こんばんは');
  await phoneShows(emu, silent, 'いまは受付時間外です');
  await emu.send(declines, 'こんばんは');
  await phoneShows(emu, declines, 'いまは受付時間外です');
  await emu.tap(declines, '今はいい');
  await phoneShows(emu, declines, '受付時間に、またいつでも');

  await clock({ advance_ms: 31 * MINUTE });
  const ended = await waitFor(
    async () => {
      const list = await supervisor.conversations('all');
      return list.length === 2 && list.every((x) => x.status === 'closed') && list;
    },
    3000,
    { what: 'the silent one to end' },
  );
  assert.deepEqual(
    ended.map((x) => x.end_reason),
    ['out_of_hours', 'out_of_hours'],
    'pressing 今はいい and saying nothing both count as out of hours',
  );
  const stats = await supervisor.get(
    `/api/v1/stats/center?program=center&from=${encodeURIComponent('2026-12-01T17:00:00+09:00')}&to=${encodeURIComponent('2026-12-02T17:00:00+09:00')}`,
  );
  assert.equal(stats.json.accesses, 2);
  assert.equal(stats.json.out_of_hours, 2);
  assert.equal(stats.json.handled, 0);
  assert.equal(stats.json.wait_ms_p50, null);
});

test('the test clock exists only with [testing] manual_clock, for admins, and never goes back', async (t) => {
  const plain = await stackFor(t, { staff: ['admin1'] });
  const admin = await plain.login('admin1');
  assert.equal((await admin.post('/api/v1/testing/clock', { advance_ms: 1000 })).status, 404);

  const { stack, clock } = await clockStack(t, '2026-12-01T18:00:00+09:00');
  assert.equal(await clock({ advance_ms: 1500 }), '2026-12-01T09:00:01.500Z');
  const counselor = await stack.login('counselor1');
  assert.equal((await counselor.post('/api/v1/testing/clock', { advance_ms: 1 })).status, 403);
  const back = await (await stack.login('admin1')).post('/api/v1/testing/clock', { at: '2026-12-01T17:00:00+09:00' });
  assert.equal(back.status, 400);
});
