#!/usr/bin/env node
// Writes COUNT distinct signed LINE webhook bodies for bench/webhook/run, one per line:
//   <x-line-signature>\t<body>\n
// Each body is one text-message event shaped like LINE's (webhook.yml): a unique ULID
// webhookEventId, a unique message id and reply token, and a userId drawn from USERS users.
// The signature is Base64(HMAC-SHA256(secret, body)); wrk's Lua cannot compute it, hence the file.
// Deterministic for the same arguments (seeded PRNG), so a file can be reused between runs.
//
//   node bench/webhook/gen-bodies.mjs --count 200000 --users 5000 --secret S --out FILE \
//     [--seed N] [--offset FIRST_INDEX]
import { createHmac, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    users: { type: 'string', default: '5000' },
    secret: { type: 'string', default: 'bench-channel-secret-0123456789ab' },
    out: { type: 'string' },
    seed: { type: 'string', default: '20181201' },
    // Index of the first body: files made with disjoint ranges share no ids.
    offset: { type: 'string', default: '0' },
  },
});
const count = Number(values.count);
const users = Number(values.users);
const offset = Number(values.offset);
if (!values.out || !(count > 0) || !(users > 0)) {
  console.error('usage: gen-bodies.mjs --count N --users U --secret S --out FILE');
  process.exit(2);
}

// mulberry32: small, fast, seeded.
let state = Number(values.seed) >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
};
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

// LINE userIds: U + 32 hex, fixed per user index.
const userIds = Array.from(
  { length: users },
  (_, k) => 'U' + createHash('md5').update(`bench-user-${k}`).digest('hex'),
);
const destination = 'U' + createHash('md5').update('bench-bot').digest('hex');

// What children and parents write to a counseling account (3 bytes per character in UTF-8).
const texts = [
  '最近学校に行くのがつらくて、朝になるとお腹が痛くなります。親には言えていません。',
  'クラスで無視されている気がします。先生に相談した方がいいのか分からなくて、ずっと一人で考えています。',
  'こんばんは。話を聞いてもらえますか',
  '部活の先輩に強く言われて、もうやめたいです。でもやめたら親にがっかりされそうで怖い',
  '子どもが二週間ほど学校を休んでいます。どう声をかければいいのか分からず、相談させてください。',
  '夜になると不安で眠れません。スマホを見てしまってまた眠れなくなります😢',
  'ありがとうございます。少し気持ちが楽になりました。また相談してもいいですか？',
  '家に帰りたくない日があります。家の人とけんかばかりしていて、どこにも居場所がないです。',
  '友だちとのLINEグループで悪口を書かれていました。スクショは残してあります',
  '進路のことで親と意見が合いません。自分のやりたいことを話しても聞いてもらえない',
];

const out = createWriteStream(values.out);
const baseMs = Date.UTC(2026, 0, 10, 9, 0, 0);
let bytes = 0;
for (let i = offset; i < offset + count; i++) {
  const ts = baseMs + i * 7;  // about 140 events a second of LINE time; only ordering matters
  // ULID: 10 characters of time, 16 of "randomness" that starts with the index: unique.
  const ulid = crockford(ts, 10) + crockford(i, 6) + crockford(Math.floor(rand() * 2 ** 50), 10);
  const user = userIds[Math.floor(rand() * users)];
  const text = texts[Math.floor(rand() * texts.length)];
  const body = JSON.stringify({
    destination,
    events: [
      {
        type: 'message',
        message: {
          type: 'text',
          id: '5346218695' + String(i).padStart(8, '0'),
          quoteToken: token(100),
          text,
        },
        webhookEventId: ulid,
        deliveryContext: { isRedelivery: false },
        timestamp: ts,
        source: { type: 'user', userId: user },
        replyToken: hex(32),
        mode: 'active',
      },
    ],
  });
  const signature = createHmac('sha256', values.secret).update(body).digest('base64');
  const line = `${signature}\t${body}\n`;
  bytes += Buffer.byteLength(body);
  if (!out.write(line)) await new Promise((r) => out.once('drain', r));
}
await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
console.error(`gen-bodies: ${count} bodies, ${users} users, mean body ${Math.round(bytes / count)} bytes -> ${values.out}`);
