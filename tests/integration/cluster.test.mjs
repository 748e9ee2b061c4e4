// Several stateless nodes on one PostgreSQL database (lib/cluster.mjs): LINE webhooks reach the
// nodes through a load balancer that sends consecutive events of each LINE user to different
// nodes; counselors work on different nodes; nodes are killed with SIGKILL under load. What a
// child and a counselor see must not change: every message once and in order, every reply once
// and in order, and the console on one node sees what arrived at another.
//
// Needs TSUNAGU_TEST_PG_URL (run through scripts/with-postgres or `make test`); without it this
// file fails with one test saying so. TSUNAGU_IT_CLUSTER_CHAOS=0 makes the crash test wait for a
// quiet moment before each kill (see the comment above that test).
//
//   scripts/with-postgres node --test --test-reporter=spec tests/integration/cluster.test.mjs
//
// The diagnostics (ℹ lines with the spec reporter) give the measured latencies and what
// happened during the outages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, GREETING, countOf, conversationWithText, sleep, waitFor } from './lib/harness.mjs';
import { PG_URL, PG_MISSING_MESSAGE, clusterFor, stampFrames, percentile, psql } from './lib/cluster.mjs';

const USERS = 4; // the emulator's preset users
const MESSAGES = 30; // per user
const REPLIES = 10; // per counselor
const TOTAL = USERS * MESSAGES;

const pad = (k) => String(k).padStart(2, '0');
const messageText = (user, k) => `u${user}-m${pad(k)} です`;
const replyText = (label, k) => `${label}-r${pad(k)} お返事です`;
const isClient = (m) => m.sender_kind === 'client';
const isStaff = (m) => m.sender_kind === 'staff';

/**
 * Polls `probe` until `done(value)` or the deadline, and returns the last value either way, so
 * that the assertion after it shows what was there (instead of a bare timeout).
 */
async function settle(probe, done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() >= deadline) return value;
    await sleep(50);
  }
}

/**
 * Sends one LINE event (follow or message) through the emulator and, while it is not answered
 * 200, redelivers it with the same webhookEventId after a short backoff, as LINE's redelivery
 * does. Resolves { eventId, entry } where entry is the balancer log entry that got the 200.
 */
async function accepted(cluster, produce, stats) {
  const first = await produce();
  const eventId = first.event.webhookEventId;
  let answer = first;
  for (let attempt = 1; answer.webhookStatus !== 200; attempt++) {
    if (attempt > 20) throw new Error(`event ${eventId} not accepted after 20 redeliveries: ${JSON.stringify(answer)}`);
    stats.redelivered += 1;
    await sleep(50 * attempt);
    answer = await cluster.emu.redeliver(eventId);
  }
  const entry = cluster.balancer.acceptedEntry(eventId);
  assert.ok(entry, `the balancer saw the 200 for ${eventId}`);
  return { eventId, entry };
}

/**
 * Posts a staff reply. With `failoverTo`, a network error (the node is down) moves the client to
 * the node failoverTo() returns, as the console reconnects through the balancer:
 * - connection refused: the request never reached the node, so it is sent again there;
 * - any other error (reset, socket closed): the node may or may not have stored it. The console
 *   cannot tell (the API has no idempotency key), so the reply counts as "unknown" and is not
 *   sent again; the checks then require it to be stored at most once and, if stored, delivered
 *   exactly once.
 */
async function postReply(client, conversationId, text, { failoverTo } = {}) {
  for (;;) {
    let res;
    const node = client.node.name;
    try {
      res = await client.reply(conversationId, text);
    } catch (err) {
      if (!failoverTo) throw err;
      const code = err.cause?.code ?? err.code ?? err.message;
      client.moveTo(failoverTo());
      if (code === 'ECONNREFUSED') continue;
      return { text, outcome: 'unknown', error: code, node };
    }
    assert.equal(res.status, 201, `reply ${text} via node ${node}: ${res.status} ${res.text}`);
    return { text, id: res.json.message.id, outcome: 'accepted', node };
  }
}

/**
 * The common setup: supervisors logged in on A and B (with streams if `streams`), every user
 * follows (one at a time, so the balancer sends the follows to A, B, A, B), then every user sends
 * message 1 (so these go B, A, B, A). Counselor 1 (on A) takes the conversation of a user whose
 * message 1 came through B; counselor 2 (on B) takes one whose message 1 came through A.
 */
