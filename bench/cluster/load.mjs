#!/usr/bin/env node
// Open-loop load for bench/cluster/run: signed LINE webhooks at a fixed rate, spread round-robin
// over one or more nodes, and optionally console WebSockets (/api/v1/stream, logged-in
// supervisors) that watch each message arrive. Node 20, no dependencies.
//
//   node bench/cluster/load.mjs --post http://127.0.0.1:8081/webhook/line/bench[,URL...] \
//     --rate 1000 --duration 10 --secret S [--users 5000] [--conns 64] \
//     [--ws A=http://127.0.0.1:8081 --ws B=http://127.0.0.1:8082 --login L --password P] \
//     [--grace 20] [--max-wait 300] --out RESULT.json [--messages MESSAGES.tsv]
//
// Requests are scheduled at start + i / rate, whatever happened to earlier ones (open loop); a
// request whose connection is busy waits for one in the agent (up to --conns per node), and that
// wait counts in its latency. Latency is measured from the moment a request is issued; how late
// that was against its schedule is reported as sched_lag (the generator's own lag: if its p99 is
// more than a few ms, the generator, not the server, was short of CPU).
//
// The bodies have the shape of bench/webhook/gen-bodies.mjs (one text-message event each, a
// unique webhookEventId, message id and reply token, a userId from --users users), signed the
// same way. The text ends in a tag "[b:RUN-SEQ]" so that a message seen on a WebSocket can be
// matched to its POST. End to end = from issuing the POST to the 'data' event of the socket chunk
// that holds its message.created frame, on each WebSocket separately.
//
// After the last answer it waits for the messages still to come, as long as they keep coming: it
// gives up when no socket saw a new message for --grace seconds, or after --max-wait seconds.
// The result (JSON) has the counts, percentiles of POST latency and of each WebSocket's latency,
// and how many messages each WebSocket did not see.
// --messages writes one line per message: seq, target index, HTTP status, POST ms, message id,
// then the end-to-end ms on each WebSocket (empty when not seen), for bench/cluster/classify.mjs.
import http from 'node:http';
import { createHmac, createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({
  options: {
    post: { type: 'string' },
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    secret: { type: 'string', default: 'bench-channel-secret-0123456789ab' },
    users: { type: 'string', default: '5000' },
    conns: { type: 'string', default: '64' },
    ws: { type: 'string', multiple: true, default: [] },
    login: { type: 'string', default: 'bench-supervisor' },
    password: { type: 'string', default: 'bench-supervisor-password' },
    grace: { type: 'string', default: '20' },
    'max-wait': { type: 'string', default: '300' },
    'response-timeout': { type: 'string', default: '30' },
    seed: { type: 'string', default: '7' },
    out: { type: 'string' },
    messages: { type: 'string' },
  },
});
const rate = Number(values.rate);
const durationS = Number(values.duration);
const users = Number(values.users);
const conns = Number(values.conns);
const graceMs = Number(values.grace) * 1000;
const maxWaitMs = Number(values['max-wait']) * 1000;
let lastSeenAt = 0; // when any socket last saw one of our messages
const responseTimeoutMs = Number(values['response-timeout']) * 1000;
const targets = (values.post ?? '').split(',').filter(Boolean).map((u) => new URL(u));
if (!targets.length || !(rate > 0) || !(durationS > 0) || !values.out) {
  console.error('usage: load.mjs --post URL[,URL] --rate R --duration S --out FILE [--ws NAME=BASE ...]');
  process.exit(2);
}
const total = Math.round(rate * durationS);
const runTag = randomBytes(3).toString('hex');

// ---- bodies (the shape of bench/webhook/gen-bodies.mjs) ----------------------------------------

let state = Number(values.seed) >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function crockford(value, length) {
  let s = '';
  for (let i = 0; i < length; i++) {
    s = CROCKFORD[value % 32] + s;
    value = Math.floor(value / 32);
  }
  return s;
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const token = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += B64[Math.floor(rand() * 64)];
  return s;
};
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
};
const userIds = Array.from({ length: users }, (_, k) => 'U' + createHash('md5').update(`bench-user-${k}`).digest('hex'));
const destination = 'U' + createHash('md5').update('bench-bot').digest('hex');
const texts = [
  '最近学校に行くのがつらくて、朝になるとお腹が痛くなります。親には言えていません。',
  'クラスで無視されている気がします。先生に相談した方がいいのか分からなくて、ずっと一人で考えています。',
  'こんばんは。話を聞いてもらえますか',
  '部活の先輩に強く言われて、もうやめたいです。でもやめたら親にがっかりされそうで怖い',
  '夜になると不安で眠れません。スマホを見てしまってまた眠れなくなります😢',
];
const runNumber = parseInt(runTag, 16);
function makeBody(seq) {
  const ts = Date.now();
  const body = JSON.stringify({
    destination,
    events: [
      {
        type: 'message',
        message: {
          type: 'text',
          id: String(runNumber).padStart(8, '0') + String(seq).padStart(9, '0'),
          quoteToken: token(100),
          text: `${texts[Math.floor(rand() * texts.length)]} [b:${runTag}-${seq}]`,
        },
        webhookEventId: crockford(ts, 10) + crockford(seq, 6) + crockford(runNumber, 5) + crockford(Math.floor(rand() * 2 ** 25), 5),
        deliveryContext: { isRedelivery: false },
        timestamp: ts,
        source: { type: 'user', userId: userIds[Math.floor(rand() * users)] },
        replyToken: hex(32),
        mode: 'active',
      },
    ],
  });
  return { body, signature: createHmac('sha256', values.secret).update(body).digest('base64') };
}
const TAG = new RegExp(`\\[b:${runTag}-(\\d+)\\]$`);

