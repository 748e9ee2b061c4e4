// A Nagano-like evening replayed through the LINE emulator against a server clock that the test
// moves ([testing] manual_clock, POST /api/v1/testing/clock); then the center's counts
// (GET /api/v1/stats/center) must equal what the simulation knows it did.
//
// Nagano's LINE trial (2017) took about 170 requests in an evening from 17:00 to 21:00, with 10
// counselors holding 2 chats each. Here a seeded PRNG plans 170-odd people over 16:30–21:40:
// - a few write before the opening or after the closing: the bot's out-of-hours question; some
//   ignore it (the bot gives up after [nudges] bot_idle_close_minutes), some answer 今はいい, some
//   ask for a reply (返信希望), go through the terms and wait in the queue for the next opening;
// - some decline the terms, some leave the bot with a question unanswered;
// - the rest go through the intake (skipped or answered) to the queue, some after adding the
//   account as a friend and typing something that is not an answer. When OVERFLOW_AT people
//   wait, a newcomer gets the overflow end; some of those write again later (a new conversation).
//   Some waiting people give up: 「待つのをやめる」 (queue:cancel) or blocking the account.
// - 10 counselors take the next (take-next, at most 2 each), reply, read the answer and close with
//   a wrap-up. They start at 17:00; after 21:00 they take only people who came in hours.
// At the end the clock moves past the bot's idle window, and one latecomer is left with the bot.
// The counts are read on the hour, around the moments the bot gives up, and at the end for four
// ranges (the whole evening, [17:00, 21:00), before and after); every one must equal the model's.
//
// The simulation keeps its own model of the queue and the counselors and checks, step by step,
// what the server says back (each bot answer, the place in the queue, overflow, whom take-next
// hands over), so a difference shows where it starts. All times are whole seconds on the server
// clock and no two people join the queue in the same instant, so the waits (queued → taken) and
// their nearest-rank p50/p90 are known exactly.
//
// Steps happen at ticks (distinct clock times). At each tick the clock moves there; steps that
// do not touch the queue (first messages, answers to the bot, the person's answer to a counselor,
// closes) run in parallel, each person's own steps in order across ticks; steps that change the
// queue (joining, leaving) run one by one in the model's order; then free counselors take the
// next. Every step waits for its visible result (the bot's answer on the phone, the stored
// message, the HTTP answer) before the clock moves again, so every stored time is the tick's.
//
// TSUNAGU_SIM_SEED=n replays another evening (for exploring; the suite runs the default).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stackFor, waitFor, REPO, STAFF } from './lib/harness.mjs';

const SEED = Number(process.env.TSUNAGU_SIM_SEED ?? 20170910);
const SEC = 1000;
const MIN = 60 * SEC;
const jst = (time, day = '2026-12-01') => Date.parse(`${day}T${time}+09:00`);
const CLOCK_START = '2026-12-01T16:30:00+09:00'; // a Tuesday, no holiday
const START = jst('16:30:00');
const OPEN = jst('17:00:00');
const CLOSE = jst('21:00:00');
const MIDNIGHT = jst('00:00:00', '2026-12-02');
const COUNSELORS = 10;
const HOLD = 2; // [queue] concurrent_per_counselor
const OVERFLOW_AT = 12; // overflow_queue_length
const PLANNED_PER_HOUR = 30;
const BOT_IDLE_MIN = 60; // [nudges] bot_idle_close_minutes (the default, written out)
const NEXT_TODAY = '12月1日（火）17:00';
const NEXT_TOMORROW = '12月2日（水）17:00';