async function setUp(cluster, { streams = false } = {}) {
  const [A, B] = cluster.nodes;
  const { emu } = cluster;
  const stats = { redelivered: 0 };
  const userIds = (await emu.users()).slice(0, USERS).map((u) => u.userId);
  const supA = await A.login('supervisor1');
  const supB = await B.login('supervisor1');
  const wsA = streams ? stampFrames(await supA.stream()) : null;
  const wsB = streams ? stampFrames(await supB.stream()) : null;

  for (const u of userIds) await accepted(cluster, () => emu.follow(u), stats);
  const sent = userIds.map(() => []); // per user: { text, eventId, entry } of every accepted message
  for (let i = 0; i < USERS; i++) {
    const text = messageText(i, 1);
    sent[i].push({ text, ...(await accepted(cluster, () => emu.send(userIds[i], text), stats)) });
  }
  const conversations = [];
  for (let i = 0; i < USERS; i++) {
    conversations.push((await conversationWithText(supA, messageText(i, 1), { view: 'all', timeoutMs: 5000 })).id);
  }
  assert.equal(new Set(conversations).size, USERS, 'one conversation per user');

  const viaB = sent.findIndex((s) => s[0].entry.node === 1);
  const viaA = sent.findIndex((s) => s[0].entry.node === 0);
  assert.ok(viaB >= 0 && viaA >= 0, `first messages reached both nodes: ${JSON.stringify(sent.map((s) => s[0].entry.node))}`);
  const counselor1 = await A.login('counselor1');
  const counselor2 = await B.login('counselor2');
  const took1 = await counselor1.take(conversations[viaB]);
  assert.equal(took1.status, 200, `counselor1 takes on A a conversation that came through B: ${took1.text}`);
  const took2 = await counselor2.take(conversations[viaA]);
  assert.equal(took2.status, 200, `counselor2 takes on B a conversation that came through A: ${took2.text}`);
  const replyPlans = [
    { label: 'c1', client: counselor1, user: viaB, conversationId: conversations[viaB] },
    { label: 'c2', client: counselor2, user: viaA, conversationId: conversations[viaA] },
  ];
  return { userIds, sent, conversations, stats, supA, supB, wsA, wsB, replyPlans };
}

/**
 * The load: every user sends messages 2..MESSAGES one after another (all users at once), and
 * each counselor sends REPLIES numbered replies, reply k after its user's message 2 + 2k was
 * accepted, so replies and messages interleave. `duringLoad(progress)` runs alongside (the crash
 * test kills nodes from there): users wait before sending while progress.total >= progress.cap,
 * and counselors wait before posting while progress.replies.closed is set
 * (progress.replies.inFlight counts posts under way). `redeliverAt` makes each user
 * redeliver message 5 twice after that message (two redeliveries of one event go to both
 * nodes). Resolves the reply attempts per plan.
 */
async function runLoad(cluster, ctx, { duringLoad, failoverTo, redeliverAt = null } = {}) {
  const { emu } = cluster;
  const progress = {
    perUser: Array(USERS).fill(1),
    total: USERS,
    cap: Infinity,
    done: false,
    replies: { closed: false, inFlight: 0, posted: 0 },
  };
  const userLoop = async (i) => {
    for (let k = 2; k <= MESSAGES; k++) {
      const text = messageText(i, k);
      if (progress.total >= progress.cap) await waitFor(() => progress.total < progress.cap, 60000, { what: 'the load to go on' });
      ctx.sent[i].push({ text, ...(await accepted(cluster, () => emu.send(ctx.userIds[i], text), ctx.stats)) });
      progress.perUser[i] = k;
      progress.total += 1;
      if (k === redeliverAt) {
        const again = ctx.sent[i][4];
        for (let n = 0; n < 2; n++) {
          const res = await emu.redeliver(again.eventId);
          assert.equal(res.webhookStatus, 200, `redelivery of ${again.text}: ${JSON.stringify(res)}`);
        }
      }
    }
  };
  const replyLoop = async (plan) => {
    const attempts = [];
    for (let k = 1; k <= REPLIES; k++) {
      // Checked again after the wait: the check and the count below run without a pause between.
      while (progress.perUser[plan.user] < 2 + 2 * k || progress.replies.closed) {
        await waitFor(() => progress.perUser[plan.user] >= 2 + 2 * k && !progress.replies.closed, 90000, {
          what: `message ${2 + 2 * k} of user ${plan.user}`,
        });
      }
      progress.replies.inFlight += 1;
      try {
        attempts.push(await postReply(plan.client, plan.conversationId, replyText(plan.label, k), { failoverTo }));
      } finally {
        progress.replies.inFlight -= 1;
        progress.replies.posted += 1;
      }
    }
    return attempts;
  };
  const loads = Promise.all([...ctx.userIds.map((_, i) => userLoop(i)), ...ctx.replyPlans.map(replyLoop)]);
  const side = duringLoad ? duringLoad(progress) : Promise.resolve();
  const [results] = await Promise.all([loads.finally(() => (progress.done = true)), side]);
  assert.equal(progress.total, TOTAL);
  return results.slice(USERS); // the reply attempts, per plan
}