// ---- WebSockets ------------------------------------------------------------------------------

async function login(base) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: values.login, password: values.password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login at ${base}: ${res.status} ${text}`);
  const m = /tsunagu_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`login at ${base}: no session cookie`);
  return `tsunagu_session=${m[1]}`;
}

// A minimal RFC 6455 client: reads text frames, answers pings, nothing else (the stream needs
// nothing from us). onFrame(json, arrivedAtMs) gets each frame with the time its chunk arrived.
function openStream(base, cookie, onFrame) {
  const url = new URL('/api/v1/stream', base);
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': key, cookie },
    });
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`stream at ${base}: HTTP ${res.statusCode}`)));
    req.on('upgrade', (_res, socket, head) => {
      socket.setNoDelay(true);
      const ws = { socket, closed: null };
      let buf = Buffer.alloc(0);
      let parts = null;
      const sendFrame = (opcode, payload) => {
        const mask = randomBytes(4);
        const data = Buffer.from(payload);
        const out = Buffer.alloc(6 + data.length); // control frames only: < 126 bytes
        out[0] = 0x80 | opcode;
        out[1] = 0x80 | data.length;
        mask.copy(out, 2);
        for (let i = 0; i < data.length; i++) out[6 + i] = data[i] ^ mask[i & 3];
        if (socket.writable) socket.write(out);
      };
      const onData = (chunk) => {
        const at = performance.now();
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          if (buf.length < 2) break;
          const fin = (buf[0] & 0x80) !== 0;
          const opcode = buf[0] & 0x0f;
          let len = buf[1] & 0x7f;
          let off = 2;
          if (len === 126) {
            if (buf.length < 4) break;
            len = buf.readUInt16BE(2);
            off = 4;
          } else if (len === 127) {
            if (buf.length < 10) break;
            len = Number(buf.readBigUInt64BE(2));
            off = 10;
          }
          if (buf.length < off + len) break;
          const payload = buf.subarray(off, off + len);
          buf = buf.subarray(off + len);
          if (opcode === 0x9) sendFrame(0xa, payload);
          else if (opcode === 0x8) {
            ws.closed = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
            socket.end();
          } else if (opcode === 0x1 || opcode === 0x0) {
            parts = opcode === 0x1 ? [payload] : [...(parts ?? []), payload];
            if (fin) {
              const text = Buffer.concat(parts).toString('utf8');
              parts = null;
              try {
                onFrame(JSON.parse(text), at);
              } catch {
                // not JSON: ignore
              }
            }
          }
        }
      };
      socket.on('data', onData);
      socket.on('close', () => {
        ws.closed ??= 1006;
      });
      socket.on('error', () => {});
      if (head?.length) onData(head);
      ws.close = () => {
        sendFrame(0x8, Buffer.from([0x03, 0xe8]));
        socket.end();
        setTimeout(() => socket.destroy(), 200).unref();
      };
      resolve(ws);
    });
    req.end();
  });
}

// ---- the run --------------------------------------------------------------------------------

const sentAt = new Float64Array(total).fill(NaN); // when each POST was issued
const postMs = new Float64Array(total).fill(NaN);
const status = new Int16Array(total); // 0: no answer (yet), -1: socket error
const schedLag = new Float64Array(total);
const targetOf = new Uint8Array(total);
const messageId = new Float64Array(total).fill(NaN);

const streams = [];
for (const spec of values.ws) {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq);
  const base = spec.slice(eq + 1);
  const seen = new Float64Array(total).fill(NaN);
  const s = { name, base, seen, count: 0, frames: 0, helloAt: null, extra: 0 };
  const cookie = await login(base);
  let helloResolve;
  const hello = new Promise((r) => (helloResolve = r));
  s.ws = await openStream(base, cookie, (f, at) => {
    s.frames++;
    if (f.type === 'hello') {
      helloResolve();
      return;
    }
    if (f.type !== 'message.created' || f.message?.sender_kind !== 'client') return;
    const m = TAG.exec(f.message.text ?? '');
    if (!m) return;
    const seq = Number(m[1]);
    if (seq >= total) return;
    if (!Number.isNaN(s.seen[seq])) {
      s.extra++; // the same message twice on one socket
      return;
    }
    s.seen[seq] = at;
    s.count++;
    lastSeenAt = at;
    if (Number.isNaN(messageId[seq])) messageId[seq] = f.message.id;
  });
  const timer = setTimeout(() => helloResolve('timeout'), 10000);
  if ((await hello) === 'timeout') throw new Error(`no hello on the stream at ${base}`);
  clearTimeout(timer);
  streams.push(s);
}

const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: conns, maxFreeSockets: conns }));
let answered = 0;
let allAnswered;
const allAnsweredP = new Promise((r) => (allAnswered = r));

function send(seq, scheduled) {
  const ti = seq % targets.length;
  const target = targets[ti];
  targetOf[seq] = ti;
  const { body, signature } = makeBody(seq);
  const t0 = performance.now();
  sentAt[seq] = t0;
  schedLag[seq] = t0 - scheduled;
  let done = false;
  const finish = (code) => {
    if (done) return;
    done = true;
    status[seq] = code;
    postMs[seq] = performance.now() - t0;
    if (++answered === total) allAnswered();
  };
  const req = http.request(
    {
      agent: agents[ti],
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'LineBotWebhook/2.0',
        'x-line-signature': signature,
        'content-length': Buffer.byteLength(body),
      },
    },
    (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode));
      res.on('error', () => finish(-1));
    },
  );
  req.on('error', () => finish(-1));
  req.end(body);
}

const interval = 1000 / rate;
const start = performance.now() + 100;
const wallStart = Date.now() + 100;
let next = 0;
await new Promise((resolve) => {
  const tick = () => {
    const now = performance.now();
    while (next < total && start + next * interval <= now) {
      send(next, start + next * interval);
      next++;
    }
    if (next >= total) return resolve();
    setTimeout(tick, Math.max(0, Math.min(1, start + next * interval - performance.now())));
  };
  setTimeout(tick, Math.max(0, start - performance.now()));
});
const sendEnd = performance.now();
const wallEnd = Date.now();
const timedOut = await Promise.race([
  allAnsweredP.then(() => false),
  new Promise((r) => setTimeout(() => r(true), responseTimeoutMs).unref()),
]);
const answersEnd = performance.now();

// Wait for every answered message to show on every stream, while they keep coming.
const ok = [];
for (let i = 0; i < total; i++) if (status[i] >= 200 && status[i] < 300) ok.push(i);
let gaveUp = false;
if (streams.length) {
  const deadline = performance.now() + maxWaitMs;
  lastSeenAt = Math.max(lastSeenAt, performance.now());
  while (streams.some((s) => s.count < ok.length)) {
    const now = performance.now();
    if (now >= deadline || now - lastSeenAt >= graceMs || streams.some((s) => s.ws.closed !== null)) {
      gaveUp = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
const streamsEnd = performance.now();
for (const s of streams) s.ws.close();
for (const a of agents) a.destroy();

// ---- results --------------------------------------------------------------------------------

function pct(values) {
  const v = Float64Array.from(values).sort();
  const at = (p) => (v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] : null);
  const r3 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
  const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  return { n: v.length, p50: r3(at(50)), p90: r3(at(90)), p99: r3(at(99)), p999: r3(at(99.9)), max: r3(at(100)), mean: r3(mean) };
}

const byTarget = targets.map((t) => ({ url: t.href, sent: 0, ok: 0, non2xx: 0, errors: 0, unanswered: 0 }));
for (let i = 0; i < total; i++) {
  const b = byTarget[targetOf[i]];
  b.sent++;
  if (status[i] >= 200 && status[i] < 300) b.ok++;
  else if (status[i] > 0) b.non2xx++;
  else if (status[i] === -1) b.errors++;
  else b.unanswered++;
}
const sum = (k) => byTarget.reduce((a, b) => a + b[k], 0);
const result = {
  offered_rate: rate,
  duration_s: durationS,
  sent: total,
  send_window_s: Math.round((sendEnd - start)) / 1000,
  wall_start_ms: wallStart,
  wall_end_ms: wallEnd,
  achieved_rate: Math.round((total / ((sendEnd - start) / 1000)) * 10) / 10,
  ok: sum('ok'),
  non2xx: sum('non2xx'),
  errors: sum('errors'),
  unanswered: sum('unanswered'),
  answers_timed_out: timedOut,
  answers_after_last_send_ms: Math.round(answersEnd - sendEnd),
  ok_per_s: Math.round((sum('ok') / ((answersEnd - start) / 1000)) * 10) / 10,
  by_target: byTarget,
  post_ms: pct(ok.map((i) => postMs[i])),
  sched_lag_ms: pct(schedLag),
  streams: streams.map((s) => {
    const lat = [];
    let missing = 0;
    for (const i of ok) {
      if (Number.isNaN(s.seen[i])) missing++;
      else lat.push(s.seen[i] - sentAt[i]);
    }
    return { name: s.name, base: s.base, seen: s.count, missing, duplicates: s.extra, frames: s.frames, closed: s.ws.closed, e2e_ms: pct(lat) };
  }),
  streams_wait_ms: Math.round(streamsEnd - answersEnd),
  streams_gave_up: gaveUp,
};
writeFileSync(values.out, JSON.stringify(result, null, 1) + '\n');
if (values.messages) {
  const lines = [];
  for (let i = 0; i < total; i++) {
    const cols = [i, targetOf[i], status[i], Number.isNaN(postMs[i]) ? '' : postMs[i].toFixed(3), Number.isNaN(messageId[i]) ? '' : messageId[i]];
    for (const s of streams) cols.push(Number.isNaN(s.seen[i]) ? '' : (s.seen[i] - sentAt[i]).toFixed(3));
    lines.push(cols.join('\t'));
  }
  writeFileSync(values.messages, `seq\ttarget\tstatus\tpost_ms\tmessage_id\t${streams.map((s) => s.name).join('\t')}\n${lines.join('\n')}\n`);
}
const line = [
  `LOAD sent=${total} ok=${result.ok} non2xx=${result.non2xx} errors=${result.errors} unanswered=${result.unanswered}`,
  `achieved=${result.achieved_rate}/s post_p50=${result.post_ms.p50} post_p99=${result.post_ms.p99} lag_p99=${result.sched_lag_ms.p99}`,
  ...result.streams.map((s) => `ws_${s.name}: seen=${s.seen} missing=${s.missing} p50=${s.e2e_ms.p50} p99=${s.e2e_ms.p99}`),
].join(' ');
console.log(line);
process.exit(0);
