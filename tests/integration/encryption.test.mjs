// Encryption at rest (docs/adr/0005-encryption-at-rest.md), from outside: what people write
// and the wrap-up summary never appear in the SQLite files (the database, its WAL and its
// shared-memory file), nor in /metrics or the server's logs; `tsunagu keys rotate` moves every
// value to a new key while the server runs, after which the old key can go; and the server
// does not start without a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackFor, waitFor, waitDelivery, runBin, configText, writeDataKey } from './lib/harness.mjs';

// Distinctive, so that a hit cannot be anything else.
const FROM_PERSON = ['ZQXひみつの相談その一：家に帰りたくない', 'ZQXひみつの相談その二：学校で無視されている'];
const FROM_COUNSELOR = 'ZQXおへんじ：話してくれてありがとう';
const SUMMARY = 'ZQX要約：家庭と学校の悩み。次回も継続。';
const LATER = 'ZQXあとから：新しい鍵のあとのメッセージ';

/** The byte offsets of text (UTF-8) in each SQLite file of the stack that exists. */
function scanSqliteFiles(stack, texts) {
  const found = [];
  const scanned = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const path = join(stack.dir, `t.db${suffix}`);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    scanned.push(`${path} (${bytes.length} bytes)`);
    for (const text of texts) {
      for (const needle of [text, text.slice(0, 8)]) {
        const at = bytes.indexOf(Buffer.from(needle, 'utf8'));
        if (at >= 0) found.push(`${JSON.stringify(needle)} in ${path} at ${at}`);
      }
    }
  }
  return { found, scanned };
}

function serverLogs(stack) {
  let all = '';
  for (let run = 1; run <= stack.runs; run++) {
    for (const kind of ['stdout', 'stderr']) {
      const p = join(stack.dir, `server-${run}.${kind}.log`);
      if (existsSync(p)) all += readFileSync(p, 'utf8');
    }
  }
  return all;
}

async function allTexts(client, id) {
  return (await client.messages(id)).messages.map((m) => m.text);
}

test('message texts and the summary are not in the SQLite files; keys rotate while serving', async (t) => {
  const stack = await stackFor(t, { staff: ['counselor1', 'supervisor1'], log: { level: 'debug' } });
  const counselor = await stack.login('counselor1');
  const user = await stack.emu.userId(0);
  for (const text of FROM_PERSON) assert.equal((await stack.emu.send(user, text)).webhookStatus, 200);
  const waiting = await waitFor(
    async () => {
      const [c] = await counselor.conversations('waiting');
      return c && (await allTexts(counselor, c.id)).length === 2 ? c : null;
    },
    5000,
    { what: 'both messages in the waiting conversation' },
  );
  const id = waiting.id;
  assert.deepEqual(await allTexts(counselor, id), FROM_PERSON);
  assert.equal((await counselor.take(id)).status, 200);
  const reply = await counselor.reply(id, FROM_COUNSELOR);
  assert.equal(reply.status, 201, reply.text);
  await waitDelivery(counselor, id, reply.json.message.id, 'delivered');
  // The person's phone got the reply: the outbox opened the sealed text to send it.
  assert.ok((await stack.emu.inboxTexts(user)).includes(FROM_COUNSELOR));
  const closed = await counselor.close(id, { topics: ['family'], risk_level: 1, outcome: 'continue', summary: SUMMARY });
  assert.equal(closed.status, 200, closed.text);

  // Neither /metrics nor the logs (at debug) carry any of it.
  const metrics = await stack.http('GET', '/metrics');
  assert.equal(metrics.status, 200);
  const secrets = [...FROM_PERSON, FROM_COUNSELOR, SUMMARY];
  for (const text of secrets) {
    assert.ok(!metrics.text.includes(text.slice(0, 8)), `metrics carry ${text}`);
    assert.ok(!serverLogs(stack).includes(text.slice(0, 8)), `logs carry ${text}`);
  }

  // Killed, so that the WAL is left as it is, not checkpointed away.
  await stack.stopServer({ kill9: true });
  const scan = scanSqliteFiles(stack, secrets);
  assert.ok(scan.scanned.some((s) => s.includes('t.db-wal')), `no WAL to scan: ${scan.scanned.join(', ')}`);
  assert.deepEqual(scan.found, [], `plaintext in ${scan.scanned.join(', ')}`);

  // Rotation, as docs/operations.md says: the new key first (it seals), the old one still
  // there (it opens); then `keys rotate` while the server runs; then the old key goes.
  const [oldKey] = stack.options.dataKeys;
  const newKey = writeDataKey(stack.dir, 'it2');
  await stack.restart({ config: { dataKeys: [newKey, oldKey] } });
  const again = await stack.login('counselor1');
  assert.deepEqual(await allTexts(again, id), [...FROM_PERSON, FROM_COUNSELOR]);
  assert.equal((await stack.emu.send(user, LATER)).webhookStatus, 200);

  const rotated = await runBin(['keys', 'rotate', '--config', stack.configPath, '--batch', '1']);
  assert.equal(rotated.code, 0, rotated.stderr + rotated.stdout);
  assert.match(rotated.stdout, /^messages\.text: \d+\/\d+ \(rotated \d+\)$/m);
  assert.match(rotated.stdout, /^wrap_ups\.summary: 1\/1 \(rotated 1\)$/m);
  assert.match(rotated.stderr, /messages\.text +\d+\/\d+/, 'progress goes to stderr');
  // Nothing left on the old key: a second run rotates nothing.
  const second = await runBin(['keys', 'rotate', '--config', stack.configPath]);
  assert.equal(second.code, 0, second.stderr);
  for (const line of second.stdout.split('\n').filter((l) => l.includes('rotated'))) {
    assert.match(line, /\(rotated 0\)$/, line);
  }

  // Without the old key, the console still reads everything.
  await stack.restart({ config: { dataKeys: [newKey] } });
  const last = await stack.login('supervisor1');
  const conversations = await last.conversations('all');
  const texts = [];
  for (const c of conversations) texts.push(...(await allTexts(last, c.id)));
  for (const text of [...FROM_PERSON, FROM_COUNSELOR, LATER]) assert.ok(texts.includes(text), `${text} unreadable: ${texts}`);
  const wrapUp = await last.get(`/api/v1/conversations/${id}/wrap-up`);
  assert.equal(wrapUp.status, 200, wrapUp.text);
  assert.equal(wrapUp.json.wrap_up.summary, SUMMARY);
});

test('the server refuses to start without a data key and says how to make one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-nokey-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'tsunagu.toml');
  writeFileSync(configPath, configText({ dir, emulatorUrl: 'http://127.0.0.1:9', dataKeys: [] }));
  const res = await runBin(['serve', '--config', configPath]);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /tsunagu keys generate/);
  assert.match(res.stderr, /chmod 600/);
  assert.match(res.stderr, /鍵がありません/);
  assert.ok(!existsSync(join(dir, 't.db')), 'nothing was created');

  // A malformed key file is named, with the same advice.
  writeFileSync(join(dir, 'bad.key'), 'not a key\n');
  writeFileSync(configPath, configText({ dir, emulatorUrl: 'http://127.0.0.1:9', dataKeys: [`k1:${join(dir, 'bad.key')}`] }));
  const bad = await runBin(['serve', '--config', configPath]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /bad\.key/);
  assert.match(bad.stderr, /tsunagu keys generate/);

  // `keys generate` prints a key that works.
  const generated = await runBin(['keys', 'generate']);
  assert.equal(generated.code, 0, generated.stderr);
  assert.equal(Buffer.from(generated.stdout.trim(), 'base64').length, 32);
});