/**
 * The outcome, read through the console API of each reader (a supervisor on some node) and on
 * the phones: every message once and in order per user; every stored staff reply once, in the
 * order it was posted, delivered, and on the phone exactly once, in order; accepted replies all
 * stored. Returns the stored staff texts per plan.
 */
async function checkOutcome(cluster, ctx, readers, replyAttempts, { deliveryTimeoutMs }) {
  const { emu } = cluster;
  const expectedClient = (i) => Array.from({ length: MESSAGES }, (_, k) => messageText(i, k + 1));
  for (let i = 0; i < USERS; i++) {
    for (const reader of readers) {
      const { messages } = await settle(
        () => reader.messages(ctx.conversations[i]),
        (r) => r.messages.filter(isClient).length >= MESSAGES,
        10000,
      );
      assert.deepEqual(
        messages.filter(isClient).map((m) => m.text),
        expectedClient(i),
        `user ${i}: every message exactly once, in order (read on node ${reader.node.name})`,
      );
      assert.deepEqual(
        messages.filter((m) => m.sender_kind === 'bot').map((m) => m.text),
        [GREETING],
        `user ${i}: one greeting (read on node ${reader.node.name})`,
      );
    }
  }

  const storedReplies = [];
  for (const [p, plan] of ctx.replyPlans.entries()) {
    const attempts = replyAttempts[p];
    const reader = readers[0];
    // Every staff message delivered (the lease of a send cut short by a kill runs out first).
    const { messages } = await settle(
      () => reader.messages(plan.conversationId),
      (r) => r.messages.filter(isStaff).every((m) => m.delivery_state === 'delivered'),
      deliveryTimeoutMs,
    );
    const staff = messages.filter(isStaff);
    const staffTexts = staff.map((m) => m.text);
    assert.deepEqual(
      staff.filter((m) => m.delivery_state !== 'delivered').map((m) => `${m.text}: ${m.delivery_state} ${m.delivery_error}`),
      [],
      `${plan.label}: every stored reply delivered`,
    );
    const expected = attempts.filter((a) => a.outcome === 'accepted' || staffTexts.includes(a.text)).map((a) => a.text);
    assert.deepEqual(staffTexts, expected, `${plan.label}: accepted replies stored once each, in order; unknown ones at most once`);
    for (const a of attempts.filter((x) => x.outcome === 'accepted')) {
      assert.equal(staff.find((m) => m.text === a.text)?.id, a.id, `${a.text}: the stored message is the one the API answered`);
    }
    storedReplies.push(staffTexts);
  }

  for (let i = 0; i < USERS; i++) {
    const planIndex = ctx.replyPlans.findIndex((p) => p.user === i);
    const expected = [GREETING, ...(planIndex >= 0 ? storedReplies[planIndex] : [])];
    const phone = await settle(() => emu.inboxTexts(ctx.userIds[i]), (texts) => texts.length >= expected.length, 10000);
    assert.deepEqual(phone, expected, `user ${i}: the phone shows the greeting and every reply exactly once, in order`);
  }
  // Each reply was accepted by the Messaging API once (a retry of a push that LINE had already
  // taken gets 409 and delivers nothing).
  const requests = await emu.requests();
  const conflicts = [];
  for (const texts of storedReplies) {
    for (const text of texts) {
      const calls = requests.filter((r) => r.body?.messages?.some((m) => m.text === text));
      assert.equal(calls.filter((r) => r.status === 200).length, 1, `${text}: one accepted send call: ${JSON.stringify(calls.map((r) => `${r.path} ${r.status}`))}`);
      conflicts.push(...calls.filter((r) => r.status === 409));
    }
  }
  return { storedReplies, conflicts: conflicts.length };
}

const ms = (v) => `${Math.round(v)} ms`;

