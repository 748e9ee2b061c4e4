// The phone page, the rest of the control API, and the command line.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { startTestEmulator, control } from '../testing/harness.mjs';
import { userIdForIndex } from '../lib/ids.mjs';

const SERVER = fileURLToPath(new URL('../server.mjs', import.meta.url));

test('GET / serves the self-contained phone page with the automation hooks', async (t) => {
  const emu = await startTestEmulator();
  t.after(() => emu.close());
  const res = await fetch(`${emu.url}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const html = await res.text();
  for (const id of ['user-picker', 'follow-button', 'unfollow-button', 'message-input', 'send-button', 'chat-timeline', 'bubble', 'webhook-error']) {
    assert.ok(html.includes(`data-testid="${id}"`) || html.includes(`'data-testid': '${id}'`), `missing data-testid ${id}`);
  }
  for (const attr of ["'data-from'", "'data-sender'"]) assert.ok(html.includes(attr), `bubbles need ${attr}`);
  for (const word of ['友だち追加', 'ブロック', '送信']) assert.ok(html.includes(word), word);
  assert.match(html, /<html lang="ja">/);
  assert.doesNotMatch(html, /(src|href)=["']https?:/, 'no external resources');
  assert.doesNotMatch(html, /@import|url\(\s*["']?https?:/, 'no external CSS');
});

test('users: presets with stable IDs, creation, picture', async (t) => {
  const emu = await startTestEmulator({ users: 5 });
  t.after(() => emu.close());
  const { users } = await control(emu, 'GET', '/users');
  assert.equal(users.length, 5);
  assert.deepEqual(users.slice(0, 4).map((u) => u.displayName), ['はると', 'さくら', '保護者・田中', 'ゆい']);
  users.forEach((u, i) => {
    assert.equal(u.userId, userIdForIndex(i));
    assert.equal(u.following, false);
    assert.equal(u.blocked, false);
  });
  const created = await control(emu, 'POST', '/users', { displayName: 'あおい' }, { expect: 201 });
  assert.equal(created.user.displayName, 'あおい');
  assert.equal(created.user.userId, userIdForIndex(5));
  await control(emu, 'POST', '/users', { displayName: '' }, { expect: 400 });
  const pic = await fetch(`${emu.url}/_emulator/users/${created.user.userId}/picture`);
  assert.equal(pic.status, 200);
  assert.match(pic.headers.get('content-type'), /svg/);
  assert.equal((await control(emu, 'GET', '/healthz')).ok, true);
});

test('config shows settings with the secret masked and rejects bad values', async (t) => {
  const emu = await startTestEmulator({ channelSecret: 'super-secret-value-123456', botName: 'テスト相談' });
  t.after(() => emu.close());
  const config = await control(emu, 'GET', '/config');
  assert.equal(config.botName, 'テスト相談');
  assert.equal(config.replyTokenTtlMs, 60000);
  assert.ok(!JSON.stringify(config).includes('super-secret-value-123456'));
  await control(emu, 'POST', '/config', { webhookUrl: 'ftp://x' }, { expect: 400 });
  await control(emu, 'POST', '/config', { replyTokenTtlMs: -1 }, { expect: 400 });
  await control(emu, 'POST', '/config', { colour: 'blue' }, { expect: 400 });
  const updated = await control(emu, 'POST', '/config', { webhookUrl: 'http://127.0.0.1:1/cb', botName: '新しい名前' });
  assert.equal(updated.webhookUrl, 'http://127.0.0.1:1/cb');
  assert.equal(updated.botName, '新しい名前');
  assert.equal((await control(emu, 'POST', '/config', { webhookUrl: null })).webhookConfigured, false);
});

test('reset clears conversations and friend state but keeps users and config', async (t) => {
  const emu = await startTestEmulator();
  t.after(() => emu.close());
  const { users } = await control(emu, 'GET', '/users');
  await control(emu, 'POST', `/users/${users[0].userId}/follow`);
  await control(emu, 'POST', `/users/${users[0].userId}/messages`, { text: 'x' });
  await control(emu, 'POST', '/reset');
  const after = await control(emu, 'GET', `/users/${users[0].userId}/chat`);
  assert.equal(after.messages.length, 0);
  assert.equal(after.user.following, false);
});

test('CLI: prints the listening line, writes the port file, exits cleanly on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'line-emulator-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const portFile = join(dir, 'port');
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--port-file', portFile, '--bot-name', 'CLI相談', '--users', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.exitCode === null && child.kill('SIGKILL'));
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  const match = /^line-emulator listening on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(out);
  assert.ok(match, `unexpected stdout: ${JSON.stringify(out)}`);
  const port = Number(match[1]);
  assert.ok(port > 0);
  assert.equal(readFileSync(portFile, 'utf8').trim(), String(port));

  const config = await (await fetch(`http://127.0.0.1:${port}/_emulator/config`)).json();
  assert.equal(config.botName, 'CLI相談');
  assert.equal(config.webhookConfigured, false);
  const { users } = await (await fetch(`http://127.0.0.1:${port}/_emulator/users`)).json();
  assert.equal(users.length, 2);

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.equal(out.trim().split('\n').length, 1, 'exactly one line on stdout');
});

test('CLI: unknown options fail with usage', async () => {
  const child = spawn(process.execPath, [SERVER, '--nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(err, /unknown option: --nope/);
});
