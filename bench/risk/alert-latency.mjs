#!/usr/bin/env node
// Alert latency: from a webhook POST that carries a risky message to the risk.alert frame on a
// supervisor's console WebSocket, at a fixed offered rate (docs/performance.md, "Risk alerts").
// One tsunagu on SQLite (the binary from TSUNAGU_BIN, default build/tsunagu) with the risk
// analyzer on, started through the integration harness; webhooks are signed and POSTed straight
// to tsunagu (open loop: request i is issued at start + i / rate). Every --risky-every-th message
// is 「もう死にたい」 from a new LINE user, so that each opens its own alert; the others are
// everyday messages from --users users.
//
//   node bench/risk/alert-latency.mjs [--rate 1000] [--duration 10] [--risky-every 10]
//
// Prints one JSON line: offered and achieved rates, POST latency, alert latency p50/p99/max, and
// how many alerts were missing after a grace period. Exit status 1 if any alert is missing or a
// POST failed.
import http from 'node:http';
import { createHmac, createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { startStack, CHANNEL_SECRET, CHANNEL_KEY, sleep } from '../../tests/integration/lib/harness.mjs';
import { stampFrames, percentile } from '../../tests/integration/lib/cluster.mjs';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    'risky-every': { type: 'string', default: '10' },
    users: { type: 'string', default: '2000' },
    conns: { type: 'string', default: '64' },
    grace: { type: 'string', default: '30' },
  },
});
const rate = Number(values.rate);
const duration = Number(values.duration);
const riskyEvery = Number(values['risky-every']);
const total = Math.round(rate * duration);

const everyday = [
  '最近学校に行くのがつらくて、朝になるとお腹が痛くなります。',
  '部活の先輩に強く言われて、もうやめたいです。',
  'こんばんは。話を聞いてもらえますか',
  '進路のことで親と意見が合いません。',
];
const userId = (key) => 'U' + createHash('md5').update(key).digest('hex');

function body(i) {
  const risky = i % riskyEvery === 0;
  const text = risky ? `もう死にたい [a:${i}]` : `${everyday[i % everyday.length]} [b:${i}]`;
  const user = risky ? userId(`alert-${i}-${randomBytes(4).toString('hex')}`) : userId(`u-${i % Number(values.users)}`);
  return {
    risky,
    text: JSON.stringify({
      destination: userId('bot'),
      events: [
        {
          type: 'message',
          message: { type: 'text', id: String(10_000_000_000 + i), quoteToken: 'q', text },
          webhookEventId: `01BENCH${String(i).padStart(19, '0')}`,
          deliveryContext: { isRedelivery: false },
          timestamp: Date.now(),
          source: { type: 'user', userId: user },
          replyToken: randomBytes(16).toString('hex'),
          mode: 'active',
        },
      ],
    }),
  };
}

const stack = await startStack({ staff: ['supervisor1'], workers: { inbound: true, outbox: false } });
let failed = 0;
try {
  const supervisor = await stack.login('supervisor1');
  const ws = stampFrames(await supervisor.stream());
  const url = new URL(`${stack.tsunaguUrl}/webhook/line/${CHANNEL_KEY}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.conns) });
  const sentAt = new Map(); // alert index -> ms (wall clock, like the frame stamps)
  const postMs = [];
  const start = performance.now();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const { risky, text } = body(i);
    const signature = createHmac('sha256', CHANNEL_SECRET).update(text).digest('base64');
    const issued = performance.now();
    if (risky) sentAt.set(i, Date.now());
    inflight.push(
      new Promise((resolve) => {
        const req = http.request(
          url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-line-signature': signature } },
          (res) => {
            res.resume();
            res.on('end', () => {
              postMs.push(performance.now() - issued);
              if (res.statusCode !== 200) failed++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end(text);
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  // Wait for the alerts still to come.
  const alertAt = new Map();
  const deadline = Date.now() + Number(values.grace) * 1000;
  for (;;) {
    ws.frames.forEach((f, k) => {
      if (f.type !== 'risk.alert' || !f.message) return;
      const m = /\[a:(\d+)\]/.exec(f.message.text);
      if (m && !alertAt.has(Number(m[1]))) alertAt.set(Number(m[1]), ws.frameTimes[k]);
    });
    if (alertAt.size >= sentAt.size || Date.now() > deadline) break;
    await sleep(100);
  }
  const latencies = [...sentAt].filter(([i]) => alertAt.has(i)).map(([i, t]) => alertAt.get(i) - t);
  const result = {
    offered_rate: rate,
    achieved_rate: Math.round(total / elapsed),
    messages: total,
    post_failures: failed,
    post_ms: { p50: percentile(postMs, 50), p99: percentile(postMs, 99) },
    alerts_expected: sentAt.size,
    alerts_seen: alertAt.size,
    alert_ms: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) },
  };
  console.log(JSON.stringify(result));
  if (failed > 0 || alertAt.size < sentAt.size) process.exitCode = 1;
} finally {
  await stack.stop();
}