if (!PG_URL) {
  test('multi-node tests need PostgreSQL (TSUNAGU_TEST_PG_URL)', () => {
    assert.fail(PG_MISSING_MESSAGE);
  });
} else {
  test('two nodes, one database: messages through both nodes are stored once and in order, replies delivered once, consoles see the other node', async (t) => {
    const started = Date.now();
    const cluster = await clusterFor(t, { nodes: 2, staff: ['counselor1', 'counselor2', 'supervisor1'] });
    const ctx = await setUp(cluster, { streams: true });
    const replyAttempts = await runLoad(cluster, ctx, { redeliverAt: 10 });
    const loadDone = Date.now();

    // Consecutive messages of each user went to different nodes.
    for (let i = 0; i < USERS; i++) {
      const nodes = ctx.sent[i].map((s) => s.entry.node);
      const same = nodes.filter((n, k) => k > 0 && n === nodes[k - 1]).length;
      assert.equal(same, 0, `user ${i}: consecutive messages alternate between the nodes: ${nodes.join('')}`);
      // The redelivered message 5 was answered 200 by both nodes (one of them not the one that stored it).
      const entries = cluster.balancer.entriesFor(ctx.sent[i][4].eventId);
      assert.deepEqual(entries.map((e) => e.status), [200, 200, 200], `user ${i}: message 5 and its two redeliveries answered 200`);
      assert.deepEqual(new Set(entries.slice(1).map((e) => e.node)), new Set([0, 1]), 'the two redeliveries went to both nodes');
    }
    assert.equal(ctx.stats.redelivered, 0, 'no webhook needed a redelivery while both nodes were up');
    for (const attempts of replyAttempts) assert.ok(attempts.every((a) => a.outcome === 'accepted'));

    const { conflicts } = await checkOutcome(cluster, ctx, [ctx.supA, ctx.supB], replyAttempts, { deliveryTimeoutMs: 10000 });
    assert.equal(conflicts, 0, 'no send was retried');

    // Cross-node events: the supervisor's console on each node got message.created for every
    // message, exactly once, wherever it arrived and was processed.
    const created = (ws) => ws.frames.map((f, k) => ({ f, at: ws.frameTimes[k] })).filter(({ f }) => f.type === 'message.created');
    const clientCreated = (ws) => created(ws).filter(({ f }) => f.message?.sender_kind === 'client');
    await settle(() => [clientCreated(ctx.wsA).length, clientCreated(ctx.wsB).length], ([a, b]) => a >= TOTAL && b >= TOTAL, 5000);
    const allTexts = ctx.sent.flat().map((s) => s.text).sort();
    for (const [name, ws] of [['A', ctx.wsA], ['B', ctx.wsB]]) {
      assert.deepEqual(clientCreated(ws).map(({ f }) => f.message.text).sort(), allTexts, `node ${name}'s console saw every message exactly once`);
    }
    // The replies posted on B (counselor2) reached the console on A, and their delivery too.
    const replyIdsOnB = replyAttempts[1].map((a) => a.id);
    const staffCreatedOnA = created(ctx.wsA).filter(({ f }) => f.message?.sender_kind === 'staff' && replyIdsOnB.includes(f.message.id));
    assert.deepEqual(staffCreatedOnA.map(({ f }) => f.message.id).sort((a, b) => a - b), [...replyIdsOnB].sort((a, b) => a - b), "counselor2's replies (on B) appear once each on A's console");
    await settle(
      () => ctx.wsA.frames.filter((f) => f.type === 'message.updated' && f.message?.delivery_state === 'delivered' && replyIdsOnB.includes(f.message.id)).length,
      (n) => n >= REPLIES,
      5000,
    );
    const deliveredOnA = new Set(ctx.wsA.frames.filter((f) => f.type === 'message.updated' && f.message?.delivery_state === 'delivered').map((f) => f.message.id));
    assert.deepEqual(replyIdsOnB.filter((id) => !deliveredOnA.has(id)), [], "A's console saw every reply posted on B become delivered");

    // Latency: from B's 200 to the webhook (as the balancer saw it) to message.created on A's console.
    const frameAt = (ws, text) => clientCreated(ws).find(({ f }) => f.message.text === text)?.at;
    const viaB = ctx.sent.flat().filter((s) => s.entry.node === 1);
    const latencies = viaB.map((s) => frameAt(ctx.wsA, s.text) - s.entry.answeredAt);
    // And the lag between the two consoles for the same message (one of them got it from the journal).
    const lags = ctx.sent.flat().map((s) => Math.abs(frameAt(ctx.wsA, s.text) - frameAt(ctx.wsB, s.text)));
    const slow = viaB.map((s, k) => `${s.text}: ${latencies[k]} ms`).filter((_, k) => !(latencies[k] < 2000));
    t.diagnostic(
      `webhook 200 on B → message.created on A's console, ${latencies.length} messages: ` +
        `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))}`,
    );
    t.diagnostic(`same message on A's and B's consoles, ${lags.length} messages: p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))}, max ${ms(Math.max(...lags))}`);
    t.diagnostic(`load of ${TOTAL} messages and ${2 * REPLIES} replies: ${ms(loadDone - started)} from start; test ${ms(Date.now() - started)}`);
    assert.deepEqual(slow, [], 'every message that came through B reached the console on A within 2 s');
  });

  // The kills come at any moment, also in the middle of a reply request or a send. A node killed
  // between claiming a send and recording it holds that send's lease ([workers] outbox_lease_s,
  // here the minimum, 25 s), and that person's later messages wait behind it; then another node
  // sends it again with the same X-Line-Retry-Key, and LINE answers 409. With
  // TSUNAGU_IT_CLUSTER_CHAOS=0 each kill waits instead for a moment when no reply is being posted
  // or sent (the counselors pause for it, then go on replying through the outage).
  const CHAOS = process.env.TSUNAGU_IT_CLUSTER_CHAOS !== '0';
  test(`SIGKILL under load, one node then the other${CHAOS ? ' (at any moment)' : ''}: every accepted message stored and processed once, in order; every accepted reply delivered once, in order`, async (t) => {
    const started = Date.now();
    const cluster = await clusterFor(t, {
      nodes: 2,
      staff: ['counselor1', 'counselor2', 'supervisor1'],
      // Below the 2 s safety margin, so reply tokens are never used: every send is a push with
      // X-Line-Retry-Key, the path that LINE de-duplicates. (A reply-token send whose answer is
      // lost in a crash can deliver twice; docs/architecture.md accepts that.)
      line: { reply_token_validity_ms: 1000 },
      workers: { outbox_lease_s: 25 },
    });
    const [A, B] = cluster.nodes;
    const { balancer } = cluster;
    const ctx = await setUp(cluster);
    const events = [];
    const note = (what, progress) => events.push(`${ms(Date.now() - started)} ${what} (accepted ${progress.total}/${TOTAL}, replies posted ${progress.replies.posted})`);
    // Where a console goes when its node is down: the other one.
    let down = null;
    const failoverTo = () => (down === B ? A : B);

    /** Every reply posted so far is delivered (read through `reader`). */
    const repliesDelivered = (reader) =>
      waitFor(
        async () => {
          for (const plan of ctx.replyPlans) {
            const { messages } = await reader.messages(plan.conversationId);
            if (!messages.filter(isStaff).every((m) => m.delivery_state === 'delivered')) return false;
          }
          return true;
        },
        10000,
        { what: 'every posted reply to be delivered before the kill' },
      );
    // Users stop a few messages after `from` until the kill has happened, and a few after `to`
    // until the restart, so that there is load during the outage and after the restart however
    // long the kill and the restart take.
    const outage = async (progress, victim, { from, to, failover }) => {
      progress.cap = from + 8;
      await waitFor(() => progress.total >= from, 60000, { what: `${from} messages accepted` });
      if (!CHAOS) {
        progress.replies.closed = true;
        await waitFor(() => progress.replies.inFlight === 0, 10000, { what: 'reply requests to finish' });
        await repliesDelivered(victim === A ? ctx.supB : ctx.supA);
      }
      balancer.failover = failover;
      down = victim;
      const killed = await victim.kill('SIGKILL');
      progress.replies.closed = false;
      progress.cap = to + 8;
      assert.equal(killed.signal, 'SIGKILL');
      note(`node ${victim.name} killed; balancer ${failover ? 'fails over' : 'answers 502'}`, progress);
      await waitFor(() => progress.total >= to, 60000, { what: `${to} messages accepted` });
      await victim.start();
      progress.cap = Infinity;
      (victim === A ? ctx.supA : ctx.supB).moveTo(victim); // the same session on the restarted node
      down = null;
      balancer.failover = true;
      note(`node ${victim.name} restarted`, progress);
    };
    const replyAttempts = await runLoad(cluster, ctx, {
      failoverTo,
      duringLoad: async (progress) => {
        // B dies while the balancer sends half the webhooks to it: the balancer retries them on A
        // (LINE never notices). Then A dies with the balancer answering 502 for requests to A:
        // LINE counts failed deliveries and redelivers them (same webhookEventId).
        await outage(progress, B, { from: Math.round(TOTAL * 0.25), to: Math.round(TOTAL * 0.45), failover: true });
        await outage(progress, A, { from: Math.round(TOTAL * 0.6), to: Math.round(TOTAL * 0.8), failover: false });
      },
    });
    const loadDone = Date.now();

    // Both kinds of failure happened: webhooks failed over while B was down, and 502s were
    // redelivered while A was down.
    const failedOver = balancer.log.filter((e) => e.status === 200 && e.attempts.length > 1);
    const bad = balancer.log.filter((e) => e.status === 502);
    t.diagnostic(events.join('; '));
    t.diagnostic(`webhooks: ${balancer.log.length} requests, ${failedOver.length} failed over, ${bad.length} answered 502, ${ctx.stats.redelivered} redelivered`);
    assert.ok(failedOver.length > 0, 'some webhooks were retried on the surviving node');
    assert.ok(bad.length > 0 && ctx.stats.redelivered >= bad.length, 'some webhooks got 502 and were redelivered');

    // Sessions live in the database: the supervisors' cookies work on the restarted nodes.
    const { storedReplies, conflicts } = await checkOutcome(cluster, ctx, [ctx.supA, ctx.supB], replyAttempts, {
      // A send cut by a kill waits for its lease (outbox_lease_s = 25) to run out.
      deliveryTimeoutMs: CHAOS ? 40000 : 10000,
    });
    const outcomes = replyAttempts.flat();
    const unknown = outcomes.filter((a) => a.outcome === 'unknown');
    t.diagnostic(
      `replies: ${outcomes.length - unknown.length} accepted, ${unknown.length} unknown ` +
        `(${unknown.map((a) => `${a.text} on ${a.node}: ${a.error}, ${storedReplies.flat().includes(a.text) ? 'stored' : 'not stored'}`).join('; ') || '-'}); ` +
        `push retries answered 409: ${conflicts}`,
    );
    t.diagnostic(`load ${ms(loadDone - started)} from start; test ${ms(Date.now() - started)}`);
  });

  test('two nodes starting at the same moment on an empty database both come up; the migrations run once', async (t) => {
    const cluster = await clusterFor(t, { nodes: 2, staff: [], startNodes: false });
    const [A, B] = cluster.nodes;
    await Promise.all([A.start(), B.start()]);
    for (const node of [A, B]) {
      const health = await node.http('GET', '/healthz');
      assert.equal(health.status, 200, `node ${node.name} /healthz: ${health.text}`);
    }
    // The migration bookkeeping is not visible through the API: read it with psql. Each
    // migration is recorded once (its version is the primary key, so a second run of the same
    // migration would have failed a node's start instead).
    const files = readdirSync(join(REPO, 'migrations/postgres')).filter((f) => /^\d{4}_.*\.sql$/.test(f));
    const versions = (await psql(cluster.db.url, 'SELECT version FROM schema_migrations ORDER BY version')).trim().split('\n');
    assert.deepEqual(versions, files.map((f) => String(Number(f.slice(0, 4)))).sort((a, b) => a - b), 'every migration recorded once');

    // Both nodes work on the one schema: staff added once, a message through either node seen on both.
    await cluster.addStaff('supervisor1');
    const onA = await A.login('supervisor1');
    const onB = await B.login('supervisor1');
    const userId = await cluster.emu.userId(0);
    const stats = { redelivered: 0 };
    await accepted(cluster, () => cluster.emu.follow(userId), stats);
    const { entry } = await accepted(cluster, () => cluster.emu.send(userId, 'はじめまして'), stats);
    assert.deepEqual(cluster.balancer.log.map((e) => e.node), [0, 1], 'the follow went to A, the message to B');
    assert.equal(entry.node, 1);
    for (const client of [onA, onB]) {
      const c = await conversationWithText(client, 'はじめまして', { view: 'all' });
      const { messages } = await client.messages(c.id);
      assert.deepEqual(messages.map((m) => `${m.sender_kind}:${m.text}`), ['system:友だち追加されました / followed', `bot:${GREETING}`, 'client:はじめまして']);
    }
    assert.equal(countOf(await cluster.emu.inboxTexts(userId), GREETING), 1);
  });
}