// ---- the plan -------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG in [0, 1), with helpers. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const FIRST_WORDS = ['こんばんは', '相談したいことがあります', '話を聞いてほしいです', 'はじめまして', 'ちょっと聞いてもらえますか', '友だちのことで相談です'];
const ANSWERS = ['はい、よろしくお願いします', '学校のことで悩んでいて', '聞いてもらえてうれしいです', 'ありがとうございます。少し話してもいいですか'];
const AGES = ['小学生', '中学生', '高校生', '18〜19歳', '20代', '答えない'];
const GENDERS = ['女性', '男性', 'その他', '答えない'];
const AREAS = ['名古屋市内', '名古屋市外', '答えない'];
const TOPICS = { '学校・勉強': 'school', 友だち: 'friends', いじめ: 'bullying', 家族: 'family', 恋愛: 'romance', 'こころ・からだ': 'health', その他: 'other', 答えない: 'other' };
const WRAP_TOPICS = ['school', 'friends', 'family', 'romance', 'health', 'self', 'internet', 'other'];
const isOpen = (t) => t >= OPEN && t < CLOSE; // shifts 月-日 17:00-21:00

/**
 * One visit = one conversation: a person (phone) writing in at `arrival`, with a script of steps
 * at fixed times (whole seconds): { t, act: 'follow'|'write'|'tap', text, expect, joins }. expect
 * is what the bot answers; joins marks the step that reaches the queue (its answer depends on the
 * queue: see joinQueue). kind: ooh_ignore | ooh_no | ooh_callback | decline | silent_terms |
 * silent_intake | consult. joinTimes: the instants already taken by someone joining the queue.
 */
function planVisit(r, { phone, tag, arrival, kind, joinTimes, follow = false, returns = true }) {
  const open = isOpen(arrival);
  const v = {
    phone,
    tag,
    kind,
    arrival,
    open,
    steps: [],
    intake: kind === 'consult' && r.chance(0.45) ? 'answer' : 'skip',
    topic: r.pick(WRAP_TOPICS),
    patienceMs: kind === 'consult' && r.chance(0.3) ? r.int(3, 25) * MIN : Infinity,
    leave: 'cancel',
    replyAfterMs: r.int(30, 180) * SEC,
    talkMs: r.int(25, 70) * MIN,
    returnAfterMs: returns && r.chance(0.5) ? r.int(15, 40) * MIN : null, // if overflowed
    history: [[arrival, 'in_progress']], // [time, category]: where the server should count it from then on
    queuedAt: null,
    takenAt: null,
    idleEndsAt: null,
  };
  if (follow && Number.isFinite(v.patienceMs) && r.chance(0.5)) v.leave = 'block';
  let t = arrival;
  const step = (act, text, expect, extra = {}) => {
    v.steps.push({ t, act, text, expect, ...extra });
    t += r.int(8, 60) * SEC; // reading and tapping
  };
  const first = `${r.pick(FIRST_WORDS)}（${tag}）`;
  if (follow) {
    // Added as a friend from a QR code, then typed something that is not an answer.
    step('follow', null, '利用のきまり');
    step('write', first, '「同意する」か「同意しない」を選んでください');
  } else {
    step('write', first, open ? '利用のきまり' : 'いまは受付時間外です', open ? {} : { expectToo: `次の受付は ${arrival < OPEN ? NEXT_TODAY : NEXT_TOMORROW} から` });
  }
  if (!open) {
    if (kind === 'ooh_no') step('tap', '今はいい', 'わかりました。受付時間に');
    if (kind === 'ooh_callback') {
      step('tap', '返信希望', '利用のきまり');
      step('tap', '同意する', '相談員につなぐ前に');
      step('tap', 'すぐに相談する', null, { joins: true });
    }
  } else if (kind === 'decline') {
    step('tap', '同意しない', '利用できません');
  } else if (kind === 'silent_intake') {
    step('tap', '同意する', '相談員につなぐ前に');
  } else if (kind === 'consult') {
    if (r.chance(0.1)) step('write', '料金はかかりますか？', '相談は無料です');
    step('tap', '同意する', '相談員につなぐ前に');
    if (v.intake === 'skip') {
      step('tap', 'すぐに相談する', null, { joins: true });
    } else {
      step('tap', '質問に答える', '何年生');
      step('tap', r.pick(AGES), '性別');
      step('tap', r.pick(GENDERS), '住んでいるところ');
      step('tap', r.pick(AREAS), 'どんなことの相談');
      const label = r.pick(Object.keys(TOPICS));
      v.topic = TOPICS[label];
      step('tap', label, null, { joins: true });
    }
  }
  const last = v.steps.at(-1);
  if (last.joins) {
    // No two people join the queue in the same instant: the queue order is then the model's.
    while (joinTimes.has(last.t)) last.t += SEC;
    joinTimes.add(last.t);
  }
  // A question left unanswered: the bot gives up after BOT_IDLE_MIN (counted by its node).
  if (['ooh_ignore', 'silent_terms', 'silent_intake'].includes(kind)) {
    v.idleEndsAt = last.t + BOT_IDLE_MIN * MIN;
    v.history.push([v.idleEndsAt, kind === 'ooh_ignore' ? 'out_of_hours' : 'bot_ended']);
  }
  if (kind === 'ooh_no') v.history.push([last.t, 'out_of_hours']);
  if (kind === 'decline') v.history.push([last.t, 'declined']);
  return v;
}

