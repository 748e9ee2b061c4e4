// The center's chatbot through the LINE emulator (docs/scenarios.md): terms and consent, a
// skippable intake with buttons, hand-over to the queue, a declined consent, a risky message that
// cuts the intake short, and a scenario reload that refuses a broken file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackFor, waitFor, runBin, configText, writeDataKey, REPO } from './lib/harness.mjs';

const HOURS = '火〜金 16:00〜20:00、土 13:00〜17:00';

async function setUp(t, scenarioFile = join(REPO, 'data/scenarios/center.json')) {
  const stack = await stackFor(t, {
    staff: ['counselor1', 'supervisor1', 'admin1'],
    program: { scenario: scenarioFile, hours_text: HOURS },
  });
  const supervisor = await stack.login('supervisor1');
  const counselor = await stack.login('counselor1');
  return { stack, emu: stack.emu, supervisor, counselor };
}

/** Waits until the user's chat shows a message from the account containing `text`. */
async function botSaid(emu, userId, text) {
  return waitFor(async () => (await emu.inbox(userId)).find((m) => (m.message.text ?? '').includes(text)), 3000, {
    what: `the bot saying "${text}"`,
  });
}

/** The user's one conversation, as the supervisor sees it in view=all. */
async function conversationOf(ctx, predicate = () => true) {
  return waitFor(async () => (await ctx.supervisor.conversations('all')).find(predicate), 3000, {
    what: 'the conversation',
  });
}

test('consent and intake with buttons, then the person waits in the queue with their answers', async (t) => {
  const ctx = await setUp(t);
  const user = await ctx.emu.userId(0);
  assert.equal((await ctx.emu.follow(user)).webhookStatus, 200);
  const terms = await botSaid(ctx.emu, user, '利用のきまり');
  assert.match(terms.message.text, /受付時間: 火〜金 16:00〜20:00/, 'the hours come from the program');
  assert.deepEqual(terms.message.quickReply.items.map((i) => i.action.label), ['同意する', '同意しない']);
  assert.equal(terms.via, 'reply', 'the bot answers with the reply token');

  // While the bot has them, the person is not in the counselors' queue.
  const during = await conversationOf(ctx);
  assert.equal(during.bot_status, 'running');
  assert.equal(during.queued_at, null);
  assert.deepEqual(await ctx.counselor.conversations('waiting'), []);

  await ctx.emu.tap(user, '同意する');
  await botSaid(ctx.emu, user, '相談員につなぐ前に');
  await ctx.emu.tap(user, '質問に答える');
  await botSaid(ctx.emu, user, '何年生');
  await ctx.emu.tap(user, '高校生');
  await botSaid(ctx.emu, user, '性別');
  await ctx.emu.tap(user, '答えない');
  await botSaid(ctx.emu, user, '住んでいるところ');
  // Typing a button's label counts as pressing it.
  await ctx.emu.send(user, '名古屋市内');
  await botSaid(ctx.emu, user, 'どんなことの相談');
  await ctx.emu.tap(user, '家族');
  await botSaid(ctx.emu, user, '相談員につなぎます');

  const waiting = await waitFor(async () => (await ctx.counselor.conversations('waiting'))[0], 3000, {
    what: 'the person in the queue',
  });
  assert.equal(waiting.bot_status, 'handed_over');
  assert.ok(waiting.queued_at);
  assert.deepEqual(waiting.intake, {
    consent: 'agree',
    intake: 'answer',
    age_band: 'high_school',
    gender: 'no_answer',
    area: 'nagoya',
    topic: 'family',
  });
  // The console shows what the bot said and what the person pressed.
  const { messages } = await ctx.counselor.messages(waiting.id);
  assert.ok(messages.some((m) => m.sender_kind === 'bot' && m.quick_replies.includes('同意する')));
  assert.ok(messages.some((m) => m.sender_kind === 'client' && m.content_type === 'postback'));
  assert.ok(messages.some((m) => m.sender_kind === 'system' && m.text.includes('順番待ち')));

  // Once a counselor is in, the bot never answers again.
  assert.equal((await ctx.counselor.take(waiting.id)).status, 200);
  const before = (await ctx.emu.inbox(user)).length;
  await ctx.emu.send(user, '同意する');
  await waitFor(async () => (await ctx.counselor.messages(waiting.id)).messages.at(-1)?.text === '同意する', 3000, {
    what: 'the message stored',
  });
  assert.equal((await ctx.emu.inbox(user)).length, before, 'the bot stayed silent');
});