/** The evening's first visits, one per person, in arrival order. */
function planEvening(seed, joinTimes) {
  const r = prng(seed);
  const arrivals = [];
  for (let i = 0; i < 5; i++) arrivals.push({ t: START + r.int(0, 29 * 60 - 1) * SEC }); // 16:30–16:58
  for (let i = 0; i < 5; i++) arrivals.push({ t: CLOSE + r.int(60, 40 * 60) * SEC }); // 21:01–21:40
  // The evening, busier towards 21:00 as Nagano reported.
  const weights = [0.2, 0.23, 0.27, 0.3];
  for (let i = 0; i < 158; i++) {
    let x = r.next();
    let hour = 0;
    while (hour < 3 && x >= weights[hour]) x -= weights[hour++];
    arrivals.push({ t: OPEN + hour * 60 * MIN + r.int(0, 3599) * SEC });
  }
  // The edges of the opening hours [17:00, 21:00): 返信希望 just before each, a consultation at each.
  arrivals.push({ t: OPEN - SEC, kind: 'ooh_callback' }, { t: OPEN, kind: 'consult' });
  arrivals.push({ t: CLOSE - SEC, kind: 'consult' }, { t: CLOSE, kind: 'ooh_callback' });
  arrivals.sort((a, b) => a.t - b.t);

  return arrivals.map((a, index) => {
    let kind = a.kind;
    if (!kind && !isOpen(a.t)) kind = r.pick(['ooh_ignore', 'ooh_ignore', 'ooh_no', 'ooh_no', 'ooh_callback']);
    if (!kind) {
      const x = r.next();
      kind = x < 0.06 ? 'decline' : x < 0.09 ? 'silent_terms' : x < 0.11 ? 'silent_intake' : 'consult';
    }
    const tag = `P${String(index + 1).padStart(3, '0')}`;
    const phone = { tag, index, userId: null, seen: 0 };
    const follow = kind === 'consult' && isOpen(a.t) && r.chance(0.25);
    return planVisit(r, { phone, tag, arrival: a.t, kind, joinTimes, follow });
  });
}

// ---- the model's tally ------------------------------------------------------------------------

/** Nearest-rank percentile, as the server computes it (app/center_stats.cc). */
function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p * sorted.length) / 100)));
  return sorted[rank - 1];
}

const CATEGORIES = ['handled', 'out_of_hours', 'overflow', 'abandoned', 'declined', 'bot_ended', 'waiting', 'in_progress'];
const KEYS = ['accesses', ...CATEGORIES, 'wait_ms_p50', 'wait_ms_p90', 'survey'];

/** The category of a visit at time `at` (it must have opened by then). */
const categoryAt = (v, at) => v.history.findLast(([since]) => since <= at)[1];

/**
 * What GET /api/v1/stats/center should answer, at time `at`, for the conversations opened in
 * [from, to).
 */
function tally(visits, from, to, at = Infinity) {
  const inRange = visits.filter((v) => v.arrival >= from && v.arrival < to && v.arrival <= at);
  const counts = { accesses: inRange.length };
  for (const c of CATEGORIES) counts[c] = inRange.filter((v) => categoryAt(v, at) === c).length;
  const waits = inRange.filter((v) => categoryAt(v, at) === 'handled').map((v) => v.takenAt - v.queuedAt);
  return { ...counts, wait_ms_p50: percentile(waits, 50), wait_ms_p90: percentile(waits, 90), survey: [] };
}

const mmss = (ms) => (ms === null ? '-' : `${Math.floor(ms / MIN)}m${String(Math.round((ms % MIN) / SEC)).padStart(2, '0')}s`);
const iso = (ms) => new Date(ms).toISOString();

// ---- the test ---------------------------------------------------------------------------------

test('a Nagano-like evening: the center counts match what the simulation did', { timeout: 240_000 }, async (t) => {
  const began = Date.now();
  const joinTimes = new Set();
  const visits = planEvening(SEED, joinTimes);
  const counselorLogins = Array.from({ length: COUNSELORS }, (_, i) => `counselor${i + 1}`);
  const stack = await stackFor(t, {
    staff: [...counselorLogins, 'supervisor1', 'admin1'],
    program: {
      scenario: join(REPO, 'data/scenarios/center.json'),
      shifts: ['月-日 17:00-21:00'],
      closed_on_holidays: false,
      year_end: '',
      overflow_queue_length: OVERFLOW_AT,
      planned_per_hour: PLANNED_PER_HOUR,
      helplines: ['24時間子供SOSダイヤル|0120-0-78310|'],
    },
    queue: { concurrent_per_counselor: HOLD },
    sections: {
      testing: { manual_clock: true, clock_start: CLOCK_START },
      nudges: { bot_idle_close_minutes: BOT_IDLE_MIN },
    },
  });
  const { emu } = stack;
  const [admin, supervisor, ...counselorClients] = await Promise.all(
    ['admin1', 'supervisor1', ...counselorLogins].map((login) => stack.login(login)),
  );
  const counselors = counselorClients.map((client) => ({ client, name: STAFF[client.staff.login].name, held: new Set() }));

  let now = START;
  let clockMoves = 0;
  const moveClock = async (at) => {
    if (at === now) return;
    assert.ok(at > now, 'the simulation never goes back');
    const res = await admin.post('/api/v1/testing/clock', { at: iso(at) });
    assert.equal(res.status, 200, res.text);
    assert.equal(Date.parse(res.json.now), at, 'the server clock is where the test put it');
    now = at;
    clockMoves += 1;
  };
  const stats = async (from, to) => {
    const res = await supervisor.get(`/api/v1/stats/center?program=center&from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.json.from, res.json.to], [iso(from), iso(to)]);
    return Object.fromEntries(KEYS.map((k) => [k, res.json[k]]));
  };
  /**
   * The counts for [from, to) must be the model's as of now. Timers (the bot giving up) run in the
   * background once the clock is past them, so this waits a little for them to settle; a count
   * that stays off fails with the whole difference.
   */
  const checkCounts = async (name, from, to) => {
    const expected = tally(visits, from, to, now);
    let actual;
    await waitFor(async () => isDeepStrictEqual((actual = await stats(from, to)), expected), 3000, { intervalMs: 20 }).catch(() => {});
    assert.deepEqual(actual, expected, `the counts for ${name} at ${iso(now)}`);
  };
  const newPhone = async (phone) => {
    phone.userId = (await emu.call('POST', '/users', { displayName: `相談者${phone.tag}` }, { expect: 201 })).user.userId;
  };
  await Promise.all(visits.map((v) => newPhone(v.phone)));

  /** Runs an action of the person and waits for `expect` among the new messages on their phone. */
  const act = async (v, action, expect, expectToo) => {
    const res = await action();
    assert.equal(res.webhookStatus, 200, `${v.tag}: the webhook answered ${res.webhookStatus} ${res.webhookError ?? ''}`);
    let fresh = [];
    try {
      await waitFor(
        async () => {
          const inbox = await emu.inbox(v.phone.userId);
          fresh = inbox.slice(v.phone.seen).map((m) => m.message.text ?? '');
          if (!fresh.some((text) => text.includes(expect))) return false;
          v.phone.seen = inbox.length;
          return true;
        },
        5000,
        { intervalMs: 5, what: `${v.tag} to hear "${expect}"` },
      );
    } catch {
      assert.fail(`${v.tag} (${v.kind}) at ${iso(now)}: expected the bot to say "${expect}"; the phone shows ${JSON.stringify(fresh)}`);
    }
    if (expectToo) assert.ok(fresh.some((text) => text.includes(expectToo)), `${v.tag}: "${expectToo}" in ${JSON.stringify(fresh)}`);
  };
  const action = (v, s) => {
    if (s.act === 'follow') return () => emu.follow(v.phone.userId);
    if (s.act === 'write') return () => emu.send(v.phone.userId, s.text);
    return () => emu.tap(v.phone.userId, s.text);
  };

  // ---- the agenda: events by time. At a tick, phase 0 runs in parallel, then phase 1 one by one
  // in order, then the takes, then phase 2 (reading the counts).
  const agenda = [];
  let seq = 0;
  const schedule = (at, phase, run) => {
    const e = { t: at, phase, seq: seq++, run };
    let i = agenda.length;
    while (i > 0 && agenda[i - 1].t > e.t) i--;
    agenda.splice(i, 0, e);
  };
  const scheduleVisit = (v) => {
    for (const s of v.steps) {
      if (s.joins) schedule(s.t, 1, () => joinQueue(v, s));
      else schedule(s.t, 0, () => act(v, action(v, s), s.expect, s.expectToo));
    }
  };

  const queue = []; // the visits waiting, in the order take-next hands them over
  let limitSeen = false;

  const joinQueue = async (v, s) => {
    // Whoever finishes the intake while the program is closed (返信希望 out of hours, or an intake
    // that ran past the closing) is queued for the next opening; whoever finishes it while open
    // joins like everyone else, overflow and wait included (返信希望 pressed before the opening too).
    const later = !isOpen(now);
    const overflow = !later && queue.length >= OVERFLOW_AT;
    let expect;
    if (later) expect = `次の受付時間（${now < OPEN ? NEXT_TODAY : NEXT_TOMORROW}）になったら`;
    else if (overflow) expect = 'とても混み合っていて';
    else {
      const place = queue.length + 1;
      expect = `いま ${place} 番目で、待ち時間の目安は約 ${Math.ceil((place * 60) / PLANNED_PER_HOUR)} 分です`;
    }
    await act(v, action(v, s), expect);
    if (overflow) {
      v.history.push([now, 'overflow']);
      if (v.returnAfterMs) {
        // "時間をおいて、またメッセージを送ってください": a new conversation, straight to the queue.
        const arrival = now + v.returnAfterMs;
        const again = planVisit(prng(SEED + 7919 * (v.phone.index + 1)), {
          phone: v.phone,
          tag: `${v.phone.tag}-2`,
          arrival,
          kind: isOpen(arrival) ? 'consult' : 'ooh_no',
          joinTimes,
          returns: false,
        });
        visits.push(again);
        scheduleVisit(again);
      }
      return;
    }
    v.history.push([now, 'waiting']);
    v.queuedAt = now;
    queue.push(v);
    if (Number.isFinite(v.patienceMs)) schedule(now + v.patienceMs, 1, () => leaveQueue(v));
  };

  const leaveQueue = async (v) => {
    const place = queue.indexOf(v);
    if (place < 0) return; // taken in time
    if (v.leave === 'cancel') {
      await act(v, () => emu.postback(v.phone.userId, 'queue:cancel', '待つのをやめる'), '順番待ちを取り消しました');
      queue.splice(place, 1);
    } else {
      const res = await emu.unfollow(v.phone.userId);
      assert.equal(res.webhookStatus, 200);
      queue.splice(place, 1);
      // Nothing reaches a blocked phone: wait until the queue shows one person less.
      await waitFor(async () => (await supervisor.conversations('waiting')).length === queue.length, 5000, {
        intervalMs: 5,
        what: `${v.tag} out of the queue after blocking`,
      });
    }
    v.history.push([now, 'abandoned']);
  };

  const takeAll = async () => {
    if (now < OPEN) return;
    for (;;) {
      const head = queue[0];
      if (!head) return;
      if (now >= CLOSE && head.arrival >= CLOSE) return; // after hours: only those who came in hours
      const free = counselors.filter((c) => c.held.size < HOLD).sort((a, b) => a.held.size - b.held.size)[0];
      if (!free) {
        if (!limitSeen) {
          limitSeen = true;
          const full = await counselors[0].client.post('/api/v1/conversations/take-next');
          assert.equal(full.status, 429, `a counselor holding ${HOLD} cannot take a third: ${full.text}`);
        }
        return;
      }
      const res = await free.client.post('/api/v1/conversations/take-next');
      assert.equal(res.status, 200, `take-next at ${iso(now)} (the model expects ${head.tag}): ${res.text}`);
      const { id } = res.json.conversation;
      queue.shift();
      free.held.add(head);
      Object.assign(head, { conversationId: id, takenAt: now, counselor: free });
      head.history.push([now, 'handled']);
      const { messages } = await free.client.messages(id);
      assert.ok(
        messages.some((m) => m.sender_kind === 'client' && m.text?.includes(`（${head.tag}）`)),
        `take-next at ${iso(now)} gave conversation ${id} (${JSON.stringify(messages.filter((m) => m.sender_kind === 'client').map((m) => m.text))}); the model expected ${head.tag}, queued at ${iso(head.queuedAt)}`,
      );
      const reply = await free.client.reply(id, `${free.name.replace('相談員 ', '')}です。メッセージを読みました。お話を聞かせてください。`);
      assert.equal(reply.status, 201, reply.text);
      schedule(now + head.replyAfterMs, 0, () => answerCounselor(head));
      schedule(now + head.talkMs, 0, () => closeTalk(head));
    }
  };

  const answerCounselor = async (v) => {
    const text = ANSWERS[v.phone.index % ANSWERS.length];
    const res = await emu.send(v.phone.userId, text);
    assert.equal(res.webhookStatus, 200);
    // Stored before the clock moves on (the person's message also stops the idle check-in).
    await waitFor(
      async () => (await v.counselor.client.messages(v.conversationId)).messages.some((m) => m.sender_kind === 'client' && m.text === text),
      5000,
      { intervalMs: 5, what: `${v.tag}'s answer stored` },
    );
  };

  const closeTalk = async (v) => {
    const res = await v.counselor.client.close(v.conversationId, {
      topics: [v.topic],
      risk_level: 0,
      outcome: v.phone.index % 7 === 0 ? 'referral' : 'ended',
      summary: '',
    });
    assert.equal(res.status, 200, `${v.tag} close: ${res.text}`);
    assert.equal(res.json.conversation.status, 'closed');
    v.counselor.held.delete(v);
  };

  for (const v of visits) scheduleVisit(v);
  schedule(OPEN, 0, async () => {}); // the counselors start
  // Counts read during the evening (phase 2: after the tick's steps and takes): on the hour, and
  // one second before and at the moment the bot gives up on the first of each kind left
  // unanswered (the window is BOT_IDLE_MIN from the bot's last question, not from the opening).
  const snapshot = () => checkCounts('the evening so far', START, MIDNIGHT);
  for (const hour of ['18:00:00', '19:00:00', '20:00:00', '21:00:00']) schedule(jst(hour), 2, snapshot);
  for (const kind of ['ooh_ignore', 'silent_terms', 'silent_intake']) {
    const first = visits.find((v) => v.kind === kind);
    if (!first) continue;
    schedule(first.idleEndsAt - SEC, 2, snapshot);
    schedule(first.idleEndsAt, 2, snapshot);
  }
  let snapshots = 0;

  // ---- the evening ----
  while (agenda.length > 0) {
    const at = agenda[0].t;
    let n = 0;
    while (n < agenda.length && agenda[n].t === at) n++;
    const batch = agenda.splice(0, n);
    await moveClock(at);
    await Promise.all(batch.filter((e) => e.phase === 0).map((e) => e.run()));
    for (const e of batch.filter((x) => x.phase === 1)) await e.run();
    await takeAll();
    for (const e of batch.filter((x) => x.phase === 2)) {
      await e.run();
      snapshots += 1;
    }
  }
  assert.equal(counselors.reduce((sum, c) => sum + c.held.size, 0), 0, 'every talk was closed');
  assert.ok(limitSeen, 'a busy evening: at some point every counselor was full while people waited');
  assert.deepEqual((await supervisor.conversations('waiting')).length, queue.length, 'still waiting for tomorrow');

  // ---- the night: the bot gives up on the questions left unanswered ----
  const lastIdle = Math.max(...visits.filter((v) => v.idleEndsAt).map((v) => v.idleEndsAt));
  await moveClock(Math.max(now, lastIdle) + SEC);
  await checkCounts('the whole evening, nobody left with the bot', START, MIDNIGHT);

  // A latecomer, still with the bot when the counts are read.
  const phone = { tag: `P${String(visits.length + 1).padStart(3, '0')}`, index: visits.length, seen: 0 };
  await newPhone(phone);
  const late = { phone, tag: phone.tag, kind: 'ooh_ignore', arrival: now, history: [[now, 'in_progress']] };
  await act(late, () => emu.send(phone.userId, `まだ起きています（${phone.tag}）`), 'いまは受付時間外です', `次の受付は ${NEXT_TOMORROW} から`);
  visits.push(late);

  // ---- the counts ----
  await checkCounts('the whole evening', START, MIDNIGHT);
  await checkCounts('the opening hours [17:00, 21:00)', OPEN, CLOSE);
  await checkCounts('before the opening', START, OPEN);
  await checkCounts('after the closing', CLOSE, MIDNIGHT);

  const all = tally(visits, START, MIDNIGHT);
  assert.equal(CATEGORIES.reduce((s, c) => s + all[c], 0), all.accesses, 'the model puts every conversation in one category');
  const people = new Set(visits.map((v) => v.phone)).size;
  const blocked = visits.filter((v) => categoryAt(v, Infinity) === 'abandoned' && v.leave === 'block').length;
  t.diagnostic(
    `seed ${SEED}: ${people} people (${visits.length - people} wrote again), ${blocked} of the abandoned blocked; accesses ${all.accesses} = handled ${all.handled} (wait p50 ${mmss(all.wait_ms_p50)}, p90 ${mmss(all.wait_ms_p90)})` +
      ` + out_of_hours ${all.out_of_hours} + overflow ${all.overflow} + abandoned ${all.abandoned} + declined ${all.declined}` +
      ` + bot_ended ${all.bot_ended} + waiting ${all.waiting} + in_progress ${all.in_progress};` +
      ` ${clockMoves} clock moves, ${snapshots} counts read during the evening, ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
});