test('skipping the intake: straight to the queue; a counselor replies', async (t) => {
  const ctx = await setUp(t);
  const user = await ctx.emu.userId(1);
  // The first message (no follow) starts the bot too.
  await ctx.emu.send(user, 'こんにちは');
  await botSaid(ctx.emu, user, '利用のきまり');
  await ctx.emu.tap(user, '同意する');
  await botSaid(ctx.emu, user, '相談員につなぐ前に');
  await ctx.emu.tap(user, 'すぐに相談する');
  await botSaid(ctx.emu, user, '相談員につなぎます');
  const waiting = await waitFor(async () => (await ctx.counselor.conversations('waiting'))[0], 3000, {
    what: 'the person in the queue',
  });
  assert.equal(waiting.intake.age_band, undefined, 'nothing asked, nothing stored');
  assert.equal((await ctx.counselor.take(waiting.id)).status, 200);
  assert.equal((await ctx.counselor.reply(waiting.id, '相談員の佐藤です。')).status, 201);
  await botSaid(ctx.emu, user, '相談員の佐藤です。');
});

test('declining the terms ends the conversation without a counselor', async (t) => {
  const ctx = await setUp(t);
  const user = await ctx.emu.userId(2);
  await ctx.emu.follow(user);
  await botSaid(ctx.emu, user, '利用のきまり');
  // Something else than a button: asked again, with the buttons again.
  await ctx.emu.send(user, 'よくわからない');
  const again = await botSaid(ctx.emu, user, '「同意する」か「同意しない」を選んでください');
  assert.deepEqual(again.message.quickReply.items.map((i) => i.action.label), ['同意する', '同意しない']);
  await ctx.emu.tap(user, '同意しない');
  await botSaid(ctx.emu, user, '利用できません');
  const closed = await conversationOf(ctx, (c) => c.status === 'closed');
  assert.equal(closed.bot_status, 'ended');
  assert.equal(closed.intake.consent, 'decline');
  assert.deepEqual(await ctx.counselor.conversations('waiting'), []);
});

test('a risky message during the intake goes to the queue at once, ahead of the others', async (t) => {
  const ctx = await setUp(t);
  const calm = await ctx.emu.userId(0);
  const risky = await ctx.emu.userId(1);
  for (const user of [calm, risky]) {
    await ctx.emu.follow(user);
    await botSaid(ctx.emu, user, '利用のきまり');
  }
  await ctx.emu.tap(calm, '同意する');
  await botSaid(ctx.emu, calm, '相談員につなぐ前に');
  await ctx.emu.tap(calm, 'すぐに相談する');
  await waitFor(async () => (await ctx.counselor.conversations('waiting')).length === 1, 3000, { what: 'calm queued' });

  await ctx.emu.tap(risky, '同意する');
  await botSaid(ctx.emu, risky, '相談員につなぐ前に');
  await ctx.emu.send(risky, 'もう死にたい');
  await botSaid(ctx.emu, risky, '相談員につなぎます');
  const queue = await waitFor(async () => {
    const list = await ctx.counselor.conversations('waiting');
    return list.length === 2 ? list : null;
  }, 3000, { what: 'both queued' });
  assert.ok(queue[0].risk_level >= 1, 'the risky one waits first');
  assert.equal(queue[0].intake.intake, undefined, 'the intake was cut short');
  const { messages } = await ctx.counselor.messages(queue[0].id);
  assert.ok(messages.some((m) => m.sender_kind === 'system' && m.text.includes('リスクの表現')));
});

test('reload: admins only; a broken file is refused with its lines and the working version stays', async (t) => {
  const source = readFileSync(join(REPO, 'data/scenarios/center.json'), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-scenario-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'center.json');
  writeFileSync(file, source);
  const ctx = await setUp(t, file);
  const admin = await ctx.stack.login('admin1');
  const counselor = await ctx.stack.login('counselor1');
  assert.equal((await counselor.post('/api/v1/admin/scenarios/reload')).status, 403);

  const same = await admin.post('/api/v1/admin/scenarios/reload');
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.scenarios[0].new_version, false, 'the same file is the same version');

  writeFileSync(file, source.replace('"next": "terms"', '"next": "termz"').replace('"type": "end"', '"type": "finish"'));
  const broken = await admin.post('/api/v1/admin/scenarios/reload');
  assert.equal(broken.status, 422);
  const errors = broken.json.scenarios[0].errors;
  assert.ok(errors.some((e) => /center\.json:\d+: .*finish/.test(e)), JSON.stringify(errors));

  // The working version still runs.
  const user = await ctx.emu.userId(3);
  await ctx.emu.follow(user);
  await botSaid(ctx.emu, user, '利用のきまり');

  writeFileSync(file, source.replaceAll('こんにちは。', 'こんばんは。'));
  const changed = await admin.post('/api/v1/admin/scenarios/reload');
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.scenarios[0].new_version, true);
  const other = await ctx.emu.userId(2);
  await ctx.emu.follow(other);
  await botSaid(ctx.emu, other, 'こんばんは。');
});

test('out of hours: the next opening and the helplines open now; 返信希望 queues the person for then', async (t) => {
  // Open only from 2099: closed now, and the next opening is known.
  const stack = await stackFor(t, {
    staff: ['counselor1'],
    program: {
      scenario: join(REPO, 'data/scenarios/center.json'),
      shifts: ['月-金 09:00-17:00'],
      period: '2099-01-05..2099-12-31',
      helplines: ['夜間テスト窓口|0000-00-0000|月 03:00-03:01', '24時間子供SOSダイヤル|0120-0-78310|'],
    },
  });
  const counselor = await stack.login('counselor1');
  const user = await stack.emu.userId(0);
  await stack.emu.send(user, 'こんばんは');
  const notice = await botSaid(stack.emu, user, 'いまは受付時間外です');
  assert.match(notice.message.text, /受付時間: 月-金 09:00-17:00/, 'the hours written from the shifts');
  assert.match(notice.message.text, /次の受付は 1月5日（月）09:00 から/);
  const sos = notice.message.text.indexOf('24時間子供SOSダイヤル 0120-0-78310（いま受付中）');
  const night = notice.message.text.indexOf('夜間テスト窓口 0000-00-0000');
  assert.ok(sos >= 0 && night > sos, 'open helplines first');
  assert.deepEqual(notice.message.quickReply.items.map((i) => i.action.label), ['返信希望', '今はいい']);
  assert.deepEqual(await counselor.conversations('waiting'), [], 'nobody is queued for an auto-reply');

  await stack.emu.tap(user, '返信希望');
  await botSaid(stack.emu, user, '利用のきまり');
  await stack.emu.tap(user, '同意する');
  await botSaid(stack.emu, user, '相談員につなぐ前に');
  await stack.emu.tap(user, 'すぐに相談する');
  await botSaid(stack.emu, user, '次の受付時間（1月5日（月）09:00）になったら');
  const waiting = await waitFor(async () => (await counselor.conversations('waiting'))[0], 3000, { what: 'queued' });
  assert.equal(waiting.intake.callback, 'yes');
});

test('a broken hours setting stops the start with every error named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-hours-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'tsunagu.toml');
  writeFileSync(
    configPath,
    configText({
      dir,
      emulatorUrl: 'http://127.0.0.1:9',
      dataKeys: [writeDataKey(dir)],
      program: { shifts: ['火-金 16:00-2x:00', '木曜日だけ 9:00-17:00'], period: '2018-12-28..2018-12-01' },
    }),
  );
  const res = await runBin(['serve', '--config', configPath]);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /programs\.center\.shifts\[0\]/);
  assert.match(res.stderr, /programs\.center\.shifts\[1\]/);
  assert.match(res.stderr, /programs\.center\.period/);
});

test('overflow: with the queue full, a newcomer is told and counted apart; before that, the place and the wait', async (t) => {
  const stack = await stackFor(t, {
    staff: ['counselor1', 'supervisor1'],
    program: {
      scenario: join(REPO, 'data/scenarios/center.json'),
      overflow_queue_length: 1,
      planned_per_hour: 12,
      helplines: ['24時間子供SOSダイヤル|0120-0-78310|'],
    },
  });
  const counselor = await stack.login('counselor1');
  const supervisor = await stack.login('supervisor1');
  const [first, second] = [await stack.emu.userId(0), await stack.emu.userId(1)];
  for (const [user, expected] of [
    [first, 'いま 1 番目で、待ち時間の目安は約 5 分です'],
    [second, 'とても混み合っていて'],
  ]) {
    await stack.emu.follow(user);
    await botSaid(stack.emu, user, '利用のきまり');
    await stack.emu.tap(user, '同意する');
    await botSaid(stack.emu, user, '相談員につなぐ前に');
    await stack.emu.tap(user, 'すぐに相談する');
    await botSaid(stack.emu, user, expected);
  }
  const overflowText = (await stack.emu.inbox(second)).at(-1).message.text;
  assert.match(overflowText, /24時間子供SOSダイヤル 0120-0-78310/);
  const queue = await counselor.conversations('waiting');
  assert.equal(queue.length, 1, 'only the first waits');
  const all = await supervisor.conversations('all');
  const overflowed = all.find((c) => c.id !== queue[0].id);
  assert.equal(overflowed.status, 'closed');
  assert.equal(overflowed.bot_status, 'ended');
});
